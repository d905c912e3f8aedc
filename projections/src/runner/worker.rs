//! A runner's loop: take its consumers' advisory locks, apply batches to all of them at once,
//! wait for news.

use std::sync::Arc;
use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::batch::{BatchOutcome, TogetherError, apply_batch, apply_together};
use crate::consumer::LogConsumer;
use crate::log::{Checkpoint, Readable};
use crate::runner::locks::try_lock_all;
use crate::runner::{backoff, shutdown_requested};

/// What woke a waiting worker.
enum Woken {
    /// A new reading of what is readable.
    Reading,
    /// The poll interval passed without one (read anyway: the reader may be stuck), or a
    /// failing consumer's retry is due.
    Timer,
    Shutdown,
}

/// The state of a runner's task: its consumers share one connection and, while they are level
/// and healthy, one transaction per batch (docs/decisions/0039).
pub(super) struct Worker {
    pub pool: PgPool,
    pub consumers: Vec<Arc<dyn LogConsumer>>,
    pub batch_size: i64,
    pub poll_interval: Duration,
    pub progress: Arc<watch::Sender<u64>>,
    /// The runner's readings of the log ([`crate::runner::horizon`]): a new one past the
    /// worker's checkpoint is its signal to read.
    pub readable: watch::Receiver<Option<Readable>>,
    pub shutdown: watch::Receiver<bool>,
}

/// One consumer of the worker and its health.
struct Member {
    consumer: Arc<dyn LogConsumer>,
    /// Failed batches in a row: a failing member leaves the shared batch and is tried alone,
    /// after a back-off, until one succeeds.
    failures: u32,
    retry_at: Instant,
}

