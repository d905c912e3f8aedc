//! The event store on the write side: per-stream writers that batch (`writer`), the log they
//! append to with multi-row inserts that streams share (`event_log`, `group_commit`; also
//! cqrs-es's `PersistedEventRepository`: `repository`), and loading an aggregate's current
//! state for decisions made outside it.

mod event_log;
mod group_commit;
mod repository;
mod writer;

use std::collections::HashMap;

use cqrs_es::Aggregate;
use sqlx::PgPool;

pub use event_log::{AppendError, EventLog};
pub use writer::StreamWriter;

/// Outcome of executing a command, before mapping domain errors.
pub enum Outcome<E> {
    /// The events (possibly none) were appended.
    Done,
    /// The aggregate refused the command.
    Rejected(E),
}

/// Executes `command` on stream `id` through its writer. A conflict with another process
/// reloads the aggregate and decides again, so a duplicate (e.g. a second approval) becomes a
/// domain rejection, never a second event. Infrastructure failures are returned as `Err`.
pub async fn execute<A>(
    writer: &StreamWriter<A>,
    id: &str,
    command: A::Command,
    metadata: &HashMap<String, String>,
) -> Result<Outcome<A::Error>, crate::CommandError>
where
    A: Aggregate<Services = ()> + Clone + 'static,
    A::Command: Clone + Send + Sync + 'static,
    A::Error: std::error::Error + Send + Sync + 'static,
{
    writer.execute(id, command, metadata).await
}

/// Folds the current state of one stream (for checks made before a command, e.g. a login).
pub async fn load<A: Aggregate>(pool: &PgPool, id: &str) -> Result<(A, i64), crate::CommandError> {
    let rows: Vec<(serde_json::Value,)> = sqlx::query_as(
        "select payload from events where aggregate_type = $1 and aggregate_id = $2 order by sequence",
    )
    .bind(A::TYPE)
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut aggregate = A::default();
    let version = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    for (payload,) in rows {
        let event: A::Event = serde_json::from_value(payload).map_err(|e| {
            anyhow::Error::new(e).context(format!("undecodable {} event in {id}", A::TYPE))
        })?;
        aggregate.apply(event);
    }
    Ok((aggregate, version))
}
