//! The global-order reader never skips a transaction that commits late.

use std::collections::HashSet;
use std::time::Duration;

use uuid::Uuid;

use super::support::{PATIENCE, append_account, database, registered};
use crate::log::{Checkpoint, StoredEvent, head, read_batch, stream_position};

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
