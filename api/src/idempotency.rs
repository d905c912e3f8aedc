//! `Idempotency-Key` middleware: on POST/PUT/PATCH/DELETE with the header, a repeat of the same
//! request by the same caller returns the first response byte for byte (with
//! `Idempotent-Replayed: true`) and does not run the handler again.
//!
//! - Scope: the bearer token's `sub` claim, decoded *without* verification (the route verifies
//!   the token; the scope only partitions keys), else a hash of the Authorization header, else
//!   `anon`. A forged token could only replay a response of the same method, path and body.
//! - Request hash: SHA-256 of method, path, query and body; the same key with another hash is
//!   409 `idempotency.key_reused`. A duplicate while the first runs waits up to
//!   [`IN_PROGRESS_WAIT`], then 409 `idempotency.in_progress`.
//! - Stored: 2xx and 4xx, except the transient ones a retry may change (401, 408, 429, and the
//!   codes `conflict` and `idempotency.*`). 5xx and transient answers abandon the key.
//! - The SQL lives in `birqadam_commands::idempotency`.

use birqadam_projections::Chain;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use birqadam_commands::idempotency::{self as store, Begin};
use sqlx::PgPool;

use crate::error::{ApiError, ProblemCode};
use crate::request_id::idempotency_key;

mod scope;

pub use scope::{request_hash, scope_of};

/// The largest request (and stored response) body: five 10 MB photos plus overhead.
pub const BODY_LIMIT_BYTES: usize = 60 * 1024 * 1024;

/// How long a duplicate waits for the first request to finish.
pub const IN_PROGRESS_WAIT: Duration = Duration::from_secs(5);

/// Set on replayed responses.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// Middleware (state: the pool); install with `axum::middleware::from_fn_with_state`.
pub async fn idempotency(State(pool): State<PgPool>, request: Request, next: Next) -> Response {
    if !matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return next.run(request).await;
    }
    let key = match idempotency_key(request.headers()) {
        Ok(Some(key)) => key,
        Ok(None) => return next.run(request).await,
        Err(e) => return e.into_response(),
    };
    let scope = scope_of(request.headers());
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await else {
        return ApiError::too_large("request.too_large").into_response();
    };
    let hash = request_hash(&parts.method, parts.uri.path(), parts.uri.query(), &body);

    let deadline = Instant::now() + IN_PROGRESS_WAIT;
    loop {
        match store::begin(&pool, &scope, &key, &hash).await {
            Err(e) => {
                return ApiError::internal(anyhow::Error::new(e).context("idempotency begin"))
                    .into_response();
            }
            Ok(Begin::Fresh) => break,
            Ok(Begin::Replay {
                status,
                content_type,
                body,
            }) => return replay(status, content_type, body),
            Ok(Begin::Mismatch) => {
                return ApiError::conflict("idempotency.key_reused").into_response();
            }
            Ok(Begin::InProgress) if Instant::now() >= deadline => {
                return ApiError::conflict("idempotency.in_progress").into_response();
            }
            Ok(Begin::InProgress) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }

    let mut guard = InFlight {
        pool: pool.clone(),
        scope,
        key,
        armed: true,
    };
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    if !storable(&response) {
        guard.abandon().await;
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            guard.abandon().await;
            return ApiError::internal(anyhow::anyhow!("buffering a response to store it: {e}"))
                .into_response();
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    match store::complete(
        &pool,
        &guard.scope,
        &guard.key,
        parts.status.as_u16(),
        content_type,
        &bytes,
    )
    .await
    {
        Ok(()) => guard.armed = false,
        Err(e) => {
            tracing::error!(error = %Chain(&e), "storing an idempotent response failed; the key is abandoned");
            guard.abandon().await;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn storable(response: &Response) -> bool {
    let status = response.status();
    if !(status.is_success() || status.is_client_error()) {
        return false;
    }
    if matches!(
        status,
        StatusCode::UNAUTHORIZED | StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS
    ) {
        return false;
    }
    match response.extensions().get::<ProblemCode>() {
        Some(ProblemCode(code)) => *code != "conflict" && !code.starts_with("idempotency."),
        None => true,
    }
}

fn replay(status: u16, content_type: Option<String>, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Bytes::from(body)).into_response();
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_TYPE);
    if let Some(ct) = content_type.and_then(|ct| HeaderValue::from_str(&ct).ok()) {
        headers.insert(header::CONTENT_TYPE, ct);
    }
    headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    response
}

/// Abandons the key if the request future is dropped (client gone, timeout) before it finished.
struct InFlight {
    pool: PgPool,
    scope: String,
    key: String,
    armed: bool,
}

impl InFlight {
    async fn abandon(&mut self) {
        self.armed = false;
        if let Err(e) = store::abandon(&self.pool, &self.scope, &self.key).await {
            tracing::error!(error = %Chain(&e), "abandoning an idempotency key failed");
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (pool, scope, key) = (
            self.pool.clone(),
            std::mem::take(&mut self.scope),
            std::mem::take(&mut self.key),
        );
        runtime.spawn(async move {
            if let Err(e) = store::abandon(&pool, &scope, &key).await {
                tracing::error!(error = %Chain(&e), "abandoning a dropped idempotency key failed");
            }
        });
    }
}

/// Deletes stored responses older than `max_age`, every `every`.
pub fn spawn_purger(
    pool: PgPool,
    every: Duration,
    max_age: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match store::purge_older_than(&pool, max_age).await {
                Ok(n) if n > 0 => tracing::info!(purged = n, "old idempotency keys purged"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %Chain(&e), "purging idempotency keys failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests;
