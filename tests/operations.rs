//! Operational endpoints, the 404 fallback, rate limits and localised problem titles.

use std::time::Duration;

use birqadam::app::Workers;
use reqwest::Method;
use reqwest::header::{CONTENT_LANGUAGE, CONTENT_TYPE, RETRY_AFTER};
use serde_json::json;

use crate::helpers::app::Reply;
use crate::helpers::requests::assert_problem;
use crate::helpers::{spawn_app, spawn_app_with};

fn content_type(reply: &Reply) -> &str {
    reply
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn liveness_answers_ok() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = app.get("/health/live", None).await;

    // Assert
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json, json!({"status": "ok"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_answers_ok_once_the_projections_caught_up() {
    // Arrange
    let app = spawn_app().await;
    let _someone = app.volunteer("Айгерим").await;

    // Act: the projectors start with the app; give them a bounded moment
    let mut reply = app.get("/health/ready", None).await;
    for _ in 0..50 {
        if reply.status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        reply = app.get("/health/ready", None).await;
    }

    // Assert
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["status"], json!("ok"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_http_requests() {
    // Arrange
    let app = spawn_app().await;
    let _ = app.get("/health/live", None).await;

    // Act
    let reply = app.get("/metrics", None).await;

    // Assert
    assert_eq!(reply.status, 200);
    let text = String::from_utf8_lossy(&reply.bytes);
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains(r#"route="/health/live""#), "{text}");
}

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
async fn an_unknown_path_is_a_404_problem() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let api = app.get("/api/v1/no-such-thing", None).await;
    let root = app.get("/no-such-thing", None).await;

    // Assert
    assert_problem(&api, 404, "not_found");
    assert_problem(&root, 404, "not_found");
    assert_eq!(api.json["title"], json!("Не найдено"), "Russian by default");
    assert!(api.json["type"].as_str().is_some());
    assert!(api.json["detail"].as_str().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn problem_titles_follow_accept_language() {
    // Arrange
    let app = spawn_app().await;
    let app = &app;
    let ask = |language: &'static str| async move {
        app.send_raw(
            Method::GET,
            "/api/v1/no-such-thing",
            &[("accept-language", language)],
            None,
        )
        .await
    };

    // Act
    let kk = ask("kk").await;
    let en = ask("en-US,en;q=0.9").await;
    let unknown = ask("de").await;

    // Assert
    assert_problem(&kk, 404, "not_found");
    assert_eq!(kk.json["title"], json!("Табылмады"));
    assert_eq!(
        kk.headers
            .get(CONTENT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        Some("kk")
    );
    assert_eq!(en.json["title"], json!("Not found"));
    assert_eq!(unknown.json["title"], json!("Не найдено"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn field_error_messages_follow_accept_language() {
    // Arrange
    let app = spawn_app().await;
    let body = serde_json::to_vec(&json!({"name": "A", "email": "a@test.kz", "password": "short"}))
        .expect("JSON");
    let app = &app;
    let send = |language: &'static str| {
        let body = body.clone();
        async move {
            app.send_raw(
                Method::POST,
                "/api/v1/auth/register",
                &[
                    ("content-type", "application/json"),
                    ("accept-language", language),
                ],
                Some(body),
            )
            .await
        }
    };

    // Act
    let kk = send("kk").await;
    let en = send("en").await;

    // Assert
    assert_problem(&kk, 422, "validation.failed");
    assert_problem(&en, 422, "validation.failed");
    assert_eq!(kk.json["title"], json!("Деректерді тексеру қатесі"));
    let kk_message = &kk.json["errors"][0]["message"];
    let en_message = &en.json["errors"][0]["message"];
    assert!(kk_message.as_str().is_some_and(|m| !m.is_empty()));
    assert_ne!(kk_message, en_message, "the message is translated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_logins_from_one_address_are_rate_limited() {
    // Arrange
    let app = spawn_app_with(|s| s.rate_limits = true, Workers::ALL).await;
    let body = json!({"login": "nobody@test.kz", "password": "password123"});

    // Act
    let mut replies = Vec::new();
    for _ in 0..12 {
        replies.push(app.post("/api/v1/auth/login", &body, None).await);
    }

    // Assert
    for early in &replies[..5] {
        assert_problem(early, 401, "auth.invalid_credentials");
    }
    let limited = replies
        .iter()
        .find(|r| r.status == 429)
        .expect("a 429 within 12 attempts");
    assert_problem(limited, 429, "rate_limited");
    let retry_after: u64 = limited
        .headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a numeric Retry-After");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_off_in_the_default_test_settings() {
    // Arrange
    let app = spawn_app().await;
    let body = json!({"login": "nobody@test.kz", "password": "password123"});

    // Act
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(app.post("/api/v1/auth/login", &body, None).await.status);
    }

    // Assert
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_method_is_a_405_problem() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = app.get("/api/v1/auth/register", None).await;

    // Assert
    assert_problem(&reply, 405, "method_not_allowed");
}
