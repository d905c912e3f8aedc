//! The leaderboard, with the caller's own place. Anyone may read it; `me` is the caller's place
//! when the caller is a volunteer (`{rank: null, rating: 0}` without points in the period) and
//! null for everyone else (anonymous readers, accounts without the volunteer role).

use axum::extract::State;
use birqadam_domain::Role;
use birqadam_projections::leaderboard::{ALL, period_keys};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppQuery, Validator};
use crate::pagination;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct BoardQuery {
    period: Option<String>,
    limit: Option<i64>,
    /// An instant or Almaty date inside a closed period (served by `closed_board`).
    at: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct BoardItem {
    pub(super) rank: i64,
    pub(super) account_id: Uuid,
    pub(super) name: String,
    pub(super) rating: i32,
    pub(super) achievements_count: i64,
}

/// The caller's place; `rank` is null while the caller has no points on the board.
#[derive(Debug, Serialize)]
pub(super) struct MyPlace {
    pub(super) rank: Option<i64>,
    pub(super) rating: i32,
}

#[derive(Debug, Serialize)]
pub(super) struct Board {
    pub(super) period: String,
    pub(super) items: Vec<BoardItem>,
    pub(super) me: Option<MyPlace>,
    pub(super) total: i64,
    /// For a closed period (`at=`): what the log committed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) closed: Option<ClosedInfo>,
}

/// The committed closing a closed board is served from.
#[derive(Debug, Serialize)]
pub(super) struct ClosedInfo {
    pub(super) start: chrono::DateTime<chrono::Utc>,
    pub(super) end: chrono::DateTime<chrono::Utc>,
    pub(super) as_of_position: u64,
    pub(super) digest: String,
}

pub(super) async fn get_leaderboard(
    State(state): State<AppState>,
    user: Option<AuthUser>,
    AppQuery(query): AppQuery<BoardQuery>,
) -> Result<AppJson<Board>, ApiError> {
    if let Some(at) = &query.at {
        let limit = pagination::limit(query.limit)?;
        let board =
            super::closed_board::closed_board(&state, user, query.period.as_deref(), at, limit);
        return Ok(AppJson(board.await?));
    }
    let (month, week) = period_keys(state.commands.clock().now());
    let period = query.period.unwrap_or_else(|| "all".to_owned());
    let key = match period.as_str() {
        "all" => ALL.to_owned(),
        "month" => month,
        "week" => week,
        _ => return Err(Validator::single("period", "invalid")),
    };
    let limit = pagination::limit(query.limit)?;
    let volunteer = user.filter(|u| u.has(Role::Volunteer));
    let page = state
        .queries
        .leaderboard_page(&key, limit, volunteer.as_ref().map(|v| v.id))
        .await?;
    let me = volunteer.map(|_| match page.me {
        Some(m) => MyPlace {
            rank: Some(m.rank),
            rating: m.points,
        },
        None => MyPlace {
            rank: None,
            rating: 0,
        },
    });
    let total = page.total;
    let items = page
        .rows
        .into_iter()
        .map(|r| BoardItem {
            rank: r.rank,
            account_id: r.account_id,
            name: r.name,
            rating: r.points,
            achievements_count: r.achievements_count,
        })
        .collect();
    Ok(AppJson(Board {
        period,
        items,
        me,
        total,
        closed: None,
    }))
}
