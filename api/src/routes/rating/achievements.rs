//! The achievement catalogue with the caller's unlocks and progress.

use axum::extract::State;
use birqadam_domain::account::level_for;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::AppJson;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub(super) struct AchievementDto {
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
pub(super) struct NextDto {
    name: String,
    threshold: i32,
}

#[derive(Debug, Serialize)]
pub(super) struct ProgressDto {
    level: u32,
    current_xp: i64,
    next: Option<NextDto>,
    percent: i64,
}

#[derive(Debug, Serialize)]
pub(super) struct Achievements {
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

pub(super) async fn list_achievements(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
) -> Result<AppJson<Achievements>, ApiError> {
    let language = meta.language.as_str();
    let rows = state.queries.achievements(Some(user.id)).await?;
    let progress = state.queries.progress(user.id).await?;
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
