//! Tasks as the app calls them: the volunteer's list (providers/volunteer_tasks_provider.dart:119,
//! a bare array parsed at line 121 by `Task.fromJson`, line 34), accepting (line 159, success is
//! 200) and declining (line 185); and the organizer's new task
//! (providers/organizer_projects_provider.dart:368, screens/main/organizer_page.dart:3201,
//! `{text}` plus `deadline_date, start_time, end_time` on the page; success is 201). The same
//! commands and reads as `/api/v1/me/tasks`, `/api/v1/tasks/{id}/accept|decline` and
//! `POST /api/v1/projects/{id}/tasks`.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use birqadam_projections::Keyset;
use birqadam_projections::legacy_ids::LegacyKind;
use birqadam_projections::queries::MyTaskRow;
use serde::Serialize;
use uuid::Uuid;

use super::dto::Message;
use super::ids;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath};
use crate::routes::tasks::{TaskBody, create_task};
use crate::state::AppState;

/// Page size of the reads behind the one list the app asks for.
const PAGE: i64 = 100;

/// At most this many pages (the app has no paging; older tasks are cut).
const MAX_PAGES: usize = 10;

/// `Task.fromJson` (volunteer_tasks_provider.dart:34-43): `id` int, `project_title`, `text`,
/// `deadline_date`?, `start_time`?, `end_time`?, `status`, `creator_name`, `is_assigned` bool,
/// `assignment_status` bool (the model's type: whether the volunteer has taken the task on).
#[derive(Debug, Serialize)]
pub(super) struct LegacyTask {
    id: i64,
    project_id: Option<i64>,
    project_title: String,
    text: String,
    deadline_date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    status: String,
    creator_name: String,
    is_assigned: bool,
    assignment_status: bool,
    /// Our assignment state (`offered`, `accepted`, `submitted`, `approved`, `rejected`,
    /// `declined`), for clients that read more than the app does.
    assignment: Option<String>,
}

/// Accepted and every later state: the task is the volunteer's.
fn taken(status: Option<&str>) -> bool {
    matches!(
        status,
        Some("accepted" | "submitted" | "approved" | "rejected")
    )
}

/// GET `tasks/` → a bare array of the caller's tasks, newest first.
pub(super) async fn list_tasks(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<Vec<LegacyTask>>, ApiError> {
    let mut rows: Vec<MyTaskRow> = Vec::new();
    let mut keyset = Keyset::first(PAGE);
    for _ in 0..MAX_PAGES {
        let page = state.queries.my_tasks(user.id, &keyset).await?;
        let last = page.items.last().map(|t| (t.task.created_at, t.task.id));
        let more = page.next_cursor.is_some();
        rows.extend(page.items);
        match last {
            Some(key) if more => keyset = Keyset::after(key, PAGE),
            _ => break,
        }
    }
    let task_ids: Vec<Uuid> = rows.iter().map(|t| t.task.id).collect();
    let project_ids: Vec<Uuid> = rows.iter().map(|t| t.task.project_id).collect();
    let task_no = state
        .queries
        .legacy_numbers(LegacyKind::Task, &task_ids)
        .await?;
    let project_no = state
        .queries
        .legacy_numbers(LegacyKind::Project, &project_ids)
        .await?;
    let mut projects: HashMap<Uuid, (String, String)> = HashMap::new();
    for id in &project_ids {
        if !projects.contains_key(id)
            && let Some(p) = state.queries.project(*id, Some(user.id)).await?
        {
            projects.insert(*id, (p.title, p.organizer_name.unwrap_or_default()));
        }
    }
    let tasks = rows
        .into_iter()
        .filter_map(|row| {
            let id = *task_no.get(&row.task.id)?;
            let (title, creator) = projects
                .get(&row.task.project_id)
                .cloned()
                .unwrap_or_default();
            let is_assigned = taken(row.assignment_status.as_deref());
            Some(LegacyTask {
                id,
                project_id: project_no.get(&row.task.project_id).copied(),
                project_title: title,
                text: row.task.text,
                deadline_date: row.task.deadline_date.map(|d| d.to_string()),
                start_time: row.task.start_time.map(|t| t.format("%H:%M").to_string()),
                end_time: row.task.end_time.map(|t| t.format("%H:%M").to_string()),
                status: row.task.status,
                creator_name: creator,
                is_assigned,
                assignment_status: is_assigned,
                assignment: row.assignment_status,
            })
        })
        .collect();
    Ok(AppJson(tasks))
}

/// POST `tasks/{id}/accept/` → 200 `{message}` (the old server's 201 made the app report a
/// failure).
pub(super) async fn accept_task(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
) -> Result<AppJson<Message>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Task, number).await?;
    state.commands.accept_task(&user.context(&meta), id).await?;
    Ok(AppJson(Message {
        message: "Task accepted",
    }))
}

/// POST `tasks/{id}/decline/` → 200 `{message}`.
pub(super) async fn decline_task(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
) -> Result<AppJson<Message>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Task, number).await?;
    state
        .commands
        .decline_task(&user.context(&meta), id)
        .await?;
    Ok(AppJson(Message {
        message: "Task declined",
    }))
}

/// `{message, task_id}` after a new task.
#[derive(Debug, Serialize)]
pub(super) struct TaskCreated {
    message: &'static str,
    task_id: Option<i64>,
}

/// POST `projects/{id}/tasks/` → 201: the `/api/v1` handler itself, with the project's number
/// mapped to its id.
pub(super) async fn create_project_task(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
    AppJson(body): AppJson<TaskBody>,
) -> Result<(StatusCode, AppJson<TaskCreated>), ApiError> {
    let project = ids::entity(&state, LegacyKind::Project, number).await?;
    let (status, AppJson(task)) = create_task(
        State(state.clone()),
        user,
        meta,
        AppPath(project),
        AppJson(body),
    )
    .await?;
    let task_id = ids::number(&state, LegacyKind::Task, task.id()).await?;
    Ok((
        status,
        AppJson(TaskCreated {
            message: "Task created",
            task_id,
        }),
    ))
}
