//! Tasks and photo reports through the door: the organizer's new task, the member's list,
//! accepting (200) and declining, the multipart upload, both report lists, one report, rating
//! and rejecting, the task card's summary, and the signed photo URLs.

use birqadam_domain::clock::Clock;
use serde_json::{Value, json};

use super::calls::{
    accept, app_send_empty, app_upload, assert_report_model, load_image, new_task, world,
};
use super::{app_get, app_post, app_register, assert_app_error, assert_legacy_json};
use crate::helpers::spawn_app;

/// `Task.fromJson` (volunteer_tasks_provider.dart:34-43) with its JSON types.
fn assert_task_model(t: &Value) {
    assert!(t["id"].is_i64(), "id is an integer: {t}");
    for key in ["project_title", "text", "status", "creator_name"] {
        assert!(t[key].is_string(), "{key} is a string: {t}");
    }
    for key in ["is_assigned", "assignment_status"] {
        assert!(t[key].is_boolean(), "{key} is a bool: {t}");
    }
    for key in ["deadline_date", "start_time", "end_time"] {
        assert!(t[key].is_string() || t[key].is_null(), "{key}: {t}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_task_is_in_the_members_list_and_accepting_it_answers_200() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let task = new_task(&app, &world, "Собрать мусор у плотины").await;
    let token = Some(world.volunteer.access.as_str());

    let before = app_get(&app, "/custom-admin/api/tasks/", token).await;
    let accepted = accept(&app, &world.volunteer, task).await;
    let after = app_get(&app, "/custom-admin/api/tasks/", token).await;

    assert_eq!(before.status, 200, "{:?}", before.json);
    assert_legacy_json(&before);
    let list = before.json.as_array().expect("a bare array");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_task_model(&list[0]);
    assert_eq!(list[0]["id"], task);
    assert_eq!(list[0]["text"], "Собрать мусор у плотины");
    assert_eq!(list[0]["project_title"], "Чистый Медеу");
    assert_eq!(list[0]["creator_name"], "Айгерим");
    assert_eq!(list[0]["deadline_date"], "2026-12-20");
    assert_eq!(list[0]["start_time"], "09:00");
    assert_eq!(list[0]["is_assigned"], false);
    assert_eq!(accepted.status, 200, "{:?}", accepted.json);
    assert!(accepted.json["message"].is_string());
    assert_eq!(after.json[0]["is_assigned"], true, "{:?}", after.json);
    // one log, two doors
    let v1 = app.get("/api/v1/me/tasks", token).await;
    assert_eq!(v1.json["items"][0]["assignment"]["status"], "accepted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declining_answers_200_and_a_repeated_or_unknown_accept_answers_as_api_v1_does() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let first = new_task(&app, &world, "Первая").await;
    let second = new_task(&app, &world, "Вторая").await;
    new_task(&app, &world, "Третья").await;
    let tasks = app
        .get("/api/v1/me/tasks", Some(&world.volunteer.access))
        .await;
    let third_id = tasks.json["items"]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["text"] == "Третья"))
        .and_then(|t| t["id"].as_str())
        .expect("the third task in /api/v1")
        .to_owned();
    let v1_accept = format!("/api/v1/tasks/{third_id}/accept");
    let token = Some(world.volunteer.access.as_str());

    let declined = app_send_empty(
        &app,
        &format!("/custom-admin/api/tasks/{second}/decline/"),
        &world.volunteer.access,
    )
    .await;
    assert_eq!(accept(&app, &world.volunteer, first).await.status, 200);
    let again = accept(&app, &world.volunteer, first).await;
    let unknown = accept(&app, &world.volunteer, 999_999).await;

    assert_eq!(declined.status, 200, "{:?}", declined.json);
    assert!(declined.json["message"].is_string());
    assert_eq!(app.post(&v1_accept, &json!({}), token).await.status, 200);
    let v1_again = app.post(&v1_accept, &json!({}), token).await;
    assert_eq!(
        again.status, v1_again.status,
        "{:?} {:?}",
        again.json, v1_again.json
    );
    let v1_unknown = app
        .post(
            &format!("/api/v1/tasks/{}/accept", uuid::Uuid::new_v4()),
            &json!({}),
            token,
        )
        .await;
    assert_app_error(&unknown, 404, v1_unknown.code());
    let list = app_get(&app, "/custom-admin/api/tasks/", token).await;
    let card = list
        .json
        .as_array()
        .and_then(|l| l.iter().find(|t| t["id"] == second).cloned())
        .expect("the declined task is still listed");
    assert_eq!(card["is_assigned"], false, "{card}");
    assert_eq!(card["assignment"], "declined", "{card}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_as_the_app_sends_it_is_listed_for_both_and_its_photos_load_without_a_token() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let task = new_task(&app, &world, "Собрать мусор").await;
    assert_eq!(accept(&app, &world.volunteer, task).await.status, 200);

    let uploaded = app_upload(&app, &world.volunteer.access, task, 3, Some("Готово")).await;

    assert_eq!(uploaded.status, 201, "{:?}", uploaded.json);
    assert_legacy_json(&uploaded);
    let mine = app_get(
        &app,
        "/custom-admin/api/photo-reports/?filter=all",
        Some(&world.volunteer.access),
    )
    .await;
    assert_eq!(mine.status, 200, "{:?}", mine.json);
    assert_eq!(mine.json["new_count"], 1);
    let report = &mine.json["photos"][0];
    assert_report_model(report);
    assert_eq!(report["id"], uploaded.json["id"]);
    assert_eq!(report["task_id"], task);
    assert_eq!(report["project_id"], world.project);
    assert_eq!(report["volunteer_comment"], "Готово");
    assert_eq!(report["status"], "pending");
    assert_eq!(report["photos"].as_array().map(Vec::len), Some(3));
    let queue = app_get(
        &app,
        "/custom-admin/api/organizer/photo-reports/?filter=new",
        Some(&world.organizer.access),
    )
    .await;
    assert_eq!(queue.status, 200, "{:?}", queue.json);
    assert_eq!(queue.json["new_count"], 1);
    assert_report_model(&queue.json["photos"][0]);
    assert_eq!(queue.json["photos"][0]["task_text"], "Собрать мусор");
    assert_eq!(queue.json["photos"][0]["project_title"], "Чистый Медеу");
    let url = queue.json["photos"][0]["photos"][2]["image_url"]
        .as_str()
        .expect("a url");
    let image = load_image(&app, url).await;
    assert_eq!(image.status, 200);
    assert_eq!(image.headers["content-type"], "image/jpeg");
    assert!(image.bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
    let card = app_get(
        &app,
        &format!("/custom-admin/api/tasks/{task}/photos/"),
        Some(&world.volunteer.access),
    )
    .await;
    assert_eq!(card.json["has_photos"], true, "{:?}", card.json);
    assert_eq!(card.json["count"], 3);
    assert_eq!(card.json["latest_status"], "pending");
    assert!(card.json["latest_rating"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_url_that_is_changed_or_expired_does_not_load_and_others_get_no_url() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let task = new_task(&app, &world, "Собрать мусор").await;
    assert_eq!(accept(&app, &world.volunteer, task).await.status, 200);
    let uploaded = app_upload(&app, &world.volunteer.access, task, 1, None).await;
    let report = uploaded.json["id"].as_i64().expect("a report number");
    let detail_path = format!("/custom-admin/api/photo-reports/{report}/");
    let detail = app_get(&app, &detail_path, Some(&world.volunteer.access)).await;
    assert_eq!(detail.status, 200, "{:?}", detail.json);
    assert_report_model(&detail.json);
    let url = detail.json["image_url"].as_str().expect("a url").to_owned();
    assert_eq!(load_image(&app, &url).await.status, 200);
    let (_, stranger) = app_register(&app).await;

    let by_stranger = app_get(&app, &detail_path, Some(&stranger.access)).await;
    let photo = detail.json["photos"][0]["id"].as_i64().expect("photo id");
    let other_photo = url.replace(&format!("/photos/{photo}/"), "/photos/1/");
    let forged = url.replace("signature=", "signature=00");
    let unsigned = url.split('?').next().expect("a path").to_owned();
    let expires_later = url.replace("expires=", "expires=9");
    app.clock.set(app.clock.now() + chrono::Duration::hours(2));
    let expired = load_image(&app, &url).await;

    assert_app_error(&by_stranger, 404, "not_found");
    assert!(by_stranger.json.get("image_url").is_none());
    for bad in [other_photo, forged, unsigned, expires_later] {
        let reply = load_image(&app, &bad).await;
        assert_eq!(reply.status, 404, "{bad}: {:?}", reply.json);
    }
    assert_eq!(expired.status, 404, "an hour later the URL is dead");
    let fresh = app_get(&app, &detail_path, Some(&world.volunteer.access)).await;
    let url = fresh.json["image_url"].as_str().expect("a new url");
    assert_eq!(load_image(&app, url).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rating_and_rejecting_as_the_app_sends_them_answer_200_and_reach_api_v1() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let mut reports = Vec::new();
    for text in ["Первая", "Вторая"] {
        let task = new_task(&app, &world, text).await;
        assert_eq!(accept(&app, &world.volunteer, task).await.status, 200);
        let uploaded = app_upload(&app, &world.volunteer.access, task, 1, None).await;
        reports.push(uploaded.json["id"].as_i64().expect("a report number"));
    }
    let token = Some(world.organizer.access.as_str());
    let rate = format!("/custom-admin/api/photo-reports/{}/rate/", reports[0]);
    let reject = format!("/custom-admin/api/photo-reports/{}/reject/", reports[1]);

    let rate_second = format!("/custom-admin/api/photo-reports/{}/rate/", reports[1]);
    let too_many = app_post(
        &app,
        &rate_second,
        &json!({"rating": 9, "feedback": ""}),
        token,
    )
    .await;
    let rated = app_post(
        &app,
        &rate,
        &json!({"rating": 4, "feedback": "Отлично"}),
        token,
    )
    .await;
    let rejected = app_post(&app, &reject, &json!({"feedback": "Фото размыто"}), token).await;
    let by_member = app_post(
        &app,
        &rate,
        &json!({"rating": 5, "feedback": ""}),
        Some(&world.volunteer.access),
    )
    .await;

    assert_eq!(rated.status, 200, "{:?}", rated.json);
    assert_eq!(rejected.status, 200, "{:?}", rejected.json);
    assert!(by_member.status.is_client_error(), "{:?}", by_member.json);
    assert!(by_member.json["error"].is_string());
    assert!(too_many.status.is_client_error(), "{:?}", too_many.json);
    let list = app_get(
        &app,
        "/custom-admin/api/organizer/photo-reports/?filter=all",
        token,
    )
    .await;
    let by_id = |id: i64| {
        list.json["photos"]
            .as_array()
            .and_then(|l| l.iter().find(|r| r["id"] == id).cloned())
            .expect("listed")
    };
    assert_eq!(list.json["new_count"], 0);
    assert_eq!(by_id(reports[0])["status"], "approved");
    assert_eq!(by_id(reports[0])["rating"], 4);
    assert_eq!(by_id(reports[0])["organizer_comment"], "Отлично");
    assert_eq!(by_id(reports[1])["status"], "rejected");
    assert_eq!(by_id(reports[1])["rejection_reason"], "Фото размыто");
    let me = app.get("/api/v1/me", Some(&world.volunteer.access)).await;
    assert_eq!(me.json["rating"], 4);
    let bad_filter = app_get(
        &app,
        "/custom-admin/api/photo-reports/?filter=sideways",
        Some(&world.volunteer.access),
    )
    .await;
    assert_app_error(&bad_filter, 422, "validation.failed");
}
