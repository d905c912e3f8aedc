//! The contract between a view and the runner that feeds it.

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::log::StoredEvent;

/// A view fed from the ordered log.
///
/// The runner calls [`Projector::apply`] with a batch of events inside the transaction that also
/// moves the projector's checkpoint, so a batch is applied exactly once. All SQL of a projector
/// must use unqualified table names: a rebuild points `search_path` at a shadow schema.
#[async_trait]
pub trait Projector: Send + Sync + 'static {
    /// The checkpoint and advisory-lock name (lower case, digits and `_`).
    fn name(&self) -> &'static str;

    /// The view tables this projector owns (rebuilt and swapped together).
    fn tables(&self) -> &'static [&'static str];

    /// Applies a batch of events (all events of the log; skip the ones you do not know).
    async fn apply(
        &self,
        tx: &mut sqlx::PgConnection,
        events: &[StoredEvent],
    ) -> anyhow::Result<()>;
}

/// Decodes an event's payload; a failure is logged with the event's position and returned.
pub fn decode<E>(projector: &str, event: &StoredEvent) -> anyhow::Result<E>
where
    E: DeserializeOwned,
{
    event.decode().map_err(|error| {
        tracing::error!(
            projector,
            transaction_id = event.checkpoint.transaction_id,
            global_position = event.checkpoint.global_position,
            event_type = %event.event_type,
            %error,
            "undecodable event payload"
        );
        anyhow::anyhow!(
            "{projector}: cannot decode {} at ({}, {}): {error}",
            event.event_type,
            event.checkpoint.transaction_id,
            event.checkpoint.global_position
        )
    })
}

/// The stream id of an event as a UUID, or an error naming its position.
pub fn stream_id(projector: &str, event: &StoredEvent) -> anyhow::Result<Uuid> {
    event.stream_id().ok_or_else(|| {
        tracing::error!(projector, checkpoint = ?event.checkpoint, "stream id is not a uuid");
        anyhow::anyhow!(
            "{projector}: stream id {:?} at {:?} is not a uuid",
            event.aggregate_id,
            event.checkpoint
        )
    })
}

/// The events of a batch a view reads: those of `aggregate_type` whose type is in `types`,
/// decoded, with their stream id and `occurred_at`, in log order.
pub fn relevant<E>(
    projector: &str,
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
                stream_id(projector, e)?,
                decode(projector, e)?,
                e.occurred_at(),
            ))
        })
        .collect()
}
