//! The event store as the write side uses it: a stream's events read in one query, and any
//! number of new events — of one stream or several — appended in one multi-row INSERT (one
//! statement, so one round trip and one commit, docs/decisions/0035). The primary key
//! `(aggregate_type, aggregate_id, sequence)` is the optimistic lock: an append that lost the
//! race for a sequence fails whole with [`AppendError::Conflict`].

use std::sync::Arc;

use cqrs_es::persist::SerializedEvent;
use cqrs_es::{Aggregate, DomainEvent};
use sqlx::PgPool;

use super::group_commit::GroupCommit;

/// Why an append failed.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// Another writer appended to one of the streams first (nothing was appended).
    #[error("another writer appended to the stream first")]
    Conflict,
    /// The database failed (or refused the events, e.g. a consumer's transaction).
    #[error("appending events failed")]
    Database(#[from] sqlx::Error),
    /// An event or its metadata could not be serialised.
    #[error("an event could not be serialised")]
    Serialisation(#[from] serde_json::Error),
    /// The task sending the append stopped before it answered (whether it was written is
    /// unknown: the stream's next version tells).
    #[error("the append was interrupted")]
    Stopped,
}

/// The `events` table of one database.
#[derive(Clone)]
pub struct EventLog {
    pool: PgPool,
    /// The appends in flight and queued, shared by the clones.
    group: Arc<GroupCommit>,
}

impl EventLog {
    /// The log in `pool`'s database.
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            group: Arc::default(),
        }
    }

    /// The database pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Appends `events` atomically, in their order, with one statement — shared with the
    /// appends of other streams queued at the same time ([`GroupCommit`]).
    pub async fn append(&self, events: Vec<SerializedEvent>) -> Result<(), AppendError> {
        if events.is_empty() {
            return Ok(());
        }
        self.group.append(&self.pool, events).await
    }

    /// One stream's events in order, as stored.
    pub async fn stream(
        &self,
        aggregate_type: &str,
        id: &str,
    ) -> Result<Vec<SerializedEvent>, sqlx::Error> {
        self.select(aggregate_type, Some(id)).await
    }

    /// Every event of one aggregate type, stream by stream (cqrs-es's replay order).
    pub async fn all(&self, aggregate_type: &str) -> Result<Vec<SerializedEvent>, sqlx::Error> {
        self.select(aggregate_type, None).await
    }

    async fn select(
        &self,
        aggregate_type: &str,
        id: Option<&str>,
    ) -> Result<Vec<SerializedEvent>, sqlx::Error> {
        type Row = (
            String,
            i64,
            String,
            String,
            serde_json::Value,
            serde_json::Value,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "select aggregate_id, sequence, event_type, event_version, payload, metadata
               from events
              where aggregate_type = $1 and ($2::text is null or aggregate_id = $2)
              order by aggregate_id, sequence",
        )
        .bind(aggregate_type)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, sequence, event_type, event_version, payload, metadata)| {
                    SerializedEvent::new(
                        id,
                        usize::try_from(sequence).unwrap_or_default(),
                        aggregate_type.to_owned(),
                        event_type,
                        event_version,
                        payload,
                        metadata,
                    )
                },
            )
            .collect())
    }
}

/// An event of `A` ready to append as `sequence` of stream `id`.
pub fn serialise<A: Aggregate>(
    id: &str,
    sequence: usize,
    event: &A::Event,
    metadata: &serde_json::Value,
) -> Result<SerializedEvent, serde_json::Error> {
    Ok(SerializedEvent::new(
        id.to_owned(),
        sequence,
        A::TYPE.to_owned(),
        event.event_type(),
        event.event_version(),
        serde_json::to_value(event)?,
        metadata.clone(),
    ))
}

/// Inserts `events` in their order with one statement (one transaction).
pub(super) async fn insert(
    pool: &PgPool,
    events: impl Iterator<Item = &SerializedEvent>,
) -> Result<(), AppendError> {
    let (lower, _) = events.size_hint();
    let mut types = Vec::with_capacity(lower);
    let mut ids = Vec::with_capacity(lower);
    let mut sequences = Vec::with_capacity(lower);
    let mut names = Vec::with_capacity(lower);
    let mut versions = Vec::with_capacity(lower);
    let mut payloads = Vec::with_capacity(lower);
    let mut metadata = Vec::with_capacity(lower);
    for event in events {
        types.push(event.aggregate_type.as_str());
        ids.push(event.aggregate_id.as_str());
        sequences.push(i64::try_from(event.sequence).unwrap_or(i64::MAX));
        names.push(event.event_type.as_str());
        versions.push(event.event_version.as_str());
        payloads.push(&event.payload);
        metadata.push(&event.metadata);
    }
    // `with ordinality … order by`: global positions follow the order given
    let result = sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         select t, i, s, n, v, p, m
           from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[],
                       $6::jsonb[], $7::jsonb[]) with ordinality as e(t, i, s, n, v, p, m, o)
          order by o",
    )
    .bind(&types)
    .bind(&ids)
    .bind(&sequences)
    .bind(&names)
    .bind(&versions)
    .bind(&payloads)
    .bind(&metadata)
    .execute(pool)
    .await;
    match result {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppendError::Conflict),
        Err(e) => Err(e.into()),
    }
}
