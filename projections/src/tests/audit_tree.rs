//! The audit tree: dense positions, the stored tree equals one recomputed from the lines, a
//! crash between batches, and the checkpoint signer.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use birqadam_audit::tree::{self, Frontier};
use birqadam_audit::{Checkpoint as SignedHead, SignerKey, StoredEvent as Leaf, leaf_hash};
use sqlx::{PgConnection, PgPool};
use tokio::sync::{Notify, watch};

use super::support::{PATIENCE, account_story, caught_up, database, eventually};
use crate::audit_store::{self, lines, sign_pending, tree_size};
use crate::audit_tree::{AuditTree, NAME};
use crate::consumer::LogConsumer;
use crate::log::StoredEvent;
use crate::runner::{ConsumerRunner, run_once};

/// The stored lines: each canonical, positions 0, 1, 2 …, and the root recomputed from them.
async fn recomputed_root(pool: &PgPool) -> (u64, birqadam_audit::Hash) {
    let stored = lines(pool, 0, u64::MAX >> 1, 1_000_000)
        .await
        .expect("lines");
    let mut frontier = Frontier::new();
    for (i, (position, line)) in stored.iter().enumerate() {
        assert_eq!(*position, i as u64, "dense positions");
        let leaf = Leaf::parse_line(line).expect("a canonical line");
        assert_eq!(leaf.position, *position, "the line carries its position");
        frontier.push(leaf_hash(line));
    }
    (frontier.size(), frontier.root())
}

async fn stored_root(pool: &PgPool, size: u64) -> birqadam_audit::Hash {
    let mut conn = pool.acquire().await.expect("a connection");
    audit_store::root_at(&mut conn, size)
        .await
        .expect("the stored root")
}

async fn total_events(pool: &PgPool) -> u64 {
    let n: i64 = sqlx::query_scalar("select count(*) from events")
        .fetch_one(pool)
        .await
        .expect("count");
    n as u64
}

