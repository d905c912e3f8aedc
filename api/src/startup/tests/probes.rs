//! Liveness, readiness, metrics and docs, and a graceful stop on the shutdown signal.

use super::*;

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
