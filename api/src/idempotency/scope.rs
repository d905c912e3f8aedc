//! The key scope of a caller and the hash of a request.

use axum::http::{HeaderMap, Method, header};
use base64::Engine;
use sha2::{Digest, Sha256};

/// SHA-256 over method, path, query and body (NUL-separated).
pub fn request_hash(method: &Method, path: &str, query: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut h = Sha256::new();
    for part in [
        method.as_str().as_bytes(),
        path.as_bytes(),
        query.unwrap_or("").as_bytes(),
    ] {
        h.update(part);
        h.update([0]);
    }
    h.update(body);
    h.finalize().to_vec()
}

/// The key scope of a caller: `sub:<sub>` from the bearer token (unverified), `auth:<sha256>`
/// for an undecodable Authorization header, `anon` without one.
pub fn scope_of(headers: &HeaderMap) -> String {
    let Some(auth) = headers.get(header::AUTHORIZATION) else {
        return "anon".to_owned();
    };
    let token = auth
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match token.and_then(unverified_sub) {
        Some(sub) => format!("sub:{sub}"),
        None => format!("auth:{}", hex::encode(Sha256::digest(auth.as_bytes()))),
    }
}

fn unverified_sub(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("sub")?.as_str().map(str::to_owned)
}
