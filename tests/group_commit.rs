//! Group commit: appends of different streams queued while the log's statements are busy go
//! in one statement (one transaction); when that statement fails, each request is appended on
//! its own and gets its own outcome. The statements are held busy for real: an uncommitted
//! transaction of the test holds the keys the first two appends need.

mod support;

use birqadam_commands::store::{AppendError, EventLog};

use crate::helpers::spawn_app;
use support::{both_statements_blocked, event, probes, queued, released};

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
