//! The log's reading statements as PostgreSQL plans them: every probe walks the position
//! index, nothing sorts or scans the log (whose size grows without bound).

use uuid::Uuid;

use super::support::{append_account, database, registered};
use crate::log::{HEAD, READ_BATCH, READABLE};

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
