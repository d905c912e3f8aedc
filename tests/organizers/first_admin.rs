//! The idempotent operator command that creates or promotes the first admin.

use birqadam_domain::values::{Email, Password, PersonName};
use serde_json::json;

use super::PENDING;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_the_same_admin_twice_keeps_one_account() {
    // Arrange
    let app = spawn_app().await;
    let create = || {
        app.commands.ensure_admin(
            Email::parse("Root@BirQadam.kz").expect("e-mail"),
            Password::parse("password123").expect("password"),
            PersonName::parse("Root").expect("name"),
        )
    };

    // Act
    let (first, created_first) = create().await.expect("the first call works");
    let (second, created_second) = create().await.expect("the second call works");

    // Assert
    assert_eq!(first, second, "one account");
    assert!(created_first);
    assert!(!created_second);
    assert_eq!(app.count_events("AccountRegistered").await, 1);
    let admin = app.login("root@birqadam.kz", "password123").await;
    assert!(
        admin.account["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("admin")),
        "{:?}",
        admin.account
    );
    let list = app.get(PENDING, Some(&admin.token)).await;
    assert_eq!(list.status, 200, "the admin may use admin endpoints");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ensure_admin_promotes_an_existing_volunteer() {
    // Arrange
    let app = spawn_app().await;
    let reply = app
        .register(&crate::helpers::requests::registration(
            "Айгерим",
            "aigerim@test.kz",
            None,
        ))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);

    // Act
    let (id, created) = app
        .commands
        .ensure_admin(
            Email::parse("aigerim@test.kz").expect("e-mail"),
            Password::parse("another-password").expect("password"),
            PersonName::parse("Admin").expect("name"),
        )
        .await
        .expect("promotion works");

    // Assert
    assert!(!created);
    assert_eq!(json!(id.to_string()), reply.json["account"]["id"]);
    assert_eq!(app.count_events("AccountRegistered").await, 1);
    let session = app.login("aigerim@test.kz", "password123").await;
    assert!(
        session.account["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("admin"))
    );
}
