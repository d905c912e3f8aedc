//! Taking another account's phone or e-mail is a 409.

use serde_json::json;

use super::register;
use crate::helpers::requests::{assert_problem, registration};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_someone_elses_phone_is_409_and_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    let _owner = register(&app, "Owner", "owner@test.kz", Some("+7 701 123 45 67")).await;
    let me = register(&app, "Айгерим", "aigerim@test.kz", Some("87021234567")).await;
    let before = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(before.json["phone"], json!("+77021234567"));

    // Act
    let reply = app
        .patch(
            "/api/v1/me",
            &json!({"name": "Renamed", "email": "fresh@test.kz", "phone": "8 (701) 123-45-67"}),
            Some(&me.token),
        )
        .await;

    // Assert
    assert_problem(&reply, 409, "account.phone_taken");
    let after = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(after.json, before.json, "nothing changed");
    assert_eq!(app.count_events("ProfileUpdated").await, 0);
    let fresh = app
        .register(&registration("Other", "fresh@test.kz", None))
        .await;
    assert_eq!(
        fresh.status, 201,
        "the e-mail claimed during the failed change was released: {:?}",
        fresh.json
    );
    let owner_login = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": "87011234567", "password": "password123"}),
            None,
        )
        .await;
    assert_eq!(owner_login.json["account"]["email"], json!("owner@test.kz"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_someone_elses_email_is_409() {
    // Arrange
    let app = spawn_app().await;
    let _owner = register(&app, "Owner", "owner@test.kz", None).await;
    let me = register(&app, "Айгерим", "aigerim@test.kz", None).await;

    // Act
    let reply = app
        .patch(
            "/api/v1/me",
            &json!({"email": "OWNER@test.kz"}),
            Some(&me.token),
        )
        .await;

    // Assert
    assert_problem(&reply, 409, "account.email_taken");
    let after = app.get("/api/v1/me", Some(&me.token)).await;
    assert_eq!(after.json["email"], json!("aigerim@test.kz"));
}
