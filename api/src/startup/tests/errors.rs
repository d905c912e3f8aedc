//! What every response carries and how failures look: problem+json for unknown paths and
//! methods, the request id and security headers, an opaque 500, a 408 on a slow request.

use super::*;

#[tokio::test]
async fn unknown_paths_are_problem_json_404() {
    let r = send(&app(), get_req("/nope")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-type"), "application/problem+json");
    assert_eq!(r.json()["code"], "not_found");
}

#[tokio::test]
async fn a_wrong_method_is_problem_json_405_with_allow() {
    let r = send(
        &app(),
        req("DELETE", "/api/v1/hello")
            .header("accept-language", "en")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["title"], "Method not allowed");
    assert!(r.header("allow").contains("GET"), "{:?}", r.headers);
}

#[tokio::test]
async fn responses_carry_request_id_and_security_headers() {
    let r = send(&app(), get_req("/api/v1/hello")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert_eq!(r.header("x-frame-options"), "DENY");
    assert_eq!(r.header("referrer-policy"), "no-referrer");
    assert!(uuid::Uuid::parse_str(r.header("x-request-id")).is_ok());
    let given = send(
        &app(),
        req("GET", "/api/v1/hello")
            .header("x-request-id", "abc")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(given.header("x-request-id"), "abc");
}

#[tokio::test]
async fn a_panic_becomes_an_opaque_500() {
    let r = send(&app(), get_req("/api/v1/panic")).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.json()["code"], "internal");
    assert!(!String::from_utf8_lossy(&r.bytes).contains("kaboom"));
}

#[tokio::test]
async fn a_slow_request_times_out_with_408() {
    let mut settings = crate::test_support::http_settings();
    settings.request_timeout = Duration::from_millis(100);
    let app = app_with(&settings, crate::always_ready(), lazy_pool());
    let r = send(&app, get_req("/api/v1/slow")).await;
    assert_eq!(r.status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(r.json()["code"], "request.timeout");
}
