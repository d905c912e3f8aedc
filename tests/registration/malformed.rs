//! Bodies that are not the expected JSON are refused before anything reaches the event log.

use serde_json::json;

use super::{register_json_appends_nothing, register_raw_appends_nothing};
use crate::helpers::requests::{assert_field_error, assert_problem, registration};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_a_400_and_a_wrong_content_type_a_415() {
    // Arrange
    let app = spawn_app().await;
    let valid = serde_json::to_vec(&registration("A", "a@test.kz", None)).expect("JSON");

    // Act
    let malformed =
        register_raw_appends_nothing(&app, "application/json", br#"{"name": "A", "email": "#).await;
    let text_plain = register_raw_appends_nothing(&app, "text/plain", &valid).await;
    let form =
        register_raw_appends_nothing(&app, "application/x-www-form-urlencoded", b"name=A").await;

    // Assert
    assert_problem(&malformed, 400, "request.malformed_json");
    assert_problem(&text_plain, 415, "request.unsupported_media_type");
    assert_problem(&form, 415, "request.unsupported_media_type");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_types_and_missing_fields_name_the_field() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let wrong_type = register_json_appends_nothing(
        &app,
        &json!({"name": 5, "email": "a@test.kz", "password": "password123"}),
    )
    .await;
    let missing_email =
        register_json_appends_nothing(&app, &json!({"name": "A", "password": "password123"})).await;
    let missing_password =
        register_json_appends_nothing(&app, &json!({"name": "A", "email": "a@test.kz"})).await;

    // Assert
    assert_field_error(&wrong_type, "name", "invalid_type");
    assert_field_error(&missing_email, "email", "required");
    assert_field_error(&missing_password, "password", "required");
}
