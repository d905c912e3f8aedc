//! How the horizon tells consumer transactions from writers (docs/decisions/0041): by the
//! application name a consumer's transaction carries for its life only, and the guard that
//! refuses an append from any transaction carrying it.

use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};

use super::support::database;
use crate::log::mark_consumer;

/// The horizon as another session sees it after one more transaction has committed (a snapshot's
/// xmax is the newest ended transaction's successor: an open transaction newer than every ended
/// one would bound it either way).
async fn horizon(pool: &PgPool) -> i64 {
    sqlx::query("select pg_current_xact_id()")
        .execute(pool)
        .await
        .expect("a transaction that ends");
    sqlx::query_scalar("select events_horizon()::text::bigint")
        .fetch_one(pool)
        .await
        .expect("the horizon")
}

/// Whether the horizon passes `xid` within a second. One reading may stand lower: a transaction
/// of another test's database in the snapshot that ended before the backends' status was read is
/// no longer found to be left out (the safe direction), so the next reading is asked.
async fn passes(pool: &PgPool, xid: i64) -> bool {
    for _ in 0..100 {
        if horizon(pool).await > xid {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

/// Gives the connection's open transaction an xid and returns it.
async fn take_xid(conn: &mut PgConnection) -> i64 {
    sqlx::query_scalar("select pg_current_xact_id()::text::bigint")
        .fetch_one(conn)
        .await
        .expect("an xid")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_transaction_is_left_out_and_the_same_connection_counts_again_after_it() {
    let pool = database().await;
    let mut conn = pool.acquire().await.expect("a connection");

    let mut consumer = conn.begin().await.expect("begin");
    mark_consumer(&mut consumer).await.expect("marked");
    let consumers = take_xid(&mut consumer).await;
    assert!(
        passes(&pool, consumers).await,
        "an open consumer transaction does not hold the horizon"
    );
    consumer.commit().await.expect("commit");

    // the pooled connection serves a command next: its transaction holds the horizon again
    let mut writer = conn.begin().await.expect("begin");
    let writers = take_xid(&mut writer).await;
    assert!(writers > consumers);
    for _ in 0..20 {
        assert!(
            horizon(&pool).await <= writers,
            "an open ordinary transaction holds the horizon, whatever its connection did before"
        );
    }
    writer.rollback().await.expect("rollback");
    assert!(passes(&pool, writers).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_named_like_a_consumer_cannot_append() {
    let pool = database().await;
    let mut conn = pool.acquire().await.expect("a connection");
    sqlx::query("set application_name = 'birqadam log consumer'")
        .execute(&mut *conn)
        .await
        .expect("named");
    let refused = sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         values ('Account', 'x', 1, 'AccountRegistered', '1.0', '{}', '{}')",
    )
    .execute(&mut *conn)
    .await;
    let error = refused.expect_err("the database refuses the append");
    assert!(
        error.to_string().contains("cannot append events"),
        "unexpected error: {error}"
    );
    let count: i64 = sqlx::query_scalar("select count(*) from events")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(count, 0);
}
