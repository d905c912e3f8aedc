//! Decoding a batch's catalogue, rating, report and join events into achievement changes.

use birqadam_domain::account::AccountEvent;
use birqadam_domain::achievement::{AchievementCatalogueEvent, AchievementRule};
use birqadam_domain::assignment::AssignmentEvent;
use birqadam_domain::project::ProjectEvent;
use chrono::{DateTime, Utc};

use super::{AchievementDefinitionRow, AchievementsProjector, Change};
use crate::consumer::{LogConsumer, decode, stream_id};
use crate::log::StoredEvent;
use crate::rating_history::RATING_EVENTS;

impl AchievementsProjector {
    /// The batch's relevant events as changes with their time and position, in log order.
    pub(super) fn changes(
        &self,
        events: &[StoredEvent],
    ) -> anyhow::Result<Vec<(Change, DateTime<Utc>, i64)>> {
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
