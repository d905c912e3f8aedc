//! `assignments_view`, `reports_view` and `photos_view`: each volunteer's assignment to a task,
//! every report attempt with its moderation outcome, and every photo for authorised download.

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::assignment::AssignmentEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::log::StoredEvent;
use crate::projector::{Projector, decode, stream_id};

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

/// Feeds the assignment, report and photo tables.
pub struct AssignmentsProjector;

#[async_trait]
impl Projector for AssignmentsProjector {
    fn name(&self) -> &'static str {
        "assignments"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["assignments_view", "reports_view", "photos_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let mut decoded = Vec::new();
        for event in events {
            if event.aggregate_type == "Assignment" && EVENTS.contains(&event.event_type.as_str()) {
                let id = stream_id(self.name(), event)?;
                let payload: AssignmentEvent = decode(self.name(), event)?;
                decoded.push((id, payload, event.occurred_at()));
            }
        }
        if decoded.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = decoded.iter().map(|(id, ..)| *id).collect();
        let report_ids: Vec<Uuid> = decoded
            .iter()
            .filter_map(|(_, event, _)| match event {
                AssignmentEvent::ReportApproved { report_id, .. }
                | AssignmentEvent::ReportRejected { report_id, .. } => Some(*report_id),
                _ => None,
            })
            .collect();
        let mut state = State {
            assignments: sqlx::query_as::<_, AssignmentRow>(
                "select * from assignments_view where id = any($1)",
            )
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect(),
            reports: HashMap::new(),
            photos: Vec::new(),
        };
        if !report_ids.is_empty() {
            state.reports =
                sqlx::query_as::<_, ReportRow>("select * from reports_view where id = any($1)")
                    .bind(&report_ids)
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|row| (row.id, row))
                    .collect();
        }
        for (id, event, at) in decoded {
            state.fold(id, event, at);
        }
        upsert_assignments(tx, state.assignments.into_values().collect()).await?;
        upsert_reports(tx, state.reports.into_values().collect()).await?;
        insert_photos(tx, state.photos).await
    }
}

/// A photo row: `(photo, report, project, volunteer, the photo as stored)`.
type PhotoEntry = (Uuid, Uuid, Uuid, birqadam_domain::assignment::PhotoRef);

/// The rows a batch touches, in memory.
struct State {
    assignments: HashMap<Uuid, AssignmentRow>,
    reports: HashMap<Uuid, ReportRow>,
    photos: Vec<PhotoEntry>,
}

impl State {
    /// Applies one event in memory.
    fn fold(&mut self, id: Uuid, event: AssignmentEvent, at: DateTime<Utc>) {
        use AssignmentEvent as E;
        let (task_id, project_id, volunteer_id, status) = match &event {
            E::TaskOffered {
                task_id,
                project_id,
                volunteer,
            } => (*task_id, *project_id, *volunteer, "offered"),
            E::TaskAccepted {
                task_id,
                project_id,
                volunteer,
            } => (*task_id, *project_id, *volunteer, "accepted"),
            E::TaskDeclined {
                task_id,
                project_id,
                volunteer,
            } => (*task_id, *project_id, *volunteer, "declined"),
            E::ReportSubmitted {
                task_id,
                project_id,
                volunteer,
                ..
            } => (*task_id, *project_id, *volunteer, "submitted"),
            E::ReportApproved {
                task_id,
                project_id,
                volunteer,
                ..
            } => (*task_id, *project_id, *volunteer, "approved"),
            E::ReportRejected {
                task_id,
                project_id,
                volunteer,
                ..
            } => (*task_id, *project_id, *volunteer, "rejected"),
        };
        let assignment = self.assignments.entry(id).or_insert_with(|| AssignmentRow {
            id,
            task_id,
            project_id,
            volunteer_id,
            status: String::new(),
            attempt: 0,
            report_id: None,
            updated_at: at,
        });
        assignment.status = status.to_owned();
        assignment.updated_at = at;
        match event {
            E::TaskOffered { .. } | E::TaskAccepted { .. } | E::TaskDeclined { .. } => {}
            E::ReportSubmitted {
                report_id,
                attempt,
                photos,
                comment,
                ..
            } => {
                let attempt = i32::try_from(attempt).unwrap_or(i32::MAX);
                assignment.attempt = attempt;
                assignment.report_id = Some(report_id);
                for photo in &photos {
                    self.photos
                        .push((report_id, project_id, volunteer_id, photo.clone()));
                }
                self.reports.insert(
                    report_id,
                    ReportRow {
                        id: report_id,
                        assignment_id: id,
                        task_id,
                        project_id,
                        volunteer_id,
                        attempt,
                        photos: serde_json::to_value(&photos).unwrap_or_default(),
                        comment,
                        status: "pending".to_owned(),
                        stars: None,
                        moderator_comment: None,
                        rejection_reason: None,
                        moderator_id: None,
                        submitted_at: at,
                        moderated_at: None,
                        volunteer_name: None,
                        project_owner_id: None,
                    },
                );
            }
            E::ReportApproved {
                report_id,
                stars,
                comment,
                moderator,
                ..
            } => self.moderate(report_id, at, moderator, |report| {
                report.status = "approved".to_owned();
                report.stars = stars.map(i32::from);
                report.moderator_comment = comment;
            }),
            E::ReportRejected {
                report_id,
                reason,
                moderator,
                ..
            } => self.moderate(report_id, at, moderator, |report| {
                report.status = "rejected".to_owned();
                report.rejection_reason = Some(reason);
            }),
        }
    }

