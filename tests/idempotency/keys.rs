//! Idempotency keys: reuse with another body, and independence between callers.

use super::{REPLAYED, application};
use crate::helpers::requests::{assert_problem, registration};
use crate::helpers::spawn_app;

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
