//! Rating: leaderboard (+ my rank), achievements with progress, rating history, activity, and
//! admin rating adjustments.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use base64::Engine as _;
use birqadam_domain::Role;
use birqadam_domain::account::level_for;
use birqadam_domain::values::BoundedText;
use birqadam_projections::leaderboard::{ALL, period_keys};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::account::AccountDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::Page;
use crate::routes::me::account_dto;
use crate::state::AppState;

/// The rating routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leaderboard", get(get_leaderboard))
        .route("/achievements", get(list_achievements))
        .route("/me/rating-history", get(list_rating_history))
        .route("/me/activity", get(list_activity))
        .route(
            "/admin/accounts/{id}/rating-adjustments",
            post(adjust_rating),
        )
}

fn internal(e: sqlx::Error) -> ApiError {
    ApiError::internal(e.into())
}

#[derive(Debug, Deserialize)]
struct BoardQuery {
    period: Option<String>,
    limit: Option<i64>,
}

#[derive(Debug, Serialize)]
struct BoardItem {
    rank: i64,
    account_id: Uuid,
    name: String,
    rating: i32,
    achievements_count: i64,
}

#[derive(Debug, Serialize)]
struct MyPlace {
    rank: i64,
    rating: i32,
}

#[derive(Debug, Serialize)]
struct Board {
    period: String,
    items: Vec<BoardItem>,
    me: Option<MyPlace>,
    total: i64,
}

async fn get_leaderboard(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<BoardQuery>,
) -> Result<AppJson<Board>, ApiError> {
    let (month, week) = period_keys(state.commands.clock().now());
    let period = query.period.unwrap_or_else(|| "all".to_owned());
    let key = match period.as_str() {
        "all" => ALL.to_owned(),
        "month" => month,
        "week" => week,
        _ => return Err(Validator::single("period", "invalid")),
    };
    let limit = Page::<()>::limit(query.limit)?;
    let rows = state
        .queries
        .leaderboard(&key, limit)
        .await
        .map_err(internal)?;
    let me = state
        .queries
        .my_rank(&key, user.id)
        .await
        .map_err(internal)?;
    let total = state
        .queries
        .leaderboard_total(&key)
        .await
        .map_err(internal)?;
    let items = rows
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
        me: me.map(|m| MyPlace {
            rank: m.rank,
            rating: m.points,
        }),
        total,
    }))
}

#[derive(Debug, Serialize)]
struct AchievementDto {
    id: String,
    name: String,
    description: String,
    icon: String,
    rule: String,
    threshold: i32,
    xp: i32,
    unlocked: bool,
    unlocked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
struct NextDto {
    name: String,
    threshold: i32,
}

#[derive(Debug, Serialize)]
struct ProgressDto {
    level: u32,
    current_xp: i64,
    next: Option<NextDto>,
    percent: i64,
}

#[derive(Debug, Serialize)]
struct Achievements {
    items: Vec<AchievementDto>,
    progress: ProgressDto,
}

fn localised(text: &Value, language: &str) -> String {
    text.get(language)
        .or_else(|| text.get("ru"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

async fn list_achievements(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
) -> Result<AppJson<Achievements>, ApiError> {
    let language = meta.language.as_str();
    let rows = state
        .queries
        .achievements(Some(user.id))
        .await
        .map_err(internal)?;
    let progress = state.queries.progress(user.id).await.map_err(internal)?;
    let items = rows
        .into_iter()
        .map(|a| AchievementDto {
            name: localised(&a.name, language),
            description: localised(&a.description, language),
            id: a.id,
            icon: a.icon,
            rule: a.rule_kind,
            threshold: a.threshold,
            xp: a.xp,
            unlocked: a.unlocked_at.is_some(),
            unlocked_at: a.unlocked_at,
        })
        .collect();
    let next = progress.next.as_ref().map(|n| NextDto {
        name: localised(&n.achievement.name, language),
        threshold: n.achievement.threshold,
    });
    let percent = progress.next.as_ref().map_or(100, |n| {
        let threshold = i64::from(n.achievement.threshold.max(1));
        (i64::from(n.current) * 100 / threshold).clamp(0, 100)
    });
    let level = level_for(u32::try_from(progress.rating).unwrap_or(0));
    Ok(AppJson(Achievements {
        items,
        progress: ProgressDto {
            level,
            current_xp: progress.xp,
            next,
            percent,
        },
    }))
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize)]
struct SourceDto {
    kind: String,
    id: Option<Uuid>,
}

#[derive(Debug, Serialize)]
struct HistoryItem {
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

async fn list_rating_history(
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
struct ActivityItem {
    at: DateTime<Utc>,
    kind: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    project_id: Option<Uuid>,
}

async fn list_activity(
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

#[derive(Debug, Deserialize)]
struct AdjustmentBody {
    delta: i32,
    reason: String,
}

async fn adjust_rating(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AdjustmentBody>,
) -> Result<AppJson<AccountDto>, ApiError> {
    user.require(Role::Admin)?;
    let mut v = Validator::new();
    let reason = v.field("reason", BoundedText::parse(&body.reason, 1000));
    v.check(
        "delta",
        body.delta != 0 && body.delta.abs() <= 750,
        "out_of_range",
    );
    v.finish()?;
    let reason = reason.map(BoundedText::into_string).unwrap_or_default();
    state
        .commands
        .adjust_rating(&user.context(&meta), id, body.delta, reason)
        .await?;
    Ok(AppJson(account_dto(&state, id).await?))
}
