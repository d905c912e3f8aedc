//! The runner's one reading of what its consumers can read, shared by its workers
//! (docs/decisions/0038).
//!
//! `events_horizon()` reads every backend's status (0041); read by every worker for every batch
//! it was most of a lone approval's cost (13 consumers, two batches each, on two cores). Any
//! earlier reading is safe for a later read of the log — every transaction below it had ended —
//! so one task reads it (with the newest event below it) after every notification and poll
//! interval, and again after [`HELD_BACK_RECHECK`] while committed events wait above it (their
//! transaction's neighbour may end without appending, and then nothing notifies). Workers run a
//! batch only when the newest readable event is past their checkpoint. Under a steady stream of
//! notifications readings are at least [`LEAST_GAP`] apart: back to back they kept one backend
//! busy all the time and cut the batches into slivers.

use std::time::{Duration, Instant};

use sqlx::PgPool;
use tokio::sync::watch;

use crate::log::{Readable, readable};
use crate::runner::{backoff, shutdown_requested};

/// How soon the horizon is read again while committed events wait behind it; doubled (up to
/// [`HELD_BACK_LONGEST`]) while the same transaction keeps holding it.
const HELD_BACK_RECHECK: Duration = Duration::from_millis(10);
const HELD_BACK_LONGEST: Duration = Duration::from_millis(160);

/// The least time between the starts of two readings (a lone notification after a quiet spell is
/// read at once).
const LEAST_GAP: Duration = Duration::from_millis(2);

/// Reads [`Readable`] after every notification (`wake`) and poll interval, and publishes it
/// when it changes; `None` until the first reading.
pub(super) async fn follow(
    pool: PgPool,
    published: watch::Sender<Option<Readable>>,
    mut wake: watch::Receiver<u64>,
    poll_interval: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut failures = 0;
    let mut held = HELD_BACK_RECHECK;
    let mut last: Option<Instant> = None;
    loop {
        if let Some(wait) = last.and_then(|at| LEAST_GAP.checked_sub(at.elapsed())) {
            tokio::select! {
                () = shutdown_requested(&mut shutdown) => return,
                () = tokio::time::sleep(wait) => {}
            }
        }
        last = Some(Instant::now());
        // before the reading: a notification that arrives during it is not lost
        wake.borrow_and_update();
        let pause = match readable(&pool).await {
            Ok(now) => {
                failures = 0;
                let stuck = published
                    .borrow()
                    .is_some_and(|seen| seen.horizon == now.horizon);
                published.send_if_modified(|seen| {
                    let moved = *seen != Some(now);
                    *seen = Some(now);
                    moved
                });
                held = if now.held_back && stuck {
                    (held * 2).min(HELD_BACK_LONGEST)
                } else {
                    HELD_BACK_RECHECK
                };
                if now.held_back {
                    held.min(poll_interval)
                } else {
                    poll_interval
                }
            }
            Err(error) => {
                failures += 1;
                tracing::warn!(error = %crate::Chain(&error), "cannot read the log's horizon");
                backoff(failures).min(poll_interval)
            }
        };
        tokio::select! {
            () = shutdown_requested(&mut shutdown) => return,
            Ok(()) = wake.changed() => {}
            () = tokio::time::sleep(pause) => {}
        }
    }
}