fn runner(pool: &PgPool, consumer: Arc<dyn LogConsumer>) -> ConsumerRunner {
    ConsumerRunner::new(pool.clone(), vec![consumer])
        .batch_size(3)
        .poll_interval(Duration::from_millis(50))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stored_tree_has_the_root_recomputed_from_its_lines() {
    let pool = database().await;
    for n in 0..5 {
        account_story(&pool, n).await;
    }
    let (_stop, shutdown) = watch::channel(false);

    // Act: small batches, so the tree grows across many transactions
    let handle = runner(&pool, Arc::new(AuditTree)).spawn(shutdown);
    assert!(caught_up(&pool, &[NAME]).await, "the audit tree caught up");
    handle.abort();

    // Assert
    let events = total_events(&pool).await;
    let (size, root) = recomputed_root(&pool).await;
    assert_eq!(size, events, "one leaf per event");
    assert_eq!(tree_size(&pool).await.expect("size"), events);
    assert_eq!(stored_root(&pool, size).await, root);
    // every older head is stored too, and consistent with the newest
    let mut conn = pool.acquire().await.expect("a connection");
    for older in 1..size {
        let old_root = stored_root(&pool, older).await;
        let proof = audit_store::consistency_proof(&mut conn, older, size)
            .await
            .expect("a proof from the store");
        tree::verify_consistency(older, size, &proof, &old_root, &root)
            .unwrap_or_else(|e| panic!("{older} → {size}: {e}"));
    }
}

/// Applies the first batch normally; on the second it writes, signals, and hangs mid-transaction.
struct HangsOnSecondBatch {
    batches: AtomicUsize,
    hanging: Arc<Notify>,
}

#[async_trait]
impl LogConsumer for HangsOnSecondBatch {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        AuditTree.apply(tx, events).await?;
        if self.batches.fetch_add(1, Ordering::SeqCst) > 0 {
            self.hanging.notify_one();
            std::future::pending::<()>().await;
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_tree_killed_between_batches_resumes_without_gaps_or_duplicates() {
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
    assert_eq!(
        tree_size(&pool).await.expect("size"),
        3,
        "only the first batch"
    );

    let handle = runner(&pool, Arc::new(AuditTree)).spawn(shutdown);
    assert!(caught_up(&pool, &[NAME]).await, "the restart caught up");
    handle.abort();

    // Assert: every event exactly once, in consumer order, and the same tree as in one go
    let events = total_events(&pool).await;
    let (size, root) = recomputed_root(&pool).await;
    assert_eq!(size, events);
    let in_log_order: Vec<i64> = sqlx::query_scalar(
        "select e.global_position from audit_leaves l
           join events e on e.global_position = l.global_position order by l.position",
    )
    .fetch_all(&pool)
    .await
    .expect("leaves");
    let log_order: Vec<i64> = sqlx::query_scalar(
        "select global_position from events order by transaction_id, global_position",
    )
    .fetch_all(&pool)
    .await
    .expect("events");
    assert_eq!(in_log_order, log_order);
    assert_eq!(stored_root(&pool, size).await, root);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_tables_refuse_updates_and_deletes() {
    let pool = database().await;
    account_story(&pool, 0).await;
    assert!(tree_caught_up(&pool).await);

    for statement in [
        "update audit_leaves set line = 'x' where position = 0",
        "delete from audit_leaves where position = 0",
        "update audit_nodes set hash = hash",
        "truncate audit_nodes",
    ] {
        let refused = sqlx::query(statement).execute(&pool).await;
        assert!(refused.is_err(), "{statement} was allowed");
    }
    assert_eq!(tree_size(&pool).await.expect("size"), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_signer_signs_the_grown_tree_once_and_its_checkpoint_verifies() {
    let pool = database().await;
    let key = SignerKey::from_seed("birqadam.test/log", [7; 32]).expect("a key");
    let mut conn = pool.acquire().await.expect("a connection");
    assert_eq!(
        sign_pending(&mut conn, &key).await.expect("signer"),
        None,
        "empty tree"
    );
    account_story(&pool, 0).await;
    assert!(tree_caught_up(&pool).await);

    // Act
    let first = sign_pending(&mut conn, &key)
        .await
        .expect("signer")
        .expect("a checkpoint");
    let again = sign_pending(&mut conn, &key).await.expect("signer");
    account_story(&pool, 1).await;
    assert!(tree_caught_up(&pool).await);
    let second = sign_pending(&mut conn, &key)
        .await
        .expect("signer")
        .expect("a checkpoint");

    // Assert
    assert_eq!(again, None, "nothing new, nothing signed");
    let opened = SignedHead::open(first.note.as_bytes(), &key.verifier()).expect("verifies");
    assert_eq!(
        (opened.size, opened.root),
        (7, recomputed_at(&pool, 7).await)
    );
    let opened = SignedHead::open(second.note.as_bytes(), &key.verifier()).expect("verifies");
    assert_eq!(
        (opened.size, opened.root),
        (14, recomputed_root(&pool).await.1)
    );
    let latest = audit_store::latest_checkpoint(&pool).await.expect("read");
    assert_eq!(latest, Some(second));
}

async fn recomputed_at(pool: &PgPool, size: u64) -> birqadam_audit::Hash {
    let stored = lines(pool, 0, size, 1_000_000).await.expect("lines");
    let mut frontier = Frontier::new();
    for (_, line) in &stored {
        frontier.push(leaf_hash(line));
    }
    frontier.root()
}

/// Runs the tree until it holds every event (visibility waits on the whole cluster's xmin).
async fn tree_caught_up(pool: &PgPool) -> bool {
    let events = total_events(pool).await;
    eventually(|| async {
        run_once(pool, &AuditTree).await.expect("the tree runs");
        tree_size(pool).await.expect("size") == events
    })
    .await
}
