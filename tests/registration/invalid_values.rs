//! Well-formed bodies with invalid values are 422 with every field error and append nothing.

use serde_json::{Value, json};

use super::register_json_appends_nothing;
use crate::helpers::requests::{assert_field_error, assert_problem, registration};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_values_are_422_with_field_errors_and_append_nothing() {
    // Arrange
    let app = spawn_app().await;
    let long_name = "Ә".repeat(5_000); // 10 kB of UTF-8
    let mut cases: Vec<(Value, &str, &str)> = vec![
        (
            registration(&long_name, "a@test.kz", None),
            "name",
            "too_long",
        ),
        (registration("   ", "a@test.kz", None), "name", "required"),
        (
            json!({"name": "A", "email": "a@test.kz", "password": "short"}),
            "password",
            "too_short",
        ),
        (
            json!({"name": "A", "email": "a@test.kz", "password": "password123", "language": "fr"}),
            "language",
            "invalid",
        ),
        (
            registration("A", "a@test.kz", Some("abc")),
            "phone",
            "invalid_phone",
        ),
        (
            registration("A", "a@test.kz", Some("+7 701")),
            "phone",
            "invalid_phone",
        ),
    ];
    for email in [
        "not-an-email",
        "a@",
        "@test.kz",
        "a b@test.kz",
        "a@test",
        "a@@test.kz",
    ] {
        cases.push((registration("A", email, None), "email", "invalid_email"));
    }
    cases.push((registration("A", "", None), "email", "required"));

    for (body, field, code) in cases {
        // Act
        let reply = register_json_appends_nothing(&app, &body).await;

        // Assert
        assert_field_error(&reply, field, code);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_field_is_reported_at_once() {
    // Arrange
    let app = spawn_app().await;
    let body =
        json!({"name": "", "email": "nope", "password": "short", "phone": "abc", "language": "fr"});

    // Act
    let reply = register_json_appends_nothing(&app, &body).await;

    // Assert
    assert_problem(&reply, 422, "validation.failed");
    let mut fields: Vec<String> = crate::helpers::requests::field_errors(&reply)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        ["email", "language", "name", "password", "phone"],
        "{:?}",
        reply.json
    );
    assert!(
        reply.json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "each field error carries a message"
    );
}
