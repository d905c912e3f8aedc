//! A runner's consumers in one transaction per batch (docs/decisions/0039): level consumers
//! share it; a failing or lagging one runs alone and rejoins; the locks are all or none.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use sqlx::{PgConnection, PgPool};
use tokio::sync::watch;

use super::support::{account_story, caught_up, checkpoint, database, dump};
use crate::accounts::AccountsProjector;
use crate::consumer::LogConsumer;
use crate::leaderboard::LeaderboardProjector;
use crate::log::{Checkpoint, StoredEvent};
use crate::rating_history::RatingHistoryProjector;
use crate::rebuild::rebuild;
use crate::runner::ConsumerRunner;

/// The leaderboard projector, failing every batch while `failing` is set.
struct Flaky {
    failing: Arc<AtomicBool>,
}

#[async_trait]
impl LogConsumer for Flaky {
    fn name(&self) -> &'static str {
        LeaderboardProjector.name()
    }

    fn tables(&self) -> &'static [&'static str] {
        LeaderboardProjector.tables()
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        // it writes first: its rows must go with the rolled-back transaction
        LeaderboardProjector.apply(tx, events).await?;
        if self.failing.load(Ordering::SeqCst) {
            anyhow::bail!("the leaderboard is failing on purpose");
        }
        Ok(())
    }
}

fn runner(pool: &PgPool, consumers: Vec<Arc<dyn LogConsumer>>) -> ConsumerRunner {
    ConsumerRunner::new(pool.clone(), consumers)
        .batch_size(3)
        .poll_interval(Duration::from_millis(50))
}

/// The transaction that last moved each checkpoint (its `xmin`), by consumer name.
async fn writers(pool: &PgPool, names: &[&str]) -> Vec<String> {
    sqlx::query_scalar(
        "select xmin::text from projection_checkpoints where name = any($1) order by name",
    )
    .bind(names)
    .fetch_all(pool)
    .await
    .expect("checkpoint writers read")
}

/// Each view equals its rebuild from the whole log.
async fn equal_rebuilds(pool: &PgPool, views: &[(&dyn LogConsumer, &str)]) {
    for (projector, table) in views {
        let live = dump(pool, table).await;
        rebuild(pool, *projector, 1000).await.expect("rebuild");
        assert_eq!(
            dump(pool, table).await,
            live,
            "{table} differs from its rebuild"
        );
    }
}

