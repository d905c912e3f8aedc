//! Tasks: a project's tasks and a volunteer's tasks with their assignment.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Queries;
use crate::error::QueryError;
use crate::keyset::{Keyset, Page};
use crate::tasks::TaskRow;

/// A task as a volunteer sees it, with their assignment when they have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MyTaskRow {
    /// The task.
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub task: TaskRow,
    /// `offered`, `accepted`, `declined`, `submitted`, `approved` or `rejected` (none: not
    /// offered to them yet).
    pub assignment_status: Option<String>,
    /// Their latest report.
    pub report_id: Option<Uuid>,
}

impl Queries {
    /// One task.
    #[tracing::instrument(skip(self), err)]
    pub async fn task(&self, id: Uuid) -> Result<Option<TaskRow>, QueryError> {
        sqlx::query_as("select * from tasks_view where id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// A project's tasks, newest first, paged by `(created_at, id)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn project_tasks(
        &self,
        project_id: Uuid,
        keyset: &Keyset<(DateTime<Utc>, Uuid)>,
    ) -> Result<Page<TaskRow>, QueryError> {
        let (after_at, after_id) = keyset.start().copied().unzip();
        let rows = sqlx::query_as(
            "select * from tasks_view
              where project_id = $1
                and ($2::timestamptz is null or (created_at, id) < ($2, $3))
              order by created_at desc, id desc
              limit $4",
        )
        .bind(project_id)
        .bind(after_at)
        .bind(after_id)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, |t: &TaskRow| (t.created_at, t.id)))
    }

    /// A volunteer's tasks, newest first: every task they have an assignment for, and every
    /// task of a project they are a member of that targets every member or lists them; paged
    /// by the task's `(created_at, id)`.
    #[tracing::instrument(skip(self), err)]
    pub async fn my_tasks(
        &self,
        volunteer: Uuid,
        keyset: &Keyset<(DateTime<Utc>, Uuid)>,
    ) -> Result<Page<MyTaskRow>, QueryError> {
        let (after_at, after_id) = keyset.start().copied().unzip();
        let rows = sqlx::query_as(
            "select t.*, s.status as assignment_status, s.report_id
               from tasks_view t
               left join assignments_view s on s.task_id = t.id and s.volunteer_id = $1
              where (s.id is not null
                     or (exists (select 1 from project_members_view m
                                  where m.project_id = t.project_id and m.account_id = $1)
                         and (t.assignees is null or $1 = any(t.assignees))))
                and ($2::timestamptz is null or (t.created_at, t.id) < ($2, $3))
              order by t.created_at desc, t.id desc
              limit $4",
        )
        .bind(volunteer)
        .bind(after_at)
        .bind(after_id)
        .bind(keyset.fetch())
        .fetch_all(&self.pool)
        .await?;
        Ok(keyset.page(rows, |t: &MyTaskRow| (t.task.created_at, t.task.id)))
    }
}
