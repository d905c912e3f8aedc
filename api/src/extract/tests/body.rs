//! JSON bodies: accepted, or refused with the status and the field the client must fix.

use super::*;

#[tokio::test]
async fn a_valid_body_is_accepted_and_unknown_fields_are_ignored() {
    let r = send(
        &app(),
        json_req(
            "POST",
            "/dto",
            r#"{"email":"a@b.kz","age":30,"extra":true}"#,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["email"], "a@b.kz");
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let r = send(&app(), json_req("POST", "/dto", r#"{"email": "#)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.header("content-type"), "application/problem+json");
    assert_eq!(r.json()["code"], "request.malformed_json");
}

#[tokio::test]
async fn a_missing_field_is_a_422_naming_the_field() {
    let r = send(&app(), json_req("POST", "/dto", r#"{"age": 3}"#)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["code"], "validation.failed");
    assert_eq!(body["errors"][0]["field"], "email");
    assert_eq!(body["errors"][0]["code"], "required");
}

#[tokio::test]
async fn a_nested_missing_field_names_its_path() {
    let r = send(
        &app(),
        json_req(
            "POST",
            "/dto",
            r#"{"email":"a@b.kz","age":3,"tags":[{"name":"x"},{}]}"#,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "tags[1].name");
}

#[tokio::test]
async fn a_wrong_type_is_a_422_invalid_type() {
    let r = send(
        &app(),
        json_req("POST", "/dto", r#"{"email":"a@b.kz","age":"old"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["errors"][0]["field"], "age");
    assert_eq!(body["errors"][0]["code"], "invalid_type");
}

#[tokio::test]
async fn a_wrong_content_type_is_a_415() {
    let request = req("POST", "/dto")
        .header("content-type", "text/plain")
        .body(Body::from("{}"))
        .expect("req");
    let r = send(&app(), request).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.json()["code"], "request.unsupported_media_type");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let big = format!(r#"{{"email":"{}","age":1}}"#, "a".repeat(1000));
    let r = send(&app(), json_req("POST", "/dto", &big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["code"], "request.too_large");
}
