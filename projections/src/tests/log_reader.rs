//! The global-order reader never skips a transaction that commits late.

use std::collections::HashSet;
use std::time::Duration;

use uuid::Uuid;

use super::support::{PATIENCE, append_account, database, registered};
use crate::log::{
    Checkpoint, HEAD, READ_BATCH, READABLE, StoredEvent, head, read_batch, stream_position,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_that_commits_late_is_read_first_and_nothing_twice() {
    let pool = database().await;
    let (late, second, third) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());

    // Arrange: T1 inserts first and stays open while T2 and T3 commit
    let mut t1 = pool.begin().await.expect("t1 begins");
    append_account(&mut *t1, late, 1, &registered(1)).await;
    append_account(&pool, second, 1, &registered(2)).await;
    append_account(&pool, third, 1, &registered(3)).await;

    // Act + Assert: while T1 is open the reader returns nothing (T2 and T3 are above its xid)
    for _ in 0..10 {
        let batch = read_batch(&pool, Checkpoint::ZERO, 100)
            .await
            .expect("read");
        assert!(batch.is_empty(), "read past an open transaction: {batch:?}");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    t1.commit().await.expect("t1 commits");

    // one event per read, until all three are seen, then a few more empty reads
    let mut seen: Vec<StoredEvent> = Vec::new();
    let mut at = Checkpoint::ZERO;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while seen.len() < 3 && tokio::time::Instant::now() < deadline {
        let batch = read_batch(&pool, at, 1).await.expect("read");
        if let Some(event) = batch.last() {
            assert!(event.checkpoint > at, "the reader went backwards");
            at = event.checkpoint;
        } else {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        seen.extend(batch);
    }
    for _ in 0..5 {
        seen.extend(read_batch(&pool, at, 10).await.expect("read"));
    }

    let order: Vec<String> = seen.iter().map(|e| e.aggregate_id.clone()).collect();
    assert_eq!(
        order,
        vec![late.to_string(), second.to_string(), third.to_string()]
    );
    let unique: HashSet<i64> = seen.iter().map(|e| e.checkpoint.global_position).collect();
    assert_eq!(unique.len(), seen.len(), "an event was read twice");
    assert!(seen[0].checkpoint.transaction_id < seen[1].checkpoint.transaction_id);
    assert_eq!(head(&pool).await.expect("head"), at);
    assert_eq!(
        stream_position(&pool, "Account", &third.to_string())
            .await
            .expect("stream position"),
        Some(at)
    );
    assert_eq!(
        stream_position(&pool, "Account", &Uuid::nil().to_string())
            .await
            .expect("stream position"),
        None
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_of_one_transaction_come_in_insert_order() {
    let pool = database().await;
    let id = Uuid::now_v7();
    let mut tx = pool.begin().await.expect("begin");
    for sequence in 1..=3 {
        append_account(&mut *tx, id, sequence, &registered(sequence as usize)).await;
    }
    tx.commit().await.expect("commit");

    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while events.len() < 3 && tokio::time::Instant::now() < deadline {
        events = read_batch(&pool, Checkpoint::ZERO, 10).await.expect("read");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sequences: Vec<i64> = events.iter().map(|e| e.sequence).collect();
    assert_eq!(sequences, vec![1, 2, 3]);
    assert_eq!(events[0].meta("channel"), Some("api"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readers_walk_the_position_index_and_sort_nothing() {
    // Arrange: a few events; plans that sort or scan the table are priced out
    let pool = database().await;
    for n in 1..=3 {
        append_account(&pool, Uuid::now_v7(), 1, &registered(n)).await;
    }
    let mut tx = pool.begin().await.expect("a transaction");
    sqlx::raw_sql("set local enable_seqscan = off; set local enable_sort = off")
        .execute(&mut *tx)
        .await
        .expect("planner settings");

    // Act: the batch read with the horizon read inline and passed in
    let mut plans = Vec::new();
    for horizon in [None, Some(i64::from(u32::MAX))] {
        let plan: serde_json::Value =
            sqlx::query_scalar(&format!("explain (format json) {READ_BATCH}"))
                .bind(0_i64)
                .bind(0_i64)
                .bind(1000_i64)
                .bind(horizon)
                .fetch_one(&mut *tx)
                .await
                .expect("the batch read's plan");
        plans.push(plan);
    }
    let newest: serde_json::Value = sqlx::query_scalar(&format!("explain (format json) {HEAD}"))
        .fetch_one(&mut *tx)
        .await
        .expect("the head read's plan");

    // Assert: both read the (transaction_id, global_position) index in its order
    let readable: serde_json::Value =
        sqlx::query_scalar(&format!("explain (format json) {READABLE}"))
            .fetch_one(&mut *tx)
            .await
            .expect("the readable probe's plan");
    plans.push(newest);
    plans.push(readable);
    for plan in plans {
        let text = plan.to_string();
        assert!(!text.contains("\"Sort\""), "a sort: {plan:#}");
        assert!(
            text.contains("events_tx_position_idx"),
            "not the index: {plan:#}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readable_probe_never_scans_the_log_with_the_planner_left_alone() {
    // Arrange: a log of a few thousand events, analysed: the planner prices it as it is
    let pool = database().await;
    sqlx::raw_sql(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         select 'Probe', n::text, 1, 'Probed', '1.0', '{}', '{}' from generate_series(1, 5000) n;
         analyze events",
    )
    .execute(&pool)
    .await
    .expect("a log");

    // Act: the probe's plan with the default planner settings
    let plan: serde_json::Value = sqlx::query_scalar(&format!("explain (format json) {READABLE}"))
        .fetch_one(&pool)
        .await
        .expect("the readable probe's plan");

    // Assert: both probes walk the index (a scan of the table costs the whole log per reading)
    let text = plan.to_string();
    assert!(!text.contains("\"Seq Scan\""), "a table scan: {plan:#}");
    assert_eq!(
        text.matches("events_tx_position_idx").count(),
        2,
        "both probes on the index: {plan:#}"
    );
}
