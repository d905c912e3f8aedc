//! The OpenAPI document and the docs page.

use super::content_type;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_is_served_under_api_v1() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = app.get("/api/v1/openapi.json", None).await;

    // Assert
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.bytes)
    );
    assert!(content_type(&reply).starts_with("application/json"));
    assert!(reply.json["openapi"].as_str().is_some(), "{:?}", reply.json);
    let paths = reply.json["paths"].as_object().expect("paths");
    assert!(
        paths.keys().any(|p| p.ends_with("/auth/register")),
        "{:?}",
        paths.keys().collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_page_is_html_and_points_at_the_document() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let page = app.get("/docs/", None).await;
    let initializer = app.get("/docs/swagger-initializer.js", None).await;

    // Assert
    assert_eq!(page.status, 200);
    assert!(content_type(&page).starts_with("text/html"), "{page:?}");
    assert!(String::from_utf8_lossy(&page.bytes).contains("<html"));
    assert_eq!(initializer.status, 200);
    let script = String::from_utf8_lossy(&initializer.bytes);
    assert!(script.contains("\"/api/v1/openapi.json\""), "{script}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_paths_are_served_and_in_the_document() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;

    // Act
    let document = app.get("/api/v1/openapi.json", None).await;
    let events = app.get("/api/v1/audit/events", Some(&admin.token)).await;
    let verify = app.get("/api/v1/audit/verify", Some(&admin.token)).await;
    let key = app.get("/api/v1/audit/key", None).await;

    // Assert
    assert_eq!(events.status, 200, "{:?}", events.json);
    assert_eq!(verify.status, 200, "{:?}", verify.json);
    assert_eq!(key.status, 200);
    let paths = document.json["paths"].as_object().expect("paths");
    let audit: Vec<_> = paths.keys().filter(|p| p.contains("/audit/")).collect();
    assert_eq!(audit.len(), 8, "{audit:?}");
}
