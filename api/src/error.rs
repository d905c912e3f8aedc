//! The one error type of the HTTP adapter and its one body: `application/problem+json`.
//!
//! Which error type lives where (STYLE §4.4):
//! - value objects (`domain::values`): one small thiserror enum per value, returned by `parse`;
//!   at the edge they become field errors (`FieldError`, via [`crate::extract::Validator`]).
//! - aggregates (`domain`): `<Aggregate>Error`, business rules only, no IO.
//! - write side (`commands`): `CommandError { Rejected, Auth, Upload, Conflict, Busy, NotFound,
//!   Infrastructure }`.
//! - read side (`projections`): `sqlx::Error` or a small error enum.
//! - this crate: [`ApiError`] only. Handlers return `Result<_, ApiError>`; every other error
//!   converts into it with `From` (see `error/command.rs`) or an explicit constructor. Extractor
//!   rejections are routed through it by `AppJson`, `AppQuery`, `AppPath`.
//! - startup, binaries and background tasks: `anyhow::Result` with `.context(…)`.
//!
//! Every problem carries a stable `code`; its status comes from [`crate::problems`] and its
//! localised title from `birqadam-texts`. 4xx responses may carry a specific `detail`; 5xx bodies
//! are opaque and the full cause chain is logged at error level instead.
//!
//! The language: `IntoResponse` reads the request's language from a task-local set by
//! [`crate::language::set_language`] (the middleware wraps the inner service's future in the
//! task-local scope, and axum converts handler errors and extractor rejections inside that future).
//! Errors built outside the scope (a panic caught by the outermost layer) fall back to Russian.

mod command;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::language;
use crate::problems;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A validation failure of one input field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field path in the request, e.g. `email` or `photos[0].id`; `body` when unknown.
    pub field: String,
    /// The stable field-error code, e.g. `required` (see `birqadam_texts::FIELD_MESSAGES`).
    pub code: &'static str,
}

impl FieldError {
    /// A field error for `field` with `code`.
    pub fn new(field: impl Into<String>, code: &'static str) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }
}

/// The code of an error response, left in the response's extensions for the middlewares
/// (idempotency decides by it whether a response may be stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemCode(pub &'static str);

/// An error answered as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    detail: Option<String>,
    errors: Vec<FieldError>,
    retry_after_secs: Option<u64>,
    source: Option<anyhow::Error>,
}

impl ApiError {
    /// An error with a catalogue code; the status comes from [`problems::STATUSES`]. This is how new
    /// codes (`project.full`, `report.already_moderated`, …) are produced.
    pub fn from_code(code: &'static str) -> Self {
        if !problems::is_known(code) {
            tracing::warn!(code, "problem code missing from the status table");
        }
        Self::with_status(problems::status_of(code), code)
    }

    fn with_status(status: StatusCode, code: &'static str) -> Self {
        Self {
            status,
            code,
            detail: None,
            errors: Vec::new(),
            retry_after_secs: None,
            source: None,
        }
    }

    /// 422 `validation.failed` with per-field errors.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self {
            errors,
            ..Self::with_status(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")
        }
    }

    /// 400 with a code and a specific (technical, not translated) detail.
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::with_status(StatusCode::BAD_REQUEST, code).with_detail(detail)
    }

    /// 401 with a code (`auth.required`, `auth.invalid_token`, …).
    pub fn unauthenticated(code: &'static str) -> Self {
        Self::with_status(StatusCode::UNAUTHORIZED, code)
    }

    /// 403 `forbidden`.
    pub fn forbidden() -> Self {
        Self::with_status(StatusCode::FORBIDDEN, "forbidden")
    }

    /// 404 `not_found` (also for resources the caller may not see).
    pub fn not_found() -> Self {
        Self::with_status(StatusCode::NOT_FOUND, "not_found")
    }

    /// 409 with a code.
    pub fn conflict(code: &'static str) -> Self {
        Self::with_status(StatusCode::CONFLICT, code)
    }

    /// 413 with a code.
    pub fn too_large(code: &'static str) -> Self {
        Self::with_status(StatusCode::PAYLOAD_TOO_LARGE, code)
    }

    /// 415 with a code.
    pub fn unsupported_media(code: &'static str) -> Self {
        Self::with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE, code)
    }

    /// 429 `rate_limited` with a `Retry-After` header.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs.max(1)),
            ..Self::with_status(StatusCode::TOO_MANY_REQUESTS, "rate_limited")
        }
    }

    /// 503 `service.busy` with a `Retry-After` header: the server is at capacity for this work
    /// (password hashing) and did nothing; the client may retry after the delay.
    pub fn busy(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs.max(1)),
            ..Self::with_status(StatusCode::SERVICE_UNAVAILABLE, "service.busy")
        }
    }

    /// 503 `service.not_ready` with `Retry-After`: the views have not caught up with a change made
    /// moments ago (a brand-new account read before its projection ran); nothing failed.
    pub fn catching_up() -> Self {
        Self {
            retry_after_secs: Some(1),
            ..Self::with_status(StatusCode::SERVICE_UNAVAILABLE, "service.not_ready")
        }
    }

    /// 500 `internal`: an opaque body; `cause` (with its chain) is logged, never sent.
    pub fn internal(cause: anyhow::Error) -> Self {
        Self {
            source: Some(cause),
            ..Self::with_status(StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    }

    /// Adds a specific detail (ignored for 5xx, whose bodies stay opaque).
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The field errors (empty unless validation failed).
    pub fn field_errors(&self) -> &[FieldError] {
        &self.errors
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)
    }
}

#[derive(Serialize)]
struct ProblemBody<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    code: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldErrorBody<'a>>,
}

#[derive(Serialize)]
struct FieldErrorBody<'a> {
    field: &'a str,
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let lang = language::current();
        let title = problems::title(self.code, self.status, lang);
        if self.status.is_server_error() {
            match &self.source {
                Some(cause) => {
                    tracing::error!(code = self.code, error = %format!("{cause:#}"), "request failed")
                }
                None => tracing::error!(code = self.code, "request failed"),
            }
        }
        let detail = match &self.detail {
            Some(d) if !self.status.is_server_error() => d.as_str(),
            _ => title,
        };
        let body = ProblemBody {
            kind: format!("urn:birqadam:problem:{}", self.code),
            title,
            status: self.status.as_u16(),
            detail,
            code: self.code,
            errors: self
                .errors
                .iter()
                .map(|e| FieldErrorBody {
                    field: &e.field,
                    code: e.code,
                    message: problems::field_message(e.code, lang),
                })
                .collect(),
        };
        let bytes =
            serde_json::to_vec(&body).unwrap_or_else(|_| br#"{"code":"internal"}"#.to_vec());
        let mut response = (self.status, bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.as_str()),
        );
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(ProblemCode(self.code));
        response
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        Self::internal(e)
    }
}

#[cfg(test)]
mod tests;
