//! The runner's one reading of the log's horizon, shared by its workers (docs/decisions/0038).
//!
//! `events_horizon()` scans `pg_stat_activity` and `pg_locks`; read by every worker for every
//! batch it was most of a lone approval's cost (13 consumers, two batches each, on two cores).
//! Any earlier reading is safe for a later read of the log — every transaction below it had
//! ended — so one task reads it when a notification arrives, when a worker finds events held
//! back, and every poll interval, and publishes it when it moves.

use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::{Notify, watch};

use crate::log::horizon;
use crate::runner::{backoff, shutdown_requested};

/// The published horizon (`None` until the first reading) and the workers' requests for a new
/// reading.
pub(super) struct Horizon {
    value: watch::Sender<Option<i64>>,
    asked: Notify,
}

impl Horizon {
    pub fn new() -> Self {
        Self {
            value: watch::Sender::new(None),
            asked: Notify::new(),
        }
    }

    /// A receiver of the published readings.
    pub fn subscribe(&self) -> watch::Receiver<Option<i64>> {
        self.value.subscribe()
    }

    /// Asks for a new reading soon (a worker found committed events it could not read yet).
    pub fn ask(&self) {
        self.asked.notify_one();
    }

    /// Reads the horizon after every notification, request and poll interval, until shutdown.
    pub async fn follow(
        &self,
        pool: PgPool,
        mut wake: watch::Receiver<u64>,
        poll_interval: Duration,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let mut failures = 0;
        loop {
            // before the reading: a notification that arrives during it is not lost
            wake.borrow_and_update();
            let pause = match horizon(&pool).await {
                Ok(now) => {
                    failures = 0;
                    self.value.send_if_modified(|seen| {
                        let moved = *seen != Some(now);
                        *seen = Some(now);
                        moved
                    });
                    None
                }
                Err(error) => {
                    failures += 1;
                    tracing::warn!(error = %crate::Chain(&error), "cannot read the log's horizon");
                    Some(backoff(failures))
                }
            };
            if let Some(pause) = pause {
                tokio::select! {
                    () = shutdown_requested(&mut shutdown) => return,
                    () = tokio::time::sleep(pause) => {}
                }
                continue;
            }
            tokio::select! {
                () = shutdown_requested(&mut shutdown) => return,
                Ok(()) = wake.changed() => {}
                () = self.asked.notified() => {}
                () = tokio::time::sleep(poll_interval) => {}
            }
        }
    }
}
