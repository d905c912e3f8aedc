//! The global, ordered event log as consumers see it.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// A consumer's position in the log: the last `(transaction_id, global_position)` it applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Checkpoint {
    /// The inserting transaction's id (`xid8`, as a number).
    pub transaction_id: i64,
    /// The event's global position.
    pub global_position: i64,
}

/// One stored event with its place in the global order.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Where the event is in consumer order.
    pub checkpoint: Checkpoint,
    /// `Account`, `IdentityClaim`, `Project`, ...
    pub aggregate_type: String,
    /// The stream id (a UUID as text).
    pub aggregate_id: String,
    /// The event's sequence in its stream, from 1.
    pub sequence: i64,
    /// The event's variant name.
    pub event_type: String,
    /// The payload's schema version.
    pub event_version: String,
    /// The payload, externally tagged (`{"AccountRegistered": {...}}`).
    pub payload: serde_json::Value,
    /// Actor, channel, request id, idempotency key.
    pub metadata: serde_json::Value,
    /// When the event was inserted.
    pub recorded_at: DateTime<Utc>,
}

impl StoredEvent {
    /// The stream id as a UUID (all streams are UUIDs).
    pub fn stream_id(&self) -> Option<Uuid> {
        Uuid::parse_str(&self.aggregate_id).ok()
    }

    /// Deserialises the payload into an aggregate's event enum.
    pub fn decode<E: DeserializeOwned>(&self) -> Result<E, serde_json::Error> {
        serde_json::from_value(self.payload.clone())
    }

    /// A metadata field as text.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).and_then(serde_json::Value::as_str)
    }
}
