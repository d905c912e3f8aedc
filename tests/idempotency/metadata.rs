//! Event metadata: idempotency key, request id, channel and actor.

use std::collections::HashMap;

use super::{application, metadata_of};
use crate::helpers::requests::registration;
use crate::helpers::spawn_app;

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
