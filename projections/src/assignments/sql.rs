//! The columns of a batch's assignment and report rows, and the insert of its photos.

use sqlx::PgConnection;
use uuid::Uuid;

use super::fold::PhotoEntry;
use super::{AssignmentRow, ReportRow};
use crate::view_row::{Columns, ViewRow};

impl ViewRow for AssignmentRow {
    const TABLE: &'static str = "assignments_view";
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn key_columns(c: &mut Columns<'_, Uuid>) {
        c.col("id", |id| *id);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("id", |r| r.id)
            .col("task_id", |r| r.task_id)
            .col("project_id", |r| r.project_id)
            .col("volunteer_id", |r| r.volunteer_id)
            .col("status", |r| r.status.clone())
            .col("attempt", |r| r.attempt)
            .col("report_id", |r| r.report_id)
            .col("updated_at", |r| r.updated_at);
    }
}

impl ViewRow for ReportRow {
    const TABLE: &'static str = "reports_view";
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn key_columns(c: &mut Columns<'_, Uuid>) {
        c.col("id", |id| *id);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("id", |r| r.id)
            .col("assignment_id", |r| r.assignment_id)
            .col("task_id", |r| r.task_id)
            .col("project_id", |r| r.project_id)
            .col("volunteer_id", |r| r.volunteer_id)
            .col("attempt", |r| r.attempt)
            .col("photos", |r| r.photos.clone())
            .col("comment", |r| r.comment.clone())
            .col("status", |r| r.status.clone())
            .col("stars", |r| r.stars)
            .col("moderator_comment", |r| r.moderator_comment.clone())
            .col("rejection_reason", |r| r.rejection_reason.clone())
            .col("moderator_id", |r| r.moderator_id)
            .col("submitted_at", |r| r.submitted_at)
            .col("moderated_at", |r| r.moderated_at);
    }
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
