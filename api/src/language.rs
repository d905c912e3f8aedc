//! The request's interface language, from `Accept-Language` (ru default, kk, en).
//!
//! Why a task-local: `IntoResponse` has no access to the request, and rewriting every problem body
//! in an outer layer would mean parsing JSON back. The middleware runs the rest of the stack inside
//! `LANGUAGE.scope(..)`, so any `ApiError` turned into a response within the request's future
//! (handlers, extractor rejections, route layers such as the rate limiter) sees the language.
//! Tasks spawned by a handler do not inherit it and fall back to Russian.

use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use birqadam_domain::values::Language;

tokio::task_local! {
    static LANGUAGE: Language;
}

/// The language of the request being served, Russian outside a request scope.
pub fn current() -> Language {
    LANGUAGE.try_with(|l| *l).unwrap_or_default()
}

/// The language asked for by these headers.
pub fn from_headers(headers: &HeaderMap) -> Language {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Language::from_accept_language)
        .unwrap_or_default()
}

/// Middleware: serves the request inside the scope of its language.
pub async fn set_language(request: Request, next: Next) -> Response {
    let language = from_headers(request.headers());
    LANGUAGE.scope(language, next.run(request)).await
}

/// Runs `f` as if serving a request in `language` (for tests and background renderers).
pub async fn scope<F: Future>(language: Language, f: F) -> F::Output {
    LANGUAGE.scope(language, f).await
}
