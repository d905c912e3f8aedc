//! Login rate limiting, and its default-off test settings.

use birqadam::app::Workers;
use reqwest::header::RETRY_AFTER;
use serde_json::json;

use crate::helpers::requests::assert_problem;
use crate::helpers::{spawn_app, spawn_app_with};

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
