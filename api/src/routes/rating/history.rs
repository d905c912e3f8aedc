//! The caller's rating history and activity feed, paged by an opaque cursor.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::pagination::{Page, keyset};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct SourceDto {
    kind: String,
    id: Option<Uuid>,
}

#[derive(Debug, Serialize)]
pub(super) struct HistoryItem {
    at: DateTime<Utc>,
    delta: i32,
    rating_after: i32,
    source: SourceDto,
    reason: Option<String>,
    /// The rating event's audit position; null until the audit tree has it.
    position: Option<i64>,
    /// Where its receipt is; null with `position`.
    receipt_url: Option<String>,
}

pub(super) async fn list_rating_history(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<HistoryItem>>, ApiError> {
    // the ledger is newest first: the key is the position to continue below
    let keyset = keyset::<i64>(query.cursor.as_deref(), query.limit)?;
    let rows = state
        .queries
        .rating_history(user.id, keyset.start().copied(), keyset.fetch())
        .await?;
    let page = keyset.page(rows, |r| r.position);
    Ok(AppJson(page.map(|r| {
        HistoryItem {
            at: r.at,
            delta: r.delta,
            rating_after: r.rating_after,
            source: SourceDto {
                kind: r.source_kind,
                id: r.source_id,
            },
            reason: r.reason,
            position: r.audit_position,
            receipt_url: r
                .audit_position
                .map(|p| format!("/api/v1/me/rating-history/{p}/receipt")),
        }
    })))
}

/// The receipt of one of the caller's rating events (another account's: 404).
pub(super) async fn get_rating_receipt(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(position): AppPath<u64>,
) -> Result<Response, ApiError> {
    let receipt = state
        .queries
        .rating_receipt_for(&user.viewer(), position)
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        receipt,
    )
        .into_response())
}

#[derive(Debug, Serialize)]
pub(super) struct ActivityItem {
    at: DateTime<Utc>,
    kind: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    project_id: Option<Uuid>,
}

pub(super) async fn list_activity(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<ActivityItem>>, ApiError> {
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    let page = state.queries.activity(user.id, &keyset).await?;
    let language = meta.language.as_str();
    Ok(AppJson(page.map(|r| ActivityItem {
        at: r.at,
        title: r.title(language),
        kind: r.kind.clone(),
        project_id: r.project_id,
    })))
}
