//! Error bodies in the shape the app reads: it shows `data['error']` (`providers/auth_provider.dart`
//! lines 182 and 249, and every provider after a failed call). Every error of the legacy routes is
//! first the `/api/v1` [`crate::ApiError`] (same status, same code, same localised text, same
//! logging of 5xx causes); this middleware only re-shapes its problem+json body into
//! `{"error": text, "code": code, "errors"?: {field: [message]}}`, served as
//! `application/json; charset=utf-8` (Dart's `http` decodes other JSON types as Latin-1). Success
//! bodies get the same explicit charset.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::error::PROBLEM_JSON;

/// The content type of every legacy JSON body.
pub(super) const LEGACY_JSON: &str = "application/json; charset=utf-8";

/// Problem bodies are small; a larger one is left as it is.
const MAX_PROBLEM_BYTES: usize = 64 * 1024;

#[derive(Deserialize)]
struct Problem {
    title: String,
    detail: String,
    code: String,
    #[serde(default)]
    errors: Vec<ProblemField>,
}

#[derive(Deserialize)]
struct ProblemField {
    field: String,
    message: String,
}

#[derive(Serialize)]
struct LegacyError {
    error: String,
    code: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    errors: BTreeMap<String, Vec<String>>,
}

impl From<Problem> for LegacyError {
    fn from(p: Problem) -> Self {
        let error = if p.errors.is_empty() {
            p.detail
        } else {
            let fields: Vec<String> = p
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            format!("{}: {}", p.title, fields.join("; "))
        };
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in p.errors {
            errors.entry(e.field).or_default().push(e.message);
        }
        Self {
            error,
            code: p.code,
            errors,
        }
    }
}

/// Middleware of the legacy routes: problem+json becomes the app's `{"error"}` body.
pub(super) async fn legacy_bodies(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with(PROBLEM_JSON) {
        return reshape(response).await;
    }
    let mut response = response;
    if content_type.starts_with("application/json") {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(LEGACY_JSON));
    }
    response
}

async fn reshape(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PROBLEM_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "cannot read a problem body to re-shape it");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let legacy = serde_json::from_slice::<Problem>(&bytes)
        .map(LegacyError::from)
        .and_then(|l| serde_json::to_vec(&l));
    let out = match legacy {
        Ok(out) => out,
        Err(e) => {
            tracing::error!(error = %e, "a problem body that is not ours; sent unchanged");
            return Response::from_parts(parts, Body::from(bytes));
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(LEGACY_JSON));
    Response::from_parts(parts, Body::from(out))
}
