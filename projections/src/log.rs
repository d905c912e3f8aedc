//! The global, ordered event log as consumers see it.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use sqlx::postgres::PgRow;
use sqlx::{PgExecutor, PgPool, Row};
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

    /// When the event happened by the platform's clock (metadata `occurred_at`, set from the
    /// command side's clock port so tests can move time), else when it was recorded.
    pub fn occurred_at(&self) -> DateTime<Utc> {
        self.meta("occurred_at")
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map_or(self.recorded_at, |t| t.with_timezone(&Utc))
    }

    /// A metadata field as text.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).and_then(serde_json::Value::as_str)
    }
}

impl Checkpoint {
    /// The position before the first event.
    pub const ZERO: Self = Self {
        transaction_id: 0,
        global_position: 0,
    };

    pub(crate) fn from_row(row: &PgRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            transaction_id: row.try_get("transaction_id")?,
            global_position: row.try_get("global_position")?,
        })
    }
}

impl StoredEvent {
    pub(crate) fn from_row(row: &PgRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            checkpoint: Checkpoint::from_row(row)?,
            aggregate_type: row.try_get("aggregate_type")?,
            aggregate_id: row.try_get("aggregate_id")?,
            sequence: row.try_get("sequence")?,
            event_type: row.try_get("event_type")?,
            event_version: row.try_get("event_version")?,
            payload: row.try_get("payload")?,
            metadata: row.try_get("metadata")?,
            recorded_at: row.try_get("recorded_at")?,
        })
    }
}

/// The batch read of [`read_batch`] and [`read_batch_below`] (`$4`: a horizon read before, or
/// null to read it now). The `order by` names the table's columns: a bare `transaction_id` there
/// is the output alias (the `bigint` cast), which no index is in the order of, so every batch
/// sorted the whole log after its checkpoint (4.4 s per batch at 1M events).
pub(crate) const READ_BATCH: &str =
    "select transaction_id::text::bigint as transaction_id, global_position, aggregate_type,
            aggregate_id, sequence, event_type, event_version, payload, metadata, recorded_at
       from events
      where (transaction_id, global_position) > ($1::text::xid8, $2)
        and transaction_id < coalesce($4::text::xid8, (select events_horizon()))
      order by events.transaction_id, events.global_position
      limit $3";

/// The query of [`head`] (its `order by` names the table's columns, as in [`READ_BATCH`]).
pub(crate) const HEAD: &str =
    "select transaction_id::text::bigint as transaction_id, global_position
       from events
      where transaction_id < (select events_horizon())
      order by events.transaction_id desc, events.global_position desc
      limit 1";

/// Reads up to `limit` events after `after`, in consumer order.
///
/// Only transactions below the horizon (`events_horizon()`, docs/decisions/0034) are read: every
/// transaction that could still commit an event before them has finished, so a late commit is
/// never skipped. Open transactions of other databases and of log consumers (see
/// [`mark_consumer`]) cannot append here and do not hold the horizon; any other open transaction
/// of this database holds it until it ends.
pub async fn read_batch<'e>(
    conn: impl PgExecutor<'e>,
    after: Checkpoint,
    limit: i64,
) -> Result<Vec<StoredEvent>, sqlx::Error> {
    read(conn, after, None, limit).await
}

/// [`read_batch`] below a horizon that [`readable`] returned earlier (any earlier reading is safe:
/// every transaction below it had ended when it was read, so it is visible to every later
/// snapshot — it only stops short of what ended since).
pub async fn read_batch_below<'e>(
    conn: impl PgExecutor<'e>,
    after: Checkpoint,
    horizon: i64,
    limit: i64,
) -> Result<Vec<StoredEvent>, sqlx::Error> {
    read(conn, after, Some(horizon), limit).await
}

async fn read<'e>(
    conn: impl PgExecutor<'e>,
    after: Checkpoint,
    horizon: Option<i64>,
    limit: i64,
) -> Result<Vec<StoredEvent>, sqlx::Error> {
    let rows = sqlx::query(READ_BATCH)
        .bind(after.transaction_id)
        .bind(after.global_position)
        .bind(limit)
        .bind(horizon)
        .fetch_all(conn)
        .await?;
    rows.iter().map(StoredEvent::from_row).collect()
}

