//! cqrs-es on postgres-es: executing commands with bounded, jittered retries on optimistic
//! conflicts, and loading an aggregate's current state for decisions made outside it.

use std::collections::HashMap;
use std::time::Duration;

use cqrs_es::{Aggregate, AggregateError};
use postgres_es::PostgresCqrs;
use rand::Rng;
use sqlx::PgPool;

/// How many times a command is tried when other writers keep winning the race.
const MAX_ATTEMPTS: u32 = 8;

/// Outcome of executing a command, before mapping domain errors.
pub enum Outcome<E> {
    /// The events (possibly none) were appended.
    Done,
    /// The aggregate refused the command.
    Rejected(E),
}

/// Executes `command` on stream `id`, retrying on `AggregateConflict`: each retry reloads the
/// aggregate, so a duplicate (e.g. a second approval) becomes a domain rejection, never a second
/// event. Infrastructure failures are returned as `Err`.
pub async fn execute<A>(
    cqrs: &PostgresCqrs<A>,
    id: &str,
    command: A::Command,
    metadata: &HashMap<String, String>,
) -> Result<Outcome<A::Error>, crate::CommandError>
where
    A: Aggregate,
    A::Command: Clone,
    A::Error: std::error::Error + Send + Sync + 'static,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match cqrs
            .execute_with_metadata(id, command.clone(), metadata.clone())
            .await
        {
            Ok(()) => return Ok(Outcome::Done),
            Err(AggregateError::UserError(e)) => return Ok(Outcome::Rejected(e)),
            Err(AggregateError::AggregateConflict) => {
                metrics::counter!("command_conflicts_total", "aggregate" => A::TYPE).increment(1);
                if attempt >= MAX_ATTEMPTS {
                    return Err(crate::CommandError::Conflict);
                }
                let base = 2u64.pow(attempt.min(6));
                let jitter = rand::rng().random_range(0..=base * 3);
                tokio::time::sleep(Duration::from_millis(base + jitter)).await;
            }
            Err(other) => {
                return Err(crate::CommandError::Infrastructure(anyhow::anyhow!(
                    "{} command on {id} failed: {other}",
                    A::TYPE
                )));
            }
        }
    }
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
