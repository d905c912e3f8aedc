//! The contract between the runner and whatever it feeds from the log: a log consumer.
//!
//! A consumer reads the ordered log in batches, each applied in the transaction that moves its
//! checkpoint. The views are consumers (their projectors: `AccountsProjector`, …); so are the
//! process managers (the rating creditor in `commands`), and later the notifier and the audit
//! tree. The helpers below decode a batch's events for any of them.

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::log::StoredEvent;

/// Anything fed from the ordered log with its own checkpoint: a view's projector, a process
/// manager, a notifier.
///
/// The runner calls [`LogConsumer::apply`] with a batch of events inside the transaction that
/// also moves the consumer's checkpoint, so a batch is applied exactly once (a consumer with
/// side effects outside the database must make them idempotent). All SQL of a consumer must use
/// unqualified table names: a rebuild points `search_path` at a shadow schema.
#[async_trait]
pub trait LogConsumer: Send + Sync + 'static {
    /// The checkpoint and advisory-lock name (stored state: never rename a running consumer,
    /// its checkpoint would restart at zero and replay the log).
    fn name(&self) -> &'static str;

    /// The view tables this consumer owns (rebuilt and swapped together); none for a consumer
    /// that is not a view.
    fn tables(&self) -> &'static [&'static str] {
        &[]
    }

    /// Whether a batch's commit waits for its WAL flush. Derived state need not (the default):
    /// a batch lost to a database crash is lost with its checkpoint, atomically, and is applied
    /// again from the durable log; every later durable commit flushes it anyway
    /// (docs/decisions/0038). A consumer whose output others must be able to trust across a
    /// crash without re-deriving it says `true`.
    fn durable(&self) -> bool {
        false
    }

    /// Applies a batch of events (all events of the log; skip the ones you do not know).
    async fn apply(
        &self,
        tx: &mut sqlx::PgConnection,
        events: &[StoredEvent],
    ) -> anyhow::Result<()>;
}

/// Decodes an event's payload; a failure is logged with the event's position and returned.
pub fn decode<E>(consumer: &str, event: &StoredEvent) -> anyhow::Result<E>
where
    E: DeserializeOwned,
{
    event.decode().map_err(|error| {
        tracing::error!(
            consumer,
            transaction_id = event.checkpoint.transaction_id,
            global_position = event.checkpoint.global_position,
            event_type = %event.event_type,
            %error,
            "undecodable event payload"
        );
        anyhow::anyhow!(
            "{consumer}: cannot decode {} at ({}, {}): {error}",
            event.event_type,
            event.checkpoint.transaction_id,
            event.checkpoint.global_position
        )
    })
}

/// The stream id of an event as a UUID, or an error naming its position.
pub fn stream_id(consumer: &str, event: &StoredEvent) -> anyhow::Result<Uuid> {
    event.stream_id().ok_or_else(|| {
        tracing::error!(consumer, checkpoint = ?event.checkpoint, "stream id is not a uuid");
        anyhow::anyhow!(
            "{consumer}: stream id {:?} at {:?} is not a uuid",
            event.aggregate_id,
            event.checkpoint
        )
    })
}

/// The events of a batch a consumer reads: those of `aggregate_type` whose type is in `types`,
/// decoded, with their stream id and `occurred_at`, in log order.
pub fn relevant<E>(
    consumer: &str,
    events: &[StoredEvent],
    aggregate_type: &str,
    types: &[&str],
) -> anyhow::Result<Vec<(Uuid, E, chrono::DateTime<chrono::Utc>)>>
where
    E: DeserializeOwned,
{
    events
        .iter()
        .filter(|e| e.aggregate_type == aggregate_type && types.contains(&e.event_type.as_str()))
        .map(|e| {
            Ok((
                stream_id(consumer, e)?,
                decode(consumer, e)?,
                e.occurred_at(),
            ))
        })
        .collect()
}
