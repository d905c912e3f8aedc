//! Path and query values, and text that would reach the database: a clear 4xx, never a 500.

use super::*;

#[tokio::test]
async fn a_bad_uuid_in_the_path_is_a_404() {
    let r = send(
        &app(),
        req("GET", "/things/not-a-uuid")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "not_found");
    let id = Uuid::new_v4();
    let r = send(
        &app(),
        req("GET", &format!("/things/{id}"))
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_bad_query_is_a_400() {
    let r = send(
        &app(),
        req("GET", "/list?limit=many")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "request.invalid_query");
}

#[tokio::test]
async fn a_nul_character_in_a_query_value_is_a_400_not_a_database_error() {
    let ok = send(&app(), get_req("/search?q=ab")).await;
    let r = send(&app(), get_req("/search?q=a%00b")).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "request.invalid_query");
}

#[tokio::test]
async fn a_nul_character_in_a_path_value_is_a_404_not_a_database_error() {
    let ok = send(&app(), get_req("/words/ab")).await;
    let r = send(&app(), get_req("/words/a%00b")).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "not_found");
}

#[tokio::test]
async fn a_nul_character_in_a_json_string_is_a_400_not_a_database_error() {
    let r = send(
        &app(),
        json_req("POST", "/dto", r#"{"email":"a\u0000@b.kz","age":30}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "request.malformed_json");
}

#[tokio::test]
async fn an_escaped_backslash_before_u0000_is_plain_text() {
    let r = send(
        &app(),
        json_req("POST", "/dto", r#"{"email":"a\\u0000@b.kz","age":30}"#),
    )
    .await;
    assert_ne!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.json());
}

#[tokio::test]
async fn a_json_suffix_content_type_is_accepted() {
    let request = req("POST", "/dto")
        .header(
            "content-type",
            "application/merge-patch+json; charset=utf-8",
        )
        .body(Body::from(r#"{"email":"a@b.kz","age":30}"#))
        .expect("req");
    let r = send(&app(), request).await;
    assert_eq!(r.status, StatusCode::OK);
}
