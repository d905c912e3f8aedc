//! The log-consumer runner: one task for its consumers (one connection, one transaction per
//! batch while they are level), woken by NOTIFY with a polling fallback.

mod horizon;
mod locks;
mod log_watch;
mod worker;

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use crate::batch::{DEFAULT_BATCH_SIZE, run_once};
use crate::catchup::Catchup;
use crate::consumer::LogConsumer;
pub use log_watch::LogWatch;
use worker::Worker;

/// How often a runner (or a [`LogWatch`]) looks at the log without a notification.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Feeds log consumers (views' projectors, process managers) from the log; each consumer is
/// active in one process at a time.
pub struct ConsumerRunner {
    pool: PgPool,
    consumers: Vec<Arc<dyn LogConsumer>>,
    batch_size: i64,
    poll_interval: Duration,
    progress: watch::Sender<u64>,
    log: Option<LogWatch>,
}

impl ConsumerRunner {
    /// A runner for these consumers (batch size 1000, poll interval 500 ms).
    pub fn new(pool: PgPool, consumers: Vec<Arc<dyn LogConsumer>>) -> Self {
        Self {
            pool,
            consumers,
            batch_size: DEFAULT_BATCH_SIZE,
            poll_interval: DEFAULT_POLL_INTERVAL,
            progress: watch::Sender::new(0),
            log: None,
        }
    }

    /// Reads by `log` (one per process serves every runner: one notification listener, one
    /// horizon reader) instead of starting its own; its poll interval is then `log`'s.
    pub fn watching(mut self, log: &LogWatch) -> Self {
        self.log = Some(log.clone());
        self
    }

    /// The most events applied in one transaction.
    pub fn batch_size(mut self, batch_size: i64) -> Self {
        self.batch_size = batch_size.max(1);
        self
    }

    /// How often to look at the log (and retry the advisory lock) without a notification.
    pub fn poll_interval(mut self, poll_interval: Duration) -> Self {
        self.poll_interval = poll_interval;
        self
    }

    /// A counter that changes after every committed batch of any of its consumers.
    pub fn progress(&self) -> watch::Receiver<u64> {
        self.progress.subscribe()
    }

    /// A read-your-writes waiter for all of this runner's consumers.
    pub fn catchup(&self) -> Catchup {
        let names = self.consumers.iter().map(|p| p.name()).collect();
        Catchup::new(self.pool.clone(), self.progress(), names)
    }

    /// Starts the runner; it stops when `shutdown` becomes true. Aborting the handle stops every
    /// consumer at once (an open batch is rolled back and its lock released).
    pub fn spawn(self, shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
        tokio::spawn(self.run(shutdown))
    }

    async fn run(self, shutdown: watch::Receiver<bool>) {
        // its own, unless given one: dropped with this future, so aborting the runner's handle
        // stops its listener and reader too
        let log = self.log.unwrap_or_else(|| {
            LogWatch::spawn(self.pool.clone(), self.poll_interval, shutdown.clone())
        });
        // in this future, so that aborting the runner's handle stops its worker too
        let worker = Worker {
            pool: self.pool.clone(),
            consumers: self.consumers,
            batch_size: self.batch_size,
            poll_interval: self.poll_interval,
            progress: Arc::new(self.progress),
            readable: log.readings(),
            shutdown: shutdown.clone(),
        };
        worker.run().await;
        drop(log);
    }
}

/// Resolves once shutdown is requested (never, if the sender is gone without asking).
pub(crate) async fn shutdown_requested(shutdown: &mut watch::Receiver<bool>) {
    if shutdown.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// A bounded exponential back-off: 100 ms doubling up to 30 s.
pub(crate) fn backoff(failures: u32) -> Duration {
    Duration::from_millis(100)
        .saturating_mul(1 << failures.min(9))
        .min(Duration::from_secs(30))
}
