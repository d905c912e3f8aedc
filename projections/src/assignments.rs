//! `assignments_view`, `reports_view` and `photos_view`: each volunteer's assignment to a task,
//! every report attempt with its moderation outcome, and every photo for authorised download.

mod fold;
mod sql;

use async_trait::async_trait;
use birqadam_domain::assignment::AssignmentEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::{LogConsumer, relevant};
use crate::log::StoredEvent;
use crate::view_row::{load_rows, upsert_rows};
use fold::State;
use sql::insert_photos;

/// The assignment events this view reads.
const EVENTS: &[&str] = &[
    "TaskOffered",
    "TaskAccepted",
    "TaskDeclined",
    "ReportSubmitted",
    "ReportApproved",
    "ReportRejected",
];

/// A row of `assignments_view`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AssignmentRow {
    /// The assignment's stream id.
    pub id: Uuid,
    /// The task.
    pub task_id: Uuid,
    /// The task's project.
    pub project_id: Uuid,
    /// The volunteer.
    pub volunteer_id: Uuid,
    /// `offered`, `accepted`, `declined`, `submitted`, `approved` or `rejected`.
    pub status: String,
    /// The latest report attempt (0 before the first report).
    pub attempt: i32,
    /// The latest report.
    pub report_id: Option<Uuid>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A row of `reports_view`, with the volunteer's name and the project owner when read by
/// `Queries`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ReportRow {
    /// The report id, UUIDv5(assignment, attempt).
    pub id: Uuid,
    /// The assignment stream.
    pub assignment_id: Uuid,
    /// The task.
    pub task_id: Uuid,
    /// The task's project.
    pub project_id: Uuid,
    /// The volunteer.
    pub volunteer_id: Uuid,
    /// Attempt number, from 1.
    pub attempt: i32,
    /// `[{id, sha256, content_type, bytes, width, height}]`.
    pub photos: serde_json::Value,
    /// The volunteer's comment.
    pub comment: Option<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// 1..=5 stars (none: not approved, or approved without points).
    pub stars: Option<i32>,
    /// The moderator's comment on an approval.
    pub moderator_comment: Option<String>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// The moderating account.
    pub moderator_id: Option<Uuid>,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// When it was approved or rejected.
    pub moderated_at: Option<DateTime<Utc>>,
    /// The volunteer's display name (only filled by queries).
    #[sqlx(default)]
    pub volunteer_name: Option<String>,
    /// The project's owner (only filled by queries; for authorisation).
    #[sqlx(default)]
    pub project_owner_id: Option<Uuid>,
}

impl ReportRow {
    /// Where the report lives and who may decide on it (`None` while its project is not in the
    /// projects view).
    pub fn target(&self) -> Option<crate::queries::ReportTarget> {
        Some(crate::queries::ReportTarget {
            assignment_id: self.assignment_id,
            volunteer_id: self.volunteer_id,
            project_owner_id: self.project_owner_id?,
        })
    }
}

/// Feeds the assignment, report and photo tables.
pub struct AssignmentsProjector;

#[async_trait]
impl LogConsumer for AssignmentsProjector {
    fn name(&self) -> &'static str {
        "assignments"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["assignments_view", "reports_view", "photos_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, AssignmentEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Assignment", EVENTS)?;
        if decoded.is_empty() {
            return Ok(());
        }
        let report_ids: Vec<Uuid> = decoded
            .iter()
            .filter_map(|(_, event, _)| match event {
                AssignmentEvent::ReportApproved { report_id, .. }
                | AssignmentEvent::ReportRejected { report_id, .. } => Some(*report_id),
                _ => None,
            })
            .collect();
        let mut state = State {
            assignments: load_rows(tx, decoded.iter().map(|(id, ..)| *id)).await?,
            reports: load_rows(tx, report_ids).await?,
            photos: Vec::new(),
        };
        for (id, event, at) in decoded {
            state.fold(id, event, at);
        }
        upsert_rows(tx, state.assignments.into_values()).await?;
        upsert_rows(tx, state.reports.into_values()).await?;
        insert_photos(tx, state.photos).await
    }
}
