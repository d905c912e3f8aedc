//! One log consumer's loop: take the advisory lock, apply batches, wait for news.

use std::sync::Arc;
use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::watch;

use crate::batch::apply_batch;
use crate::consumer::LogConsumer;
use crate::log::{Checkpoint, held_back};
use crate::runner::horizon::Horizon;
use crate::runner::{backoff, shutdown_requested};

/// How soon a consumer looks again when committed events wait behind the horizon.
const HELD_BACK_RECHECK: Duration = Duration::from_millis(10);

/// The state of one consumer's task.
pub(super) struct Worker {
    pub pool: PgPool,
    pub consumer: Arc<dyn LogConsumer>,
    pub batch_size: i64,
    pub poll_interval: Duration,
    pub progress: Arc<watch::Sender<u64>>,
    /// The runner's horizon readings: a new one is the worker's signal to read.
    pub readable: watch::Receiver<Option<i64>>,
    pub horizon: Arc<Horizon>,
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

    /// Waits for a new horizon or the poll interval — or only [`HELD_BACK_RECHECK`] when
    /// committed events after `at` waited behind the horizon (the transaction holding it may end
    /// without appending, and then nothing notifies: the worker asks for a new reading); false on
    /// shutdown.
    async fn wait_for_news(&mut self, conn: &mut PgConnection, at: Checkpoint) -> bool {
        let pause = match held_back(&mut *conn, at).await {
            Ok(true) => {
                self.horizon.ask();
                HELD_BACK_RECHECK.min(self.poll_interval)
            }
            Ok(false) => self.poll_interval,
            Err(error) => {
                tracing::debug!(error = %crate::Chain(&error), "cannot look behind the horizon");
                self.poll_interval
            }
        };
        tokio::select! {
            () = shutdown_requested(&mut self.shutdown) => false,
            Ok(()) = self.readable.changed() => true,
            () = tokio::time::sleep(pause) => true,
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

    /// Applies batches while they are full, then waits; returns false on shutdown and true when
    /// the connection is broken (the caller reconnects).
    async fn drive(&mut self, mut conn: PgConnection) -> bool {
        let name = self.consumer.name();
        let mut at: Option<Checkpoint> = None;
        let mut failures = 0;
        loop {
            if self.stopped() {
                return false;
            }
            let horizon = *self.readable.borrow_and_update();
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
                    if (outcome.applied as i64) < self.batch_size
                        && !self.wait_for_news(&mut conn, outcome.checkpoint).await
                    {
                        return false;
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
}

/// Tries the consumer's session-level advisory lock on `conn` (the key keeps its historical
/// `birqadam.projector.` prefix: replicas of different versions must contend for the same lock).
async fn try_lock(conn: &mut PgConnection, name: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select pg_try_advisory_lock(hashtext('birqadam.projector.' || $1))")
        .bind(name)
        .fetch_one(conn)
        .await
}
