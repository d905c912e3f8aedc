//! Access and refresh tokens: rotation with reuse detection, logout, and refused access tokens
//! (expired, tampered, unsigned, absent).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::app::Reply;

mod access;
mod refresh;

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
    let settings = birqadam::settings::Settings::for_tests();
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
