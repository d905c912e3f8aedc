//! `legacy_ids_view`: the stable integer id of each account, project and task, for the existing
//! mobile app, which parses ids as integers (issue 11). A number is assigned when the first event
//! of an entity's stream is read, counting per kind in log order, so a rebuild gives the same
//! numbers. Nothing here is a business fact; it is an address book for the legacy adapter.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::{LogConsumer, stream_id};
use crate::log::StoredEvent;

/// The kinds of entity that get a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyKind {
    /// An `Account` stream.
    Account,
    /// A `Project` stream.
    Project,
    /// A `Task` stream.
    Task,
}

impl LegacyKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Account, Self::Project, Self::Task];

    /// The stored name (`kind` column).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Project => "project",
            Self::Task => "task",
        }
    }

    /// The aggregate type whose streams get numbers of this kind.
    pub fn aggregate_type(self) -> &'static str {
        match self {
            Self::Account => "Account",
            Self::Project => "Project",
            Self::Task => "Task",
        }
    }

    fn of_aggregate(aggregate_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.aggregate_type() == aggregate_type)
    }
}

/// Feeds `legacy_ids_view`.
pub struct LegacyIdsProjector;

#[async_trait]
impl LogConsumer for LegacyIdsProjector {
    fn name(&self) -> &'static str {
        "legacy_ids"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["legacy_ids_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let mut new: Vec<(LegacyKind, Uuid)> = Vec::new();
        for event in events.iter().filter(|e| e.sequence == 1) {
            if let Some(kind) = LegacyKind::of_aggregate(&event.aggregate_type) {
                new.push((kind, stream_id(self.name(), event)?));
            }
        }
        if new.is_empty() {
            return Ok(());
        }
        let highest: Vec<(String, i64)> =
            sqlx::query_as("select kind, max(number) from legacy_ids_view group by kind")
                .fetch_all(&mut *tx)
                .await?;
        let mut next: HashMap<String, i64> = highest.into_iter().collect();
        let (mut kinds, mut ids, mut numbers) = (Vec::new(), Vec::new(), Vec::new());
        for (kind, id) in new {
            let number = next.entry(kind.as_str().to_owned()).or_insert(0);
            *number += 1;
            kinds.push(kind.as_str());
            ids.push(id);
            numbers.push(*number);
        }
        sqlx::query(
            "insert into legacy_ids_view (kind, entity_id, number)
             select * from unnest($1::text[], $2::uuid[], $3::bigint[])",
        )
        .bind(&kinds)
        .bind(&ids)
        .bind(&numbers)
        .execute(&mut *tx)
        .await?;
        Ok(())
    }
}
