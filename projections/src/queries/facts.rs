//! Facts the command side looks up before a command: indexes over the log that no single
//! aggregate holds (which assignment a report belongs to, which tasks are due or open). The rule
//! for which facts may come from here is written in `commands/src/lib.rs`: lookups and fan-out
//! lists, never the safety-critical state a decision depends on (that comes from the aggregate's own
//! stream and is guarded by its version).

use chrono::{NaiveDate, NaiveTime};
use uuid::Uuid;

use super::Queries;
use crate::error::QueryError;

/// Where a report lives and who may decide on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportTarget {
    /// The assignment stream holding the report.
    pub assignment_id: Uuid,
    /// The report's volunteer.
    pub volunteer_id: Uuid,
    /// The owner of the report's project.
    pub project_owner_id: Uuid,
}

/// An open task with a deadline on or before a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct DueTask {
    /// The task.
    pub id: Uuid,
    /// Its Almaty deadline date.
    pub deadline_date: NaiveDate,
    /// Its Almaty end time, if any.
    pub end_time: Option<NaiveTime>,
}

impl Queries {
    /// The assignment and the moderators of a report; `None` when the views do not know it.
    #[tracing::instrument(skip(self), err)]
    pub async fn report_target(&self, report_id: Uuid) -> Result<Option<ReportTarget>, QueryError> {
        sqlx::query_as(
            "select r.assignment_id, r.volunteer_id, p.owner_id as project_owner_id
               from reports_view r join projects_view p on p.id = r.project_id
              where r.id = $1",
        )
        .bind(report_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(QueryError::from)
    }

    /// Open tasks whose Almaty deadline date is `today` or earlier.
    #[tracing::instrument(skip(self), err)]
    pub async fn tasks_due(&self, today: NaiveDate) -> Result<Vec<DueTask>, QueryError> {
        sqlx::query_as(
            "select id, deadline_date, end_time from tasks_view
              where status = 'open' and deadline_date is not null and deadline_date <= $1",
        )
        .bind(today)
        .fetch_all(&self.pool)
        .await
        .map_err(QueryError::from)
    }

    /// The open tasks of a project.
    #[tracing::instrument(skip(self), err)]
    pub async fn open_task_ids(&self, project_id: Uuid) -> Result<Vec<Uuid>, QueryError> {
        sqlx::query_scalar("select id from tasks_view where project_id = $1 and status = 'open'")
            .bind(project_id)
            .fetch_all(&self.pool)
            .await
            .map_err(QueryError::from)
    }
}
