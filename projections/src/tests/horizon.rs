//! The visibility horizon: a consumer's open batch never hides the log from the other consumers,
//! and an open transaction that ends without appending delays them only until a short recheck.
//! The runners poll once an hour here, so only these two mechanisms can make the views catch up.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use sqlx::{Connection, PgConnection};
use tokio::sync::{Notify, watch};
use uuid::Uuid;

use super::support::{PATIENCE, append_account, database, registered};
use crate::all_projectors;
use crate::consumer::LogConsumer;
use crate::log::{StoredEvent, mark_consumer, stream_position};
use crate::runner::ConsumerRunner;

/// No notification-free poll during a test.
const NEVER: Duration = Duration::from_secs(3600);

/// Holds its first batch's transaction open (like a process manager running a command) until
/// released.
struct HoldsItsBatch {
    held: AtomicBool,
    inside: Arc<Notify>,
    release: Arc<Notify>,
}

#[async_trait]
impl LogConsumer for HoldsItsBatch {
    fn name(&self) -> &'static str {
        "test.holds-its-batch"
    }

    async fn apply(&self, _tx: &mut PgConnection, _events: &[StoredEvent]) -> anyhow::Result<()> {
        if !self.held.swap(true, Ordering::SeqCst) {
            self.inside.notify_one();
            self.release.notified().await;
        }
        Ok(())
    }
}

async fn position(pool: &sqlx::PgPool, id: Uuid) -> crate::log::Checkpoint {
    stream_position(pool, "Account", &id.to_string())
        .await
        .expect("position")
        .expect("the stream exists")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_holding_its_batch_open_does_not_hide_later_events_from_the_views() {
    let pool = database().await;
    let (stop, shutdown) = watch::channel(false);
    let views = ConsumerRunner::new(pool.clone(), all_projectors()).poll_interval(NEVER);
    let catchup = views.catchup();
    let inside = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let holder = HoldsItsBatch {
        held: AtomicBool::new(false),
        inside: Arc::clone(&inside),
        release: Arc::clone(&release),
    };
    let managers = ConsumerRunner::new(pool.clone(), vec![Arc::new(holder)]).poll_interval(NEVER);
    let handles = [views.spawn(shutdown.clone()), managers.spawn(shutdown)];
    let first = Uuid::now_v7();
    append_account(&pool, first, 1, &registered(1)).await;
    tokio::time::timeout(PATIENCE, inside.notified())
        .await
        .expect("the holder is inside its batch");

    let second = Uuid::now_v7();
    append_account(&pool, second, 1, &registered(2)).await;

    let reached = catchup
        .wait_for(position(&pool, second).await, PATIENCE)
        .await;
    release.notify_one();
    stop.send(true).expect("runners listen");
    for handle in handles {
        handle.await.expect("a runner stops");
    }
    assert!(
        reached,
        "the views applied the event committed while the holder's batch was open"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_that_ends_without_appending_delays_the_views_only_until_a_recheck() {
    let pool = database().await;
    let (stop, shutdown) = watch::channel(false);
    let views = ConsumerRunner::new(pool.clone(), all_projectors()).poll_interval(NEVER);
    let catchup = views.catchup();
    let handle = views.spawn(shutdown);
    // an ordinary writer (not a consumer) with an xid, holding the horizon
    let mut other = PgConnection::connect_with(&pool.connect_options())
        .await
        .expect("a connection");
    let mut holding = other.begin().await.expect("begin");
    sqlx::query("select pg_current_xact_id()")
        .execute(&mut *holding)
        .await
        .expect("an xid");
    let id = Uuid::now_v7();
    append_account(&pool, id, 1, &registered(1)).await;
    let target = position(&pool, id).await;
    assert!(
        !catchup.wait_for(target, Duration::from_millis(300)).await,
        "the open writer holds the horizon: its xid is older than the event's"
    );

    holding
        .rollback()
        .await
        .expect("the writer ends without appending");

    let reached = catchup.wait_for(target, PATIENCE).await;
    stop.send(true).expect("the runner listens");
    handle.await.expect("the runner stops");
    assert!(
        reached,
        "the views caught up without a notification or a poll"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_transaction_cannot_append_events() {
    let pool = database().await;
    let mut conn = pool.acquire().await.expect("a connection");
    let mut tx = conn.begin().await.expect("begin");
    mark_consumer(&mut tx).await.expect("marked");
    let refused = sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         values ('Account', 'x', 1, 'AccountRegistered', '1.0', '{}', '{}')",
    )
    .execute(&mut *tx)
    .await;
    let error = refused.expect_err("the database refuses the append");
    assert!(
        error.to_string().contains("cannot append events"),
        "unexpected error: {error}"
    );
}
