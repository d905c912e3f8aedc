use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::*;
use crate::test_support::{json_req, req, send};

#[derive(Debug, Deserialize, Serialize)]
struct Dto {
    email: String,
    age: u8,
    tags: Option<Vec<Tag>>,
}

#[derive(Debug, Deserialize, Serialize)]
struct Tag {
    name: String,
}

#[derive(Debug, Deserialize)]
struct Page {
    #[expect(dead_code, reason = "only parsed")]
    limit: u32,
}

#[derive(Debug, Deserialize)]
struct Search {
    q: String,
}

fn get_req(uri: &str) -> axum::http::Request<Body> {
    req("GET", uri).body(Body::empty()).expect("req")
}

fn app() -> Router {
    Router::new()
        .route(
            "/dto",
            post(|AppJson(dto): AppJson<Dto>| async move { AppJson(dto) }),
        )
        .route(
            "/things/{id}",
            get(|AppPath(id): AppPath<Uuid>| async move { id.to_string() }),
        )
        .route("/list", get(|AppQuery(_): AppQuery<Page>| async { "ok" }))
        .route(
            "/words/{word}",
            get(|AppPath(word): AppPath<String>| async move { word }),
        )
        .route(
            "/search",
            get(|AppQuery(s): AppQuery<Search>| async move { s.q }),
        )
        .layer(DefaultBodyLimit::max(256))
        .layer(from_fn(crate::language::set_language))
}

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
