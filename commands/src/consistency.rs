//! Read-your-writes: wait until every view includes a stream's newest event (bounded).

use birqadam_projections::Chain;
use std::time::Duration;

use birqadam_projections::log::stream_position;
use sqlx::PgPool;

use crate::Catchup;

/// Waits on the consumer runner's checkpoints (the views' projectors).
pub struct ViewsCatchup {
    pool: PgPool,
    catchup: birqadam_projections::Catchup,
    timeout: Duration,
}

impl ViewsCatchup {
    /// Waits on `catchup` for at most `timeout` per command.
    pub fn new(pool: PgPool, catchup: birqadam_projections::Catchup, timeout: Duration) -> Self {
        Self {
            pool,
            catchup,
            timeout,
        }
    }
}

#[async_trait::async_trait]
impl Catchup for ViewsCatchup {
    async fn stream(&self, aggregate_type: &'static str, aggregate_id: &str) {
        match stream_position(&self.pool, aggregate_type, aggregate_id).await {
            Ok(Some(target)) => {
                if !self.catchup.wait_for(target, self.timeout).await {
                    metrics::counter!("read_your_writes_timeouts_total").increment(1);
                    tracing::warn!(
                        aggregate_type,
                        aggregate_id,
                        "views did not catch up in time"
                    );
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %Chain(&e), "could not read the stream position"),
        }
    }
}
