//! Achievements, progress, the activity feed and the user stats as the app reads them:
//! providers/achievements_provider.dart:54 and 59 (`Achievement.fromJson`, `UserProgress.fromJson`
//! in models/achievement.dart:22 and 66), providers/activity_provider.dart:47
//! (models/activity.dart:18) and providers/user_stats_provider.dart:34
//! (models/user_stats.dart:44). The same reads as `/api/v1/me/achievements`,
//! `/api/v1/me/activity` and `/api/v1/me/rating-history`, the history from the real ledger.

use axum::extract::State;
use birqadam_domain::account::level_for;
use birqadam_projections::Keyset;
use birqadam_projections::legacy_ids::LegacyKind;
use chrono::SecondsFormat;
use serde::Serialize;
use serde_json::Value;

use super::auth::profile_of;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::AppJson;
use crate::state::AppState;

/// Activities per feed the app is sent (it has no paging).
const FEED: i64 = 100;

/// Ledger entries in the stats' history (the newest; the app draws a chart of them).
const HISTORY: i64 = 1000;

/// An activity's number: its event's log position times this, plus the unlocked achievement's
/// number for an unlock (docs/decisions/0030).
const ACTIVITY_STRIDE: i64 = 1000;

fn localised(text: &Value, language: &str) -> String {
    text.get(language)
        .or_else(|| text.get("ru"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// `Achievement.fromJson`: `id` int, `name`, `description`, `xp` int, `is_unlocked` bool,
/// `icon`, `unlocked_at`?, `required_rating` int.
#[derive(Debug, Serialize)]
pub(super) struct LegacyAchievement {
    id: i64,
    name: String,
    description: String,
    icon: String,
    xp: i32,
    is_unlocked: bool,
    unlocked_at: Option<String>,
    required_rating: i32,
    rule: String,
    threshold: i32,
}

/// GET `achievements/` → a bare array, in catalogue order.
pub(super) async fn list_achievements(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
) -> Result<AppJson<Vec<LegacyAchievement>>, ApiError> {
    let language = meta.language.as_str();
    let rows = state.queries.achievements(Some(user.id)).await?;
    let keys: Vec<uuid::Uuid> = rows
        .iter()
        .map(|a| LegacyKind::achievement_key(&a.id))
        .collect();
    let numbers = state
        .queries
        .legacy_numbers(LegacyKind::Achievement, &keys)
        .await?;
    let list = rows
        .into_iter()
        .filter_map(|a| {
            let id = *numbers.get(&LegacyKind::achievement_key(&a.id))?;
            Some(LegacyAchievement {
                id,
                name: localised(&a.name, language),
                description: localised(&a.description, language),
                icon: a.icon,
                xp: a.xp,
                is_unlocked: a.unlocked_at.is_some(),
                unlocked_at: a
                    .unlocked_at
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
                required_rating: if a.rule_kind == "rating" {
                    a.threshold
                } else {
                    0
                },
                rule: a.rule_kind,
                threshold: a.threshold,
            })
        })
        .collect();
    Ok(AppJson(list))
}

/// `UserProgress.fromJson`: `current_xp`, `next_level_xp` int, `current_level`, `next_level`
/// str, `progress_percent` num.
#[derive(Debug, Serialize)]
pub(super) struct LegacyProgress {
    current_level: String,
    next_level: String,
    current_xp: i64,
    next_level_xp: i64,
    progress_percent: i64,
}

/// GET `achievements/progress/` → the `/api/v1` progress: the level of the rating (as text, the
/// model's type), the achievements' xp, and the share of the next achievement reached.
pub(super) async fn get_progress(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<LegacyProgress>, ApiError> {
    let progress = state.queries.progress(user.id).await?;
    let level = level_for(u32::try_from(progress.rating).unwrap_or(0));
    let percent = progress.next.as_ref().map_or(100, |n| {
        let threshold = i64::from(n.achievement.threshold.max(1));
        (i64::from(n.current) * 100 / threshold).clamp(0, 100)
    });
    let next_xp = progress
        .next
        .as_ref()
        .map_or(0, |n| i64::from(n.achievement.xp));
    Ok(AppJson(LegacyProgress {
        current_level: level.to_string(),
        next_level: (level + 1).min(8).to_string(),
        current_xp: progress.xp,
        next_level_xp: progress.xp + next_xp,
        progress_percent: percent,
    }))
}

/// `Activity.fromJson`: `id` int, `type`, `title`, `description` str, `created_at`,
/// `project_name`?.
#[derive(Debug, Serialize)]
pub(super) struct LegacyActivity {
    id: i64,
    #[serde(rename = "type")]
    kind: String,
    title: String,
    description: String,
    created_at: String,
    project_name: Option<String>,
}

/// GET `activities/` → a bare array, newest first.
pub(super) async fn list_activities(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
) -> Result<AppJson<Vec<LegacyActivity>>, ApiError> {
    let language = meta.language.as_str();
    let page = state
        .queries
        .activity(user.id, &Keyset::first(FEED))
        .await?;
    let slugs: Vec<uuid::Uuid> = page
        .items
        .iter()
        .filter_map(|r| r.params.get("achievement_id").and_then(Value::as_str))
        .map(LegacyKind::achievement_key)
        .collect();
    let achievements = state
        .queries
        .legacy_numbers(LegacyKind::Achievement, &slugs)
        .await?;
    let list = page
        .items
        .into_iter()
        .map(|r| {
            let unlocked = r
                .params
                .get("achievement_id")
                .and_then(Value::as_str)
                .map(LegacyKind::achievement_key)
                .and_then(|k| achievements.get(&k).copied())
                .unwrap_or(0);
            let title = r.title(language);
            LegacyActivity {
                id: r.position * ACTIVITY_STRIDE + unlocked,
                description: r.project_title.clone().unwrap_or_default(),
                created_at: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                project_name: r.project_title,
                kind: r.kind,
                title,
            }
        })
        .collect();
    Ok(AppJson(list))
}

/// `RatingHistoryPoint.fromJson`: `date` str, `rating` num.
#[derive(Debug, Serialize)]
pub(super) struct HistoryPoint {
    date: String,
    rating: i32,
}

/// `UserStats.fromJson` (models/user_stats.dart:44-67).
#[derive(Debug, Serialize)]
pub(super) struct LegacyStats {
    user_id: i64,
    username: String,
    name: String,
    role: &'static str,
    current_rating: i32,
    projects_count: i32,
    tasks_count: i32,
    completed_tasks_count: i32,
    photo_reports_count: i32,
    approved_photos_count: i32,
    achievements_count: i64,
    rating_history: Vec<HistoryPoint>,
}

/// `{success, stats}` (user_stats_provider.dart:41).
#[derive(Debug, Serialize)]
pub(super) struct StatsAnswer {
    success: bool,
    stats: LegacyStats,
}

/// GET `v1/user/stats/` → the caller's counts and rating history (oldest first, from the
/// ledger: every credit and adjustment with the rating after it).
pub(super) async fn get_user_stats(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<StatsAnswer>, ApiError> {
    let profile = profile_of(&state, user.id).await?;
    let progress = state.queries.progress(user.id).await?;
    let mut ledger = state.queries.rating_history(user.id, None, HISTORY).await?;
    ledger.reverse();
    let reports = state
        .queries
        .my_reports(user.id, &Keyset::first(FEED))
        .await?;
    let tasks = state
        .queries
        .my_tasks(user.id, &Keyset::first(FEED))
        .await?;
    let taken = tasks
        .items
        .iter()
        .filter(|t| {
            matches!(
                t.assignment_status.as_deref(),
                Some("accepted" | "submitted" | "approved" | "rejected")
            )
        })
        .count();
    let completed = tasks
        .items
        .iter()
        .filter(|t| t.assignment_status.as_deref() == Some("approved"))
        .count();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    Ok(AppJson(StatsAnswer {
        success: true,
        stats: LegacyStats {
            user_id: profile.id().unwrap_or(0),
            username: profile.email().to_owned(),
            name: profile.name().to_owned(),
            role: profile.role(),
            current_rating: profile.rating(),
            projects_count: progress.projects_joined,
            tasks_count: count(taken),
            completed_tasks_count: count(completed),
            photo_reports_count: count(reports.items.len()),
            approved_photos_count: progress.approved_reports,
            achievements_count: progress.unlocked,
            rating_history: ledger
                .into_iter()
                .map(|r| HistoryPoint {
                    date: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                    rating: r.rating_after,
                })
                .collect(),
        },
    }))
}
