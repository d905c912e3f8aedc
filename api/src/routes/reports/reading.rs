//! Reading reports: the caller's own, and one report by id.

use axum::extract::State;
use serde::Deserialize;
use uuid::Uuid;

use super::report_dto;
use crate::auth::AuthUser;
use crate::dto::report::ReportDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::pagination::{Page, keyset};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

pub(super) async fn list_my_reports(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<ReportDto>>, ApiError> {
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    let page = state.queries.my_reports(user.id, &keyset).await?;
    Ok(AppJson(page.map(ReportDto::from)))
}

pub(super) async fn get_report(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ReportDto>, ApiError> {
    Ok(AppJson(report_dto(&state, &user, id).await?))
}
