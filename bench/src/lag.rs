//! Catch-up lag under load: every 50 ms, the newest readable event, and how long until every
//! view's checkpoint has passed it (sampled every millisecond from the views' checkpoint rows,
//! as read-your-writes reads them).

use std::time::{Duration, Instant};

use birqadam_projections::all_projectors;
use birqadam_projections::catchup::lowest;
use birqadam_projections::log::head;
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A running probe; [`LagProbe::finish`] stops it and returns its samples (ms).
pub struct LagProbe {
    stop: watch::Sender<bool>,
    task: JoinHandle<Vec<f64>>,
}

impl LagProbe {
    /// Starts probing the views of `pool`'s database.
    pub fn start(pool: PgPool) -> Self {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(probe(pool, stopped));
        Self { stop, task }
    }

    /// Stops the probe; the lags it measured, in ms.
    pub async fn finish(self) -> Vec<f64> {
        let _ = self.stop.send(true);
        self.task.await.unwrap_or_default()
    }
}

async fn probe(pool: PgPool, stopped: watch::Receiver<bool>) -> Vec<f64> {
    let names: Vec<&'static str> = all_projectors().iter().map(|p| p.name()).collect();
    let mut samples = Vec::new();
    while !*stopped.borrow() {
        let started = Instant::now();
        let Ok(target) = head(&pool).await else {
            break;
        };
        loop {
            match lowest(&pool, &names).await {
                Ok(at) if at >= target => break,
                Ok(_) => tokio::time::sleep(Duration::from_millis(1)).await,
                Err(_) => return samples,
            }
        }
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    samples
}
