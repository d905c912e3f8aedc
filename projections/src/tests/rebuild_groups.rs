//! Rebuilding several views from one read of the log (docs/decisions/0042): a member that fails
//! leaves every live view of its group as it was and the shared shadow schema for inspection.

use std::sync::Arc;

use async_trait::async_trait;
use sqlx::PgConnection;
use tokio::sync::watch;

use super::support::{account_story, caught_up, checkpoint, database, dump};
use crate::accounts::AccountsProjector;
use crate::consumer::LogConsumer;
use crate::log::StoredEvent;
use crate::rebuild::rebuild_all;
use crate::runner::ConsumerRunner;

/// Fails on any batch holding an event of its one stream.
struct FailsOn(String);

#[async_trait]
impl LogConsumer for FailsOn {
    fn name(&self) -> &'static str {
        "test_fails_on_a_stream"
    }

    async fn apply(&self, _tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        match events.iter().find(|e| e.aggregate_id == self.0) {
            Some(event) => anyhow::bail!("refuses {:?}", event.checkpoint),
            None => Ok(()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_member_leaves_its_groups_live_views_and_the_shadow_for_inspection() {
    let pool = database().await;
    let mut ids = Vec::new();
    for n in 0..6 {
        ids.push(account_story(&pool, n).await);
    }
    let (stop, shutdown) = watch::channel(false);
    let handle = ConsumerRunner::new(pool.clone(), crate::all_projectors()).spawn(shutdown);
    assert!(caught_up(&pool, &["accounts"]).await);
    stop.send(true).expect("runner listens");
    handle.await.expect("runner stops");
    let live = dump(&pool, "accounts_view").await;
    let live_checkpoint = checkpoint(&pool, "accounts").await;

    let group: Vec<Arc<dyn LogConsumer>> = vec![
        Arc::new(AccountsProjector),
        Arc::new(FailsOn(ids[4].to_string())),
    ];
    let failed = rebuild_all(&pool, &group, 3, 1)
        .await
        .expect_err("a member fails");

    assert!(
        format!("{failed:#}").contains("test_fails_on_a_stream"),
        "the error names the member: {failed:#}"
    );
    assert_eq!(dump(&pool, "accounts_view").await, live);
    assert_eq!(checkpoint(&pool, "accounts").await, live_checkpoint);
    let shadow: i64 = sqlx::query_scalar(
        "select count(*) from information_schema.tables
          where table_schema = 'rebuild_accounts' and table_name = 'accounts_view'",
    )
    .fetch_one(&pool)
    .await
    .expect("the shadow schema");
    assert_eq!(shadow, 1, "the shadow is left for inspection");

    // the next rebuild of the view alone starts over and ends equal
    let alone: Vec<Arc<dyn LogConsumer>> = vec![Arc::new(AccountsProjector)];
    rebuild_all(&pool, &alone, 3, 1).await.expect("rebuild");
    assert_eq!(dump(&pool, "accounts_view").await, live);
}
