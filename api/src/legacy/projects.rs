//! The volunteer's project list, GET `projects/` (providers/volunteer_projects_provider.dart:129,
//! parsed as a bare list at line 135), and joining and leaving (lines 161, 203;
//! screens/main/volunteer_page.dart:200, 241; screens/map/map_screen.dart:664), and the map's
//! markers (providers/map_provider.dart:69, models/project_marker.dart:36).

use axum::extract::State;
use axum::http::StatusCode;
use birqadam_projections::Keyset;
use birqadam_projections::legacy_ids::LegacyKind;
use birqadam_projections::projects::ProjectRow;
use birqadam_projections::queries::ProjectFilter;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dto::{LegacyMarker, LegacyProject, Message};
use super::ids;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::state::AppState;

/// Page size of the catalogue reads behind the one list the app asks for.
const PAGE: i64 = 100;

/// At most this many pages (the app has no paging; a longer catalogue is cut, newest first).
const MAX_PAGES: usize = 10;

/// The approved projects matching `filter`, newest first, as `GET /api/v1/projects` lists them
/// for this caller, with their numbers and task counts.
async fn approved_projects(
    state: &AppState,
    user: &AuthUser,
    mut filter: ProjectFilter,
) -> Result<Vec<(ProjectRow, i64, i64)>, ApiError> {
    filter.status = Some("approved".to_owned());
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
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            let number = *numbers.get(&p.id)?;
            let count = tasks.get(&p.id).copied().unwrap_or(0);
            Some((p, number, count))
        })
        .collect())
}

/// GET `projects/` → a bare array of the approved projects, newest first.
pub(super) async fn list_projects(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<Vec<LegacyProject>>, ApiError> {
    let rows = approved_projects(&state, &user, ProjectFilter::default()).await?;
    let projects = rows
        .into_iter()
        .map(|(p, number, count)| LegacyProject::new(p, number, count))
        .collect();
    Ok(AppJson(projects))
}

/// providers/map_provider.dart:69-85: `type`, `city`, `date_from`, `date_to`.
#[derive(Debug, Deserialize)]
pub(super) struct MapQuery {
    #[serde(rename = "type")]
    volunteer_type: Option<String>,
    city: Option<String>,
    date_from: Option<NaiveDate>,
    date_to: Option<NaiveDate>,
}

/// `{success, markers}` (map_provider.dart:91-93).
#[derive(Debug, Serialize)]
pub(super) struct Markers {
    success: bool,
    markers: Vec<LegacyMarker>,
}

/// GET `v1/map/projects/` → the approved projects that have coordinates (`ProjectMarker.fromJson`
/// casts them to `num`, so a project without them is not a marker), filtered as the app asks.
pub(super) async fn list_map_markers(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<MapQuery>,
) -> Result<AppJson<Markers>, ApiError> {
    let filter = ProjectFilter {
        city: query.city.filter(|c| !c.is_empty()),
        volunteer_type: query.volunteer_type.filter(|t| !t.is_empty()),
        ..ProjectFilter::default()
    };
    let rows = approved_projects(&state, &user, filter).await?;
    let markers = rows
        .into_iter()
        .filter(|(p, _, _)| {
            let ends_after = query
                .date_from
                .is_none_or(|from| p.end_date.or(p.start_date).is_none_or(|d| d >= from));
            let starts_before = query
                .date_to
                .is_none_or(|to| p.start_date.is_none_or(|d| d <= to));
            ends_after && starts_before
        })
        .filter_map(|(p, number, _)| LegacyMarker::new(p, number))
        .collect();
    Ok(AppJson(Markers {
        success: true,
        markers,
    }))
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
