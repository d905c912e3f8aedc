//! Joining and leaving a project, and listing its members.

use axum::extract::State;
use birqadam_projections::queries::MemberRow;
use serde::Deserialize;
use uuid::Uuid;

use super::{project_dto, visible_project};
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::project::ProjectDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::pagination::{Page, keyset};
use crate::state::AppState;

pub(super) async fn join_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    visible_project(&state, &user, id).await?;
    state
        .commands
        .join_project(&user.context(&meta), id)
        .await?;
    project_dto(&state, &user, id).await
}

pub(super) async fn leave_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    visible_project(&state, &user, id).await?;
    state
        .commands
        .leave_project(&user.context(&meta), id)
        .await?;
    project_dto(&state, &user, id).await
}

#[derive(Debug, Deserialize)]
pub(super) struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

pub(super) async fn list_members(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<Uuid>,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<MemberRow>>, ApiError> {
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    let page = state
        .queries
        .project_members_for(&user.viewer(), id, &keyset)
        .await?;
    Ok(AppJson(page))
}
