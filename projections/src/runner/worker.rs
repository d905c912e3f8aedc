//! One log consumer's loop: take the advisory lock, apply batches, wait for news.

use std::sync::Arc;
use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::watch;

use crate::batch::apply_batch;
use crate::consumer::LogConsumer;
use crate::log::{Checkpoint, Readable};
use crate::runner::{backoff, shutdown_requested};

/// What woke a waiting worker.
enum Woken {
    /// A new reading of what is readable.
    Reading,
    /// The poll interval passed without one (read anyway: the reader may be stuck).
    Poll,
    Shutdown,
}

/// The state of one consumer's task.
pub(super) struct Worker {
    pub pool: PgPool,
    pub consumer: Arc<dyn LogConsumer>,
    pub batch_size: i64,
    pub poll_interval: Duration,
    pub progress: Arc<watch::Sender<u64>>,
    /// The runner's readings of the log ([`crate::runner::horizon`]): a new one past the
    /// worker's checkpoint is its signal to read.
    pub readable: watch::Receiver<Option<Readable>>,
    pub shutdown: watch::Receiver<bool>,
}

impl Worker {
    /// Runs until shutdown, reconnecting (and re-taking the lock) when the connection breaks.
    pub async fn run(mut self) {
        while let Some(conn) = self.connect_locked().await {
            tracing::info!(consumer = self.consumer.name(), "log consumer active");
            if !self.drive(conn).await {
                return;
            }
        }
    }

    fn stopped(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Sleeps `duration`; false when shutdown was requested meanwhile.
    async fn sleep(&mut self, duration: Duration) -> bool {
        tokio::select! {
            () = shutdown_requested(&mut self.shutdown) => false,
            () = tokio::time::sleep(duration) => true,
        }
    }

    /// Waits for a new reading or the poll interval.
    async fn wait_for_news(&mut self) -> Woken {
        tokio::select! {
            () = shutdown_requested(&mut self.shutdown) => Woken::Shutdown,
            Ok(()) = self.readable.changed() => Woken::Reading,
            () = tokio::time::sleep(self.poll_interval) => Woken::Poll,
        }
    }

    /// A dedicated connection holding the consumer's session advisory lock; `None` on shutdown.
    async fn connect_locked(&mut self) -> Option<PgConnection> {
        let name = self.consumer.name();
        let mut conn: Option<PgConnection> = None;
        let mut failures = 0;
        loop {
            if self.stopped() {
                return None;
            }
            let result = match conn.as_mut() {
                Some(conn) => try_lock(conn, name).await,
                None => match PgConnection::connect_with(&self.pool.connect_options()).await {
                    Ok(connected) => try_lock(conn.insert(connected), name).await,
                    Err(error) => Err(error),
                },
            };
            let pause = match result {
                Ok(true) => return conn,
                Ok(false) => {
                    tracing::debug!(consumer = name, "advisory lock held elsewhere");
                    failures = 0;
                    self.poll_interval
                }
                Err(error) => {
                    tracing::warn!(consumer = name, error = %crate::Chain(&error), "cannot take the consumer lock");
                    conn = None;
                    failures += 1;
                    backoff(failures)
                }
            };
            if !self.sleep(pause).await {
                return None;
            }
        }
    }

    /// Applies batches while the newest readable event is past its checkpoint, then waits;
    /// returns false on shutdown and true when the connection is broken (the caller
    /// reconnects).
    async fn drive(&mut self, mut conn: PgConnection) -> bool {
        let name = self.consumer.name();
        let mut at: Option<Checkpoint> = None;
        let mut failures = 0;
        // below the published horizon, or (first batch, after a poll) below the one read inline
        let mut horizon: Option<i64> = None;
        loop {
            if self.stopped() {
                return false;
            }
            let batch = apply_batch(&mut conn, self.consumer.as_ref(), self.batch_size, horizon);
            match batch.await {
                Ok(outcome) => {
                    failures = 0;
                    at = Some(outcome.checkpoint);
                    if outcome.applied > 0 {
                        self.progress.send_modify(|n| *n += 1);
                        metrics::counter!("projection_events_applied_total", "projector" => name)
                            .increment(outcome.applied as u64);
                        metrics::gauge!("projection_checkpoint_position", "projector" => name)
                            .set(outcome.checkpoint.global_position as f64);
                    }
                    if (outcome.applied as i64) < self.batch_size {
                        match self.next_reading(outcome.checkpoint).await {
                            Some(next) => horizon = next,
                            None => return false,
                        }
                    }
                }
                Err(error) => {
                    failures += 1;
                    metrics::counter!("projection_failures_total", "projector" => name)
                        .increment(1);
                    tracing::error!(
                        consumer = name,
                        checkpoint = ?at,
                        failures,
                        error = format!("{error:#}"),
                        "log consumer batch failed"
                    );
                    if !self.sleep(backoff(failures)).await {
                        return false;
                    }
                    if conn.ping().await.is_err() {
                        return true;
                    }
                }
            }
        }
    }

    /// After a batch that was not full: waits until a reading shows an event past `at` (its
    /// horizon is returned) or the poll interval passes (`Some(None)`: read below the horizon
    /// read inline); `None` on shutdown.
    async fn next_reading(&mut self, at: Checkpoint) -> Option<Option<i64>> {
        loop {
            let reading = *self.readable.borrow_and_update();
            if let Some(reading) = reading.filter(|r| r.head > at) {
                return Some(Some(reading.horizon));
            }
            match self.wait_for_news().await {
                Woken::Reading => {}
                Woken::Poll => return Some(None),
                Woken::Shutdown => return None,
            }
        }
    }
}

/// Tries the consumer's session-level advisory lock on `conn` (the key keeps its historical
/// `birqadam.projector.` prefix: replicas of different versions must contend for the same lock).
async fn try_lock(conn: &mut PgConnection, name: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select pg_try_advisory_lock(hashtext('birqadam.projector.' || $1))")
        .bind(name)
        .fetch_one(conn)
        .await
}
