//! A registration that was appended is answered as a success, whatever the views are doing.

use std::time::Duration;

use birqadam::app::Workers;
use serde_json::json;

use crate::helpers::requests::registration;
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_is_201_with_its_account_and_tokens_while_the_views_are_stopped() {
    // Arrange: no projector runs, and the read-your-writes wait gives up at once
    let app = spawn_app_with(
        |s| s.read_your_writes_timeout = Duration::from_millis(1),
        Workers {
            projectors: false,
            ..Workers::ALL
        },
    )
    .await;

    // Act
    let reply = app
        .register(&registration(
            "Айгерим",
            "Aigerim@Test.kz",
            Some("8 701 123 45 67"),
        ))
        .await;

    // Assert
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let account = &reply.json["account"];
    let id: String = sqlx::query_scalar(
        "select aggregate_id from events where event_type = 'AccountRegistered'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the one registration event");
    assert_eq!(account["id"], json!(id));
    assert_eq!(account["name"], "Айгерим");
    assert_eq!(account["email"], "aigerim@test.kz");
    assert_eq!(account["phone"], "+77011234567");
    assert_eq!(account["phone_verified"], false);
    assert_eq!(account["roles"], json!(["volunteer"]));
    assert_eq!(account["organizer_status"], "none");
    assert_eq!(
        (account["rating"].clone(), account["level"].clone()),
        (json!(0), json!(1))
    );
    assert_eq!(account["language"], "ru");
    assert_eq!(account["telegram_linked"], false);
    assert!(account["created_at"].is_string(), "{account}");
    let tokens = &reply.json["tokens"];
    assert!(
        tokens["access_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{tokens}"
    );
    assert!(
        tokens["refresh_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{tokens}"
    );
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(app.count_events("AccountRegistered").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_a_registration_answers_is_the_one_the_view_shows_afterwards() {
    // Arrange
    let app = spawn_app().await;
    let reply = app
        .register(&registration(
            "Меруерт",
            "meruert@test.kz",
            Some("+7 702 555 12 34"),
        ))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let token = reply.json["tokens"]["access_token"]
        .as_str()
        .expect("an access token");

    // Act
    let me = app.get("/api/v1/me", Some(token)).await;

    // Assert
    assert_eq!(me.status, 200, "{:?}", me.json);
    assert_eq!(me.json, reply.json["account"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_before_the_views_know_the_account_asks_for_a_retry_instead_of_failing() {
    // Arrange: an account appended while no projector runs
    let app = spawn_app_with(
        |s| s.read_your_writes_timeout = Duration::from_millis(1),
        Workers {
            projectors: false,
            ..Workers::ALL
        },
    )
    .await;
    let registered = app
        .register(&registration("Нурлан", "nurlan@test.kz", None))
        .await;
    assert_eq!(registered.status, 201, "{:?}", registered.json);

    // Act
    let reply = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": "nurlan@test.kz", "password": "password123"}),
            None,
        )
        .await;

    // Assert: a 503 with Retry-After that says the service is catching up, not an opaque 500
    assert_eq!(reply.status, 503, "{:?}", reply.json);
    assert_eq!(reply.code(), "service.not_ready");
    assert_eq!(
        reply
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
}
