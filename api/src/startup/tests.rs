use std::time::Duration;

use axum::body::Body;
use axum::http::StatusCode;
use axum::routing::{get, post};
use futures::FutureExt;

use super::*;
use crate::rate_limit::RateLimits;
use crate::test_support::{fresh_pool, lazy_pool, req, send};

fn get_req(uri: &str) -> axum::http::Request<Body> {
    req("GET", uri).body(Body::empty()).expect("request")
}

fn app_with(settings: &HttpSettings, readiness: ReadinessCheck, pool: PgPool) -> Router {
    let limits = RateLimits::new(settings);
    let routes = Router::new()
        .route("/hello", get(|| async { "hi" }))
        .route(
            "/panic",
            get(|| async {
                if true {
                    panic!("kaboom")
                }
            }),
        )
        .route(
            "/slow",
            get(|| async { tokio::time::sleep(Duration::from_secs(5)).await }),
        )
        .merge(limits.login(Router::new().route("/auth/login", post(|| async { "token" }))));
    build_router(routes, (), pool, readiness, settings)
}

fn app() -> Router {
    crate::test_support::init_tracing();
    app_with(
        &crate::test_support::http_settings(),
        crate::always_ready(),
        lazy_pool(),
    )
}

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

#[tokio::test]
async fn the_sixth_login_attempt_is_rate_limited_with_retry_after() {
    let app = app();
    for attempt in 1..=5 {
        let r = send(
            &app,
            req("POST", "/api/v1/auth/login")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "attempt {attempt}");
    }
    let r = send(
        &app,
        req("POST", "/api/v1/auth/login")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("content-type"), "application/problem+json");
    assert_eq!(r.json()["code"], "rate_limited");
    assert!(
        r.header("retry-after").parse::<u64>().is_ok_and(|s| s >= 1),
        "{:?}",
        r.headers
    );
    let other = send(&app, get_req("/api/v1/hello")).await;
    assert_eq!(other.status, StatusCode::OK, "other routes are not limited");
}

#[tokio::test]
async fn rate_limits_off_never_limits() {
    let mut settings = crate::test_support::http_settings();
    settings.rate_limits = false;
    let app = app_with(&settings, crate::always_ready(), lazy_pool());
    for _ in 0..20 {
        let r = send(
            &app,
            req("POST", "/api/v1/auth/login")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn liveness_metrics_and_docs_are_served() {
    let app = app();
    let live = send(&app, get_req("/health/live")).await;
    assert_eq!(live.json()["status"], "ok");
    send(&app, get_req("/api/v1/hello")).await;
    let metrics = send(&app, get_req("/metrics")).await;
    let text = String::from_utf8_lossy(&metrics.bytes);
    assert!(
        text.contains("http_requests_total") && text.contains(r#"route="/api/v1/hello""#),
        "{text}"
    );
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "{text}"
    );
    let spec = send(&app, get_req("/api/v1/openapi.json")).await;
    assert_eq!(spec.status, StatusCode::OK);
    assert_eq!(spec.json()["openapi"], "3.1.0");
    let docs = send(&app, get_req("/docs/")).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&docs.bytes).contains("swagger"));
    let init = send(&app, get_req("/docs/swagger-initializer.js")).await;
    assert!(String::from_utf8_lossy(&init.bytes).contains("/api/v1/openapi.json"));
}

#[tokio::test]
async fn readiness_needs_the_database_and_the_check() {
    let pool = fresh_pool().await;
    let ready = app_with(
        &crate::test_support::http_settings(),
        crate::always_ready(),
        pool.clone(),
    );
    assert_eq!(
        send(&ready, get_req("/health/ready")).await.status,
        StatusCode::OK
    );

    let lagging: ReadinessCheck = std::sync::Arc::new(|| async { Ok(false) }.boxed());
    let r = send(
        &app_with(&crate::test_support::http_settings(), lagging, pool),
        get_req("/health/ready"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["code"], "service.not_ready");

    let no_db = app_with(
        &crate::test_support::http_settings(),
        crate::always_ready(),
        lazy_pool(),
    );
    assert_eq!(
        send(&no_db, get_req("/health/ready")).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn serve_stops_on_the_shutdown_signal() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        listener,
        app(),
        async move { rx.await.unwrap_or(()) },
    ));
    tx.send(()).expect("server is waiting");
    server.await.expect("joined").expect("clean shutdown");
}
