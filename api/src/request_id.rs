//! Request ids, the `http.request` span and [`RequestMeta`], the per-request facts handlers pass
//! into command metadata.

use std::time::Duration;

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use axum::http::{HeaderName, Request, Response};
use birqadam_domain::values::Language;
use tracing::Span;

use crate::error::ApiError;
use crate::language;

/// The request-id header, set (UUIDv4) when the client sent none, and echoed in the response.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The idempotency header of state-changing requests.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// Longest accepted `Idempotency-Key`.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 200;

/// What a handler needs to know about the request for command metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestMeta {
    /// The `x-request-id` (set by the request-id layer when absent).
    pub request_id: String,
    /// The `Idempotency-Key` header, when given.
    pub idempotency_key: Option<String>,
    /// The language asked for by `Accept-Language`.
    pub language: Language,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestMeta {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let request_id = parts
            .headers
            .get(&X_REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Ok(Self {
            request_id,
            idempotency_key: idempotency_key(&parts.headers)?,
            language: language::from_headers(&parts.headers),
        })
    }
}

/// The `Idempotency-Key` of these headers: `Ok(None)` when absent, 400 `idempotency.invalid_key`
/// when empty, not visible ASCII, or longer than [`MAX_IDEMPOTENCY_KEY_CHARS`].
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(&IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::bad_request(
            "idempotency.invalid_key",
            "Idempotency-Key must be 1 to 200 visible characters",
        )
    };
    let key = value.to_str().map_err(|_| invalid())?.trim();
    if key.is_empty() || key.chars().count() > MAX_IDEMPOTENCY_KEY_CHARS {
        return Err(invalid());
    }
    Ok(Some(key.to_owned()))
}

/// The `http.request` span: method, matched route, request id; status and latency are recorded
/// when the response is ready.
pub fn make_span<B>(request: &Request<B>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let request_id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "http.request",
        method = %request.method(),
        route,
        request_id,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

/// Records the status and latency on the span and logs one line per response.
pub fn on_response<B>(response: &Response<B>, latency: Duration, span: &Span) {
    span.record("status", response.status().as_u16());
    span.record("latency_ms", latency.as_millis() as u64);
    tracing::info!(
        status = response.status().as_u16(),
        latency_ms = latency.as_millis() as u64,
        "response"
    );
}
