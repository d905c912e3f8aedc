//! One batch: lock the checkpoint, read after it, apply, move it — in one transaction; for one
//! consumer or, sharing the read and the transaction, for several ([`together`]).

mod together;

use anyhow::Context;
use sqlx::{PgConnection, PgPool};

use crate::consumer::LogConsumer;
use crate::log::{Checkpoint, mark_consumer, read_batch, read_batch_below};
pub(crate) use together::{TogetherError, apply_together};

/// The batch size used by [`run_once`] and by the runner unless told otherwise.
pub const DEFAULT_BATCH_SIZE: i64 = 1000;

/// What one committed batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BatchOutcome {
    /// Events read and applied.
    pub applied: usize,
    /// The checkpoint after the batch.
    pub checkpoint: Checkpoint,
}

/// Marks the transaction as a consumer's ([`mark_consumer`]) and locks the consumer's checkpoint
/// row (`projection_checkpoints` as `search_path` resolves it) for the rest of the transaction,
/// inserting it first when it is missing.
pub(crate) async fn lock_checkpoint(
    conn: &mut PgConnection,
    name: &str,
) -> Result<Checkpoint, sqlx::Error> {
    mark_consumer(&mut *conn).await?;
    let locked = together::lock_checkpoints(conn, &[name]).await?;
    locked.first().copied().ok_or(sqlx::Error::RowNotFound)
}

/// Applies the next batch inside the caller's transaction (no commit), below `horizon` (read
/// earlier by the caller) or below the horizon read now.
pub(crate) async fn step(
    conn: &mut PgConnection,
    consumer: &dyn LogConsumer,
    limit: i64,
    horizon: Option<i64>,
) -> anyhow::Result<BatchOutcome> {
    let name = consumer.name();
    let at = lock_checkpoint(conn, name)
        .await
        .with_context(|| format!("{name}: cannot lock its checkpoint"))?;
    let read = match horizon {
        Some(horizon) => read_batch_below(&mut *conn, at, horizon, limit).await,
        None => read_batch(&mut *conn, at, limit).await,
    };
    let events = read.with_context(|| format!("{name}: cannot read the log after {at:?}"))?;
    let Some(last) = events.last() else {
        return Ok(BatchOutcome {
            applied: 0,
            checkpoint: at,
        });
    };
    let checkpoint = last.checkpoint;
    consumer
        .apply(conn, &events)
        .await
        .with_context(|| format!("{name}: cannot apply the batch after {at:?}"))?;
    sqlx::query(
        "update projection_checkpoints
            set transaction_id = $2, global_position = $3, updated_at = now()
          where name = $1",
    )
    .bind(name)
    .bind(checkpoint.transaction_id)
    .bind(checkpoint.global_position)
    .execute(&mut *conn)
    .await
    .with_context(|| format!("{name}: cannot move its checkpoint to {checkpoint:?}"))?;
    Ok(BatchOutcome {
        applied: events.len(),
        checkpoint,
    })
}

/// Applies the next batch in its own transaction; unless the consumer is
/// [`LogConsumer::durable`], its commit does not wait for the WAL flush (docs/decisions/0038).
pub(crate) async fn apply_batch(
    conn: &mut PgConnection,
    consumer: &dyn LogConsumer,
    limit: i64,
    horizon: Option<i64>,
) -> anyhow::Result<BatchOutcome> {
    match apply_together(conn, &[consumer], limit, horizon).await {
        Ok(together) => Ok(together.outcome),
        Err(TogetherError::Consumer(_, error) | TogetherError::Batch(error)) => {
            Err(error.context(format!("{}: the batch failed", consumer.name())))
        }
    }
}

/// Applies batches until one is not full; returns the number of events applied.
pub(crate) async fn catch_up(
    conn: &mut PgConnection,
    consumer: &dyn LogConsumer,
    batch_size: i64,
) -> anyhow::Result<u64> {
    let mut total = 0;
    loop {
        let outcome = apply_batch(conn, consumer, batch_size, None).await?;
        total += outcome.applied as u64;
        if (outcome.applied as i64) < batch_size {
            return Ok(total);
        }
    }
}

/// Catches one consumer up to the head of the log (without the runner's advisory lock; the
/// checkpoint row lock keeps it safe next to a running runner) and returns the events applied.
pub async fn run_once(pool: &PgPool, consumer: &dyn LogConsumer) -> anyhow::Result<u64> {
    let mut conn = pool.acquire().await?;
    catch_up(&mut conn, consumer, DEFAULT_BATCH_SIZE).await
}
