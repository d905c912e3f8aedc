//! A keyed request replayed: the same bytes and one run, a reused key refused, server errors
//! not stored, keys scoped to their caller.

use super::*;

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
