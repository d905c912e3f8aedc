//! cqrs-es's `PersistedEventRepository` contract over [`EventLog`], so cqrs-es's own
//! `PersistedEventStore` / `CqrsFramework` can run on the same multi-row appends (tools, tests,
//! a later move back to the framework). Snapshots are not kept (docs/decisions/0035): a store
//! configured with snapshots is refused, never silently ignored.

use cqrs_es::Aggregate;
use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use serde_json::Value;

use super::event_log::{AppendError, EventLog};

/// Events buffered between a replay's reader and its consumer.
const REPLAY_QUEUE: usize = 200;

fn database(error: sqlx::Error) -> PersistenceError {
    PersistenceError::ConnectionError(Box::new(error))
}

impl PersistedEventRepository for EventLog {
    async fn get_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        self.stream(A::TYPE, aggregate_id).await.map_err(database)
    }

    async fn get_last_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
        last_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let mut events = self.get_events::<A>(aggregate_id).await?;
        events.retain(|e| e.sequence > last_sequence);
        Ok(events)
    }

    async fn get_snapshot<A: Aggregate>(
        &self,
        _aggregate_id: &str,
    ) -> Result<Option<SerializedSnapshot>, PersistenceError> {
        Ok(None)
    }

    async fn persist<A: Aggregate>(
        &self,
        events: &[SerializedEvent],
        snapshot_update: Option<(String, Value, usize)>,
    ) -> Result<(), PersistenceError> {
        if snapshot_update.is_some() {
            return Err(PersistenceError::UnknownError(
                "this event log keeps no snapshots".into(),
            ));
        }
        match self.append(events.to_vec()).await {
            Ok(()) => Ok(()),
            Err(AppendError::Conflict) => Err(PersistenceError::OptimisticLockError),
            Err(AppendError::Database(e)) => Err(database(e)),
            Err(AppendError::Serialisation(e)) => Err(e.into()),
            Err(AppendError::Stopped) => Err(PersistenceError::UnknownError(Box::new(
                AppendError::Stopped,
            ))),
        }
    }

    async fn stream_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<ReplayStream, PersistenceError> {
        let events = self.get_events::<A>(aggregate_id).await?;
        Ok(replay(events))
    }

    async fn stream_all_events<A: Aggregate>(&self) -> Result<ReplayStream, PersistenceError> {
        let events = self.all(A::TYPE).await.map_err(database)?;
        Ok(replay(events))
    }
}

/// A replay stream fed from events already read.
fn replay(events: Vec<SerializedEvent>) -> ReplayStream {
    let (mut feed, stream) = ReplayStream::new(REPLAY_QUEUE);
    tokio::spawn(async move {
        for event in events {
            if feed.push(Ok(event)).await.is_err() {
                return;
            }
        }
    });
    stream
}
