//! Liveness, readiness and metrics.

use std::time::Duration;

use serde_json::json;

use crate::helpers::spawn_app;

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