/// The accounts and leaderboard views were last moved by one transaction and equal their
/// rebuilds.
async fn level_and_equal_to_rebuilds(pool: &PgPool) {
    let last = writers(pool, &["accounts", "leaderboard"]).await;
    assert_eq!(last[0], last[1], "not level: {last:?}");
    equal_rebuilds(
        pool,
        &[
            (&AccountsProjector, "accounts_view"),
            (&LeaderboardProjector, "leaderboard_view"),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn level_consumers_apply_each_batch_in_one_transaction() {
    let pool = database().await;
    let names = ["accounts", "leaderboard", "rating_history"];
    let (_stop, shutdown) = watch::channel(false);
    let consumers: Vec<Arc<dyn LogConsumer>> = vec![
        Arc::new(AccountsProjector),
        Arc::new(LeaderboardProjector),
        Arc::new(RatingHistoryProjector),
    ];
    let handle = runner(&pool, consumers).spawn(shutdown);

    for n in 0..4 {
        account_story(&pool, n).await;
    }
    assert!(caught_up(&pool, &names).await, "the views caught up");
    handle.abort();

    // one transaction moved all three checkpoints last, to the same position
    let last = writers(&pool, &names).await;
    assert_eq!(last.len(), 3);
    assert!(last.iter().all(|w| *w == last[0]), "{last:?}");
    let at = checkpoint(&pool, "accounts").await;
    for name in names {
        assert_eq!(checkpoint(&pool, name).await, at, "{name}");
    }
    equal_rebuilds(
        &pool,
        &[
            (&AccountsProjector, "accounts_view"),
            (&LeaderboardProjector, "leaderboard_view"),
            (&RatingHistoryProjector, "rating_history_view"),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_consumer_holds_nobody_back_and_catches_up_alone_once_it_recovers() {
    let pool = database().await;
    for n in 0..3 {
        account_story(&pool, n).await;
    }
    let failing = Arc::new(AtomicBool::new(true));
    let (_stop, shutdown) = watch::channel(false);
    let flaky = Flaky {
        failing: Arc::clone(&failing),
    };
    let handle = runner(&pool, vec![Arc::new(AccountsProjector), Arc::new(flaky)]).spawn(shutdown);

    // the healthy view follows the log while the other fails every batch
    assert!(
        caught_up(&pool, &["accounts"]).await,
        "accounts was held back"
    );
    account_story(&pool, 3).await;
    assert!(caught_up(&pool, &["accounts"]).await, "accounts stopped");
    assert_eq!(checkpoint(&pool, "leaderboard").await, Checkpoint::ZERO);
    assert_eq!(dump(&pool, "leaderboard_view").await, serde_json::json!([]));

    // it recovers: retried alone, it catches up, then shares the batches again
    failing.store(false, Ordering::SeqCst);
    assert!(
        caught_up(&pool, &["leaderboard"]).await,
        "the recovered view did not catch up"
    );
    account_story(&pool, 4).await;
    assert!(caught_up(&pool, &["accounts", "leaderboard"]).await);
    handle.abort();
    level_and_equal_to_rebuilds(&pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_behind_the_others_catches_up_alone_then_joins_them() {
    // Arrange: accounts is at the head; the leaderboard is new (checkpoint zero)
    let pool = database().await;
    for n in 0..4 {
        account_story(&pool, n).await;
    }
    crate::runner::run_once(&pool, &AccountsProjector)
        .await
        .expect("accounts caught up");
    let (_stop, shutdown) = watch::channel(false);
    let consumers: Vec<Arc<dyn LogConsumer>> =
        vec![Arc::new(AccountsProjector), Arc::new(LeaderboardProjector)];

    // Act
    let handle = runner(&pool, consumers).spawn(shutdown);
    account_story(&pool, 4).await;

    // Assert: both at the head, level, and equal to their rebuilds
    assert!(caught_up(&pool, &["accounts", "leaderboard"]).await);
    account_story(&pool, 5).await;
    assert!(caught_up(&pool, &["accounts", "leaderboard"]).await);
    handle.abort();
    level_and_equal_to_rebuilds(&pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runner_takes_all_of_its_consumers_locks_or_none() {
    // Arrange: another process holds one of the two consumers' locks
    let pool = database().await;
    account_story(&pool, 0).await;
    let mut other = pool.acquire().await.expect("connection");
    sqlx::query("select pg_advisory_lock(hashtext('birqadam.projector.leaderboard'))")
        .execute(&mut *other)
        .await
        .expect("lock taken");
    let (_stop, shutdown) = watch::channel(false);
    let consumers: Vec<Arc<dyn LogConsumer>> =
        vec![Arc::new(AccountsProjector), Arc::new(LeaderboardProjector)];
    let handle = runner(&pool, consumers).spawn(shutdown);

    // Assert: nothing runs while one lock is elsewhere, and the free one is not kept
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(checkpoint(&pool, "accounts").await, Checkpoint::ZERO);
    let free: bool =
        sqlx::query_scalar("select pg_try_advisory_lock(hashtext('birqadam.projector.accounts'))")
            .fetch_one(&mut *other)
            .await
            .expect("lock tried");
    assert!(
        free,
        "the runner kept the accounts lock while it could not run"
    );

    // the other process lets go of both: the runner takes over
    sqlx::query("select pg_advisory_unlock_all()")
        .execute(&mut *other)
        .await
        .expect("locks released");
    assert!(caught_up(&pool, &["accounts", "leaderboard"]).await);
    handle.abort();
}
