//! The multi-row upserts that write a batch's assignment, report and photo rows back.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::fold::PhotoEntry;
use super::{AssignmentRow, ReportRow};

/// Writes the assignment rows back with one multi-row upsert.
pub(super) async fn upsert_assignments(
    tx: &mut PgConnection,
    rows: Vec<AssignmentRow>,
) -> anyhow::Result<()> {
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
pub(super) async fn upsert_reports(
    tx: &mut PgConnection,
    rows: Vec<ReportRow>,
) -> anyhow::Result<()> {
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
pub(super) async fn insert_photos(
    tx: &mut PgConnection,
    photos: Vec<PhotoEntry>,
) -> anyhow::Result<()> {
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
