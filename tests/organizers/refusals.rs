//! Moderation requests refused: non-admins, unknown accounts, nothing pending, organizers re-applying.

use serde_json::json;

use super::{PENDING, apply, decide};
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_calling_admin_endpoints_is_403() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let other = app.volunteer("Ерлан").await;
    assert_eq!(apply(&app, &other, "Таза Алматы").await.status, 202);
    let before = app.total_events().await;

    // Act
    let list = app.get(PENDING, Some(&me.token)).await;
    let approve = decide(&app, &me, &other.id, "approve", &json!({})).await;
    let reject = decide(&app, &me, &other.id, "reject", &json!({"reason": "no"})).await;
    let grant = app
        .post(
            &format!("/api/v1/admin/accounts/{}/roles", me.id),
            &json!({"add": ["admin"]}),
            Some(&me.token),
        )
        .await;

    // Assert
    for reply in [&list, &approve, &reject, &grant] {
        assert_problem(reply, 403, "forbidden");
    }
    assert_eq!(app.total_events().await, before, "nothing appended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_an_unknown_account_is_404() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let nobody = uuid::Uuid::new_v4().to_string();

    // Act
    let unknown = decide(&app, &admin, &nobody, "approve", &json!({})).await;
    let not_a_uuid = decide(&app, &admin, "not-a-uuid", "approve", &json!({})).await;

    // Assert
    assert_problem(&unknown, 404, "not_found");
    assert_problem(&not_a_uuid, 404, "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_without_a_pending_application_is_409() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let reply = decide(&app, &admin, &me.id, "approve", &json!({})).await;

    // Assert
    assert_problem(&reply, 409, "organizer.no_pending_application");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_organizer_cannot_apply_again() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;

    // Act
    let again = apply(&app, &organizer, "Таза Алматы").await;
    let approve_again = decide(&app, &admin, &organizer.id, "approve", &json!({})).await;

    // Assert
    assert_problem(&again, 409, "organizer.already_approved");
    assert_problem(&approve_again, 409, "organizer.no_pending_application");
    assert_eq!(app.count_events("OrganizerApproved").await, 1);
}
