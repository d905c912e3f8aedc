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
