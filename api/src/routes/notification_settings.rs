//! `GET/PATCH /api/v1/me/notification-settings`: mutes per category × channel and quiet hours
//! (Asia/Almaty) that defer pushes. Report decisions keep at least one channel.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use birqadam_domain::notification::{
    Category, DeliveryChannel, NotificationSettings, NotificationSettingsError,
};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, Validator};
use crate::state::AppState;

/// The notification-settings routes.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/me/notification-settings",
        get(get_notification_settings).patch(update_notification_settings),
    )
}

/// The settings as the API shows them.
#[derive(Debug, Serialize)]
struct SettingsDto {
    /// category → channel → on.
    channels: BTreeMap<&'static str, BTreeMap<&'static str, bool>>,
    quiet_hours: QuietHoursDto,
}

#[derive(Debug, Serialize)]
struct QuietHoursDto {
    enabled: bool,
    start: String,
    end: String,
    time_zone: &'static str,
}

impl From<&NotificationSettings> for SettingsDto {
    fn from(settings: &NotificationSettings) -> Self {
        let channels = Category::ALL
            .iter()
            .map(|category| {
                let on = DeliveryChannel::ALL
                    .iter()
                    .map(|channel| (channel.as_str(), settings.allows(*category, *channel)))
                    .collect();
                (category.as_str(), on)
            })
            .collect();
        let quiet = settings.quiet_hours;
        Self {
            channels,
            quiet_hours: QuietHoursDto {
                enabled: quiet.enabled,
                start: quiet.start.format("%H:%M").to_string(),
                end: quiet.end.format("%H:%M").to_string(),
                time_zone: "Asia/Almaty",
            },
        }
    }
}

/// A partial change: only the named categories, channels and quiet-hour fields change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsPatch {
    #[serde(default)]
    channels: BTreeMap<String, BTreeMap<String, bool>>,
    #[serde(default)]
    quiet_hours: Option<QuietHoursPatch>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuietHoursPatch {
    enabled: Option<bool>,
    start: Option<String>,
    end: Option<String>,
}

async fn get_notification_settings(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<SettingsDto>, ApiError> {
    let settings = state.queries.notification_settings(user.id).await?;
    Ok(AppJson(SettingsDto::from(&settings)))
}

async fn update_notification_settings(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(patch): AppJson<SettingsPatch>,
) -> Result<AppJson<SettingsDto>, ApiError> {
    let current = state.queries.notification_settings(user.id).await?;
    let mut v = Validator::new();
    let mut muted: Vec<(Category, DeliveryChannel)> = current.muted().collect();
    for (category_name, channels) in &patch.channels {
        let Some(category) = Category::parse(category_name) else {
            v.check(&format!("channels.{category_name}"), false, "unknown_field");
            continue;
        };
        for (channel_name, on) in channels {
            let Some(channel) = DeliveryChannel::parse(channel_name) else {
                v.check(
                    &format!("channels.{category_name}.{channel_name}"),
                    false,
                    "unknown_field",
                );
                continue;
            };
            muted.retain(|pair| *pair != (category, channel));
            if !on {
                muted.push((category, channel));
            }
        }
    }
    let mut quiet = current.quiet_hours;
    if let Some(q) = &patch.quiet_hours {
        if let Some(enabled) = q.enabled {
            quiet.enabled = enabled;
        }
        if let Some(start) = &q.start {
            quiet.start = time(&mut v, "quiet_hours.start", start).unwrap_or(quiet.start);
        }
        if let Some(end) = &q.end {
            quiet.end = time(&mut v, "quiet_hours.end", end).unwrap_or(quiet.end);
        }
    }
    let checked = NotificationSettings::new(muted, quiet);
    match &checked {
        Err(NotificationSettingsError::ModerationFullyMuted) => {
            v.check("channels.moderation", false, "moderation_channel_required");
        }
        Err(NotificationSettingsError::EmptyQuietHours) => {
            v.check("quiet_hours", false, "quiet_hours_empty");
        }
        Ok(_) => {}
    }
    v.finish()?;
    let settings =
        checked.map_err(|e| ApiError::internal(anyhow::anyhow!("settings checked above: {e}")))?;
    state
        .commands
        .set_notification_settings(user.id, &settings)
        .await?;
    Ok(AppJson(SettingsDto::from(&settings)))
}

/// Parses `HH:MM` (Almaty time).
fn time(v: &mut Validator, field: &str, value: &str) -> Option<NaiveTime> {
    let parsed = NaiveTime::parse_from_str(value.trim(), "%H:%M").ok();
    v.check(field, parsed.is_some(), "invalid");
    parsed
}