    fn moderate(
        &mut self,
        report_id: Uuid,
        at: DateTime<Utc>,
        moderator: Option<Uuid>,
        decide: impl FnOnce(&mut ReportRow),
    ) {
        let Some(report) = self.reports.get_mut(&report_id) else {
            tracing::warn!(report = %report_id, "decision on a report never submitted; skipped");
            return;
        };
        decide(report);
        report.moderator_id = moderator;
        report.moderated_at = Some(at);
    }
}

/// Writes the assignment rows back with one multi-row upsert.
async fn upsert_assignments(tx: &mut PgConnection, rows: Vec<AssignmentRow>) -> anyhow::Result<()> {
    let (mut id, mut task_id, mut project_id, mut volunteer_id) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut status, mut attempt, mut report_id, mut updated_at) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        id.push(row.id);
        task_id.push(row.task_id);
        project_id.push(row.project_id);
        volunteer_id.push(row.volunteer_id);
        status.push(row.status);
        attempt.push(row.attempt);
        report_id.push(row.report_id);
        updated_at.push(row.updated_at);
    }
    sqlx::query(
        "insert into assignments_view (id, task_id, project_id, volunteer_id, status, attempt,
                report_id, updated_at)
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[],
                              $6::int4[], $7::uuid[], $8::timestamptz[])
         on conflict (id) do update set
                task_id = excluded.task_id, project_id = excluded.project_id,
                volunteer_id = excluded.volunteer_id, status = excluded.status,
                attempt = excluded.attempt, report_id = excluded.report_id,
                updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(task_id)
    .bind(project_id)
    .bind(volunteer_id)
    .bind(status)
    .bind(attempt)
    .bind(report_id)
    .bind(updated_at)
    .execute(tx)
    .await?;
    Ok(())
}

