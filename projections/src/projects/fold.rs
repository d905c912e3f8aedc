//! The in-memory fold of project events over the rows and memberships a batch touches.

use std::collections::HashMap;

use birqadam_domain::project::ProjectEvent;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Members, ProjectRow};

/// Applies one event in memory; joins are collected as `(account, project, at)`.
pub(super) fn fold(
    rows: &mut HashMap<Uuid, ProjectRow>,
    members: &mut Members,
    joins: &mut Vec<(Uuid, Uuid, DateTime<Utc>)>,
    id: Uuid,
    event: ProjectEvent,
    at: DateTime<Utc>,
) {
    if let ProjectEvent::ProjectCreated { owner, details } = event {
        rows.insert(id, ProjectRow::created(id, owner, details, at));
        return;
    }
    let Some(row) = rows.get_mut(&id) else {
        tracing::warn!(project = %id, "event for a project that was never created; skipped");
        return;
    };
    row.updated_at = at;
    match event {
        ProjectEvent::ProjectCreated { .. } => {}
        ProjectEvent::ProjectApproved { .. } => {
            row.status = "approved".to_owned();
            row.rejection_reason = None;
        }
        ProjectEvent::ProjectRejected { reason, .. } => {
            row.status = "rejected".to_owned();
            row.rejection_reason = Some(reason);
        }
        ProjectEvent::ProjectUpdated { details } => {
            row.set_details(details);
            if row.status == "rejected" {
                row.status = "pending".to_owned();
            }
        }
        ProjectEvent::ProjectDeleted { .. } => row.deleted = true,
        ProjectEvent::ProjectRestored { .. } => row.deleted = false,
        ProjectEvent::VolunteerJoined { volunteer } => {
            let member = members.entry((id, volunteer)).or_default();
            if member.is_none() {
                *member = Some(at);
                row.members_count += 1;
            }
            joins.push((volunteer, id, at));
        }
        ProjectEvent::VolunteerLeft { volunteer } => {
            let member = members.entry((id, volunteer)).or_default();
            if member.take().is_some() {
                row.members_count -= 1;
            }
        }
    }
}
