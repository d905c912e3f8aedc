//! The organizer's screens, the progress and stats cards, the map, push registration, and the
//! screens this backend has no feature for yet (calendar, geofence, chat), as the app calls them.

use serde_json::json;

use super::calls::{app_send_empty, world};
use super::{app_get, app_post, app_send, assert_app_error, assert_legacy_json};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organizer_creates_edits_lists_and_deletes_a_project_as_the_app_does() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let token = Some(world.organizer.access.as_str());
    // organizer_page.dart:1490-1504: coordinates as strings
    let body = json!({
        "title": "Субботник в Сайране",
        "description": "Уборка берега",
        "city": "Алматы",
        "volunteer_type": "environmental",
        "latitude": "43.2389",
        "longitude": "76.8897",
    });

    let created = app_post(&app, "/custom-admin/api/organizer/projects/", &body, token).await;
    let bad = app_post(
        &app,
        "/custom-admin/api/organizer/projects/",
        &json!({"title": "Без координат", "description": "x", "city": "Алматы", "latitude": "north"}),
        token,
    )
    .await;

    assert_eq!(created.status, 201, "{:?}", created.json);
    let number = created.json["project"]["id"].as_i64().expect("a number");
    assert_eq!(created.json["project"]["status"], "pending");
    assert_eq!(created.json["project"]["latitude"], 43.2389);
    assert_app_error(&bad, 422, "validation.failed");
    let list = app_get(&app, "/custom-admin/api/organizer/projects/", token).await;
    assert_legacy_json(&list);
    let own = list
        .json
        .as_array()
        .expect("a bare array (organizer_page.dart:201)");
    assert_eq!(own.len(), 2, "both own projects: {own:?}");
    for p in own {
        assert!(p["id"].is_i64() && p["volunteer_count"].is_i64() && p["task_count"].is_i64());
        for key in [
            "title",
            "description",
            "city",
            "status",
            "created_at",
            "volunteer_type",
        ] {
            assert!(p[key].is_string(), "{key}: {p}");
        }
    }
    let manage = format!("/custom-admin/api/projects/{number}/manage/");
    let edit =
        json!({"title": "Субботник в Сайране 2", "description": "Уборка берега", "city": "Алматы"});
    let edited = app_send(&app, reqwest::Method::PUT, &manage, Some(&edit), token).await;
    assert_eq!(edited.status, 200, "{:?}", edited.json);
    assert_eq!(edited.json["project"]["title"], "Субботник в Сайране 2");
    assert_eq!(
        edited.json["project"]["latitude"], 43.2389,
        "kept on an edit"
    );
    let by_member = app_send(
        &app,
        reqwest::Method::DELETE,
        &manage,
        None,
        Some(&world.volunteer.access),
    )
    .await;
    assert!(by_member.status.is_client_error(), "{:?}", by_member.json);
    let deleted = app_send(&app, reqwest::Method::DELETE, &manage, None, token).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.json);
    let list = app_get(&app, "/custom-admin/api/organizer/projects/", token).await;
    assert_eq!(list.json.as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_sees_the_participants_with_integer_ids_and_others_do_not() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let path = format!("/custom-admin/api/projects/{}/participants/", world.project);

    let owner = app_get(&app, &path, Some(&world.organizer.access)).await;
    let member = app_get(&app, &path, Some(&world.volunteer.access)).await;

    assert_eq!(owner.status, 200, "{:?}", owner.json);
    let people = owner.json["participants"]
        .as_array()
        .expect("participants[]");
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["id"], world.volunteer.user["id"]);
    assert!(people[0]["rating"].is_i64() && people[0]["joined_at"].is_string());
    assert_eq!(
        people[0]["email"], "",
        "owners are shown no e-mails, as in /api/v1"
    );
    assert!(member.status.is_client_error(), "{:?}", member.json);
    assert!(member.json["error"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_stats_and_map_markers_have_the_types_the_app_casts_to() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let token = Some(world.volunteer.access.as_str());

    let progress = app_get(&app, "/custom-admin/api/achievements/progress/", token).await;
    let stats = app_get(&app, "/custom-admin/api/v1/user/stats/", token).await;
    let markers = app_get(
        &app,
        "/custom-admin/api/v1/map/projects/?type=environmental",
        token,
    )
    .await;
    let elsewhere = app_get(
        &app,
        "/custom-admin/api/v1/map/projects/?city=Астана",
        token,
    )
    .await;

    assert_eq!(progress.status, 200, "{:?}", progress.json);
    for key in ["current_level", "next_level"] {
        assert!(progress.json[key].is_string(), "{key}: {:?}", progress.json);
    }
    for key in ["current_xp", "next_level_xp", "progress_percent"] {
        assert!(progress.json[key].is_i64(), "{key}: {:?}", progress.json);
    }
    let s = &stats.json["stats"];
    assert_eq!(s["user_id"], world.volunteer.user["id"]);
    assert_eq!(s["projects_count"], 1);
    assert!(s["rating_history"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(markers.json["success"], true, "{:?}", markers.json);
    let marker = &markers.json["markers"][0];
    assert!(marker["id"].is_i64() && marker["volunteers_count"].is_i64());
    assert!(
        marker["latitude"].is_f64() && marker["longitude"].is_f64(),
        "{marker}"
    );
    assert_eq!(marker["is_joined"], true);
    for key in [
        "title",
        "description",
        "city",
        "volunteer_type",
        "creator_name",
        "status",
    ] {
        assert!(marker[key].is_string(), "{key}: {marker}");
    }
    assert_eq!(elsewhere.json["markers"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_device_token_goes_through_the_api_v1_devices_command() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let token = Some(world.volunteer.access.as_str());
    let body = json!({"token": "fcm-token-of-a-phone", "platform": "android"});

    let registered = app_post(&app, "/custom-admin/api/v1/device-token/", &body, token).await;
    let bad = app_post(
        &app,
        "/custom-admin/api/device-token/",
        &json!({"token": "x", "platform": "nokia"}),
        token,
    )
    .await;

    let removed = app_send(
        &app,
        reqwest::Method::DELETE,
        "/custom-admin/api/v1/device-token/",
        None,
        token,
    )
    .await;

    assert_eq!(registered.status, 200, "{:?}", registered.json);
    assert_app_error(&bad, 422, "validation.failed");
    assert_eq!(
        removed.status, 501,
        "the app names no token to remove: {:?}",
        removed.json
    );
    assert!(removed.json["error"].is_string());
    let stored: Vec<(String, String)> =
        sqlx::query_as("select token, platform from devices order by token")
            .fetch_all(&app.pool)
            .await
            .expect("devices");
    assert_eq!(
        stored,
        [("fcm-token-of-a-phone".to_owned(), "android".to_owned())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calendar_geofence_and_chat_answer_empty_results_or_a_clear_error() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let access = world.volunteer.access.as_str();
    let token = Some(access);
    let a1 = "/custom-admin/api/v1";

    let events = app_get(&app, &format!("{a1}/calendar/events/?month=2026-12"), token).await;
    let reminders = app_get(&app, &format!("{a1}/geofence/reminders/"), token).await;
    let check = app_post(
        &app,
        &format!("{a1}/geofence/check/"),
        &json!({"latitude": 43.2, "longitude": 76.9}),
        token,
    )
    .await;
    let chats = app_get(&app, &format!("{a1}/chats/"), token).await;
    let new_event = app_post(
        &app,
        &format!("{a1}/calendar/events/"),
        &json!({"title": "x"}),
        token,
    )
    .await;
    let one_event = app_get(&app, &format!("{a1}/calendar/events/7/"), token).await;
    let messages = app_get(
        &app,
        &format!("{a1}/chats/3/messages/?offset=0&limit=50"),
        token,
    )
    .await;
    let typing = app_send_empty(&app, &format!("{a1}/chats/3/typing/"), access).await;
    let nowhere = app_get(&app, "/custom-admin/api/leaderboard/", token).await;
    let anonymous = app_get(&app, &format!("{a1}/chats/"), None).await;
    let wrong_method = app_get(&app, "/custom-admin/api/login/", None).await;

    assert_eq!(
        (
            events.json["success"].clone(),
            events.json["events"].clone()
        ),
        (json!(true), json!([]))
    );
    assert_eq!(reminders.json["reminders"], json!([]));
    assert_eq!(check.json["triggered"], false, "{:?}", check.json);
    assert_eq!(check.json["reminders"], json!([]));
    assert_eq!(chats.json["chats"], json!([]));
    assert_eq!(new_event.status, 501, "{:?}", new_event.json);
    assert_eq!(new_event.json["success"], false);
    assert!(new_event.json["error"].is_string());
    for reply in [&one_event, &messages, &typing, &nowhere] {
        assert_app_error(reply, 404, "not_found");
    }
    assert_app_error(&anonymous, 401, anonymous.code());
    assert_eq!(wrong_method.status, 405, "{:?}", wrong_method.json);
    assert_legacy_json(&wrong_method);
    assert!(
        wrong_method.json["error"].is_string(),
        "{:?}",
        wrong_method.json
    );
}
