//! The caller's rating history and activity feed, paged by an opaque cursor.

use axum::extract::State;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::internal;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppQuery};
use crate::pagination::Page;
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
}

fn encode(raw: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn decode_numbers(cursor: Option<&str>, parts: usize) -> Result<Option<Vec<i64>>, ApiError> {
    let Some(cursor) = cursor.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || ApiError::bad_request("request.invalid_cursor", "the cursor is not valid");
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| bad())?;
    let raw = String::from_utf8(raw).map_err(|_| bad())?;
    let numbers: Vec<i64> = raw
        .split(':')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    if numbers.len() == parts {
        Ok(Some(numbers))
    } else {
        Err(bad())
    }
}

pub(super) async fn list_rating_history(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<HistoryItem>>, ApiError> {
    let limit = Page::<()>::limit(query.limit)?;
    let before = decode_numbers(query.cursor.as_deref(), 1)?.map(|n| n[0]);
    let mut rows = state
        .queries
        .rating_history(user.id, before, limit + 1)
        .await
        .map_err(internal)?;
    let next_cursor = if rows.len() > usize::try_from(limit).unwrap_or(20) {
        rows.truncate(usize::try_from(limit).unwrap_or(20));
        rows.last().map(|r| encode(&r.position.to_string()))
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r| HistoryItem {
            at: r.at,
            delta: r.delta,
            rating_after: r.rating_after,
            source: SourceDto {
                kind: r.source_kind,
                id: r.source_id,
            },
            reason: r.reason,
        })
        .collect();
    Ok(AppJson(Page { items, next_cursor }))
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
    let limit = Page::<()>::limit(query.limit)?;
    let after = match decode_numbers(query.cursor.as_deref(), 3)? {
        Some(n) => Some((
            DateTime::from_timestamp_micros(n[0])
                .ok_or_else(|| ApiError::bad_request("request.invalid_cursor", "bad cursor"))?,
            n[1],
            n[2],
        )),
        None => None,
    };
    let mut rows = state
        .queries
        .activity(user.id, after, limit + 1)
        .await
        .map_err(internal)?;
    let next_cursor = if rows.len() > usize::try_from(limit).unwrap_or(20) {
        rows.truncate(usize::try_from(limit).unwrap_or(20));
        rows.last().map(|r| {
            encode(&format!(
                "{}:{}:{}",
                r.at.timestamp_micros(),
                r.position,
                r.sub
            ))
        })
    } else {
        None
    };
    let language = meta.language.as_str();
    let items = rows
        .into_iter()
        .map(|r| ActivityItem {
            at: r.at,
            title: r.title(language),
            kind: r.kind.clone(),
            project_id: r.project_id,
        })
        .collect();
    Ok(AppJson(Page { items, next_cursor }))
}
