//! One batch for several consumers at once (docs/decisions/0039): one transaction, one read of
//! the log, every consumer's apply, one update of their checkpoints, one commit.
//!
//! The consumers at the frontmost checkpoint share the read; any behind it are reported back,
//! so that the caller runs them alone until they are level again (a new view starting at zero
//! must not hold the others' new events back). An apply that fails rolls the whole transaction
//! back and is reported with its consumer, so the caller retries the others without it.

use sqlx::{Connection, PgConnection};

use crate::batch::BatchOutcome;
use crate::consumer::LogConsumer;
use crate::log::{Checkpoint, MARK_CONSUMER, read_batch, read_batch_below};

/// What one transaction for a group of consumers did.
#[derive(Debug)]
pub(crate) struct Together {
    /// The consumers (by index into the given slice) that applied the batch, with its outcome
    /// (the same for each).
    pub applied: Vec<usize>,
    /// What the shared batch did.
    pub outcome: BatchOutcome,
    /// The consumers whose checkpoint was behind the others': nothing was applied for them.
    pub behind: Vec<usize>,
}

/// Why a group's batch did not commit.
#[derive(Debug)]
pub(crate) enum TogetherError {
    /// The consumer at this index failed to apply it (the transaction was rolled back).
    Consumer(usize, anyhow::Error),
    /// Locking, reading, moving the checkpoints or committing failed (the connection may be
    /// broken).
    Batch(anyhow::Error),
}

impl From<sqlx::Error> for TogetherError {
    fn from(error: sqlx::Error) -> Self {
        Self::Batch(error.into())
    }
}

/// Locks the checkpoints of `consumers` (`projection_checkpoints` as `search_path` resolves it),
/// inserting missing rows first; in the order of `consumers`.
pub(super) async fn lock_checkpoints(
    conn: &mut PgConnection,
    names: &[&str],
) -> Result<Vec<Checkpoint>, sqlx::Error> {
    for _ in 0..2 {
        // by name, so that two lockers of overlapping groups cannot deadlock
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "select name, transaction_id, global_position from projection_checkpoints
              where name = any($1) order by name for update",
        )
        .bind(names)
        .fetch_all(&mut *conn)
        .await?;
        if rows.len() == names.len() {
            return Ok(names
                .iter()
                .map(|name| {
                    let (_, transaction_id, global_position) = rows
                        .iter()
                        .find(|(n, _, _)| n == name)
                        .cloned()
                        .unwrap_or_default();
                    Checkpoint {
                        transaction_id,
                        global_position,
                    }
                })
                .collect());
        }
        sqlx::query(
            "insert into projection_checkpoints (name) select unnest($1::text[])
             on conflict do nothing",
        )
        .bind(names)
        .execute(&mut *conn)
        .await?;
    }
    Err(sqlx::Error::RowNotFound)
}

/// Applies the next batch to every consumer at the frontmost checkpoint of `consumers`, in one
/// transaction, below `horizon` (read earlier) or the horizon read now. Unless one of them is
/// [`LogConsumer::durable`], the commit does not wait for the WAL flush.
pub(crate) async fn apply_together(
    conn: &mut PgConnection,
    consumers: &[&dyn LogConsumer],
    limit: i64,
    horizon: Option<i64>,
) -> Result<Together, TogetherError> {
    let names: Vec<&'static str> = consumers.iter().map(|c| c.name()).collect();
    let durable = consumers.iter().any(|c| c.durable());
    let mut tx = conn.begin().await?;
    sqlx::query(MARK_CONSUMER)
        .bind((!durable).then_some("off"))
        .execute(&mut *tx)
        .await?;
    let at = lock_checkpoints(&mut tx, &names).await?;
    let front = at.iter().copied().max().unwrap_or(Checkpoint::ZERO);
    let (leaders, behind): (Vec<usize>, Vec<usize>) =
        (0..consumers.len()).partition(|&i| at[i] == front);
    let read = match horizon {
        Some(horizon) => read_batch_below(&mut *tx, front, horizon, limit).await,
        None => read_batch(&mut *tx, front, limit).await,
    };
    let events = read.map_err(|e| {
        TogetherError::Batch(
            anyhow::Error::new(e).context(format!("cannot read the log after {front:?}")),
        )
    })?;
    let Some(last) = events.last() else {
        tx.commit().await?;
        return Ok(Together {
            applied: leaders,
            outcome: BatchOutcome {
                applied: 0,
                checkpoint: front,
            },
            behind,
        });
    };
    let checkpoint = last.checkpoint;
    for &i in &leaders {
        consumers[i].apply(&mut tx, &events).await.map_err(|e| {
            TogetherError::Consumer(
                i,
                e.context(format!(
                    "{}: cannot apply the batch after {front:?}",
                    names[i]
                )),
            )
        })?;
    }
    let moved: Vec<&str> = leaders.iter().map(|&i| names[i]).collect();
    sqlx::query(
        "update projection_checkpoints
            set transaction_id = $2, global_position = $3, updated_at = now()
          where name = any($1)",
    )
    .bind(&moved)
    .bind(checkpoint.transaction_id)
    .bind(checkpoint.global_position)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Together {
        applied: leaders,
        outcome: BatchOutcome {
            applied: events.len(),
            checkpoint,
        },
        behind,
    })
}
