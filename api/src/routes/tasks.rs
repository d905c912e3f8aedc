//! Tasks: create in a project, list, cancel, my tasks, accept/decline.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use birqadam_commands::tasks::NewTask;
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::created;
use crate::dto::project::{AssignmentDto, TaskDto};
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::{Page, keyset};
use crate::routes::projects::visible_project;
use crate::state::AppState;

/// The task routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/projects/{id}/tasks",
            get(list_project_tasks).post(create_task),
        )
        .route("/tasks/{id}", delete(cancel_task))
        .route("/me/tasks", get(list_my_tasks))
        .route("/tasks/{id}/accept", post(accept_task))
        .route("/tasks/{id}/decline", post(decline_task))
}

/// The body of a new task (the legacy door deserialises the app's body into it).
#[derive(Debug, Deserialize)]
pub(crate) struct TaskBody {
    text: String,
    deadline_date: Option<NaiveDate>,
    start_time: Option<String>,
    end_time: Option<String>,
    assignees: Option<Vec<Uuid>>,
}

fn parse_time(v: &mut Validator, field: &'static str, value: Option<&str>) -> Option<NaiveTime> {
    let value = value?;
    let parsed = NaiveTime::parse_from_str(value, "%H:%M").ok();
    v.check(field, parsed.is_some(), "invalid");
    parsed
}

pub(crate) async fn create_task(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(project_id): AppPath<Uuid>,
    AppJson(body): AppJson<TaskBody>,
) -> Result<(StatusCode, AppJson<TaskDto>), ApiError> {
    let project = visible_project(&state, &user, project_id).await?;
    let mut v = Validator::new();
    let start_time = parse_time(&mut v, "start_time", body.start_time.as_deref());
    let end_time = parse_time(&mut v, "end_time", body.end_time.as_deref());
    v.check(
        "assignees",
        body.assignees.as_ref().is_none_or(|a| a.len() <= 1000),
        "too_long",
    );
    v.finish()?;
    let new = NewTask {
        text: body.text,
        deadline_date: body.deadline_date,
        start_time,
        end_time,
        assignees: body.assignees,
    };
    let id = state
        .commands
        .create_task(&user.context(&meta), project_id, new.clone())
        .await?;
    // appended: the view's row if it has caught up, else the created values (decision 0012)
    if let Ok(task) = task_for(&state, &user, id).await {
        return Ok((StatusCode::CREATED, AppJson(task)));
    }
    tracing::warn!(task = %id, "the new task is not in the view yet; answering from the command");
    let at = state.commands.clock().now();
    let row = created::task_row(id, project_id, project.owner_id, new, at);
    Ok((StatusCode::CREATED, AppJson(TaskDto::new(row, None))))
}

/// A task with the caller's assignment, if any.
async fn task_for(state: &AppState, user: &AuthUser, id: Uuid) -> Result<TaskDto, ApiError> {
    let task = state
        .queries
        .task(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let assignment = state
        .queries
        .assignment(id, user.id)
        .await?
        .map(|a| AssignmentDto {
            status: a.status,
            report_id: a.report_id,
        });
    Ok(TaskDto::new(task, assignment))
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn list_project_tasks(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(project_id): AppPath<Uuid>,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<TaskDto>>, ApiError> {
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    let page = state
        .queries
        .project_tasks_for(&user.viewer(), project_id, &keyset)
        .await?;
    Ok(AppJson(page.map(|t| TaskDto::new(t, None))))
}

async fn list_my_tasks(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<TaskDto>>, ApiError> {
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    let page = state.queries.my_tasks(user.id, &keyset).await?;
    Ok(AppJson(page.map(TaskDto::from)))
}

async fn cancel_task(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.commands.cancel_task(&user.context(&meta), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn accept_task(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<TaskDto>, ApiError> {
    state.commands.accept_task(&user.context(&meta), id).await?;
    Ok(AppJson(task_for(&state, &user, id).await?))
}

async fn decline_task(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<TaskDto>, ApiError> {
    state
        .commands
        .decline_task(&user.context(&meta), id)
        .await?;
    Ok(AppJson(task_for(&state, &user, id).await?))
}
