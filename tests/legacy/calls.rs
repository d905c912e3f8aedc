//! The app's world for the tests of its work screens: an approved project with coordinates, its
//! organizer and a member, both signed in through the door as the app does; the multipart upload
//! as Dart's `http.MultipartRequest` sends it; the shape of a `PhotoReport`.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::{AppSession, app_get, app_login, app_post, app_register};
use crate::helpers::TestApp;
use crate::helpers::app::Reply;
use crate::helpers::core::jpeg;

/// An approved project, its organizer (both doors) and a member who joined through the door.
pub(super) struct World {
    pub(super) organizer: AppSession,
    pub(super) volunteer: AppSession,
    pub(super) project: i64,
}

/// Builds the world; the project is found in the app's own list by its title.
pub(super) async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let details = json!({"title": "Чистый Медеу", "latitude": 43.157, "longitude": 77.059});
    app.approved_project(&admin, &organizer, &details).await;
    let email = organizer.account["email"].as_str().expect("e-mail");
    let organizer = app_login(app, email).await;
    let (email, _) = app_register(app).await;
    let volunteer = app_login(app, &email).await;
    let list = app_get(app, "/custom-admin/api/projects/", Some(&volunteer.access)).await;
    let project = list.json[0]["id"].as_i64().expect("a project number");
    let path = format!("/custom-admin/api/projects/{project}/join/");
    let joined = app_post(app, &path, &json!({}), Some(&volunteer.access)).await;
    assert_eq!(joined.status, 200, "{:?}", joined.json);
    World {
        organizer,
        volunteer,
        project,
    }
}

/// The organizer's new task through the door (organizer_page.dart:3175-3201); its number.
pub(super) async fn new_task(app: &TestApp, world: &World, text: &str) -> i64 {
    let body = json!({"text": text, "deadline_date": "2026-12-20", "start_time": "09:00", "end_time": "13:00"});
    let path = format!("/custom-admin/api/projects/{}/tasks/", world.project);
    let reply = app_post(app, &path, &body, Some(&world.organizer.access)).await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    reply.json["task_id"].as_i64().expect("a task number")
}

/// The member accepts a task through the door.
pub(super) async fn accept(app: &TestApp, session: &AppSession, task: i64) -> Reply {
    let path = format!("/custom-admin/api/tasks/{task}/accept/");
    app_send_empty(app, &path, &session.access).await
}

/// A POST without a body, as `http.post(url, headers: {...})` sends it.
pub(super) async fn app_send_empty(app: &TestApp, path: &str, token: &str) -> Reply {
    super::app_send(app, reqwest::Method::POST, path, None, Some(token)).await
}

/// photo_reports_provider.dart:196-230: `Authorization` only, parts `photos` named
/// `photo_$i.jpg` with Dart's default `application/octet-stream`, the `comment` field if any.
pub(super) async fn app_upload(
    app: &TestApp,
    token: &str,
    task: i64,
    photos: u8,
    comment: Option<&str>,
) -> Reply {
    let mut form = Form::new();
    for i in 0..photos {
        let part = Part::bytes(jpeg(64, 48, i.wrapping_mul(17).wrapping_add(3)))
            .file_name(format!("photo_{i}.jpg"))
            .mime_str("application/octet-stream")
            .expect("a media type");
        form = form.part("photos", part);
    }
    if let Some(comment) = comment {
        form = form.text("comment", comment.to_owned());
    }
    let response = app
        .client
        .post(format!(
            "{}/custom-admin/api/tasks/{task}/photo-reports/",
            app.address
        ))
        .header("Authorization", format!("Bearer {token}"))
        .multipart(form)
        .send()
        .await
        .expect("the upload is sent");
    TestApp::read(response).await
}

/// `PhotoReport.fromJson` (models/photo_report.dart:38-60) with its JSON types; image URLs are
/// absolute.
pub(super) fn assert_report_model(r: &Value) {
    for key in ["id", "volunteer_id", "project_id", "task_id"] {
        assert!(r[key].is_i64(), "{key} is an integer: {r}");
    }
    for key in [
        "volunteer_name",
        "task_text",
        "project_title",
        "image_url",
        "volunteer_comment",
        "organizer_comment",
        "rejection_reason",
        "status",
        "uploaded_at",
    ] {
        assert!(r[key].is_string(), "{key} is a string: {r}");
    }
    assert!(r["rating"].is_i64() || r["rating"].is_null(), "rating: {r}");
    assert!(r["moderated_at"].is_string() || r["moderated_at"].is_null());
    let image = r["image_url"].as_str().unwrap_or_default();
    assert!(image.starts_with("http://127.0.0.1:"), "absolute: {image}");
    for photo in r["photos"].as_array().expect("photos[]") {
        assert!(photo["id"].is_i64(), "photo id: {photo}");
        assert!(photo["uploaded_at"].is_string(), "{photo}");
        let url = photo["image_url"].as_str().expect("image_url");
        assert!(url.starts_with("http://127.0.0.1:"), "absolute: {url}");
    }
}

/// Loads an image URL as `Image.network` does: no `Authorization`, no other header.
pub(super) async fn load_image(app: &TestApp, url: &str) -> Reply {
    let response = app
        .client
        .get(url)
        .send()
        .await
        .expect("the image is asked");
    TestApp::read(response).await
}
