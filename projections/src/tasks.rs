//! `tasks_view`: one row per task.

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::task::TaskEvent;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::log::StoredEvent;
use crate::projector::{Projector, relevant};

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
impl Projector for TasksProjector {
    fn name(&self) -> &'static str {
        "tasks"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["tasks_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, TaskEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Task", EVENTS)?;
        if decoded.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = decoded.iter().map(|(id, ..)| *id).collect();
        let mut rows: HashMap<Uuid, TaskRow> =
            sqlx::query_as::<_, TaskRow>("select * from tasks_view where id = any($1)")
                .bind(&ids)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|row| (row.id, row))
                .collect();
        for (id, event, at) in decoded {
            fold(&mut rows, id, event, at);
        }
        upsert(tx, rows.into_values().collect()).await
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

/// Writes the rows back with one multi-row upsert.
async fn upsert(tx: &mut PgConnection, rows: Vec<TaskRow>) -> anyhow::Result<()> {
    let (mut id, mut project_id, mut owner_id, mut text) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut deadline_date, mut start_time, mut end_time) = (Vec::new(), Vec::new(), Vec::new());
    let (mut assignees, mut status, mut created_at) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        id.push(row.id);
        project_id.push(row.project_id);
        owner_id.push(row.owner_id);
        text.push(row.text);
        deadline_date.push(row.deadline_date);
        start_time.push(row.start_time);
        end_time.push(row.end_time);
        // uuid[] cannot be nested in an unnest()ed array: pass each list as jsonb
        assignees.push(row.assignees.map(|a| serde_json::json!(a)));
        status.push(row.status);
        created_at.push(row.created_at);
    }
    sqlx::query(
        "insert into tasks_view (id, project_id, owner_id, text, deadline_date, start_time,
                end_time, assignees, status, created_at)
         select id, project_id, owner_id, text, deadline_date, start_time, end_time,
                case when assignees is null then null
                     else array(select jsonb_array_elements_text(assignees)::uuid) end,
                status, created_at
           from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::time[],
                       $7::time[], $8::jsonb[], $9::text[], $10::timestamptz[])
             as t (id, project_id, owner_id, text, deadline_date, start_time, end_time,
                   assignees, status, created_at)
         on conflict (id) do update set
                project_id = excluded.project_id, owner_id = excluded.owner_id,
                text = excluded.text, deadline_date = excluded.deadline_date,
                start_time = excluded.start_time, end_time = excluded.end_time,
                assignees = excluded.assignees, status = excluded.status,
                created_at = excluded.created_at",
    )
    .bind(id)
    .bind(project_id)
    .bind(owner_id)
    .bind(text)
    .bind(deadline_date)
    .bind(start_time)
    .bind(end_time)
    .bind(assignees)
    .bind(status)
    .bind(created_at)
    .execute(tx)
    .await?;
    Ok(())
}
