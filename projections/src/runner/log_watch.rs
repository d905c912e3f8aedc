//! One listener of the log's notifications and one reader of its horizon, shared by every
//! runner of a process (docs/decisions/0038): each notification costs one reading of
//! `events_horizon()` per process instead of one per runner.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::log::Readable;
use crate::runner::horizon;
use crate::runner::{backoff, shutdown_requested};

/// The channel the `events` trigger notifies on.
const CHANNEL: &str = "birqadam_events";

/// The readings runners' workers wait on; cheap to clone. Its tasks stop on shutdown or when the
/// last clone is dropped.
#[derive(Clone)]
pub struct LogWatch {
    readings: watch::Receiver<Option<Readable>>,
    _tasks: Arc<Tasks>,
}

/// Aborts its tasks when dropped.
struct Tasks(Vec<JoinHandle<()>>);

impl Drop for Tasks {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

impl LogWatch {
    /// Starts listening on `pool`'s database and reading its horizon after every notification,
    /// every `poll_interval`, and often while events are held back.
    pub fn spawn(pool: PgPool, poll_interval: Duration, shutdown: watch::Receiver<bool>) -> Self {
        let (wake, woken) = watch::channel(0_u64);
        let (published, readings) = watch::channel(None);
        let listener = tokio::spawn(listen(pool.clone(), wake, shutdown.clone()));
        let reader = tokio::spawn(horizon::follow(
            pool,
            published,
            woken,
            poll_interval,
            shutdown,
        ));
        Self {
            readings,
            _tasks: Arc::new(Tasks(vec![listener, reader])),
        }
    }

    /// A receiver of the readings.
    pub(super) fn readings(&self) -> watch::Receiver<Option<Readable>> {
        self.readings.clone()
    }
}

/// Forwards `birqadam_events` notifications to the reader (one LISTEN connection per watch).
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
