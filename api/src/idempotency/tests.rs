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
async fn a_repeated_request_is_replayed_byte_for_byte_and_runs_once() {
    let counter = Counter::default();
    let app = app(fresh_pool().await, counter.clone());
    let first = send(&app, keyed("/api/v1/things", "k-1", "hello")).await;
    let second = send(&app, keyed("/api/v1/things", "k-1", "hello")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(first.bytes, second.bytes);
    assert_eq!(second.header("content-type"), "application/json");
    assert_eq!(second.header(REPLAYED_HEADER), "true");
    assert_eq!(first.header(REPLAYED_HEADER), "");
    assert_eq!(counter.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_409_key_reused() {
    let counter = Counter::default();
    let app = app(fresh_pool().await, counter.clone());
    send(&app, keyed("/api/v1/things", "k-2", "one")).await;
    let r = send(&app, keyed("/api/v1/things", "k-2", "two")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "idempotency.key_reused");
    assert_eq!(counter.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn server_errors_are_not_stored_so_a_retry_runs_again() {
    let counter = Counter::default();
    let app = app(fresh_pool().await, counter.clone());
    let first = send(&app, keyed("/api/v1/boom", "k-3", "")).await;
    let second = send(&app, keyed("/api/v1/boom", "k-3", "")).await;
    assert_eq!(first.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(second.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(second.header(REPLAYED_HEADER), "");
    assert_eq!(counter.0.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn keys_are_scoped_per_caller_and_requests_without_a_key_always_run() {
    let counter = Counter::default();
    let app = app(fresh_pool().await, counter.clone());
    let token = |sub: &str| {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(format!(r#"{{"sub":"{sub}"}}"#));
        format!("Bearer e30.{payload}.sig")
    };
    for sub in ["alice", "bob"] {
        let request = req("POST", "/api/v1/things")
            .header("idempotency-key", "shared")
            .header("authorization", token(sub))
            .body(Body::from("x"))
            .expect("request");
        assert_eq!(send(&app, request).await.status, StatusCode::CREATED);
    }
    for _ in 0..2 {
        send(
            &app,
            req("POST", "/api/v1/things")
                .body(Body::from("x"))
                .expect("request"),
        )
        .await;
    }
    assert_eq!(counter.0.load(Ordering::SeqCst), 4);
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

#[tokio::test]
async fn the_store_reports_in_progress_mismatch_abandon_and_purge() {
    let pool = fresh_pool().await;
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h1")
            .await
            .expect("begin"),
        Begin::Fresh
    );
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h1")
            .await
            .expect("begin"),
        Begin::InProgress
    );
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h2")
            .await
            .expect("begin"),
        Begin::Mismatch
    );
    store::abandon(&pool, "anon", "k").await.expect("abandon");
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h2")
            .await
            .expect("begin"),
        Begin::Fresh
    );
    store::complete(&pool, "anon", "k", 201, Some("application/json"), b"{}")
        .await
        .expect("complete");
    let replay = Begin::Replay {
        status: 201,
        content_type: Some("application/json".to_owned()),
        body: b"{}".to_vec(),
    };
    assert_eq!(
        store::begin(&pool, "anon", "k", b"h2")
            .await
            .expect("begin"),
        replay
    );
    assert_eq!(
        store::purge_older_than(&pool, Duration::from_secs(3600))
            .await
            .expect("purge"),
        0
    );
    assert_eq!(
        store::purge_older_than(&pool, Duration::ZERO)
            .await
            .expect("purge"),
        1
    );
}

#[test]
fn scope_comes_from_the_unverified_sub_claim() {
    let mut headers = HeaderMap::new();
    assert_eq!(scope_of(&headers), "anon");
    let payload =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"sub":"acc-1","exp":1}"#);
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer h.{payload}.s")).expect("header"),
    );
    assert_eq!(scope_of(&headers), "sub:acc-1");
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_static("Bearer garbage"),
    );
    assert!(scope_of(&headers).starts_with("auth:"));
}
