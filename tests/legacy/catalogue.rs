//! The volunteer's project list is a bare array (volunteer_projects_provider.dart:135) of
//! `Project.fromJson` objects with integer ids and counts; joining and leaving by that id.

use serde_json::{Value, json};

use super::{app_get, app_login, app_post, app_register, assert_app_error, assert_legacy_json};
use crate::helpers::spawn_app;

fn assert_project_model(p: &Value) {
    assert!(p["id"].is_i64(), "id is an integer: {p}");
    for key in [
        "title",
        "description",
        "city",
        "creator_name",
        "volunteer_type",
    ] {
        assert!(p[key].is_string(), "{key} is a string: {p}");
    }
    for key in ["volunteer_count", "task_count"] {
        assert!(p[key].is_i64(), "{key} is an integer: {p}");
    }
    assert!(p["is_joined"].is_boolean(), "is_joined is a bool: {p}");
    for key in ["start_date", "end_date"] {
        assert!(p[key].is_string() || p[key].is_null(), "{key}: {p}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_project_list_is_a_bare_array_and_joining_by_its_integer_id_works() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app
        .approved_project(
            &admin,
            &organizer,
            &json!({"title": "Чистый Медеу", "start_date": "2026-12-20"}),
        )
        .await;
    app.create_task(&organizer, &project, "Собрать мусор у плотины")
        .await;
    let pending = app
        .create_project(&organizer, &json!({"title": "Ещё не одобрен"}))
        .await;
    assert_eq!(pending.status, 201, "{:?}", pending.json);
    let (email, _) = app_register(&app).await;
    let session = app_login(&app, &email).await;
    let token = Some(session.access.as_str());

    let reply = app_get(&app, "/custom-admin/api/projects/", token).await;

    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_legacy_json(&reply);
    let list = reply.json.as_array().expect("a bare array");
    assert_eq!(list.len(), 1, "only approved projects: {list:?}");
    let card = &list[0];
    assert_project_model(card);
    assert_eq!(card["title"], "Чистый Медеу");
    assert_eq!(card["start_date"], "2026-12-20");
    assert_eq!(card["creator_name"], "Айгерим");
    assert_eq!(card["task_count"], 1);
    assert_eq!(card["is_joined"], false);
    let number = card["id"].as_i64().expect("an integer id");

    let join = format!("/custom-admin/api/projects/{number}/join/");
    let reply = app_post(&app, &join, &Value::Null, token).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let again = app_post(&app, &join, &Value::Null, token).await;
    assert_app_error(&again, 409, "project.already_member");

    let reply = app_get(&app, "/custom-admin/api/v1/projects/", token).await;
    assert_eq!(reply.json[0]["is_joined"], true, "{:?}", reply.json);
    assert_eq!(reply.json[0]["volunteer_count"], 1);
    // one log, two doors
    let v1 = app.get(&format!("/api/v1/projects/{project}"), token).await;
    assert_eq!(v1.json["joined"], true, "{:?}", v1.json);

    let leave = format!("/custom-admin/api/projects/{number}/leave/");
    let reply = app_post(&app, &leave, &Value::Null, token).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let v1 = app.get(&format!("/api/v1/projects/{project}"), token).await;
    assert_eq!(v1.json["joined"], false, "{:?}", v1.json);

    let unknown = app_post(
        &app,
        "/custom-admin/api/projects/999/join/",
        &Value::Null,
        token,
    )
    .await;
    assert_app_error(&unknown, 404, "not_found");
}
