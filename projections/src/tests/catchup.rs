//! Read-your-writes: waiting for the views to pass a position.

use std::time::Duration;

use tokio::sync::watch;
use uuid::Uuid;

use super::support::{append_account, database, registered};
use crate::all_projectors;
use crate::catchup::Catchup;
use crate::log::stream_position;
use crate::runner::ConsumerRunner;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_for_times_out_without_a_runner_and_succeeds_with_one() {
    let pool = database().await;
    let id = Uuid::now_v7();
    append_account(&pool, id, 1, &registered(1)).await;
    let target = stream_position(&pool, "Account", &id.to_string())
        .await
        .expect("position")
        .expect("the stream exists");

    // no runner: false after the timeout
    let (_progress, idle) = watch::channel(0_u64);
    let names = all_projectors().iter().map(|p| p.name()).collect();
    let waiting = Catchup::new(pool.clone(), idle, names);
    let started = tokio::time::Instant::now();
    assert!(!waiting.wait_for(target, Duration::from_millis(300)).await);
    assert!(started.elapsed() >= Duration::from_millis(300));

    // with a runner: true
    let runner = ConsumerRunner::new(pool.clone(), all_projectors());
    let catchup = runner.catchup();
    let (stop, shutdown) = watch::channel(false);
    let handle = runner.spawn(shutdown);
    assert!(catchup.wait_for(target, Duration::from_secs(30)).await);
    let row = crate::Queries::new(pool.clone())
        .account(id)
        .await
        .expect("query");
    assert_eq!(row.map(|r| r.name), Some("Volunteer 1".to_owned()));
    stop.send(true).expect("runner listens");
    handle.await.expect("runner stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_waiters_share_one_watcher_and_each_returns_when_its_position_is_passed() {
    // Arrange: 40 accounts, a runner, one Catchup cloned to 40 waiters and one that times out
    let pool = database().await;
    let mut targets = Vec::new();
    for n in 0..40 {
        let id = Uuid::now_v7();
        append_account(&pool, id, 1, &registered(n)).await;
        targets.push(
            stream_position(&pool, "Account", &id.to_string())
                .await
                .expect("position")
                .expect("the stream exists"),
        );
    }
    let runner = ConsumerRunner::new(pool.clone(), all_projectors());
    let catchup = runner.catchup();
    let beyond = crate::log::Checkpoint {
        transaction_id: i64::MAX,
        global_position: i64::MAX,
    };
    let impatient = {
        let catchup = catchup.clone();
        tokio::spawn(async move { catchup.wait_for(beyond, Duration::from_millis(200)).await })
    };
    let waiters: Vec<_> = targets
        .into_iter()
        .map(|target| {
            let catchup = catchup.clone();
            tokio::spawn(async move { catchup.wait_for(target, Duration::from_secs(30)).await })
        })
        .collect();

    // Act
    let (stop, shutdown) = watch::channel(false);
    let handle = runner.spawn(shutdown);

    // Assert: every waiter saw its position passed; the one past the log gave up alone
    for waiter in waiters {
        assert!(waiter.await.expect("the waiter ran"));
    }
    assert!(!impatient.await.expect("the waiter ran"));
    assert!(
        catchup
            .wait_for(crate::log::Checkpoint::ZERO, Duration::ZERO)
            .await
    );
    stop.send(true).expect("runner listens");
    handle.await.expect("runner stops");
}
