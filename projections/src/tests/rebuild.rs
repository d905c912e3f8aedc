//! Rebuilding from position zero gives the live view, also while the runner is running.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::watch;

use super::support::{account_story, caught_up, checkpoint, database, dump};
use crate::all_projectors;
use crate::rebuild::rebuild;
use crate::runner::ConsumerRunner;

const VIEWS: [(&str, &str); 2] = [
    ("accounts", "accounts_view"),
    ("organizer_applications", "organizer_applications_view"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_equals_the_live_views() {
    let pool = database().await;
    for n in 0..7 {
        account_story(&pool, n).await;
    }
    let (stop, shutdown) = watch::channel(false);
    let handle = ConsumerRunner::new(pool.clone(), all_projectors())
        .batch_size(5)
        .spawn(shutdown);
    assert!(caught_up(&pool, &["accounts", "organizer_applications"]).await);
    stop.send(true).expect("runner listens");
    handle.await.expect("runner stops");

    for (name, table) in VIEWS {
        let projector = all_projectors()
            .into_iter()
            .find(|p| p.name() == name)
            .expect("a known view");
        let live = dump(&pool, table).await;
        let live_checkpoint = checkpoint(&pool, name).await;
        let applied = rebuild(&pool, projector.as_ref(), 4)
            .await
            .expect("rebuild");
        assert_eq!(applied, 49, "{name} replayed the whole log");
        assert_eq!(dump(&pool, table).await, live, "{name}");
        assert_eq!(checkpoint(&pool, name).await, live_checkpoint);
        assert_eq!(live.as_array().map(Vec::len), Some(7));
    }
    let leftovers: i64 = sqlx::query_scalar(
        "select count(*) from information_schema.schemata where schema_name like 'rebuild_%'",
    )
    .fetch_one(&pool)
    .await
    .expect("schemas");
    assert_eq!(leftovers, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_while_the_runner_runs_ends_equal_and_readers_never_see_an_empty_view() {
    let pool = database().await;
    for n in 0..5 {
        account_story(&pool, n).await;
    }
    let (stop, shutdown) = watch::channel(false);
    let handle = ConsumerRunner::new(pool.clone(), all_projectors())
        .batch_size(3)
        .poll_interval(Duration::from_millis(20))
        .spawn(shutdown);
    assert!(caught_up(&pool, &["accounts"]).await);

    // a writer keeps appending and a reader keeps counting while both views are rebuilt
    let writer = tokio::spawn({
        let pool = pool.clone();
        async move {
            for n in 5..25 {
                account_story(&pool, n).await;
            }
        }
    });
    let done = Arc::new(AtomicBool::new(false));
    let reader = tokio::spawn({
        let (pool, done) = (pool.clone(), Arc::clone(&done));
        async move {
            let mut last = 0_i64;
            while !done.load(Ordering::SeqCst) {
                let count: i64 = sqlx::query_scalar("select count(*) from accounts_view")
                    .fetch_one(&pool)
                    .await
                    .expect("the view is always readable");
                assert!(count >= last, "the view shrank from {last} to {count}");
                last = count;
            }
        }
    });
    for projector in all_projectors() {
        rebuild(&pool, projector.as_ref(), 7)
            .await
            .expect("rebuild");
    }
    writer.await.expect("writer");
    assert!(caught_up(&pool, &["accounts", "organizer_applications"]).await);
    done.store(true, Ordering::SeqCst);
    reader.await.expect("reader never saw the view shrink");
    stop.send(true).expect("runner listens");
    handle.await.expect("runner stops");

    for (name, table) in VIEWS {
        let live = dump(&pool, table).await;
        assert_eq!(live.as_array().map(Vec::len), Some(25), "{name}");
        let projector = all_projectors()
            .into_iter()
            .find(|p| p.name() == name)
            .expect("a known view");
        rebuild(&pool, projector.as_ref(), 1000)
            .await
            .expect("quiet rebuild");
        assert_eq!(dump(&pool, table).await, live, "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leftover_shadow_schema_from_a_crashed_rebuild_is_replaced() {
    let pool = database().await;
    account_story(&pool, 1).await;
    sqlx::raw_sql(
        "create schema rebuild_accounts;
         create table rebuild_accounts.accounts_view (junk int);
         create table rebuild_accounts.projection_checkpoints (junk int);",
    )
    .execute(&pool)
    .await
    .expect("a crashed rebuild's leftovers");

    assert!(caught_up_by_rebuild(&pool).await);
    let rows = dump(&pool, "accounts_view").await;
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    let leftovers: i64 = sqlx::query_scalar(
        "select count(*) from information_schema.schemata where schema_name = 'rebuild_accounts'",
    )
    .fetch_one(&pool)
    .await
    .expect("schemas");
    assert_eq!(leftovers, 0);
}

/// Rebuilds `accounts` until its checkpoint reaches the newest event (visibility may lag).
async fn caught_up_by_rebuild(pool: &sqlx::PgPool) -> bool {
    let target = super::support::last_event(pool).await;
    super::support::eventually(|| async {
        rebuild(pool, &crate::accounts::AccountsProjector, 100)
            .await
            .expect("rebuild");
        checkpoint(pool, "accounts").await >= target
    })
    .await
}