/// Writes the report rows back with one multi-row upsert.
async fn upsert_reports(tx: &mut PgConnection, rows: Vec<ReportRow>) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut c = ReportColumns::default();
    for row in rows {
        c.id.push(row.id);
        c.assignment_id.push(row.assignment_id);
        c.task_id.push(row.task_id);
        c.project_id.push(row.project_id);
        c.volunteer_id.push(row.volunteer_id);
        c.attempt.push(row.attempt);
        c.photos.push(row.photos);
        c.comment.push(row.comment);
        c.status.push(row.status);
        c.stars.push(row.stars);
        c.moderator_comment.push(row.moderator_comment);
        c.rejection_reason.push(row.rejection_reason);
        c.moderator_id.push(row.moderator_id);
        c.submitted_at.push(row.submitted_at);
        c.moderated_at.push(row.moderated_at);
    }
    sqlx::query(
        "insert into reports_view (id, assignment_id, task_id, project_id, volunteer_id,
                attempt, photos, comment, status, stars, moderator_comment, rejection_reason,
                moderator_id, submitted_at, moderated_at)
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[],
                              $6::int4[], $7::jsonb[], $8::text[], $9::text[], $10::int4[],
                              $11::text[], $12::text[], $13::uuid[], $14::timestamptz[],
                              $15::timestamptz[])
         on conflict (id) do update set
                assignment_id = excluded.assignment_id, task_id = excluded.task_id,
                project_id = excluded.project_id, volunteer_id = excluded.volunteer_id,
                attempt = excluded.attempt, photos = excluded.photos,
                comment = excluded.comment, status = excluded.status, stars = excluded.stars,
                moderator_comment = excluded.moderator_comment,
                rejection_reason = excluded.rejection_reason,
                moderator_id = excluded.moderator_id, submitted_at = excluded.submitted_at,
                moderated_at = excluded.moderated_at",
    )
    .bind(c.id)
    .bind(c.assignment_id)
    .bind(c.task_id)
    .bind(c.project_id)
    .bind(c.volunteer_id)
    .bind(c.attempt)
    .bind(c.photos)
    .bind(c.comment)
    .bind(c.status)
    .bind(c.stars)
    .bind(c.moderator_comment)
    .bind(c.rejection_reason)
    .bind(c.moderator_id)
    .bind(c.submitted_at)
    .bind(c.moderated_at)
    .execute(tx)
    .await?;
    Ok(())
}

/// Inserts the photos of the submitted reports (a photo id belongs to its first report).
async fn insert_photos(tx: &mut PgConnection, photos: Vec<PhotoEntry>) -> anyhow::Result<()> {
    if photos.is_empty() {
        return Ok(());
    }
    let (mut photo_id, mut sha256, mut report_id, mut project_id) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut volunteer_id, mut content_type, mut width, mut height) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (report, project, volunteer, photo) in photos {
        photo_id.push(photo.id);
        sha256.push(photo.sha256);
        report_id.push(report);
        project_id.push(project);
        volunteer_id.push(volunteer);
        content_type.push(photo.content_type);
        width.push(i32::try_from(photo.width).unwrap_or(i32::MAX));
        height.push(i32::try_from(photo.height).unwrap_or(i32::MAX));
    }
    sqlx::query(
        "insert into photos_view (photo_id, sha256, report_id, project_id, volunteer_id,
                content_type, width, height)
         select distinct on (photo_id) photo_id, sha256, report_id, project_id, volunteer_id,
                content_type, width, height
           from unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[],
                       $7::int4[], $8::int4[])
             with ordinality as t (photo_id, sha256, report_id, project_id, volunteer_id,
                                   content_type, width, height, n)
          order by photo_id, n
         on conflict (photo_id) do nothing",
    )
    .bind(photo_id)
    .bind(sha256)
    .bind(report_id)
    .bind(project_id)
    .bind(volunteer_id)
    .bind(content_type)
    .bind(width)
    .bind(height)
    .execute(tx)
    .await?;
    Ok(())
}

/// The report rows as column arrays for `unnest`.
#[derive(Default)]
struct ReportColumns {
    id: Vec<Uuid>,
    assignment_id: Vec<Uuid>,
    task_id: Vec<Uuid>,
    project_id: Vec<Uuid>,
    volunteer_id: Vec<Uuid>,
    attempt: Vec<i32>,
    photos: Vec<serde_json::Value>,
    comment: Vec<Option<String>>,
    status: Vec<String>,
    stars: Vec<Option<i32>>,
    moderator_comment: Vec<Option<String>>,
    rejection_reason: Vec<Option<String>>,
    moderator_id: Vec<Option<Uuid>>,
    submitted_at: Vec<DateTime<Utc>>,
    moderated_at: Vec<Option<DateTime<Utc>>>,
}
