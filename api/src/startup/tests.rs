use std::time::Duration;

use axum::body::Body;
use axum::http::StatusCode;
use axum::routing::{get, post};
use futures::FutureExt;

use super::*;
use crate::rate_limit::RateLimits;
use crate::test_support::{fresh_pool, lazy_pool, req, send};

mod errors;
mod probes;

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
