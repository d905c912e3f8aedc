//! Access tokens: expiry, tampering, alg none, and missing authorization.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::{b64, claims, sign};
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_signed_with_the_test_secret_is_accepted_until_it_expires() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let now = chrono::Utc::now().timestamp();
    let live = sign(&claims(&me.id, now + 600));
    let expired = sign(&claims(&me.id, now - 60));

    // Act
    let with_live = app.get("/api/v1/me", Some(&live)).await;
    let with_expired = app.get("/api/v1/me", Some(&expired)).await;

    // Assert
    assert_eq!(with_live.status, 200, "the test secret is the app's secret");
    assert_eq!(with_live.json["id"], json!(me.id));
    assert_problem(&with_expired, 401, "auth.token_expired");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_signature_or_payload_is_refused() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let other = app.volunteer("Ерлан").await;
    let parts: Vec<&str> = me.token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT");
    let mut signature: Vec<char> = parts[2].chars().collect();
    let middle = signature.len() / 2;
    signature[middle] = if signature[middle] == 'A' { 'B' } else { 'A' };
    let bad_signature = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        signature.iter().collect::<String>()
    );
    let payload: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(parts[1])
            .expect("a base64url payload"),
    )
    .expect("a JSON payload");
    let mut forged = payload.clone();
    forged["sub"] = json!(other.id);
    forged["roles"] = json!(["admin"]);
    let bad_payload = format!("{}.{}.{}", parts[0], b64(&forged), parts[2]);

    // Act
    let with_bad_signature = app.get("/api/v1/me", Some(&bad_signature)).await;
    let with_bad_payload = app.get("/api/v1/me", Some(&bad_payload)).await;
    let with_original = app.get("/api/v1/me", Some(&me.token)).await;

    // Assert
    assert_problem(&with_bad_signature, 401, "auth.invalid_token");
    assert_problem(&with_bad_payload, 401, "auth.invalid_token");
    assert_eq!(with_original.status, 200, "the untouched token still works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsigned_alg_none_token_is_refused() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let now = chrono::Utc::now().timestamp();
    let header = json!({"alg": "none", "typ": "JWT"});
    let unsigned = format!("{}.{}.", b64(&header), b64(&claims(&me.id, now + 600)));

    // Act
    let reply = app.get("/api/v1/me", Some(&unsigned)).await;

    // Assert
    assert_problem(&reply, 401, "auth.invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_without_authorization_is_401() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let without = app.get("/api/v1/me", None).await;
    let basic = app
        .send_raw(
            reqwest::Method::GET,
            "/api/v1/me",
            &[("authorization", "Basic YTpi")],
            None,
        )
        .await;
    let garbage = app.get("/api/v1/me", Some("garbage")).await;

    // Assert
    assert_problem(&without, 401, "auth.required");
    assert_problem(&basic, 401, "auth.required");
    assert_problem(&garbage, 401, "auth.invalid_token");
}
