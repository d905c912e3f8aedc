//! Access and refresh tokens: rotation with reuse detection, logout, and refused access tokens
//! (expired, tampered, unsigned, absent).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::app::Reply;
use crate::helpers::requests::assert_problem;
use crate::helpers::{TestApp, spawn_app};

async fn refresh(app: &TestApp, token: &str) -> Reply {
    app.post(
        "/api/v1/auth/refresh",
        &json!({"refresh_token": token}),
        None,
    )
    .await
}

/// Signs `claims` with the secret the test app verifies with.
fn sign(claims: &Value) -> String {
    let settings = birqadam_api::Settings::for_tests();
    let key = EncodingKey::from_secret(settings.jwt_secret.expose().as_bytes());
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &key).expect("signing")
}

fn claims(sub: &str, exp: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "sub": sub,
        "roles": ["volunteer"],
        "exp": exp,
        "iat": now - 3_600,
        "jti": uuid::Uuid::new_v4(),
        "typ": "access",
    })
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("JSON"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refreshing_rotates_the_refresh_token_and_the_new_access_token_works() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let reply = refresh(&app, &me.refresh).await;

    // Assert
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let tokens = &reply.json["tokens"];
    let next = tokens["refresh_token"]
        .as_str()
        .expect("a new refresh token");
    assert_ne!(next, me.refresh, "the refresh token rotates");
    assert_eq!(tokens["token_type"], json!("Bearer"));
    assert!(tokens["expires_in"].as_u64().is_some_and(|s| s > 0));
    let access = tokens["access_token"].as_str().expect("an access token");
    let who = app.get("/api/v1/me", Some(access)).await;
    assert_eq!(who.status, 200, "{:?}", who.json);
    assert_eq!(who.json["id"], json!(me.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reused_refresh_token_revokes_its_whole_family() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;
    let first = refresh(&app, &me.refresh).await;
    assert_eq!(first.status, 200, "{:?}", first.json);
    let second_token = first.json["tokens"]["refresh_token"]
        .as_str()
        .expect("rotated token")
        .to_owned();
    let second = refresh(&app, &second_token).await;
    assert_eq!(second.status, 200, "{:?}", second.json);
    let newest = second.json["tokens"]["refresh_token"]
        .as_str()
        .expect("rotated token")
        .to_owned();

    // Act
    let replayed = refresh(&app, &me.refresh).await;
    let newest_after = refresh(&app, &newest).await;

    // Assert
    assert_problem(&replayed, 401, "auth.refresh_reused");
    assert_problem(&newest_after, 401, "auth.refresh_reused");
    let email = me.account["email"].as_str().expect("e-mail");
    let other_session = app.login(email, "password123").await;
    let other = refresh(&app, &other_session.refresh).await;
    assert_eq!(other.status, 200, "another login's family is untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_logout_the_refresh_token_stops_working() {
    // Arrange
    let app = spawn_app().await;
    let me = app.volunteer("Айгерим").await;

    // Act
    let logout = app
        .post(
            "/api/v1/auth/logout",
            &json!({"refresh_token": me.refresh}),
            Some(&me.token),
        )
        .await;
    let after = refresh(&app, &me.refresh).await;

    // Assert
    assert_eq!(logout.status, 204, "{:?}", logout.json);
    assert_problem(&after, 401, "auth.invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_refresh_token_is_refused() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = refresh(&app, "not-a-token-we-issued").await;

    // Assert
    assert_problem(&reply, 401, "auth.invalid_token");
}

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
