//! Changing a phone or e-mail frees the old one for others.

use serde_json::json;

use super::register;
use crate::helpers::requests::registration;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_email_frees_the_old_one() {
    // Arrange
    let app = spawn_app().await;
    let me = register(&app, "Айгерим", "old@test.kz", None).await;

    // Act
    let patched = app
        .patch(
            "/api/v1/me",
            &json!({"email": "New@Test.kz"}),
            Some(&me.token),
        )
        .await;
    let newcomer = app
        .register(&registration("Newcomer", "old@test.kz", None))
        .await;

    // Assert
    assert_eq!(patched.status, 200, "{:?}", patched.json);
    assert_eq!(patched.json["email"], json!("new@test.kz"));
    assert_eq!(newcomer.status, 201, "{:?}", newcomer.json);
    assert_ne!(newcomer.json["account"]["id"], json!(me.id));
    let by_new = app.login("new@test.kz", "password123").await;
    assert_eq!(by_new.id, me.id);
    let by_old = app.login("old@test.kz", "password123").await;
    assert_eq!(by_old.account["name"], json!("Newcomer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_phone_frees_the_old_one() {
    // Arrange
    let app = spawn_app().await;
    let me = register(&app, "Айгерим", "aigerim@test.kz", Some("87011234567")).await;

    // Act
    let patched = app
        .patch(
            "/api/v1/me",
            &json!({"phone": "7021234567"}),
            Some(&me.token),
        )
        .await;
    let newcomer = app
        .register(&registration(
            "Newcomer",
            "new@test.kz",
            Some("+77011234567"),
        ))
        .await;

    // Assert
    assert_eq!(patched.status, 200, "{:?}", patched.json);
    assert_eq!(patched.json["phone"], json!("+77021234567"));
    assert_eq!(newcomer.status, 201, "{:?}", newcomer.json);
}
