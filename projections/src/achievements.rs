//! `achievement_catalogue_view`, `account_progress_view` and `achievements_view`: the catalogue,
//! what the unlock rules look at per account, and the unlocks.
//!
//! One projector owns all three so that the order of definitions and progress is exactly the
//! log's. Progress: a rating change sets `rating` to its `rating_after`, a `ReportApproved` adds
//! an approved report, a `VolunteerJoined` of a project the account never joined before adds a
//! project. After each of these events, every defined achievement whose rule the progress meets
//! and that is not unlocked yet is unlocked at that event's `occurred_at`. Unlocks are never
//! revoked (a negative adjustment keeps them).
//!
//! Retroactive unlocks: when a definition arrives after the progress that meets it (a catalogue
//! seeded later than the activity, or a new achievement added to a live system), it unlocks at
//! the definition event's `occurred_at`, not at the time the threshold was crossed in the past.
//! That keeps a rebuild identical to the live view with no history to re-scan, and it is honest:
//! the achievement did not exist before.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use birqadam_domain::account::AccountEvent;
use birqadam_domain::achievement::{AchievementCatalogueEvent, AchievementRule};
use birqadam_domain::assignment::AssignmentEvent;
use birqadam_domain::project::ProjectEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::log::StoredEvent;
use crate::projector::{Projector, decode, stream_id};
use crate::rating_history::RATING_EVENTS;

/// A row of `achievement_catalogue_view`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AchievementDefinitionRow {
    /// Stable slug.
    pub id: String,
    /// `{ru, kk, en}`.
    pub name: serde_json::Value,
    /// `{ru, kk, en}`.
    pub description: serde_json::Value,
    /// Material icon name.
    pub icon: String,
    /// `rating`, `approved_reports` or `projects_joined`.
    pub rule_kind: String,
    /// The value the rule needs.
    pub threshold: i32,
    /// Experience points it gives.
    pub xp: i32,
    /// The defining event's global position (catalogue order).
    pub position: i64,
}

impl AchievementDefinitionRow {
    fn met_by(&self, progress: &ProgressRow) -> bool {
        let value = match self.rule_kind.as_str() {
            "rating" => progress.rating,
            "approved_reports" => progress.approved_reports,
            "projects_joined" => progress.projects_joined,
            _ => return false,
        };
        value >= self.threshold
    }
}

/// A row of `account_progress_view`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ProgressRow {
    /// The account.
    pub account_id: Uuid,
    /// The rating after the last change.
    pub rating: i32,
    /// Approved reports.
    pub approved_reports: i32,
    /// Distinct projects ever joined.
    pub projects_joined: i32,
    /// Those projects.
    pub joined_projects: Vec<Uuid>,
}

impl ProgressRow {
    fn new(account_id: Uuid) -> Self {
        Self {
            account_id,
            rating: 0,
            approved_reports: 0,
            projects_joined: 0,
            joined_projects: Vec::new(),
        }
    }
}

/// What an event does to the achievements.
enum Change {
    Define(AchievementDefinitionRow),
    Rating(Uuid, i32),
    ReportApproved(Uuid),
    Joined(Uuid, Uuid),
}

/// Feeds the catalogue, progress and unlock tables.
pub struct AchievementsProjector;

#[async_trait]
impl Projector for AchievementsProjector {
    fn name(&self) -> &'static str {
        "achievements"
    }

    fn tables(&self) -> &'static [&'static str] {
        &[
            "achievement_catalogue_view",
            "account_progress_view",
            "achievements_view",
        ]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let changes = self.changes(events)?;
        if changes.is_empty() {
            return Ok(());
        }
        let defines = changes
            .iter()
            .any(|(change, ..)| matches!(change, Change::Define(_)));
        // a definition is checked against every account: load them all (rare: seeding)
        let accounts: Option<Vec<Uuid>> = (!defines).then(|| {
            changes
                .iter()
                .filter_map(|(change, ..)| match change {
                    Change::Rating(a, _) | Change::ReportApproved(a) | Change::Joined(a, _) => {
                        Some(*a)
                    }
                    Change::Define(_) => None,
                })
                .collect()
        });
        let mut state = State {
            catalogue: sqlx::query_as("select * from achievement_catalogue_view")
                .fetch_all(&mut *tx)
                .await?,
            progress: sqlx::query_as::<_, ProgressRow>(
                "select * from account_progress_view
                  where $1::uuid[] is null or account_id = any($1)",
            )
            .bind(&accounts)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|row| (row.account_id, row))
            .collect(),
            unlocked: sqlx::query_as::<_, (Uuid, String)>(
                "select account_id, achievement_id from achievements_view
                  where $1::uuid[] is null or account_id = any($1)",
            )
            .bind(&accounts)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect(),
            defined: HashSet::new(),
            touched: HashSet::new(),
            unlocks: Vec::new(),
        };
        for (change, at, position) in changes {
            state.fold(change, at, position);
        }
        state.write(tx).await
    }
}

