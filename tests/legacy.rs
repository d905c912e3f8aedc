//! The legacy door (issue 11): requests exactly as the existing Flutter app sends them (Dart
//! `http` with `Content-Type: application/json` on every call, JSON-encoded bodies, the app's
//! trailing slashes), answers asserted on the fields and JSON types its models parse.
//!
//! The app calls covered here, with their source in `kazban0v/BirQadamFull` at
//! 4780b9985cb5dc45d520a00a2224eed823dcf11c (`BirQadamApp/lib/`); `A` = `/custom-admin/api`,
//! `A1` = `/custom-admin/api/v1` (both prefixes serve every call):
//! - POST `A/register/` — providers/auth_provider.dart:216 (session.rs)
//! - POST `A/login/` — providers/auth_provider.dart:143 (session.rs)
//! - GET `A/profile/` — providers/auth_provider.dart:68, 271, 345 (session.rs, day.rs)
//! - GET/PATCH `A1/profile/` — screens/profile/edit_profile_screen.dart:50, 94 (session.rs)
//! - POST `A/token/refresh/` — providers/auth_provider.dart:306 (tokens.rs)
//! - GET `A/projects/` — providers/volunteer_projects_provider.dart:129 (catalogue.rs)
//! - POST `A/projects/{id}/join/`, `/leave/` — volunteer_projects_provider.dart:161, 203;
//!   screens/main/volunteer_page.dart:200, 241; screens/map/map_screen.dart:664 (catalogue.rs)
//! - GET `A1/map/projects/` — providers/map_provider.dart:69 (screens.rs)
//! - GET/POST `A/organizer/projects/` — screens/main/organizer_page.dart:190, 1504;
//!   providers/organizer_projects_provider.dart:152, 221 (screens.rs)
//! - PUT/DELETE `A/projects/{id}/manage/` — organizer_projects_provider.dart:278, 307 (screens.rs)
//! - GET `A/projects/{id}/participants/` — organizer_projects_provider.dart:335 (screens.rs)
//! - POST `A/projects/{id}/tasks/` — organizer_projects_provider.dart:368;
//!   screens/main/organizer_page.dart:3201 (work.rs, calls.rs)
//! - GET `A/tasks/`, POST `A/tasks/{id}/accept/`, `/decline/` — providers/volunteer_tasks_provider.dart:119,
//!   159, 185 (work.rs)
//! - GET `A/tasks/{id}/photos/` — screens/main/volunteer_page.dart:113 (work.rs, day.rs)
//! - POST `A/tasks/{id}/photo-reports/` (multipart) — providers/photo_reports_provider.dart:196
//!   (work.rs, calls.rs)
//! - GET `A/photo-reports/`, `A/organizer/photo-reports/` — photo_reports_provider.dart:60 (work.rs)
//! - GET `A/photo-reports/{id}/` — photo_reports_provider.dart:92 (work.rs)
//! - POST `A/photo-reports/{id}/rate/`, `/reject/` — photo_reports_provider.dart:115, 156
//!   (work.rs, day.rs)
//! - GET image URLs without a token — screens/other/photo_reports_tab.dart:266;
//!   widgets/dialogs/view_photo_report_dialog.dart:181, 206 (work.rs)
//! - GET `A/achievements/`, `A/achievements/progress/` — providers/achievements_provider.dart:54, 59
//!   (day.rs, screens.rs, ids.rs)
//! - GET `A/activities/` — providers/activity_provider.dart:47 (day.rs)
//! - GET `A1/user/stats/` — providers/user_stats_provider.dart:34 (day.rs, screens.rs)
//! - POST/DELETE `A1/device-token/` — services/notifications/notification_service.dart:388, 421
//!   (screens.rs)
//! - calendar, geofence, chat — providers/calendar_provider.dart:110, 178, 340;
//!   providers/geofence_provider.dart:46, 192; providers/chat_provider.dart:44, 88, 224 (screens.rs)
//!
//! The full list of the app's calls and what is served is `docs/mobile-app.md`.

mod calls;
mod catalogue;
mod day;
mod ids;
mod screens;
mod session;
mod tokens;
mod work;

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::app::Reply;

/// The content type of every JSON answer of the door.
const LEGACY_JSON: &str = "application/json; charset=utf-8";

/// A request as `http.post(url, headers: {'Content-Type': 'application/json', 'Authorization':
/// 'Bearer …'}, body: jsonEncode(body))` sends it; no body when `body` is `None`.
async fn app_send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
    token: Option<&str>,
) -> Reply {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.address))
        .header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    TestApp::read(request.send().await.expect("the request is sent")).await
}

/// A POST as the app sends it.
async fn app_post(app: &TestApp, path: &str, body: &Value, token: Option<&str>) -> Reply {
    app_send(app, reqwest::Method::POST, path, Some(body), token).await
}

/// A GET as the app sends it (with its `Content-Type` header and no body).
async fn app_get(app: &TestApp, path: &str, token: Option<&str>) -> Reply {
    app_send(app, reqwest::Method::GET, path, None, token).await
}

/// An app session: `{access, refresh, user}`.
struct AppSession {
    access: String,
    refresh: String,
    user: Value,
}

/// The body the app's registration form sends (auth_provider.dart:201-209).
fn registration_body(email: &str) -> Value {
    json!({
        "name": "Алия Нурланова",
        "email": email,
        "phone": "8 701 234 56 78",
        "password1": "password123",
        "password2": "password123",
        "role": "volunteer",
        "registration_source": "mobile_app",
    })
}

/// Registers through the door as the app does, with a unique e-mail.
async fn app_register(app: &TestApp) -> (String, AppSession) {
    let email = format!("{}@test.kz", uuid::Uuid::new_v4().simple());
    let mut body = registration_body(&email);
    body["phone"] = Value::Null;
    let reply = app_post(app, "/custom-admin/api/register/", &body, None).await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    (email, session_of(&reply))
}

/// Logs in through the door as the app does.
async fn app_login(app: &TestApp, email: &str) -> AppSession {
    let body = json!({"username": email, "password": "password123"});
    let reply = app_post(app, "/custom-admin/api/login/", &body, None).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    session_of(&reply)
}

fn session_of(reply: &Reply) -> AppSession {
    AppSession {
        access: reply.json["access"].as_str().expect("access").to_owned(),
        refresh: reply.json["refresh"].as_str().expect("refresh").to_owned(),
        user: reply.json["user"].clone(),
    }
}

/// The answer is JSON with an explicit UTF-8 charset.
fn assert_legacy_json(reply: &Reply) {
    assert_eq!(
        reply
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some(LEGACY_JSON),
        "{:?}",
        reply.json
    );
}

/// An error as the app reads it: the status, `{"error": text}` with the `/api/v1` code.
fn assert_app_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{:?}", reply.json);
    assert_legacy_json(reply);
    assert!(
        reply.json["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{:?}",
        reply.json
    );
    assert_eq!(reply.json["code"], code, "{:?}", reply.json);
}

/// The `UserModel` fields with their JSON types (models/user_model.dart:26-38).
fn assert_user_model(user: &Value) {
    assert!(user["id"].is_i64(), "id is an integer: {user}");
    for key in ["username", "email", "name", "role"] {
        assert!(user[key].is_string(), "{key} is a string: {user}");
    }
    for key in ["is_organizer", "is_approved", "is_rejected"] {
        assert!(user[key].is_boolean(), "{key} is a bool: {user}");
    }
    assert!(user["rating"].is_i64(), "rating is an integer: {user}");
}
