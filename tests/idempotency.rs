//! `Idempotency-Key`: a repeated POST replays the first answer byte for byte and appends nothing;
//! the key is recorded in the metadata of the events it produced.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::helpers::requests::{assert_problem, registration};
use crate::helpers::{TestApp, spawn_app};

const REPLAYED: &str = "idempotent-replayed";

/// The metadata of every event of `event_type`, oldest first.
async fn metadata_of(app: &TestApp, event_type: &str) -> Vec<HashMap<String, String>> {
    let rows: Vec<Value> = sqlx::query_scalar(
        "select metadata from events where event_type = $1 order by global_position",
    )
    .bind(event_type)
    .fetch_all(&app.pool)
    .await
    .expect("reading metadata");
    rows.into_iter()
        .map(|m| serde_json::from_value(m).expect("metadata is a map of strings"))
        .collect()
}

fn application() -> Value {
    json!({"organization_name": "Таза Алматы", "description": "Clean-ups", "city": "Almaty"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_registration_replays_the_first_response_and_appends_nothing() {
    // Arrange
    let app = spawn_app().await;
    let body = registration("Айгерим", "aigerim@test.kz", Some("87011234567"));
    let key = [("idempotency-key", "register-aigerim-1")];
    let first = app
        .post_with_headers("/api/v1/auth/register", &body, None, &key)
        .await;
    assert_eq!(first.status, 201, "{:?}", first.json);
    let events_after_first = app.total_events().await;

    // Act
    let second = app
        .post_with_headers("/api/v1/auth/register", &body, None, &key)
        .await;

    // Assert
    assert_eq!(second.status, 201, "{:?}", second.json);
    assert_eq!(
        second.bytes, first.bytes,
        "the body is replayed byte for byte"
    );
    assert_eq!(
        second.headers.get(REPLAYED).and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert!(
        first.headers.get(REPLAYED).is_none(),
        "the first answer is not a replay"
    );
    assert_eq!(app.count_events("AccountRegistered").await, 1);
    assert_eq!(app.total_events().await, events_after_first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_organizer_application_replays_and_appends_one_event() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let key = [("idempotency-key", "apply-1")];
    let first = app
        .post_with_headers(
            "/api/v1/organizer-application",
            &application(),
            Some(&me.token),
            &key,
        )
        .await;
    assert_eq!(first.status, 202, "{:?}", first.json);

    // Act
    let second = app
        .post_with_headers(
            "/api/v1/organizer-application",
            &application(),
            Some(&me.token),
            &key,
        )
        .await;

    // Assert
    assert_eq!(second.status, 202, "{:?}", second.json);
    assert_eq!(second.bytes, first.bytes);
    assert_eq!(
        second.headers.get(REPLAYED).and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(app.count_events("OrganizerApplicationSubmitted").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_key_with_another_body_is_409_key_reused() {
    // Arrange
    let app = spawn_app().await;
    let key = [("idempotency-key", "register-1")];
    let first = app
        .post_with_headers(
            "/api/v1/auth/register",
            &registration("A", "a@test.kz", None),
            None,
            &key,
        )
        .await;
    assert_eq!(first.status, 201, "{:?}", first.json);
    let before = app.total_events().await;

    // Act
    let other = app
        .post_with_headers(
            "/api/v1/auth/register",
            &registration("B", "b@test.kz", None),
            None,
            &key,
        )
        .await;

    // Assert
    assert_problem(&other, 409, "idempotency.key_reused");
    assert_eq!(app.total_events().await, before, "nothing appended");
    assert_eq!(app.count_events("AccountRegistered").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_callers_may_use_the_same_key_independently() {
    // Arrange
    let app = spawn_app().await;
    let first = app.volunteer("Айгерим").await;
    let second = app.volunteer("Ерлан").await;
    let key = [("idempotency-key", "apply")];

    // Act
    let a = app
        .post_with_headers(
            "/api/v1/organizer-application",
            &application(),
            Some(&first.token),
            &key,
        )
        .await;
    let b = app
        .post_with_headers(
            "/api/v1/organizer-application",
            &application(),
            Some(&second.token),
            &key,
        )
        .await;

    // Assert
    assert_eq!(a.status, 202, "{:?}", a.json);
    assert_eq!(b.status, 202, "{:?}", b.json);
    assert!(
        b.headers.get(REPLAYED).is_none(),
        "not another caller's replay"
    );
    assert_eq!(app.count_events("OrganizerApplicationSubmitted").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_carry_the_idempotency_key_request_id_channel_and_actor() {
    // Arrange
    let app = spawn_app().await;
    let body = registration("Айгерим", "aigerim@test.kz", None);
    let instant: chrono::DateTime<chrono::Utc> =
        "2026-05-01T09:30:00Z".parse().expect("an instant");
    app.clock.set(instant);

    // Act
    let registered = app
        .post_with_headers(
            "/api/v1/auth/register",
            &body,
            None,
            &[
                ("idempotency-key", "register-key"),
                ("x-request-id", "req-register"),
            ],
        )
        .await;
    assert_eq!(registered.status, 201, "{:?}", registered.json);
    let token = registered.json["tokens"]["access_token"]
        .as_str()
        .expect("access token");
    let id = registered.json["account"]["id"]
        .as_str()
        .expect("account id");
    let applied = app
        .post_with_headers(
            "/api/v1/organizer-application",
            &application(),
            Some(token),
            &[
                ("idempotency-key", "apply-key"),
                ("x-request-id", "req-apply"),
            ],
        )
        .await;
    assert_eq!(applied.status, 202, "{:?}", applied.json);

    // Assert
    let expected = [
        ("channel", "api"),
        ("actor_id", id),
        ("actor_role", "volunteer"),
    ];
    let check = |metadata: &HashMap<String, String>, key: &str, request: &str| {
        assert_eq!(
            metadata.get("idempotency_key").map(String::as_str),
            Some(key)
        );
        assert_eq!(
            metadata.get("request_id").map(String::as_str),
            Some(request)
        );
        for (name, value) in expected {
            assert_eq!(
                metadata.get(name).map(String::as_str),
                Some(value),
                "{name}"
            );
        }
    };
    let registered = metadata_of(&app, "AccountRegistered").await;
    assert_eq!(registered.len(), 1);
    check(&registered[0], "register-key", "req-register");
    let submitted = metadata_of(&app, "OrganizerApplicationSubmitted").await;
    assert_eq!(submitted.len(), 1);
    check(&submitted[0], "apply-key", "req-apply");
    let claims = metadata_of(&app, "IdentityClaimed").await;
    assert_eq!(claims.len(), 1, "the e-mail claim");
    check(&claims[0], "register-key", "req-register");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_id_is_generated_when_the_client_sends_none() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = app
        .register(&registration("Айгерим", "aigerim@test.kz", None))
        .await;

    // Assert
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let echoed = reply
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id is echoed")
        .to_owned();
    let metadata = metadata_of(&app, "AccountRegistered").await;
    assert_eq!(metadata.len(), 1);
    assert_eq!(metadata[0].get("request_id"), Some(&echoed));
    assert!(!echoed.is_empty());
    assert!(
        !metadata[0].contains_key("idempotency_key"),
        "no key, no metadata entry"
    );
}
