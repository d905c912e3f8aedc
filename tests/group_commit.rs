//! Group commit: appends of different streams queued while the log's statements are busy go
//! in one statement (one transaction); when that statement fails, each request is appended on
//! its own and gets its own outcome. The statements are held busy for real: an uncommitted
//! transaction of the test holds the keys the first two appends need.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use birqadam_commands::store::{AppendError, EventLog};
use cqrs_es::persist::SerializedEvent;
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};

use crate::helpers::spawn_app;

type Append = Pin<Box<dyn Future<Output = Result<(), AppendError>> + Send>>;

fn event(stream: &str, sequence: usize) -> SerializedEvent {
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
async fn queued(log: &EventLog, events: Vec<SerializedEvent>) -> Append {
    let log = log.clone();
    let mut append: Append = Box::pin(async move { log.append(events).await });
    assert!(futures::poll!(&mut append).is_pending());
    append
}

/// Waits until `n` statements of this database wait for a lock.
async fn waiting_on_locks(pool: &PgPool, n: i64) {
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
async fn both_statements_blocked(
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

async fn released(holder: Transaction<'static, Postgres>, blocked: [Append; 2]) {
    holder.commit().await.expect("commit");
    for append in blocked {
        let lost = append.await;
        assert!(matches!(lost, Err(AppendError::Conflict)), "{lost:?}");
    }
}

/// `(stream, sequence, transaction)` of the probes, in log order.
async fn probes(pool: &PgPool) -> Vec<(String, i64, i64)> {
    sqlx::query_as(
        "select aggregate_id, sequence, transaction_id::text::bigint from events
          where aggregate_type = 'Probe' and aggregate_id not like 'held-%'
          order by global_position",
    )
    .fetch_all(pool)
    .await
    .expect("the probes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appends_queued_behind_busy_statements_share_one_transaction_in_their_order() {
    let app = spawn_app().await;
    let log = EventLog::new(app.pool.clone());
    let (holder, blocked) = both_statements_blocked(&app.pool, &log).await;

    let c = queued(&log, vec![event("c", 1), event("c", 2)]).await;
    let d = queued(&log, vec![event("d", 1)]).await;
    let e = queued(&log, vec![event("e", 1)]).await;
    released(holder, blocked).await;
    for append in [c, d, e] {
        append.await.expect("a queued append");
    }

    let probes = probes(&app.pool).await;
    let order: Vec<(&str, i64)> = probes.iter().map(|(s, n, _)| (s.as_str(), *n)).collect();
    assert_eq!(order, [("c", 1), ("c", 2), ("d", 1), ("e", 1)]);
    assert!(
        probes.iter().all(|p| p.2 == probes[0].2),
        "one transaction: {probes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_race_in_a_shared_statement_fails_only_its_own_append() {
    let app = spawn_app().await;
    let log = EventLog::new(app.pool.clone());
    let (holder, blocked) = both_statements_blocked(&app.pool, &log).await;

    let c = queued(&log, vec![event("c", 1), event("c", 2)]).await;
    // the holder's key: lost once the holder commits, and it fails the shared statement
    let lost = queued(&log, vec![event("x", 1), event("held-1", 1)]).await;
    let d = queued(&log, vec![event("d", 1)]).await;
    released(holder, blocked).await;

    c.await.expect("c is appended");
    let lost = lost.await;
    assert!(matches!(lost, Err(AppendError::Conflict)), "{lost:?}");
    d.await.expect("d is appended");
    let probes = probes(&app.pool).await;
    let order: Vec<(&str, i64)> = probes.iter().map(|(s, n, _)| (s.as_str(), *n)).collect();
    // nothing of the lost append, not even its other stream's event
    assert_eq!(order, [("c", 1), ("c", 2), ("d", 1)]);
    assert_eq!(
        probes[0].2, probes[1].2,
        "c's events stay in one transaction"
    );
}