/// What consumers can read now: the log's visibility horizon (`events_horizon()`,
/// docs/decisions/0034), the newest event below it, and whether committed events wait above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readable {
    /// Consumers read the events of transactions below this xid.
    pub horizon: i64,
    /// The newest event below the horizon ([`Checkpoint::ZERO`] when none).
    pub head: Checkpoint,
    /// Committed events after `head`, held back by a transaction still open below them.
    pub held_back: bool,
}

/// The query of [`readable`]: one evaluation of the horizon (materialised: inlined, the function
/// would be evaluated once per use), then two probes of the position
/// index (the newest event below it, backwards; the first at or above it — only committed ones
/// are visible, and they are held back). The second is an ordered `limit 1`, not an `exists`:
/// PostgreSQL drops an `order by` inside `exists` and, pricing the first match of a filter it
/// cannot estimate, scans the table — the whole log when nothing is held back, which is almost
/// every reading (4–6 ms at 8,500 events, growing with the log).
pub(crate) const READABLE: &str = "with h as materialized (select events_horizon() as x)
     select h.x::text::bigint as horizon,
            coalesce(newest.transaction_id, '0'::xid8)::text::bigint as transaction_id,
            coalesce(newest.global_position, 0) as global_position,
            (select events.transaction_id from events where events.transaction_id >= h.x
              order by events.transaction_id limit 1) is not null as held_back
       from h
       left join lateral (select events.transaction_id, events.global_position from events
                           where events.transaction_id < h.x
                           order by events.transaction_id desc, events.global_position desc
                           limit 1) newest on true";

/// Reads [`Readable`] once. One reading serves every consumer of a runner
/// (docs/decisions/0038): the horizon costs a read of every backend's status (0041).
pub async fn readable<'e>(conn: impl PgExecutor<'e>) -> Result<Readable, sqlx::Error> {
    let row = sqlx::query(READABLE).fetch_one(conn).await?;
    Ok(Readable {
        horizon: row.try_get("horizon")?,
        head: Checkpoint::from_row(&row)?,
        held_back: row.try_get("held_back")?,
    })
}

/// The position of the newest event a consumer can read now ([`Checkpoint::ZERO`] when none).
pub async fn head(pool: &PgPool) -> Result<Checkpoint, sqlx::Error> {
    let row = sqlx::query(HEAD).fetch_optional(pool).await?;
    row.as_ref()
        .map_or(Ok(Checkpoint::ZERO), Checkpoint::from_row)
}

/// The statement of [`mark_consumer`]; `$1` is the transaction's `synchronous_commit` (`off` for
/// a batch of derived state, docs/decisions/0038), or null to leave it.
pub(crate) const MARK_CONSUMER: &str =
    "select set_config('application_name', 'birqadam log consumer', true),
            set_config('birqadam.consumer', 'on', true),
            set_config('synchronous_commit',
                       coalesce($1, current_setting('synchronous_commit')), true)";

/// Marks the current transaction as a log consumer's (for its whole life): it then does not hold
/// back the horizon of other readers, and the database refuses any event it tries to append.
/// Call it first in the transaction, before anything gives it an xid.
pub async fn mark_consumer(conn: &mut sqlx::PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query(MARK_CONSUMER)
        .bind(None::<&str>)
        .execute(conn)
        .await?;
    Ok(())
}

/// The position of a stream's last event, committed or not yet readable (for read-your-writes:
/// wait until the views have passed it).
pub async fn stream_position(
    pool: &PgPool,
    aggregate_type: &str,
    aggregate_id: &str,
) -> Result<Option<Checkpoint>, sqlx::Error> {
    let row = sqlx::query(
        "select transaction_id::text::bigint as transaction_id, global_position
           from events
          where aggregate_type = $1 and aggregate_id = $2
          order by sequence desc
          limit 1",
    )
    .bind(aggregate_type)
    .bind(aggregate_id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(Checkpoint::from_row).transpose()
}
