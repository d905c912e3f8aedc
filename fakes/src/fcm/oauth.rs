//! The fake OAuth token endpoint: an access token for a JWT-bearer assertion signed with the
//! test service account's key (RS256, `aud` = `token_uri`, the messaging scope).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde_json::json;

use super::server::{PUBLIC_KEY, Shared};

#[derive(serde::Deserialize)]
pub(super) struct TokenForm {
    grant_type: String,
    assertion: String,
}

#[derive(serde::Deserialize)]
struct Assertion {
    scope: String,
}

pub(super) async fn token(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<TokenForm>,
) -> Response {
    shared.inner.lock().expect("fake FCM state").token_requests += 1;
    if form.grant_type != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).expect("the test key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&[shared.token_uri.as_str()]);
    let claims = jsonwebtoken::decode::<Assertion>(&form.assertion, &key, &validation);
    match claims {
        Ok(data) if data.claims.scope.contains("firebase.messaging") => {}
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "invalid_grant"})),
            )
                .into_response();
        }
    }
    let access = format!(
        "fake-access-{}",
        shared.next_token.fetch_add(1, Ordering::SeqCst)
    );
    shared
        .inner
        .lock()
        .expect("fake FCM state")
        .issued
        .push(access.clone());
    Json(json!({"access_token": access, "expires_in": 3600, "token_type": "Bearer"}))
        .into_response()
}
