//! What the app reaches that this backend has no feature for yet, and every path it does not
//! serve: the calendar (providers/calendar_provider.dart:110, 178, 237, 264, 288, 315, 340), the
//! geofence reminders (providers/geofence_provider.dart:46, 95, 138, 165, 192, 234, 254) and the
//! chats (providers/chat_provider.dart:44 and on). Reads answer the empty results the app's
//! parsers accept; writes answer 501 `{success: false, error}` (the app shows `error` and keeps
//! its screen); anything else under the prefixes is 404 `{error}` (a chat nobody has, an event id).
//! Plus the device token of push notifications (services/notifications/notification_service.dart:388),
//! which is `POST /api/v1/me/devices` itself.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};

use super::dto::Message;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::AppJson;
use crate::routes::me::{DeviceBody, register_device};
use crate::state::AppState;

/// GET `calendar/events/` → `{success, events: []}`.
pub(super) async fn list_calendar_events(_user: AuthUser) -> AppJson<Value> {
    AppJson(json!({"success": true, "events": [], "count": 0}))
}

/// GET `geofence/reminders/` → `{success, reminders: []}`.
pub(super) async fn list_geofence_reminders(_user: AuthUser) -> AppJson<Value> {
    AppJson(json!({"success": true, "reminders": [], "count": 0}))
}

/// GET `geofence/projects/` → `{success, projects: []}`.
pub(super) async fn list_geofence_projects(_user: AuthUser) -> AppJson<Value> {
    AppJson(json!({"success": true, "projects": [], "count": 0}))
}

/// GET `geofence/events/` → `{success, events: []}`.
pub(super) async fn list_geofence_events(_user: AuthUser) -> AppJson<Value> {
    AppJson(json!({"success": true, "events": [], "count": 0}))
}

/// POST `geofence/check/` → nothing triggered.
pub(super) async fn check_geofence(_user: AuthUser) -> AppJson<Value> {
    AppJson(json!({"success": true, "triggered": false, "reminders": [], "count": 0}))
}

/// GET `chats/` → `{chats: []}`.
pub(super) async fn list_chats(_user: AuthUser) -> AppJson<Value> {
    AppJson(json!({"success": true, "chats": []}))
}

/// The body of a write to a feature that does not exist yet.
#[derive(Debug, Serialize)]
pub(super) struct NotAvailable {
    success: bool,
    error: &'static str,
    code: &'static str,
}

/// A calendar or geofence write → 501 `{success: false, error}` in the caller's language.
pub(super) async fn not_available_yet(
    _user: AuthUser,
    meta: RequestMeta,
) -> (StatusCode, AppJson<NotAvailable>) {
    let error = match meta.language.as_str() {
        "en" => "This feature is not available yet",
        "kk" => "Бұл мүмкіндік әзірге қолжетімсіз",
        _ => "Эта функция пока недоступна",
    };
    (
        StatusCode::NOT_IMPLEMENTED,
        AppJson(NotAvailable {
            success: false,
            error,
            code: "legacy.not_available",
        }),
    )
}

/// Any other path under the prefixes → the `/api/v1` 404, re-shaped to `{error}`.
pub(super) async fn no_such_route() -> ApiError {
    ApiError::not_found()
}

/// POST `device-token/` `{token, platform}` → 200 `{message}`: the `/api/v1/me/devices` handler
/// itself (the same validation and command; the app accepts 200 or 201, not its 204).
pub(super) async fn register_device_token(
    state: State<AppState>,
    user: AuthUser,
    body: AppJson<DeviceBody>,
) -> Result<AppJson<Message>, ApiError> {
    register_device(state, user, body).await?;
    Ok(AppJson(Message {
        message: "Device token registered",
    }))
}
