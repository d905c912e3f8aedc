//! `tasks_view`: one row per task.

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::task::TaskEvent;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::{LogConsumer, relevant};
use crate::log::StoredEvent;
use crate::view_row::{Columns, ViewRow, fold_rows};

/// The task events this view reads.
const EVENTS: &[&str] = &["TaskCreated", "TaskCancelled", "TaskClosed"];

/// A row of `tasks_view`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct TaskRow {
    /// The task's stream id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// The project owner who created it.
    pub owner_id: Uuid,
    /// What to do.
    pub text: String,
    /// Last day (Almaty date).
    pub deadline_date: Option<NaiveDate>,
    /// Start time on the deadline day (Almaty).
    pub start_time: Option<NaiveTime>,
    /// End time on the deadline day (Almaty).
    pub end_time: Option<NaiveTime>,
    /// Targeted members; none means every member.
    pub assignees: Option<Vec<Uuid>>,
    /// `open`, `closed` or `cancelled`.
    pub status: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// Feeds `tasks_view`.
pub struct TasksProjector;

#[async_trait]
impl LogConsumer for TasksProjector {
    fn name(&self) -> &'static str {
        "tasks"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["tasks_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, TaskEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Task", EVENTS)?;
        fold_rows::<TaskRow, _>(tx, decoded, fold).await?;
        Ok(())
    }
}

impl ViewRow for TaskRow {
    const TABLE: &'static str = "tasks_view";
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn key_columns(c: &mut Columns<'_, Uuid>) {
        c.col("id", |id| *id);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("id", |r| r.id)
            .col("project_id", |r| r.project_id)
            .col("owner_id", |r| r.owner_id)
            .col("text", |r| r.text.clone())
            .col("deadline_date", |r| r.deadline_date)
            .col("start_time", |r| r.start_time)
            .col("end_time", |r| r.end_time)
            .list("assignees", "uuid", |r| r.assignees.clone())
            .col("status", |r| r.status.clone())
            .col("created_at", |r| r.created_at);
    }
}

/// Applies one event to the rows in memory.
fn fold(rows: &mut HashMap<Uuid, TaskRow>, id: Uuid, event: TaskEvent, at: DateTime<Utc>) {
    let status = match event {
        TaskEvent::TaskCreated {
            project_id,
            owner,
            text,
            deadline_date,
            start_time,
            end_time,
            assignees,
        } => {
            rows.insert(
                id,
                TaskRow {
                    id,
                    project_id,
                    owner_id: owner,
                    text,
                    deadline_date,
                    start_time,
                    end_time,
                    assignees,
                    status: "open".to_owned(),
                    created_at: at,
                },
            );
            return;
        }
        TaskEvent::TaskCancelled { .. } => "cancelled",
        TaskEvent::TaskClosed {} => "closed",
    };
    match rows.get_mut(&id) {
        Some(row) => row.status = status.to_owned(),
        None => tracing::warn!(task = %id, "event for a task that was never created; skipped"),
    }
}
