//! The group commit tests' tools: probe events, appends queued and polled once, and an
//! uncommitted transaction that holds both statements in flight.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use birqadam_commands::store::{AppendError, EventLog};
use cqrs_es::persist::SerializedEvent;
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};

pub(super) type Append = Pin<Box<dyn Future<Output = Result<(), AppendError>> + Send>>;

pub(super) fn event(stream: &str, sequence: usize) -> SerializedEvent {
    SerializedEvent::new(
        stream.to_owned(),
        sequence,
        "Probe".to_owned(),
        "Probed".to_owned(),
        "1.0".to_owned(),
        json!({ "n": sequence }),
        json!({}),
    )
}

/// Starts an append and polls it once: once this returns, the request is queued.
pub(super) async fn queued(log: &EventLog, events: Vec<SerializedEvent>) -> Append {
    let log = log.clone();
    let mut append: Append = Box::pin(async move { log.append(events).await });
    assert!(futures::poll!(&mut append).is_pending());
    append
}

/// Waits until `n` statements of this database wait for a lock.
pub(super) async fn waiting_on_locks(pool: &PgPool, n: i64) {
    for _ in 0..1000 {
        let waiting: i64 = sqlx::query_scalar(
            "select count(*) from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .expect("pg_stat_activity");
        if waiting >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{n} appends never waited for the test's transaction");
}

/// An open transaction holding `(Probe, stream, 1)` for each stream, and the two appends of
/// those keys it blocks (the log's two statements in flight).
pub(super) async fn both_statements_blocked(
    pool: &PgPool,
    log: &EventLog,
) -> (Transaction<'static, Postgres>, [Append; 2]) {
    let mut holder = pool.begin().await.expect("begin");
    sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         values ('Probe', 'held-1', 1, 'Probed', '1.0', '{}', '{}'),
                ('Probe', 'held-2', 1, 'Probed', '1.0', '{}', '{}')",
    )
    .execute(&mut *holder)
    .await
    .expect("the holder's insert");
    // one at a time: the second must not join the first's statement
    let first = queued(log, vec![event("held-1", 1)]).await;
    waiting_on_locks(pool, 1).await;
    let second = queued(log, vec![event("held-2", 1)]).await;
    waiting_on_locks(pool, 2).await;
    (holder, [first, second])
}

pub(super) async fn released(holder: Transaction<'static, Postgres>, blocked: [Append; 2]) {
    holder.commit().await.expect("commit");
    for append in blocked {
        let lost = append.await;
        assert!(matches!(lost, Err(AppendError::Conflict)), "{lost:?}");
    }
}

/// `(stream, sequence, transaction)` of the probes, in log order.
pub(super) async fn probes(pool: &PgPool) -> Vec<(String, i64, i64)> {
    sqlx::query_as(
        "select aggregate_id, sequence, transaction_id::text::bigint from events
          where aggregate_type = 'Probe' and aggregate_id not like 'held-%'
          order by global_position",
    )
    .fetch_all(pool)
    .await
    .expect("the probes")
}
