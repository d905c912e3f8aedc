//! One stored event as one leaf: the canonical bytes of its NDJSON line (without the newline).
//!
//! The line is a JSON object with the keys, in this order, `position`, `aggregate_type`,
//! `aggregate_id`, `sequence`, `event_type`, `event_version`, `payload`, `metadata`,
//! `recorded_at`; no insignificant whitespace; UTF-8; keys of objects inside `payload` and
//! `metadata` sorted by their UTF-8 bytes; numbers and strings written as [`canonical`] says;
//! `recorded_at` as RFC 3339 UTC with exactly six fractional digits and `Z`.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;

use crate::hash::{Hash, leaf_hash};

pub mod canonical;

/// One event of the log as an auditor sees it, with its place in the audit order.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Dense 0-based index in the audit order (the leaf index in the tree).
    pub position: u64,
    /// The aggregate's type, e.g. `PhotoReport`.
    pub aggregate_type: String,
    /// The aggregate's id (a UUID in its text form).
    pub aggregate_id: String,
    /// The event's sequence number within its aggregate.
    pub sequence: u64,
    /// The event's type, e.g. `PhotoReportApproved`.
    pub event_type: String,
    /// The event's schema version, e.g. `1.0`.
    pub event_version: String,
    /// The event's payload as stored.
    pub payload: serde_json::Value,
    /// The command metadata (actor, channel, request id …).
    pub metadata: BTreeMap<String, String>,
    /// When the store recorded it; encoded at microsecond precision (PostgreSQL's), any finer
    /// part is truncated.
    pub recorded_at: DateTime<Utc>,
}

/// Why bytes are not the canonical line of a stored event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeafError {
    /// Not a JSON object with exactly the nine fields of a stored event, each of its type.
    #[error("not a stored event: {0}")]
    Malformed(String),
    /// A stored event, but not written canonically; `offset` is the first differing byte.
    #[error("a stored event, but not in canonical form (first difference at byte {offset})")]
    NotCanonical {
        /// The first byte where the line and its canonical encoding differ.
        offset: usize,
    },
}

impl StoredEvent {
    /// The canonical line, without the trailing newline.
    pub fn to_line(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push_str("{\"position\":");
        out.push_str(&self.position.to_string());
        field(&mut out, "aggregate_type", &self.aggregate_type);
        field(&mut out, "aggregate_id", &self.aggregate_id);
        out.push_str(",\"sequence\":");
        out.push_str(&self.sequence.to_string());
        field(&mut out, "event_type", &self.event_type);
        field(&mut out, "event_version", &self.event_version);
        out.push_str(",\"payload\":");
        canonical::write_value(&mut out, &self.payload);
        out.push_str(",\"metadata\":{");
        for (i, (key, value)) in self.metadata.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            canonical::write_string(&mut out, key);
            out.push(':');
            canonical::write_string(&mut out, value);
        }
        out.push('}');
        field(&mut out, "recorded_at", &encode_time(&self.recorded_at));
        out.push('}');
        out
    }

    /// The RFC 6962 leaf hash of [`StoredEvent::to_line`].
    pub fn leaf_hash(&self) -> Hash {
        leaf_hash(self.to_line().as_bytes())
    }

    /// Reads any JSON spelling of a stored event (key order and whitespace free, `recorded_at`
    /// any RFC 3339 time); use [`StoredEvent::parse_line`] to also demand the canonical bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Self, LeafError> {
        serde_json::from_slice::<Wire>(bytes)
            .map_err(|e| LeafError::Malformed(e.to_string()))
            .and_then(Self::try_from)
    }

    /// Reads a line that must be exactly the canonical encoding of the event it holds.
    pub fn parse_line(line: &[u8]) -> Result<Self, LeafError> {
        let event = Self::from_json(line)?;
        let canonical = event.to_line();
        if let Some(offset) = first_difference(line, canonical.as_bytes()) {
            return Err(LeafError::NotCanonical { offset });
        }
        Ok(event)
    }
}

/// `recorded_at` as written in a line: `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
pub fn encode_time(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(",\"");
    out.push_str(key);
    out.push_str("\":");
    canonical::write_string(out, value);
}

fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => Some(i),
        None if a.len() != b.len() => Some(a.len().min(b.len())),
        None => None,
    }
}

/// The line as read, before `recorded_at` is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    position: u64,
    aggregate_type: String,
    aggregate_id: String,
    sequence: u64,
    event_type: String,
    event_version: String,
    payload: serde_json::Value,
    metadata: BTreeMap<String, String>,
    recorded_at: String,
}

impl TryFrom<Wire> for StoredEvent {
    type Error = LeafError;

    fn try_from(w: Wire) -> Result<Self, Self::Error> {
        let recorded_at = DateTime::parse_from_rfc3339(&w.recorded_at)
            .map_err(|e| LeafError::Malformed(format!("recorded_at: {e}")))?
            .with_timezone(&Utc);
        Ok(Self {
            position: w.position,
            aggregate_type: w.aggregate_type,
            aggregate_id: w.aggregate_id,
            sequence: w.sequence,
            event_type: w.event_type,
            event_version: w.event_version,
            payload: w.payload,
            metadata: w.metadata,
            recorded_at,
        })
    }
}

#[cfg(test)]
mod tests;
