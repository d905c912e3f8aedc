//! The runner: crash between batches, and one active runner per projector.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use sqlx::PgConnection;
use tokio::sync::{Notify, watch};

use super::support::{PATIENCE, account_story, caught_up, checkpoint, database, dump};
use crate::accounts::AccountsProjector;
use crate::consumer::LogConsumer;
use crate::leaderboard::LeaderboardProjector;
use crate::log::{Checkpoint, StoredEvent, read_batch};
use crate::rebuild::rebuild;
use crate::runner::{ConsumerRunner, LogWatch, run_once};

/// Applies the first batch normally; on the second it writes, signals, and hangs mid-transaction.
struct HangsOnSecondBatch {
    batches: AtomicUsize,
    hanging: Arc<Notify>,
}

#[async_trait]
impl LogConsumer for HangsOnSecondBatch {
    fn name(&self) -> &'static str {
        AccountsProjector.name()
    }

    fn tables(&self) -> &'static [&'static str] {
        AccountsProjector.tables()
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        AccountsProjector.apply(tx, events).await?;
        if self.batches.fetch_add(1, Ordering::SeqCst) > 0 {
            self.hanging.notify_one();
            std::future::pending::<()>().await;
        }
        Ok(())
    }
}

/// Counts the events it applies.
struct Counting {
    applied: Arc<AtomicUsize>,
}

#[async_trait]
impl LogConsumer for Counting {
    fn name(&self) -> &'static str {
        AccountsProjector.name()
    }

    fn tables(&self) -> &'static [&'static str] {
        AccountsProjector.tables()
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        AccountsProjector.apply(tx, events).await?;
        self.applied.fetch_add(events.len(), Ordering::SeqCst);
        Ok(())
    }
}

fn runner(pool: &sqlx::PgPool, projector: Arc<dyn LogConsumer>) -> ConsumerRunner {
    ConsumerRunner::new(pool.clone(), vec![projector])
        .batch_size(2)
        .poll_interval(Duration::from_millis(50))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projector_killed_between_batches_resumes_and_equals_a_rebuild() {
    let pool = database().await;
    for n in 0..3 {
        account_story(&pool, n).await;
    }
    let hanging = Arc::new(Notify::new());
    let (_stop, shutdown) = watch::channel(false);
    let crashing = HangsOnSecondBatch {
        batches: AtomicUsize::new(0),
        hanging: Arc::clone(&hanging),
    };

    // Act: the first batch commits, the second hangs uncommitted, then the process "dies"
    let handle = runner(&pool, Arc::new(crashing)).spawn(shutdown.clone());
    tokio::time::timeout(PATIENCE, hanging.notified())
        .await
        .expect("the second batch started");
    handle.abort();
    assert!(handle.await.is_err_and(|e| e.is_cancelled()));

    // Assert: exactly the first batch is recorded
    let first_two = read_batch(&pool, Checkpoint::ZERO, 2).await.expect("read");
    let after_first = first_two.last().expect("two events").checkpoint;
    assert_eq!(checkpoint(&pool, "accounts").await, after_first);
    let view = dump(&pool, "accounts_view").await;
    assert_eq!(view.as_array().map(Vec::len), Some(1), "{view}");

    // a new runner takes over (the dead one's lock went with its connection) and catches up
    let handle = runner(&pool, Arc::new(AccountsProjector)).spawn(shutdown);
    assert!(
        caught_up(&pool, &["accounts"]).await,
        "the restart caught up"
    );
    handle.abort();
    let live = dump(&pool, "accounts_view").await;

    rebuild(&pool, &AccountsProjector, 3)
        .await
        .expect("rebuild");
    assert_eq!(dump(&pool, "accounts_view").await, live);
    assert_eq!(live.as_array().map(Vec::len), Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_one_runner_is_active_and_the_other_takes_over_when_it_stops() {
    let pool = database().await;
    account_story(&pool, 0).await;
    let (a_applied, b_applied) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (stop_a, shutdown_a) = watch::channel(false);
    let (stop_b, shutdown_b) = watch::channel(false);

    let a = runner(
        &pool,
        Arc::new(Counting {
            applied: Arc::clone(&a_applied),
        }),
    )
    .spawn(shutdown_a);
    assert!(caught_up(&pool, &["accounts"]).await, "a caught up");
    let b = runner(
        &pool,
        Arc::new(Counting {
            applied: Arc::clone(&b_applied),
        }),
    )
    .spawn(shutdown_b);

    // while a is alive, b applies nothing
    account_story(&pool, 1).await;
    account_story(&pool, 2).await;
    assert!(caught_up(&pool, &["accounts"]).await, "a caught up again");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(b_applied.load(Ordering::SeqCst), 0);
    assert_eq!(a_applied.load(Ordering::SeqCst), 21);

    // a stops: b takes over
    stop_a.send(true).expect("a listens");
    a.await.expect("a stops cleanly");
    account_story(&pool, 3).await;
    assert!(caught_up(&pool, &["accounts"]).await, "b caught up");
    assert_eq!(b_applied.load(Ordering::SeqCst), 7);
    assert_eq!(a_applied.load(Ordering::SeqCst), 21);
    stop_b.send(true).expect("b listens");
    b.await.expect("b stops cleanly");

    // nothing was applied twice: the view equals a rebuild, and run_once finds nothing left
    let live = dump(&pool, "accounts_view").await;
    assert_eq!(run_once(&pool, &AccountsProjector).await.expect("run"), 0);
    rebuild(&pool, &AccountsProjector, 1000)
        .await
        .expect("rebuild");
    assert_eq!(dump(&pool, "accounts_view").await, live);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runners_sharing_one_log_watch_follow_its_readings_and_outlive_each_other() {
    // Arrange: no poll anywhere, so only the shared watch's readings can move the runners
    let pool = database().await;
    let never = Duration::from_secs(3600);
    let (_stop, shutdown) = watch::channel(false);
    let log = LogWatch::spawn(pool.clone(), never, shutdown.clone());
    let start = |projector: Arc<dyn LogConsumer>| {
        ConsumerRunner::new(pool.clone(), vec![projector])
            .poll_interval(never)
            .watching(&log)
            .spawn(shutdown.clone())
    };
    let accounts = start(Arc::new(AccountsProjector));
    let board = start(Arc::new(LeaderboardProjector));
    account_story(&pool, 0).await;
    assert!(caught_up(&pool, &["accounts", "leaderboard"]).await);

    // Act: one runner dies; more events arrive
    accounts.abort();
    assert!(accounts.await.is_err_and(|e| e.is_cancelled()));
    account_story(&pool, 1).await;

    // Assert: the other still follows the watch
    assert!(
        caught_up(&pool, &["leaderboard"]).await,
        "the surviving runner was not woken"
    );
    board.abort();
}
