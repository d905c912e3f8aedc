//! Telegram link codes and the Telegram link of an account.

use birqadam_commands::CommandContext;
use birqadam_domain::{Actor, Channel, Role};
use birqadam_projections::Queries;
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

fn bot_context(account: uuid::Uuid) -> CommandContext {
    CommandContext {
        actor: Actor::account(account, [Role::Volunteer]),
        channel: Channel::Bot,
        request_id: None,
        idempotency_key: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_telegram_user_links_one_account_whose_view_knows_the_chat_and_its_reachability() {
    // Arrange
    let app = spawn_app().await;
    let first: uuid::Uuid = app.volunteer("Айгерим").await.id.parse().expect("a uuid");
    let second: uuid::Uuid = app.volunteer("Болат").await.id.parse().expect("a uuid");
    let queries = Queries::new(app.pool.clone());

    // Act
    let ctx = bot_context(first);
    app.commands
        .link_telegram(&ctx, first, 42)
        .await
        .expect("linked");
    app.commands
        .link_telegram(&ctx, first, 42)
        .await
        .expect("the same link again");
    let taken = app
        .commands
        .link_telegram(&bot_context(second), second, 42)
        .await;
    app.commands
        .mark_telegram_unreachable(&ctx, first, "blocked")
        .await
        .expect("marked");
    let unreachable = queries.account_by_telegram(42).await.expect("a read");
    app.commands
        .mark_telegram_reachable(&ctx, first)
        .await
        .expect("marked");

    // Assert
    let err = taken.expect_err("one Telegram user, one account");
    assert_eq!(err.to_string(), "telegram is taken", "{err:?}");
    assert_eq!(app.count_events("TelegramLinked").await, 1);
    assert_eq!(app.count_events("TelegramUnreachable").await, 1);
    let unreachable = unreachable.expect("the linked account");
    assert_eq!((unreachable.id, unreachable.telegram_id), (first, Some(42)));
    assert!(unreachable.telegram_linked && !unreachable.telegram_reachable);
    let row = queries
        .account_by_telegram(42)
        .await
        .expect("a read")
        .expect("linked");
    assert!(row.telegram_reachable);
    let other = queries
        .account(second)
        .await
        .expect("a read")
        .expect("registered");
    assert_eq!((other.telegram_id, other.telegram_linked), (None, false));
}
