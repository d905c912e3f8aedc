//! Admins approve or reject applications; a rejection needs a reason and allows a new application.

use serde_json::json;

use super::{PENDING, apply, decide, ids};
use crate::helpers::requests::assert_field_error;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_applicant_becomes_an_organizer() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(apply(&app, &me, "Таза Алматы").await.status, 202);

    // Act
    let approved = decide(&app, &admin, &me.id, "approve", &json!({})).await;

    // Assert
    assert_eq!(approved.status, 200, "{:?}", approved.json);
    assert_eq!(approved.json["id"], json!(me.id));
    assert_eq!(approved.json["organizer_status"], json!("approved"));
    let roles = approved.json["roles"].as_array().expect("roles");
    assert!(roles.contains(&json!("organizer")), "{roles:?}");
    assert!(roles.contains(&json!("volunteer")), "{roles:?}");
    let own = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(own.json["organizer_status"], json!("approved"));
    let pending = app.get(PENDING, Some(&admin.token)).await;
    assert!(ids(&pending).is_empty(), "no longer pending");
    let approved_list = app
        .get(
            "/api/v1/admin/organizer-applications?status=approved",
            Some(&admin.token),
        )
        .await;
    assert_eq!(ids(&approved_list), vec![me.id.clone()]);
    assert_eq!(app.count_events("OrganizerApproved").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_applicant_may_apply_again() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(apply(&app, &me, "Таза Алматы").await.status, 202);

    // Act
    let rejected = decide(
        &app,
        &admin,
        &me.id,
        "reject",
        &json!({"reason": "Please add a website"}),
    )
    .await;
    let rejected_list = app
        .get(
            "/api/v1/admin/organizer-applications?status=rejected",
            Some(&admin.token),
        )
        .await;
    let again = apply(&app, &me, "Таза Алматы 2").await;

    // Assert
    assert_eq!(rejected.status, 200, "{:?}", rejected.json);
    assert_eq!(rejected.json["organizer_status"], json!("rejected"));
    assert!(
        !rejected.json["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("organizer"))
    );
    assert_eq!(
        rejected_list.json["items"][0]["rejection_reason"],
        json!("Please add a website")
    );
    assert_eq!(again.status, 202, "{:?}", again.json);
    let own = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(own.json["organizer_status"], json!("pending"));
    let pending = app.get(PENDING, Some(&admin.token)).await;
    assert_eq!(ids(&pending), vec![me.id.clone()]);
    assert_eq!(
        pending.json["items"][0]["organization_name"],
        json!("Таза Алматы 2")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_needs_a_reason() {
    // Arrange
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.volunteer("Айгерим").await;
    assert_eq!(apply(&app, &me, "Таза Алматы").await.status, 202);
    let before = app.total_events().await;

    // Act
    let reply = decide(&app, &admin, &me.id, "reject", &json!({"reason": "  "})).await;

    // Assert
    assert_field_error(&reply, "reason", "required");
    assert_eq!(app.total_events().await, before);
}
