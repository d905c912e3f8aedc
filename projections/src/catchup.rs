//! Read-your-writes: wait (bounded) until every view has applied a given position.

use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::log::Checkpoint;

/// How often the checkpoints are re-read when no progress signal arrives.
const RECHECK: Duration = Duration::from_millis(20);

/// Waits for projectors to pass a position; cheap to clone.
#[derive(Clone)]
pub struct Catchup {
    pool: PgPool,
    progress: watch::Receiver<u64>,
    names: Vec<&'static str>,
}

impl Catchup {
    /// A waiter over these projectors' checkpoints, woken by a runner's progress signal.
    pub fn new(pool: PgPool, progress: watch::Receiver<u64>, names: Vec<&'static str>) -> Self {
        Self {
            pool,
            progress,
            names,
        }
    }

    /// True once every projector's checkpoint is at or past `target`; false after `timeout`
    /// (the caller answers anyway, the views are just not there yet).
    pub async fn wait_for(&self, target: Checkpoint, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut progress = self.progress.clone();
        loop {
            progress.borrow_and_update();
            match self.reached(target).await {
                Ok(true) => return true,
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(error = %crate::Chain(&error), "cannot read projection checkpoints")
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            let pause = RECHECK.min(deadline - now);
            tokio::select! {
                Ok(()) = progress.changed() => {}
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    async fn reached(&self, target: Checkpoint) -> Result<bool, sqlx::Error> {
        if target <= Checkpoint::ZERO || self.names.is_empty() {
            return Ok(true);
        }
        let passed: i64 = sqlx::query_scalar(
            "select count(*) from projection_checkpoints
              where name = any($1) and (transaction_id, global_position) >= ($2, $3)",
        )
        .bind(&self.names)
        .bind(target.transaction_id)
        .bind(target.global_position)
        .fetch_one(&self.pool)
        .await?;
        Ok(passed as usize == self.names.len())
    }
}
