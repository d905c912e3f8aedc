//! The layer stack. `Router::layer` wraps the previous stack, so layers are added innermost
//! first; they run per route, after routing, which gives them `MatchedPath`.

use std::any::Any;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::idempotency::{BODY_LIMIT_BYTES, REPLAYED_HEADER, idempotency};
use crate::request_id::{IDEMPOTENCY_KEY, X_REQUEST_ID, make_span, on_response};
use crate::settings::HttpSettings;

pub(super) fn apply(app: Router, pool: PgPool, settings: &HttpSettings) -> Router {
    let header =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    let app = app
        .layer(from_fn_with_state(settings.request_timeout, timeout))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(from_fn_with_state(pool, idempotency))
        .layer(from_fn(problem_for_bare_errors))
        .layer(from_fn(crate::language::set_language))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(from_fn(crate::metrics::record));
    let app = match cors(&settings.cors_origins) {
        Some(cors) => app.layer(cors),
        None => app,
    };
    app.layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(make_span)
                .on_response(on_response),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(CatchPanicLayer::custom(panic_response))
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        let list: Vec<HeaderValue> = origins
            .iter()
            .filter_map(|o| {
                HeaderValue::from_str(o)
                    .map_err(|_| tracing::warn!(origin = %o, "invalid CORS origin ignored"))
                    .ok()
            })
            .collect();
        AllowOrigin::list(list)
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT_LANGUAGE,
                IDEMPOTENCY_KEY,
                X_REQUEST_ID,
            ])
            .expose_headers([
                X_REQUEST_ID,
                header::RETRY_AFTER,
                HeaderName::from_static(REPLAYED_HEADER),
            ])
            .max_age(Duration::from_secs(600)),
    )
}

async fn timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::from_code("request.timeout").into_response(),
    }
}

/// Turns axum's own bodiless (or plain-text) errors — 405 from the method router, 413/415 from
/// extractors other than ours — into problem+json, keeping headers such as `Allow`.
pub(crate) async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let bare = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|ct| ct.to_str().is_ok_and(|ct| ct.starts_with("text/plain")));
    if !bare {
        return response;
    }
    let problem = match response.status() {
        StatusCode::NOT_FOUND => ApiError::not_found(),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::from_code("method_not_allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large("request.too_large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiError::unsupported_media("request.unsupported_media_type")
        }
        StatusCode::INTERNAL_SERVER_ERROR => {
            ApiError::internal(anyhow::anyhow!("a bare 500 response"))
        }
        _ => return response,
    };
    let (parts, _) = response.into_parts();
    let mut out = problem.into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("non-string panic payload");
    ApiError::internal(anyhow::anyhow!("handler panicked: {message}")).into_response()
}
