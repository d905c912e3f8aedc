//! A repeated request replays the first response and appends nothing new.

use super::{REPLAYED, application};
use crate::helpers::requests::registration;
use crate::helpers::spawn_app;

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
