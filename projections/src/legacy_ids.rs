//! `legacy_ids_view`: the stable integer id of each account, project, task, photo report, photo
//! and achievement, for the existing mobile app, which parses ids as integers (issue 11). A number
//! is assigned when the event that brings an entity into being is read (the first event of an
//! account, project or task stream; `ReportSubmitted` for a report and each of its photos, in the
//! order they were sent; `AchievementDefined` for an achievement), counting per kind in log order,
//! so a rebuild gives the same numbers. Nothing here is a business fact; it is an address book for
//! the legacy adapter. (Activities need no entry: an activity is an event of the log, and its
//! number is derived from its log position, docs/decisions/0030.)

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use sqlx::PgConnection;
use uuid::Uuid;

use birqadam_domain::achievement::AchievementCatalogueEvent;
use birqadam_domain::assignment::AssignmentEvent;

use crate::consumer::{LogConsumer, decode, stream_id};
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
    /// A photo report (`ReportSubmitted` of an `Assignment` stream).
    Report,
    /// A photo of a report.
    Photo,
    /// An achievement of the catalogue, keyed by [`LegacyKind::achievement_key`].
    Achievement,
}

impl LegacyKind {
    /// Every kind.
    pub const ALL: [Self; 6] = [
        Self::Account,
        Self::Project,
        Self::Task,
        Self::Report,
        Self::Photo,
        Self::Achievement,
    ];

    /// The kinds numbered by the first event of their own stream.
    const STREAMS: [Self; 3] = [Self::Account, Self::Project, Self::Task];

    /// The uuid an achievement's slug is numbered under (achievements have no uuid of their own).
    pub fn achievement_key(slug: &str) -> Uuid {
        birqadam_domain::ids::derived("legacy-achievement", slug)
    }

    /// The stored name (`kind` column).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Project => "project",
            Self::Task => "task",
            Self::Report => "report",
            Self::Photo => "photo",
            Self::Achievement => "achievement",
        }
    }

    /// The aggregate type whose streams (or whose events) get numbers of this kind.
    pub fn aggregate_type(self) -> &'static str {
        match self {
            Self::Account => "Account",
            Self::Project => "Project",
            Self::Task => "Task",
            Self::Report | Self::Photo => "Assignment",
            Self::Achievement => "AchievementCatalogue",
        }
    }

    fn of_stream(aggregate_type: &str) -> Option<Self> {
        Self::STREAMS
            .into_iter()
            .find(|k| k.aggregate_type() == aggregate_type)
    }
}

/// The entities `event` brings into being, in the order they get their numbers.
fn new_entities(consumer: &str, event: &StoredEvent) -> anyhow::Result<Vec<(LegacyKind, Uuid)>> {
    if event.sequence == 1
        && let Some(kind) = LegacyKind::of_stream(&event.aggregate_type)
    {
        return Ok(vec![(kind, stream_id(consumer, event)?)]);
    }
    match (event.aggregate_type.as_str(), event.event_type.as_str()) {
        ("Assignment", "ReportSubmitted") => match decode(consumer, event)? {
            AssignmentEvent::ReportSubmitted {
                report_id, photos, ..
            } => {
                let photos = photos.iter().map(|p| (LegacyKind::Photo, p.id));
                Ok(std::iter::once((LegacyKind::Report, report_id))
                    .chain(photos)
                    .collect())
            }
            _ => Ok(Vec::new()),
        },
        ("AchievementCatalogue", "AchievementDefined") => match decode(consumer, event)? {
            AchievementCatalogueEvent::AchievementDefined { id, .. } => Ok(vec![(
                LegacyKind::Achievement,
                LegacyKind::achievement_key(&id),
            )]),
        },
        _ => Ok(Vec::new()),
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
        for event in events {
            new.extend(new_entities(self.name(), event)?);
        }
        if new.is_empty() {
            return Ok(());
        }
        // an achievement defined again (a changed catalogue) keeps its number
        // probed by the primary key (kind, entity_id): a lookup by entity_id alone scanned the view
        let candidate_kinds: Vec<&str> = new.iter().map(|(kind, _)| kind.as_str()).collect();
        let candidates: Vec<Uuid> = new.iter().map(|(_, id)| *id).collect();
        let known: Vec<(String, Uuid)> = sqlx::query_as(
            "select v.kind, v.entity_id
               from unnest($1::text[], $2::uuid[]) as c(kind, entity_id)
               join legacy_ids_view v on v.kind = c.kind and v.entity_id = c.entity_id",
        )
        .bind(&candidate_kinds)
        .bind(&candidates)
        .fetch_all(&mut *tx)
        .await?;
        let mut seen: HashSet<(String, Uuid)> = known.into_iter().collect();
        new.retain(|(kind, id)| seen.insert((kind.as_str().to_owned(), *id)));
        // one index probe per kind on (kind, number), not a scan of the whole view per batch
        let names: Vec<&str> = LegacyKind::ALL.iter().map(|k| k.as_str()).collect();
        let highest: Vec<(String, i64)> = sqlx::query_as(
            "select k.kind, coalesce((select max(v.number) from legacy_ids_view v
                                       where v.kind = k.kind), 0)
               from unnest($1::text[]) as k(kind)",
        )
        .bind(&names)
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