impl AchievementsProjector {
    /// The batch's relevant events as changes with their time and position, in log order.
    fn changes(&self, events: &[StoredEvent]) -> anyhow::Result<Vec<(Change, DateTime<Utc>, i64)>> {
        let name = self.name();
        let mut changes = Vec::new();
        for event in events {
            let kind = event.event_type.as_str();
            let change = match event.aggregate_type.as_str() {
                "AchievementCatalogue" if kind == "AchievementDefined" => {
                    let AchievementCatalogueEvent::AchievementDefined {
                        id,
                        name: title,
                        description,
                        icon,
                        rule,
                        xp,
                    } = decode(name, event)?;
                    let (rule_kind, threshold) = match rule {
                        AchievementRule::Rating { threshold } => ("rating", threshold),
                        AchievementRule::ApprovedReports { count } => ("approved_reports", count),
                        AchievementRule::ProjectsJoined { count } => ("projects_joined", count),
                    };
                    Change::Define(AchievementDefinitionRow {
                        id,
                        name: serde_json::to_value(title)?,
                        description: serde_json::to_value(description)?,
                        icon,
                        rule_kind: rule_kind.to_owned(),
                        threshold: i32::try_from(threshold).unwrap_or(i32::MAX),
                        xp: i32::try_from(xp).unwrap_or(i32::MAX),
                        position: event.checkpoint.global_position,
                    })
                }
                "Account" if RATING_EVENTS.contains(&kind) => {
                    let account = stream_id(name, event)?;
                    match decode(name, event)? {
                        AccountEvent::RatingCredited { rating_after, .. }
                        | AccountEvent::RatingAdjusted { rating_after, .. } => {
                            Change::Rating(account, i32::try_from(rating_after).unwrap_or(i32::MAX))
                        }
                        _ => continue,
                    }
                }
                "Assignment" if kind == "ReportApproved" => match decode(name, event)? {
                    AssignmentEvent::ReportApproved { volunteer, .. } => {
                        Change::ReportApproved(volunteer)
                    }
                    _ => continue,
                },
                "Project" if kind == "VolunteerJoined" => {
                    let project = stream_id(name, event)?;
                    match decode(name, event)? {
                        ProjectEvent::VolunteerJoined { volunteer } => {
                            Change::Joined(volunteer, project)
                        }
                        _ => continue,
                    }
                }
                _ => continue,
            };
            changes.push((
                change,
                event.occurred_at(),
                event.checkpoint.global_position,
            ));
        }
        Ok(changes)
    }
}

/// The rows a batch reads and writes, in memory.
struct State {
    catalogue: Vec<AchievementDefinitionRow>,
    progress: HashMap<Uuid, ProgressRow>,
    unlocked: HashSet<(Uuid, String)>,
    /// Catalogue ids defined (or redefined) in this batch.
    defined: HashSet<String>,
    /// Accounts whose progress changed in this batch.
    touched: HashSet<Uuid>,
    /// New unlocks: `(account, achievement, at, position)`.
    unlocks: Vec<(Uuid, String, DateTime<Utc>, i64)>,
}

impl State {
    fn fold(&mut self, change: Change, at: DateTime<Utc>, position: i64) {
        let account = match change {
            Change::Define(mut definition) => {
                self.defined.insert(definition.id.clone());
                let index = match self.catalogue.iter().position(|d| d.id == definition.id) {
                    Some(index) => {
                        // a redefinition keeps its place in the catalogue
                        definition.position = self.catalogue[index].position;
                        self.catalogue[index] = definition;
                        index
                    }
                    None => {
                        self.catalogue.push(definition);
                        self.catalogue.len() - 1
                    }
                };
                let mut accounts: Vec<Uuid> = self.progress.keys().copied().collect();
                accounts.sort_unstable();
                for account in accounts {
                    self.check(account, index, at, position);
                }
                return;
            }
            Change::Rating(account, rating) => {
                self.entry(account).rating = rating;
                account
            }
            Change::ReportApproved(account) => {
                self.entry(account).approved_reports += 1;
                account
            }
            Change::Joined(account, project) => {
                let progress = self.entry(account);
                if !progress.joined_projects.contains(&project) {
                    progress.joined_projects.push(project);
                    progress.projects_joined += 1;
                }
                account
            }
        };
        for index in 0..self.catalogue.len() {
            self.check(account, index, at, position);
        }
    }

