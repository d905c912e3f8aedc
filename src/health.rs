//! Readiness: the database answers, the views are not far behind the log, and no delivery has
//! been waiting for a sender much longer than it should (a stuck or missing notifier).

use std::sync::Arc;

use birqadam_api::ReadinessCheck;
use sqlx::PgPool;

/// How many events the slowest view may lag before the service reports not ready.
const MAX_LAG_EVENTS: i64 = 10_000;

/// How long a due delivery may wait for a sender before the service reports not ready (deferred
/// and backed-off deliveries are not due yet and do not count).
pub const MAX_DUE_DELIVERY_AGE_SECS: i64 = 600;

/// A readiness check on projection lag and on the oldest due delivery.
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
            let stuck: bool = sqlx::query_scalar(
                "select exists (select 1 from notification_deliveries
                                 where state in ('pending', 'sending')
                                   and next_attempt_at < now() - make_interval(secs => $1))",
            )
            .bind(MAX_DUE_DELIVERY_AGE_SECS as f64)
            .fetch_one(&pool)
            .await?;
            if stuck {
                tracing::warn!(
                    "a notification delivery has waited for a sender for over {MAX_DUE_DELIVERY_AGE_SECS} s"
                );
            }
            Ok(lag.unwrap_or(0) <= MAX_LAG_EVENTS && !stuck)
        })
    })
}
