//! Readiness: the database answers and the views are not far behind the log.

use std::sync::Arc;

use birqadam_api::ReadinessCheck;
use sqlx::PgPool;

/// How many events the slowest view may lag before the service reports not ready.
const MAX_LAG_EVENTS: i64 = 10_000;

/// A readiness check on projection lag.
pub fn readiness(pool: PgPool) -> ReadinessCheck {
    Arc::new(move || {
        let pool = pool.clone();
        Box::pin(async move {
            let lag: Option<i64> = sqlx::query_scalar(
                "select count(*) from (select 1 from events
                 where global_position > coalesce((select min(global_position) from projection_checkpoints), 0)
                 limit $1) behind",
            )
            .bind(MAX_LAG_EVENTS + 1)
            .fetch_one(&pool)
            .await?;
            Ok(lag.unwrap_or(0) <= MAX_LAG_EVENTS)
        })
    })
}
