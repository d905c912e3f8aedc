//! One writer per stream in this process: commands for the same stream queue behind each other
//! and are decided one after the other against one loaded state, and what they decided is
//! appended with one multi-row INSERT. The stream's version (the primary key of `events`) still
//! guards the append against writers in other processes: a conflict reloads and decides the
//! whole batch again (docs/decisions/0035).

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::SerializedEvent;
use futures::FutureExt;
use rand::Rng;
use tokio::sync::oneshot;

use super::event_log::{AppendError, EventLog, serialise};
use super::{Outcome, load};
use crate::CommandError;

/// How many times a batch is decided when writers in other processes keep winning the race.
const MAX_ATTEMPTS: u32 = 8;

/// The most commands decided and appended together.
const MAX_BATCH: usize = 256;

type Answer<A> = Result<Outcome<<A as Aggregate>::Error>, CommandError>;

/// A command waiting for its stream's writer.
struct Pending<A: Aggregate> {
    command: A::Command,
    metadata: serde_json::Value,
    reply: oneshot::Sender<Answer<A>>,
}

/// The commands waiting for one stream; `draining` while its writer task runs.
struct Queue<A: Aggregate> {
    pending: Vec<Pending<A>>,
    draining: bool,
}

impl<A: Aggregate> Default for Queue<A> {
    fn default() -> Self {
        Self {
            pending: Vec::new(),
            draining: false,
        }
    }
}

struct Shared<A: Aggregate> {
    log: EventLog,
    /// The streams with a writer task (an entry exists exactly while its queue is draining).
    streams: Mutex<HashMap<String, Arc<Mutex<Queue<A>>>>>,
}

/// Executes commands of one aggregate type, one writer task per busy stream.
pub struct StreamWriter<A: Aggregate> {
    shared: Arc<Shared<A>>,
}

/// Locks a mutex whose holders never panic while holding it (they only move values).
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn infrastructure(what: String) -> CommandError {
    CommandError::Infrastructure(anyhow::anyhow!(what))
}

impl<A> StreamWriter<A>
where
    A: Aggregate<Services = ()> + Clone + 'static,
    A::Command: Clone + Send + Sync + 'static,
    A::Error: std::error::Error + Send + Sync + 'static,
{
    /// A writer appending to `log`.
    pub fn new(log: EventLog) -> Self {
        Self {
            shared: Arc::new(Shared {
                log,
                streams: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Queues `command` for stream `id` and waits for its outcome. A command whose caller goes
    /// away is still decided (and appended) with its batch.
    pub async fn execute(
        &self,
        id: &str,
        command: A::Command,
        metadata: &HashMap<String, String>,
    ) -> Answer<A> {
        let metadata = serde_json::to_value(metadata)
            .map_err(|e| infrastructure(format!("command metadata: {e}")))?;
        let (reply, answer) = oneshot::channel();
        let lead = {
            let mut streams = locked(&self.shared.streams);
            let queue = Arc::clone(streams.entry(id.to_owned()).or_default());
            let mut waiting = locked(&queue);
            waiting.pending.push(Pending {
                command,
                metadata,
                reply,
            });
            let lead = !waiting.draining;
            waiting.draining = true;
            drop(waiting);
            lead.then_some(queue)
        };
        if let Some(queue) = lead {
            tokio::spawn(Arc::clone(&self.shared).drain(id.to_owned(), queue));
        }
        answer.await.unwrap_or_else(|_| {
            Err(infrastructure(format!(
                "the {} writer of {id} stopped",
                A::TYPE
            )))
        })
    }
}

impl<A> Shared<A>
where
    A: Aggregate<Services = ()> + Clone + 'static,
    A::Command: Clone + Send + Sync + 'static,
    A::Error: std::error::Error + Send + Sync + 'static,
{
    /// The stream's writer task: decides and appends batches until nothing waits, keeping the
    /// state it appended for the next batch.
    async fn drain(self: Arc<Self>, id: String, queue: Arc<Mutex<Queue<A>>>) {
        let mut state: Option<(A, usize)> = None;
        loop {
            let batch: Vec<Pending<A>> = {
                let mut streams = locked(&self.streams);
                let mut waiting = locked(&queue);
                if waiting.pending.is_empty() {
                    waiting.draining = false;
                    streams.remove(&id);
                    return;
                }
                let take = waiting.pending.len().min(MAX_BATCH);
                waiting.pending.drain(..take).collect()
            };
            // a panicking command fails its batch (the replies are dropped), not the stream
            state = AssertUnwindSafe(self.decide(&id, batch, state))
                .catch_unwind()
                .await
                .unwrap_or(None);
        }
    }

    /// Decides `batch` in order against the stream's state and appends the events in one
    /// statement; answers every command. Returns the state after the append (`None` when it
    /// must be reloaded).
    async fn decide(
        &self,
        id: &str,
        batch: Vec<Pending<A>>,
        mut state: Option<(A, usize)>,
    ) -> Option<(A, usize)> {
        for attempt in 1..=MAX_ATTEMPTS {
            let (mut aggregate, version) = match state.take() {
                Some(state) => state,
                None => match load::<A>(self.log.pool(), id).await {
                    Ok((aggregate, version)) => (aggregate, usize::try_from(version).unwrap_or(0)),
                    Err(error) => {
                        fail(batch, || {
                            infrastructure(format!("loading {} {id}: {error}", A::TYPE))
                        });
                        return None;
                    }
                },
            };
            let mut sequence = version;
            let mut events: Vec<SerializedEvent> = Vec::new();
            let mut outcomes = Vec::with_capacity(batch.len());
            for pending in &batch {
                let mut next = aggregate.clone();
                let sink = EventSink::default();
                match next.handle(pending.command.clone(), &(), &sink).await {
                    Ok(()) => {
                        for event in sink.collect().await {
                            sequence += 1;
                            match serialise::<A>(id, sequence, &event, &pending.metadata) {
                                Ok(event) => events.push(event),
                                Err(error) => {
                                    fail(batch, || {
                                        infrastructure(format!(
                                            "an event of {} {id}: {error}",
                                            A::TYPE
                                        ))
                                    });
                                    return None;
                                }
                            }
                        }
                        aggregate = next;
                        outcomes.push(Outcome::Done);
                    }
                    Err(refusal) => outcomes.push(Outcome::Rejected(refusal)),
                }
            }
            match self.log.append(events).await {
                Ok(()) => {
                    for (pending, outcome) in batch.into_iter().zip(outcomes) {
                        let _ = pending.reply.send(Ok(outcome));
                    }
                    return Some((aggregate, sequence));
                }
                Err(AppendError::Conflict) => {
                    metrics::counter!("command_conflicts_total", "aggregate" => A::TYPE)
                        .increment(1);
                    let base = 2u64.pow(attempt.min(6));
                    let jitter = rand::rng().random_range(0..=base * 3);
                    tokio::time::sleep(Duration::from_millis(base + jitter)).await;
                }
                Err(error) => {
                    let error = anyhow::Error::new(error);
                    fail(batch, || {
                        CommandError::Infrastructure(anyhow::anyhow!(
                            "{} command on {id} failed: {error:#}",
                            A::TYPE
                        ))
                    });
                    return None;
                }
            }
        }
        fail(batch, || CommandError::Conflict);
        None
    }
}

/// Answers every command of a batch with the same failure.
fn fail<A: Aggregate>(batch: Vec<Pending<A>>, error: impl Fn() -> CommandError) {
    for pending in batch {
        let _ = pending.reply.send(Err(error()));
    }
}
