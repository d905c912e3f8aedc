//! The volunteer's project list, GET `projects/` (providers/volunteer_projects_provider.dart:129,
//! parsed as a bare list at line 135), and joining and leaving (lines 161, 203;
//! screens/main/volunteer_page.dart:200, 241; screens/map/map_screen.dart:664).

use axum::extract::State;
use axum::http::StatusCode;
use birqadam_projections::Keyset;
use birqadam_projections::legacy_ids::LegacyKind;
use birqadam_projections::queries::ProjectFilter;

use super::dto::{LegacyProject, Message};
use super::ids;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath};
use crate::state::AppState;

/// Page size of the catalogue reads behind the one list the app asks for.
const PAGE: i64 = 100;

/// At most this many pages (the app has no paging; a longer catalogue is cut, newest first).
const MAX_PAGES: usize = 10;

/// GET `projects/` → a bare array of the approved projects, newest first, as
/// `GET /api/v1/projects?status=approved` lists them for this caller.
pub(super) async fn list_projects(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<Vec<LegacyProject>>, ApiError> {
    let filter = ProjectFilter {
        status: Some("approved".to_owned()),
        ..ProjectFilter::default()
    };
    let viewer = user.viewer();
    let mut rows = Vec::new();
    let mut keyset = Keyset::first(PAGE);
    for _ in 0..MAX_PAGES {
        let page = state
            .queries
            .projects_for(&viewer, &filter, &keyset)
            .await?;
        let last = page.items.last().map(|p| (p.created_at, p.id));
        let more = page.next_cursor.is_some();
        rows.extend(page.items);
        match last {
            Some(key) if more => keyset = Keyset::after(key, PAGE),
            _ => break,
        }
    }
    let ids: Vec<uuid::Uuid> = rows.iter().map(|p| p.id).collect();
    let numbers = state
        .queries
        .legacy_numbers(LegacyKind::Project, &ids)
        .await?;
    let tasks = state.queries.task_counts(&ids).await?;
    let projects = rows
        .into_iter()
        .filter_map(|p| {
            let number = *numbers.get(&p.id)?;
            let count = tasks.get(&p.id).copied().unwrap_or(0);
            Some(LegacyProject::new(p, number, count))
        })
        .collect();
    Ok(AppJson(projects))
}

/// POST `projects/{id}/join/` → 200 `{message}` (the app accepts 200 and 201).
pub(super) async fn join_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
) -> Result<(StatusCode, AppJson<Message>), ApiError> {
    let id = ids::entity(&state, LegacyKind::Project, number).await?;
    state.queries.project_for(&user.viewer(), id).await?;
    state
        .commands
        .join_project(&user.context(&meta), id)
        .await?;
    let message = "Successfully joined project";
    Ok((StatusCode::OK, AppJson(Message { message })))
}

/// POST `projects/{id}/leave/` → 200 `{message}`.
pub(super) async fn leave_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
) -> Result<AppJson<Message>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Project, number).await?;
    state.queries.project_for(&user.viewer(), id).await?;
    state
        .commands
        .leave_project(&user.context(&meta), id)
        .await?;
    Ok(AppJson(Message {
        message: "Successfully left project",
    }))
}