impl Worker {
    /// Runs until shutdown, reconnecting (and re-taking the locks) when the connection breaks.
    pub async fn run(mut self) {
        let names: Vec<&'static str> = self.consumers.iter().map(|c| c.name()).collect();
        while let Some(conn) = self.connect_locked(&names).await {
            tracing::info!(consumers = ?names, "log consumers active");
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

    /// Waits for a new reading, the poll interval or `deadline`.
    async fn wait_for_news(&mut self, deadline: Option<Instant>) -> Woken {
        let poll = Instant::now() + self.poll_interval;
        let until = deadline.map_or(poll, |d| d.min(poll));
        tokio::select! {
            () = shutdown_requested(&mut self.shutdown) => Woken::Shutdown,
            Ok(()) = self.readable.changed() => Woken::Reading,
            () = tokio::time::sleep_until(until) => Woken::Timer,
        }
    }

    /// A dedicated connection holding every consumer's session advisory lock (all or none: a
    /// replica holding some of them is active for those); `None` on shutdown.
    async fn connect_locked(&mut self, names: &[&'static str]) -> Option<PgConnection> {
        let mut conn: Option<PgConnection> = None;
        let mut failures = 0;
        loop {
            if self.stopped() {
                return None;
            }
            let result = match conn.as_mut() {
                Some(conn) => try_lock_all(conn, names).await,
                None => match PgConnection::connect_with(&self.pool.connect_options()).await {
                    Ok(connected) => try_lock_all(conn.insert(connected), names).await,
                    Err(error) => Err(error),
                },
            };
            let pause = match result {
                Ok(true) => return conn,
                Ok(false) => {
                    tracing::debug!(consumers = ?names, "advisory locks held elsewhere");
                    failures = 0;
                    self.poll_interval
                }
                Err(error) => {
                    tracing::warn!(consumers = ?names, error = %crate::Chain(&error), "cannot take the consumer locks");
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

    /// Applies batches while the newest readable event is past the checkpoint, then waits;
    /// returns false on shutdown and true when the connection is broken (the caller
    /// reconnects).
    async fn drive(&mut self, mut conn: PgConnection) -> bool {
        let mut members: Vec<Member> = self
            .consumers
            .iter()
            .map(|consumer| Member {
                consumer: Arc::clone(consumer),
                failures: 0,
                retry_at: Instant::now(),
            })
            .collect();
        let mut front = Checkpoint::ZERO;
        let mut failures = 0;
        // below the published horizon, or (first batch, after a poll) below the one read inline
        let mut horizon: Option<i64> = None;
        loop {
            if self.stopped() {
                return false;
            }
            let healthy: Vec<usize> = (0..members.len())
                .filter(|&i| members[i].failures == 0)
                .collect();
            let mut again = false;
            if !healthy.is_empty() {
                let group: Vec<&dyn LogConsumer> = healthy
                    .iter()
                    .map(|&i| members[i].consumer.as_ref())
                    .collect();
                match apply_together(&mut conn, &group, self.batch_size, horizon).await {
                    Ok(together) => {
                        failures = 0;
                        front = together.outcome.checkpoint;
                        self.applied(&group, &together.applied, together.outcome);
                        again = together.outcome.applied as i64 >= self.batch_size;
                        // behind the others: one batch alone each, until they are level
                        for &b in &together.behind {
                            let alone = self.alone(&mut conn, &mut members[healthy[b]], horizon);
                            if alone.await.is_some_and(|o| o.applied == 0) {
                                // the front was read below a later horizon than ours (a
                                // rebuild's swap): read below the current one
                                horizon = None;
                            }
                            again = true;
                        }
                    }
                    Err(TogetherError::Consumer(i, error)) => {
                        failed(&mut members[healthy[i]], &error);
                        again = true;
                    }
                    Err(TogetherError::Batch(error)) => {
                        failures += 1;
                        metrics::counter!("projection_batch_failures_total").increment(1);
                        tracing::error!(
                            checkpoint = ?front,
                            failures,
                            error = format!("{error:#}"),
                            "log consumers' batch failed"
                        );
                        if !self.sleep(backoff(failures)).await {
                            return false;
                        }
                        if conn.ping().await.is_err() {
                            return true;
                        }
                        continue;
                    }
                }
            }
            let now = Instant::now();
            for member in &mut members {
                if member.failures == 0 || member.retry_at > now {
                    continue;
                }
                if let Some(outcome) = self.alone(&mut conn, member, horizon).await {
                    horizon = horizon.filter(|_| outcome.applied > 0);
                    again = true;
                }
            }
            if again {
                continue;
            }
            let retry = members
                .iter()
                .filter(|m| m.failures > 0)
                .map(|m| m.retry_at)
                .min();
            match self.next_reading(front, retry).await {
                Some(next) => horizon = next,
                None => return false,
            }
        }
    }

    /// One batch of one member in its own transaction (behind the others, or failing); its
    /// outcome, `None` when it failed.
    async fn alone(
        &self,
        conn: &mut PgConnection,
        member: &mut Member,
        horizon: Option<i64>,
    ) -> Option<BatchOutcome> {
        let consumer = member.consumer.as_ref();
        match apply_batch(conn, consumer, self.batch_size, horizon).await {
            Ok(outcome) => {
                if member.failures > 0 {
                    tracing::info!(consumer = consumer.name(), "log consumer recovered");
                }
                member.failures = 0;
                self.applied(&[consumer], &[0], outcome);
                Some(outcome)
            }
            Err(error) => {
                failed(member, &error);
                None
            }
        }
    }

    /// Signals progress and counts a committed batch of `group[i]` for each `i` in `applied`.
    fn applied(&self, group: &[&dyn LogConsumer], applied: &[usize], outcome: BatchOutcome) {
        if outcome.applied == 0 {
            return;
        }
        self.progress.send_modify(|n| *n += 1);
        for &i in applied {
            let name = group[i].name();
            metrics::counter!("projection_events_applied_total", "projector" => name)
                .increment(outcome.applied as u64);
            metrics::gauge!("projection_checkpoint_position", "projector" => name)
                .set(outcome.checkpoint.global_position as f64);
        }
    }

    /// After a batch that was not full: waits until a reading shows an event past `at` (its
    /// horizon is returned), or the poll interval or `retry` passes (`Some(None)`: read below
    /// the horizon read inline); `None` on shutdown.
    async fn next_reading(
        &mut self,
        at: Checkpoint,
        retry: Option<Instant>,
    ) -> Option<Option<i64>> {
        loop {
            let reading = *self.readable.borrow_and_update();
            if let Some(reading) = reading.filter(|r| r.head > at) {
                return Some(Some(reading.horizon));
            }
            match self.wait_for_news(retry).await {
                Woken::Reading => {}
                Woken::Timer => return Some(None),
                Woken::Shutdown => return None,
            }
        }
    }
}

/// Counts a member's failure and schedules its retry (alone).
fn failed(member: &mut Member, error: &anyhow::Error) {
    let name = member.consumer.name();
    member.failures += 1;
    member.retry_at = Instant::now() + backoff(member.failures);
    metrics::counter!("projection_failures_total", "projector" => name).increment(1);
    tracing::error!(
        consumer = name,
        failures = member.failures,
        error = format!("{error:#}"),
        "log consumer batch failed"
    );
}
