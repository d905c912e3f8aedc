//! Group commit across streams: the appends of a process (every stream writer's, every aggregate
//! type's) queue here; at most [`FLUSHERS`] statements are in flight, and whatever arrived
//! meanwhile goes in the next one — one multi-row INSERT, one transaction, one WAL flush for
//! all of it. A lone append is sent at once, so nothing waits when the process is quiet
//! (docs/decisions/0040).
//!
//! Each request stays atomic and keeps its own outcome: when a combined statement fails (one
//! request lost a race for a sequence to another process, or the database refused it), nothing
//! of it was written, and its requests are appended again one by one, each answered with its
//! own result.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};

use cqrs_es::persist::SerializedEvent;
use futures::FutureExt;
use sqlx::PgPool;
use tokio::sync::oneshot;

use super::event_log::{AppendError, insert};

/// Statements in flight at once: one flushing while the next is being filled and sent.
const FLUSHERS: usize = 2;

/// The most events one combined statement takes (a larger request still goes alone).
const MAX_EVENTS: usize = 1024;

/// One caller's events and where its outcome goes.
struct Request {
    events: Vec<SerializedEvent>,
    reply: oneshot::Sender<Result<(), AppendError>>,
}

#[derive(Default)]
struct Queue {
    pending: Vec<Request>,
    flushing: usize,
}

/// The process's queue of appends (shared by every clone of an [`super::EventLog`]).
#[derive(Default)]
pub(super) struct GroupCommit {
    queue: Mutex<Queue>,
}

fn locked(mutex: &Mutex<Queue>) -> MutexGuard<'_, Queue> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl GroupCommit {
    /// Appends `events` (not empty) with whatever else is queued; their outcome.
    pub(super) async fn append(
        self: &Arc<Self>,
        pool: &PgPool,
        events: Vec<SerializedEvent>,
    ) -> Result<(), AppendError> {
        let (reply, outcome) = oneshot::channel();
        let start = {
            let mut queue = locked(&self.queue);
            queue.pending.push(Request { events, reply });
            let start = queue.flushing < FLUSHERS;
            queue.flushing += usize::from(start);
            start
        };
        if start {
            tokio::spawn(Arc::clone(self).flush(pool.clone()));
        }
        outcome.await.unwrap_or(Err(AppendError::Stopped))
    }

    /// A flusher: sends what is queued until nothing is.
    async fn flush(self: Arc<Self>, pool: PgPool) {
        loop {
            let batch = {
                let mut queue = locked(&self.queue);
                if queue.pending.is_empty() {
                    queue.flushing -= 1;
                    return;
                }
                let mut events = 0;
                let take = queue
                    .pending
                    .iter()
                    .take_while(|r| {
                        events += r.events.len();
                        events <= MAX_EVENTS
                    })
                    .count()
                    .max(1);
                queue.pending.drain(..take).collect::<Vec<_>>()
            };
            // a panic drops the batch's replies (its callers get `Stopped`), not the flusher
            let _ = AssertUnwindSafe(send(&pool, batch)).catch_unwind().await;
        }
    }
}

/// Appends a batch of requests in one statement; one by one when that fails.
async fn send(pool: &PgPool, batch: Vec<Request>) {
    metrics::histogram!("event_appends_per_statement").record(batch.len() as f64);
    if batch.len() > 1 {
        if insert(pool, batch.iter().flat_map(|r| r.events.iter()))
            .await
            .is_ok()
        {
            for request in batch {
                let _ = request.reply.send(Ok(()));
            }
            return;
        }
        metrics::counter!("event_appends_split_total").increment(1);
    }
    for request in batch {
        let outcome = insert(pool, request.events.iter()).await;
        let _ = request.reply.send(outcome);
    }
}