    fn entry(&mut self, account: Uuid) -> &mut ProgressRow {
        self.touched.insert(account);
        self.progress
            .entry(account)
            .or_insert_with(|| ProgressRow::new(account))
    }

    /// Unlocks catalogue entry `index` for `account` if its rule is met and it is still locked.
    fn check(&mut self, account: Uuid, index: usize, at: DateTime<Utc>, position: i64) {
        let definition = &self.catalogue[index];
        let Some(progress) = self.progress.get(&account) else {
            return;
        };
        if definition.met_by(progress) && self.unlocked.insert((account, definition.id.clone())) {
            self.unlocks
                .push((account, definition.id.clone(), at, position));
        }
    }

    async fn write(self, tx: &mut PgConnection) -> anyhow::Result<()> {
        let defined: Vec<&AchievementDefinitionRow> = self
            .catalogue
            .iter()
            .filter(|d| self.defined.contains(&d.id))
            .collect();
        if !defined.is_empty() {
            sqlx::query(
                "insert into achievement_catalogue_view (id, name, description, icon, rule_kind,
                        threshold, xp, position)
                 select * from unnest($1::text[], $2::jsonb[], $3::jsonb[], $4::text[],
                                      $5::text[], $6::int4[], $7::int4[], $8::int8[])
                 on conflict (id) do update set
                        name = excluded.name, description = excluded.description,
                        icon = excluded.icon, rule_kind = excluded.rule_kind,
                        threshold = excluded.threshold, xp = excluded.xp,
                        position = excluded.position",
            )
            .bind(defined.iter().map(|d| d.id.clone()).collect::<Vec<_>>())
            .bind(defined.iter().map(|d| d.name.clone()).collect::<Vec<_>>())
            .bind(
                defined
                    .iter()
                    .map(|d| d.description.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(defined.iter().map(|d| d.icon.clone()).collect::<Vec<_>>())
            .bind(
                defined
                    .iter()
                    .map(|d| d.rule_kind.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(defined.iter().map(|d| d.threshold).collect::<Vec<_>>())
            .bind(defined.iter().map(|d| d.xp).collect::<Vec<_>>())
            .bind(defined.iter().map(|d| d.position).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        }
        let touched: Vec<&ProgressRow> = self
            .touched
            .iter()
            .filter_map(|account| self.progress.get(account))
            .collect();
        if !touched.is_empty() {
            sqlx::query(
                "insert into account_progress_view (account_id, rating, approved_reports,
                        projects_joined, joined_projects)
                 select account_id, rating, approved_reports, projects_joined,
                        array(select jsonb_array_elements_text(joined)::uuid)
                   from unnest($1::uuid[], $2::int4[], $3::int4[], $4::int4[], $5::jsonb[])
                     as t (account_id, rating, approved_reports, projects_joined, joined)
                 on conflict (account_id) do update set
                        rating = excluded.rating, approved_reports = excluded.approved_reports,
                        projects_joined = excluded.projects_joined,
                        joined_projects = excluded.joined_projects",
            )
            .bind(touched.iter().map(|p| p.account_id).collect::<Vec<_>>())
            .bind(touched.iter().map(|p| p.rating).collect::<Vec<_>>())
            .bind(
                touched
                    .iter()
                    .map(|p| p.approved_reports)
                    .collect::<Vec<_>>(),
            )
            .bind(
                touched
                    .iter()
                    .map(|p| p.projects_joined)
                    .collect::<Vec<_>>(),
            )
            // uuid[] cannot be nested in an unnest()ed array: pass each list as jsonb
            .bind(
                touched
                    .iter()
                    .map(|p| serde_json::json!(p.joined_projects))
                    .collect::<Vec<_>>(),
            )
            .execute(&mut *tx)
            .await?;
        }
        if !self.unlocks.is_empty() {
            let (mut account, mut id, mut at, mut position) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (a, i, t, p) in self.unlocks {
                account.push(a);
                id.push(i);
                at.push(t);
                position.push(p);
            }
            sqlx::query(
                "insert into achievements_view (account_id, achievement_id, unlocked_at, position)
                 select * from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int8[])
                 on conflict (account_id, achievement_id) do nothing",
            )
            .bind(account)
            .bind(id)
            .bind(at)
            .bind(position)
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }
}
