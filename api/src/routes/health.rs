//! `/health/live` (the process answers) and `/health/ready` (the database answers and the
//! caller-supplied check, e.g. projection lag, says the service may take traffic).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures::future::BoxFuture;
use serde_json::json;
use sqlx::{Connection, PgPool};

use crate::error::ApiError;

/// An async readiness check beyond the database ping: `Ok(true)` when ready.
pub type ReadinessCheck = Arc<dyn Fn() -> BoxFuture<'static, anyhow::Result<bool>> + Send + Sync>;

/// A check that always says ready (until the projections plug theirs in).
pub fn always_ready() -> ReadinessCheck {
    Arc::new(|| Box::pin(async { Ok(true) }))
}

/// Longest a readiness probe may take before it counts as not ready.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Clone)]
struct Health {
    pool: PgPool,
    readiness: ReadinessCheck,
}

/// The health routes, with their own state.
pub fn router(pool: PgPool, readiness: ReadinessCheck) -> Router {
    Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .with_state(Health { pool, readiness })
}

async fn live() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn ready(State(health): State<Health>) -> Response {
    let probe = async {
        let mut conn = health.pool.acquire().await?;
        conn.ping().await?;
        drop(conn);
        (health.readiness)().await
    };
    match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
        Ok(Ok(true)) => Json(json!({ "status": "ok" })).into_response(),
        Ok(Ok(false)) => not_ready("readiness check failed"),
        Ok(Err(e)) => not_ready(&format!("{e:#}")),
        Err(_) => not_ready("readiness probe timed out"),
    }
}

fn not_ready(reason: &str) -> Response {
    tracing::warn!(reason, "not ready");
    ApiError::from_code("service.not_ready").into_response()
}
