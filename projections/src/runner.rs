//! The log-consumer runner: one task per consumer, woken by NOTIFY with a polling fallback.

mod horizon;
mod worker;

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

pub use crate::batch::{DEFAULT_BATCH_SIZE, run_once};
use crate::catchup::Catchup;
use crate::consumer::LogConsumer;
use worker::Worker;

/// The channel the `events` trigger notifies on.
const CHANNEL: &str = "birqadam_events";

/// Feeds log consumers (views' projectors, process managers) from the log; each consumer is
/// active in one process at a time.
pub struct ConsumerRunner {
    pool: PgPool,
    consumers: Vec<Arc<dyn LogConsumer>>,
    batch_size: i64,
    poll_interval: Duration,
    progress: watch::Sender<u64>,
}

impl ConsumerRunner {
    /// A runner for these consumers (batch size 1000, poll interval 500 ms).
    pub fn new(pool: PgPool, consumers: Vec<Arc<dyn LogConsumer>>) -> Self {
        Self {
            pool,
            consumers,
            batch_size: DEFAULT_BATCH_SIZE,
            poll_interval: Duration::from_millis(500),
            progress: watch::Sender::new(0),
        }
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
        let (wake, woken) = watch::channel(0_u64);
        let progress = Arc::new(self.progress);
        // in JoinSets, so that aborting the runner's handle aborts its tasks too
        let mut listener = JoinSet::new();
        listener.spawn(listen(self.pool.clone(), wake, shutdown.clone()));
        let (readable, reading) = watch::channel(None);
        let (pool, poll, stop) = (self.pool.clone(), self.poll_interval, shutdown.clone());
        listener.spawn(horizon::follow(pool, readable, woken, poll, stop));
        let mut workers = JoinSet::new();
        for consumer in self.consumers {
            let worker = Worker {
                pool: self.pool.clone(),
                consumer,
                batch_size: self.batch_size,
                poll_interval: self.poll_interval,
                progress: Arc::clone(&progress),
                readable: reading.clone(),
                shutdown: shutdown.clone(),
            };
            workers.spawn(worker.run());
        }
        while let Some(done) = workers.join_next().await {
            if let Err(error) = done {
                tracing::error!(error = %crate::Chain(&error), "a log consumer task ended abnormally");
            }
        }
        listener.shutdown().await;
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

/// Forwards `birqadam_events` notifications to the workers (one LISTEN connection per runner).
async fn listen(pool: PgPool, wake: watch::Sender<u64>, mut shutdown: watch::Receiver<bool>) {
    let mut failures = 0;
    let mut listener: Option<PgListener> = None;
    loop {
        let Some(active) = listener.as_mut() else {
            let connected = async {
                let mut listener = PgListener::connect_with(&pool).await?;
                listener.listen(CHANNEL).await?;
                Ok::<_, sqlx::Error>(listener)
            };
            tokio::select! {
                () = shutdown_requested(&mut shutdown) => return,
                result = connected => match result {
                    Ok(connected) => {
                        listener = Some(connected);
                        wake.send_modify(|n| *n += 1);
                    }
                    Err(error) => {
                        failures += 1;
                        tracing::warn!(error = %crate::Chain(&error), "cannot listen for new events; polling only");
                        tokio::time::sleep(backoff(failures)).await;
                    }
                },
            }
            continue;
        };
        tokio::select! {
            () = shutdown_requested(&mut shutdown) => return,
            received = active.recv() => {
                // a lost connection may have dropped notifications: wake the workers either way
                wake.send_modify(|n| *n += 1);
                match received {
                    Ok(_) => failures = 0,
                    Err(error) => {
                        failures += 1;
                        tracing::warn!(error = %crate::Chain(&error), "lost the event notification connection");
                        listener = None;
                        tokio::time::sleep(backoff(failures)).await;
                    }
                }
            }
        }
    }
}
