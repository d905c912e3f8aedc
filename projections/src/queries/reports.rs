//! Photo reports: one report, a volunteer's reports, the moderation queue, photos.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Queries;
use crate::assignments::{AssignmentRow, ReportRow};
use crate::error::QueryError;
use crate::keyset::{Keyset, Page};

/// Which reports a moderator sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationFilter {
    /// `pending`, `approved` or `rejected` (none: all).
    pub status: Option<String>,
    /// One project only.
    pub project_id: Option<Uuid>,
    /// Only projects of this owner (none: an admin, every project).
    pub owner: Option<Uuid>,
}

/// A photo with what its authorisation needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PhotoRow {
    /// Photo id.
    pub photo_id: Uuid,
    /// SHA-256 of the stored bytes (the store's key).
    pub sha256: String,
    /// The report it belongs to.
    pub report_id: Uuid,
    /// The report's project.
    pub project_id: Uuid,
    /// The report's volunteer.
    pub volunteer_id: Uuid,
    /// MIME type.
    pub content_type: String,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
    /// The project's owner (none if the project is unknown to the view).
    pub project_owner_id: Option<Uuid>,
}

/// The sort key of report lists.
fn report_key(r: &ReportRow) -> (DateTime<Utc>, Uuid) {
    (r.submitted_at, r.id)
}

/// A report row with the volunteer's name and the project owner.
const REPORT: &str = "select r.*, a.name as volunteer_name, p.owner_id as project_owner_id
   from reports_view r
   left join accounts_view a on a.id = r.volunteer_id
   left join projects_view p on p.id = r.project_id";

impl Queries {
    /// One report.
    #[tracing::instrument(skip(self), err)]
    pub async fn report(&self, id: Uuid) -> Result<Option<ReportRow>, QueryError> {
        sqlx::query_as(&format!("{REPORT} where r.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// One assignment (task × volunteer).
    #[tracing::instrument(skip(self), err)]
    pub async fn assignment(
        &self,
        task_id: Uuid,
        volunteer: Uuid,
    ) -> Result<Option<AssignmentRow>, QueryError> {
        sqlx::query_as("select * from assignments_view where volunteer_id = $1 and task_id = $2")
            .bind(volunteer)
            .bind(task_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// A volunteer's reports, newest first, paged by `(submitted_at, id)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn my_reports(
        &self,
        volunteer: Uuid,
        keyset: &Keyset<(DateTime<Utc>, Uuid)>,
    ) -> Result<Page<ReportRow>, QueryError> {
        let (after_at, after_id) = keyset.start().copied().unzip();
        let rows = sqlx::query_as(&format!(
            "{REPORT}
              where r.volunteer_id = $1
                and ($2::timestamptz is null or (r.submitted_at, r.id) < ($2, $3))
              order by r.submitted_at desc, r.id desc
              limit $4"
        ))
        .bind(volunteer)
        .bind(after_at)
        .bind(after_id)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, report_key))
    }

    /// The moderation queue, oldest first, paged by `(submitted_at, id)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn moderation_queue(
        &self,
        filter: &ModerationFilter,
        keyset: &Keyset<(DateTime<Utc>, Uuid)>,
    ) -> Result<Page<ReportRow>, QueryError> {
        let (after_at, after_id) = keyset.start().copied().unzip();
        let rows = sqlx::query_as(&format!(
            "{REPORT}
              where ($1::text is null or r.status = $1)
                and ($2::uuid is null or r.project_id = $2)
                and ($3::uuid is null or p.owner_id = $3)
                and ($4::timestamptz is null or (r.submitted_at, r.id) > ($4, $5))
              order by r.submitted_at, r.id
              limit $6"
        ))
        // planned for each call's filters: the generic plan of the `is null or` filters cannot
        // use an index (see `achievements.rs`), an unnamed statement is never planned generically
        .persistent(false)
        .bind(filter.status.as_deref())
        .bind(filter.project_id)
        .bind(filter.owner)
        .bind(after_at)
        .bind(after_id)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, report_key))
    }

    /// One photo with its report's volunteer and project owner.
    #[tracing::instrument(skip(self), err)]
    pub async fn photo(&self, id: Uuid) -> Result<Option<PhotoRow>, QueryError> {
        sqlx::query_as(
            "select f.*, p.owner_id as project_owner_id
               from photos_view f
               left join projects_view p on p.id = f.project_id
              where f.photo_id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(QueryError::from)
    }
}
