//! The moderation queue, and approving or rejecting a report.

use axum::extract::State;
use birqadam_commands::CommandError;
use serde::Deserialize;
use uuid::Uuid;

use super::{report_dto, visible_report};
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::report::ReportDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::{Page, keyset};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct QueueQuery {
    status: Option<String>,
    project_id: Option<Uuid>,
    limit: Option<i64>,
    cursor: Option<String>,
}

pub(super) async fn list_moderation_queue(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<QueueQuery>,
) -> Result<AppJson<Page<ReportDto>>, ApiError> {
    let status = match query.status.as_deref() {
        None | Some("") => Some("pending".to_owned()),
        Some("all") => None,
        Some(s @ ("pending" | "approved" | "rejected")) => Some(s.to_owned()),
        Some(_) => return Err(Validator::single("status", "invalid")),
    };
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    let page = state
        .queries
        .moderation_queue_for(&user.viewer(), status, query.project_id, &keyset)
        .await?;
    Ok(AppJson(page.map(ReportDto::from)))
}

#[derive(Debug, Deserialize)]
pub(super) struct ApproveBody {
    stars: Option<u8>,
    comment: Option<String>,
}

pub(super) async fn approve_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ApproveBody>,
) -> Result<AppJson<ReportDto>, ApiError> {
    let target = visible_report(&state, &user, id)
        .await?
        .target()
        .ok_or(CommandError::NotFound)?;
    let comment = body
        .comment
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    state
        .commands
        .approve_report_of(&user.context(&meta), &target, id, body.stars, comment)
        .await?;
    Ok(AppJson(report_dto(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub(super) struct RejectBody {
    reason: String,
}

pub(super) async fn reject_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<RejectBody>,
) -> Result<AppJson<ReportDto>, ApiError> {
    let target = visible_report(&state, &user, id)
        .await?
        .target()
        .ok_or(CommandError::NotFound)?;
    state
        .commands
        .reject_report_of(&user.context(&meta), &target, id, body.reason)
        .await?;
    Ok(AppJson(report_dto(&state, &user, id).await?))
}
