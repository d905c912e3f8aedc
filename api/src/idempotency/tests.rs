use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use birqadam_commands::idempotency::{self as store, Begin};
use serde_json::json;

use super::*;
use crate::test_support::{fresh_pool, req, send};
use axum::http::HeaderMap;
use base64::Engine;

mod replays;
mod store_states;

#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

fn app(pool: PgPool, counter: Counter) -> Router {
    let routes = Router::new()
        .route(
            "/things",
            post(|State(c): State<Counter>, body: String| async move {
                let n = c.0.fetch_add(1, Ordering::SeqCst) + 1;
                (
                    StatusCode::CREATED,
                    axum::Json(json!({ "run": n, "echo": body })),
                )
            }),
        )
        .route(
            "/boom",
            post(|State(c): State<Counter>| async move {
                c.0.fetch_add(1, Ordering::SeqCst);
                ApiError::internal(anyhow::anyhow!("boom"))
            }),
        )
        .route(
            "/slow",
            post(|State(c): State<Counter>| async move {
                c.0.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(600)).await;
                StatusCode::NO_CONTENT
            }),
        );
    crate::startup::build_router(
        routes,
        counter,
        pool,
        crate::always_ready(),
        &crate::test_support::http_settings(),
    )
}

fn keyed(uri: &str, key: &str, body: &str) -> axum::http::Request<Body> {
    req("POST", uri)
        .header("idempotency-key", key)
        .body(Body::from(body.to_owned()))
        .expect("request")
}

#[tokio::test]
async fn a_concurrent_duplicate_waits_for_the_first_and_gets_its_response() {
    let counter = Counter::default();
    let app = app(fresh_pool().await, counter.clone());
    let (a, b) = tokio::join!(send(&app, keyed("/api/v1/slow", "k-4", "")), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        send(&app, keyed("/api/v1/slow", "k-4", "")).await
    });
    assert_eq!(
        (a.status, b.status),
        (StatusCode::NO_CONTENT, StatusCode::NO_CONTENT)
    );
    assert_eq!(b.header(REPLAYED_HEADER), "true");
    assert_eq!(counter.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_overlong_key_is_400() {
    let app = app(fresh_pool().await, Counter::default());
    let r = send(&app, keyed("/api/v1/things", &"k".repeat(201), "")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "idempotency.invalid_key");
}
