//! Telegram link codes.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_telegram_link_code_has_six_digits_and_lives_ten_minutes() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let reply = app
        .post("/api/v1/me/telegram-link-code", &json!({}), Some(&me.token))
        .await;

    // Assert
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let code = reply.json["code"].as_str().expect("a code");
    assert_eq!(code.len(), 6, "{code}");
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
    let expires_at: DateTime<Utc> = reply.json["expires_at"]
        .as_str()
        .expect("expires_at")
        .parse()
        .expect("RFC 3339");
    let ahead = expires_at - Utc::now();
    assert!(
        ahead > chrono::Duration::seconds(570) && ahead <= chrono::Duration::seconds(600),
        "expires in ~10 minutes, got {ahead}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_telegram_link_code_replaces_the_first() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let first = app
        .post("/api/v1/me/telegram-link-code", &json!({}), Some(&me.token))
        .await;
    assert_eq!(first.status, 201, "{:?}", first.json);

    // Act
    let second = app
        .post("/api/v1/me/telegram-link-code", &json!({}), Some(&me.token))
        .await;

    // Assert
    assert_eq!(second.status, 201, "{:?}", second.json);
    let unused: Vec<String> = sqlx::query_scalar(
        "select code from telegram_link_codes where account_id = $1::uuid and used_at is null",
    )
    .bind(&me.id)
    .fetch_all(&app.pool)
    .await
    .expect("reading link codes");
    assert_eq!(
        unused,
        vec![second.json["code"].as_str().expect("code").to_owned()]
    );
}
