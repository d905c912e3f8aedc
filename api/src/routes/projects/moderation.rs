//! Approving and rejecting a project (admins).

use axum::extract::State;
use birqadam_domain::Role;
use serde::Deserialize;
use uuid::Uuid;

use super::project_dto;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::project::ProjectDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, Validator};
use crate::state::AppState;

pub(super) async fn approve_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    user.require(Role::Admin)?;
    state
        .commands
        .approve_project(&user.context(&meta), id)
        .await?;
    project_dto(&state, &user, id).await
}

#[derive(Debug, Deserialize)]
pub(super) struct ReasonBody {
    reason: String,
}

pub(super) async fn reject_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ReasonBody>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    user.require(Role::Admin)?;
    let mut v = Validator::new();
    let reason = v.field(
        "reason",
        birqadam_domain::values::BoundedText::parse(&body.reason, 1000),
    );
    v.finish()?;
    let reason = reason.map(|r| r.into_string()).unwrap_or_default();
    state
        .commands
        .reject_project(&user.context(&meta), id, reason)
        .await?;
    project_dto(&state, &user, id).await
}
