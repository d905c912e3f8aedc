//! Login by any phone spelling, and one 401 for a wrong password or an unknown login.

use serde_json::json;

use crate::helpers::requests::{assert_problem, registration};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_logs_in_with_their_phone_spelled_differently() {
    // Arrange
    let app = spawn_app().await;
    let reply = app
        .register(&registration(
            "Айгерим",
            "aigerim@test.kz",
            Some("+7 701 123 45 67"),
        ))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let id = reply.json["account"]["id"].clone();

    // Act
    let by_phone = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": "8 (701) 123-45-67", "password": "password123"}),
            None,
        )
        .await;
    let by_email = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": "AIGERIM@test.kz", "password": "password123"}),
            None,
        )
        .await;

    // Assert
    assert_eq!(by_phone.status, 200, "{:?}", by_phone.json);
    assert_eq!(by_phone.json["account"]["id"], id);
    assert_eq!(by_phone.json["tokens"]["token_type"], json!("Bearer"));
    assert_eq!(by_email.status, 200, "{:?}", by_email.json);
    assert_eq!(by_email.json["account"]["id"], id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_login_get_the_same_401() {
    // Arrange
    let app = spawn_app().await;
    let reply = app
        .register(&registration(
            "Айгерим",
            "aigerim@test.kz",
            Some("87011234567"),
        ))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let attempts = [
        json!({"login": "aigerim@test.kz", "password": "wrong-password"}),
        json!({"login": "+77011234567", "password": "wrong-password"}),
        json!({"login": "nobody@test.kz", "password": "password123"}),
        json!({"login": "+7 777 000 00 00", "password": "password123"}),
        json!({"login": "not a login", "password": "password123"}),
    ];

    for body in attempts {
        // Act
        let reply = app.post("/api/v1/auth/login", &body, None).await;

        // Assert
        assert_problem(&reply, 401, "auth.invalid_credentials");
    }
}
