//! The legacy door (issue 11): requests exactly as the existing Flutter app sends them (Dart
//! `http` with `Content-Type: application/json` on every call, JSON-encoded bodies, the app's
//! trailing slashes), answers asserted on the fields and JSON types its models parse.
//!
//! The app calls covered here, with their source in `kazban0v/BirQadamFull` at
//! 4780b9985cb5dc45d520a00a2224eed823dcf11c (`BirQadamApp/lib/`):
//! - POST `/custom-admin/api/register/` — providers/auth_provider.dart:216 (session.rs)
//! - POST `/custom-admin/api/login/` — providers/auth_provider.dart:143 (session.rs)
//! - GET `/custom-admin/api/profile/` — providers/auth_provider.dart:68, 271, 345 (session.rs)
//! - GET/PATCH `/custom-admin/api/v1/profile/` — screens/profile/edit_profile_screen.dart:50, 94
//!   (session.rs)
//! - POST `/custom-admin/api/token/refresh/` — providers/auth_provider.dart:306 (tokens.rs)
//! - GET `/custom-admin/api/projects/` — providers/volunteer_projects_provider.dart:129
//!   (catalogue.rs)
//! - POST `/custom-admin/api/projects/{id}/join/`, `/leave/` — volunteer_projects_provider.dart:161,
//!   203; screens/main/volunteer_page.dart:200, 241; screens/map/map_screen.dart:664 (catalogue.rs)
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
