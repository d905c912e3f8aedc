//! Listing and reading projects.

use axum::extract::State;
use birqadam_projections::queries::ProjectFilter;
use serde::Deserialize;
use uuid::Uuid;

use super::{parse_type, project_dto};
use crate::auth::AuthUser;
use crate::dto::project::ProjectDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::{Page, keyset};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    status: Option<String>,
    city: Option<String>,
    volunteer_type: Option<String>,
    q: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

pub(super) async fn list_projects(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<AppJson<Page<ProjectDto>>, ApiError> {
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    if let Some(s) = query.status.as_deref()
        && !matches!(s, "pending" | "approved" | "rejected")
    {
        return Err(Validator::single("status", "invalid"));
    }
    if let Some(t) = query.volunteer_type.as_deref()
        && parse_type(t).is_none()
    {
        return Err(Validator::single("volunteer_type", "invalid"));
    }
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(Validator::single("q", "too_long"));
    }
    let filter = ProjectFilter {
        status: query.status,
        city: query.city.filter(|c| !c.is_empty()),
        volunteer_type: query.volunteer_type,
        q: query.q.filter(|q| !q.trim().is_empty()),
    };
    let page = state
        .queries
        .projects_for(&user.viewer(), &filter, &keyset)
        .await?;
    Ok(AppJson(page.map(ProjectDto::from)))
}

pub(super) async fn get_project(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    project_dto(&state, &user, id).await
}
