//! Name and language changes, and invalid profile values refused.

use serde_json::json;

use crate::helpers::requests::assert_field_error;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patching_me_changes_name_and_language() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(me.account["language"], json!("ru"));

    // Act
    let patched = app
        .patch(
            "/api/v1/me",
            &json!({"name": "Айгерим Сапарова", "language": "kk"}),
            Some(&me.token),
        )
        .await;
    let read = app.get("/api/v1/me", Some(&me.token)).await;

    // Assert
    assert_eq!(patched.status, 200, "{:?}", patched.json);
    assert_eq!(patched.json["name"], json!("Айгерим Сапарова"));
    assert_eq!(patched.json["language"], json!("kk"));
    assert_eq!(patched.json["email"], me.account["email"], "untouched");
    assert_eq!(read.json, patched.json);
    assert_eq!(app.count_events("ProfileUpdated").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patching_me_with_invalid_values_is_422_and_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let before = app.total_events().await;

    // Act
    let language = app
        .patch("/api/v1/me", &json!({"language": "fr"}), Some(&me.token))
        .await;
    let phone = app
        .patch(
            "/api/v1/me",
            &json!({"name": "New", "phone": "+7 701"}),
            Some(&me.token),
        )
        .await;
    let email = app
        .patch("/api/v1/me", &json!({"email": "nope"}), Some(&me.token))
        .await;

    // Assert
    assert_field_error(&language, "language", "invalid");
    assert_field_error(&phone, "phone", "invalid_phone");
    assert_field_error(&email, "email", "invalid_email");
    assert_eq!(app.total_events().await, before);
    let read = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(read.json["name"], json!("Айгерим"));
}
