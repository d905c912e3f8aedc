//! Read-your-writes: wait (bounded) until every view has applied a given position.
//!
//! One watcher per [`Catchup`] (shared by its clones) reads the projectors' checkpoints and
//! publishes the lowest: when a runner of this process signals progress, and every
//! [`RECHECK`] while someone waits (the runners may be on another replica). Waiters only look at
//! what it published, so 64 requests waiting at once cost one query per change, not 64.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;

use crate::log::Checkpoint;

/// How often the checkpoints are re-read, while someone waits, when no progress signal arrives.
const RECHECK: Duration = Duration::from_millis(20);

/// How long an idle watcher sleeps before it looks whether its `Catchup` still exists.
const IDLE: Duration = Duration::from_secs(1);

/// Waits for projectors to pass a position; cheap to clone.
#[derive(Clone)]
pub struct Catchup {
    shared: Arc<Shared>,
}

struct Shared {
    pool: PgPool,
    progress: watch::Receiver<u64>,
    names: Vec<&'static str>,
    /// The lowest of the projectors' checkpoints at the watcher's last read (zero while one of
    /// them has none).
    lowest: watch::Sender<Checkpoint>,
    waiters: AtomicUsize,
    wake: Notify,
    started: AtomicBool,
}

/// Counts a waiter while it waits.
struct Waiting<'a>(&'a Shared);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiters.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Catchup {
    /// A waiter over these projectors' checkpoints, woken by a runner's progress signal.
    pub fn new(pool: PgPool, progress: watch::Receiver<u64>, names: Vec<&'static str>) -> Self {
        Self {
            shared: Arc::new(Shared {
                pool,
                progress,
                names,
                lowest: watch::Sender::new(Checkpoint::ZERO),
                waiters: AtomicUsize::new(0),
                wake: Notify::new(),
                started: AtomicBool::new(false),
            }),
        }
    }

    /// True once every projector's checkpoint is at or past `target`; false after `timeout`
    /// (the caller answers anyway, the views are just not there yet).
    pub async fn wait_for(&self, target: Checkpoint, timeout: Duration) -> bool {
        let shared = &*self.shared;
        if target <= Checkpoint::ZERO || shared.names.is_empty() {
            return true;
        }
        let mut lowest = shared.lowest.subscribe();
        if *lowest.borrow_and_update() >= target {
            return true;
        }
        if !shared.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(watch_checkpoints(
                Arc::downgrade(&self.shared),
                shared.progress.clone(),
            ));
        }
        shared.waiters.fetch_add(1, Ordering::SeqCst);
        let _waiting = Waiting(shared);
        shared.wake.notify_one();
        let deadline = Instant::now() + timeout;
        loop {
            tokio::select! {
                changed = lowest.changed() => {
                    if changed.is_err() {
                        return false;
                    }
                    if *lowest.borrow_and_update() >= target {
                        return true;
                    }
                }
                () = tokio::time::sleep_until(deadline) => return false,
            }
        }
    }
}

/// The watcher: reads and publishes the lowest checkpoint while anyone waits; ends once its
/// `Catchup` is gone.
async fn watch_checkpoints(shared: Weak<Shared>, mut progress: watch::Receiver<u64>) {
    // without a runner in this process (its sender gone) only the re-reads are left
    let mut signalled = true;
    loop {
        let Some(s) = shared.upgrade() else {
            return;
        };
        if s.waiters.load(Ordering::SeqCst) == 0 {
            let _ = tokio::time::timeout(IDLE, s.wake.notified()).await;
            continue;
        }
        progress.borrow_and_update();
        match lowest(&s.pool, &s.names).await {
            Ok(at) => {
                s.lowest.send_if_modified(|seen| {
                    let moved = *seen != at;
                    *seen = at;
                    moved
                });
            }
            Err(error) => {
                tracing::warn!(error = %crate::Chain(&error), "cannot read projection checkpoints");
            }
        }
        drop(s);
        tokio::select! {
            changed = progress.changed(), if signalled => signalled = changed.is_ok(),
            () = tokio::time::sleep(RECHECK) => {}
        }
    }
}

/// The lowest checkpoint of `names` (zero when one of them has none yet): what every one of
/// those consumers has applied.
pub async fn lowest(pool: &PgPool, names: &[&'static str]) -> Result<Checkpoint, sqlx::Error> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "select transaction_id, global_position, count(*) over ()
           from projection_checkpoints where name = any($1)
          order by transaction_id, global_position limit 1",
    )
    .bind(names)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some((transaction_id, global_position, count)) if count as usize == names.len() => {
            Checkpoint {
                transaction_id,
                global_position,
            }
        }
        _ => Checkpoint::ZERO,
    })
}
