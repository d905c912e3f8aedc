//! The must-show stories of issue 11 through the door only: a volunteer's whole day, and the
//! double approval through the app's `rate/` route forced into a race.

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::Barrier;

use super::calls::{accept, app_upload, assert_report_model, load_image, new_task, world};
use super::{
    AppSession, app_get, app_login, app_post, app_register, assert_legacy_json, assert_user_model,
};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteers_whole_day_through_the_door_is_the_same_day_through_api_v1() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let task = new_task(&app, &world, "Собрать мусор у плотины").await;
    // morning: a new volunteer registers and logs in as the app does
    let (email, _) = app_register(&app).await;
    let me: AppSession = app_login(&app, &email).await;
    let token = Some(me.access.as_str());
    let path = format!("/custom-admin/api/projects/{}/join/", world.project);
    assert_eq!(app_post(&app, &path, &json!({}), token).await.status, 200);
    let tasks = app_get(&app, "/custom-admin/api/tasks/", token).await;
    assert_eq!(tasks.json[0]["id"], task, "{:?}", tasks.json);
    assert_eq!(accept(&app, &me, task).await.status, 200);
    let uploaded = app_upload(&app, &me.access, task, 3, Some("Три мешка")).await;
    assert_eq!(uploaded.status, 201, "{:?}", uploaded.json);
    let report = uploaded.json["id"].as_i64().expect("a report number");

    // afternoon: the organizer rates it 2 with feedback
    let rate = format!("/custom-admin/api/photo-reports/{report}/rate/");
    let body = json!({"rating": 2, "feedback": "Мало фото плотины"});
    let rated = app_post(&app, &rate, &body, Some(&world.organizer.access)).await;
    assert_eq!(rated.status, 200, "{:?}", rated.json);

    // evening: the volunteer sees the rating, the achievement and the activity
    let profile = app_get(&app, "/custom-admin/api/profile/", token).await;
    assert_user_model(&profile.json);
    assert_eq!(profile.json["rating"], 2);
    let mine = app_get(&app, "/custom-admin/api/photo-reports/", token).await;
    let shown = &mine.json["photos"][0];
    assert_report_model(shown);
    assert_eq!(
        (
            &shown["status"],
            &shown["rating"],
            &shown["organizer_comment"]
        ),
        (&json!("approved"), &json!(2), &json!("Мало фото плотины"))
    );
    let url = shown["photos"][1]["image_url"].as_str().expect("a url");
    assert_eq!(load_image(&app, url).await.status, 200);
    let card = app_get(
        &app,
        &format!("/custom-admin/api/tasks/{task}/photos/"),
        token,
    )
    .await;
    assert_eq!(card.json["latest_rating"], 2, "{:?}", card.json);
    let achievements = app_get(&app, "/custom-admin/api/achievements/", token).await;
    assert_legacy_json(&achievements);
    let unlocked: Vec<&Value> = achievements
        .json
        .as_array()
        .expect("a bare array")
        .iter()
        .filter(|a| a["is_unlocked"] == true)
        .collect();
    let names: Vec<&str> = unlocked.iter().filter_map(|a| a["name"].as_str()).collect();
    assert!(names.contains(&"Первый отчёт"), "{names:?}");
    assert!(unlocked.iter().all(|a| a["unlocked_at"].is_string()));
    let activities = app_get(&app, "/custom-admin/api/activities/", token).await;
    let feed = activities.json.as_array().expect("a bare array");
    let kinds: Vec<&str> = feed.iter().filter_map(|a| a["type"].as_str()).collect();
    for kind in [
        "report_approved",
        "achievement_unlocked",
        "task_accepted",
        "project_joined",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let stats = app_get(&app, "/custom-admin/api/v1/user/stats/", token).await;
    assert_eq!(stats.json["success"], true, "{:?}", stats.json);
    assert_eq!(stats.json["stats"]["current_rating"], 2);
    assert_eq!(stats.json["stats"]["approved_photos_count"], 1);
    let history = stats.json["stats"]["rating_history"]
        .as_array()
        .expect("history");
    assert_eq!(history.len(), 1, "one credit in the ledger: {history:?}");
    assert_eq!(history[0]["rating"], 2);

    // the same facts through /api/v1: one log, two doors
    let v1_me = app.get("/api/v1/me", token).await;
    assert_eq!(v1_me.json["rating"], 2);
    let v1_reports = app.get("/api/v1/me/reports", token).await;
    assert_eq!(v1_reports.json["items"][0]["stars"], 2);
    assert_eq!(
        v1_reports.json["items"][0]["moderator_comment"],
        "Мало фото плотины"
    );
    assert_eq!(
        v1_reports.json["items"][0]["photos"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let v1_history = app.get("/api/v1/me/rating-history", token).await;
    assert_eq!(
        v1_history.json["items"][0]["rating_after"], 2,
        "{:?}",
        v1_history.json
    );
    let v1_activity = app.get("/api/v1/me/activity", token).await;
    let v1_kinds: Vec<&str> = v1_activity.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert_eq!(v1_kinds, kinds, "the same feed, in the same order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_rate_requests_of_the_app_credit_the_stars_once() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let task = new_task(&app, &world, "Собрать мусор").await;
    assert_eq!(accept(&app, &world.volunteer, task).await.status, 200);
    let uploaded = app_upload(&app, &world.volunteer.access, task, 1, None).await;
    let report = uploaded.json["id"].as_i64().expect("a report number");
    let url = format!(
        "{}/custom-admin/api/photo-reports/{report}/rate/",
        app.address
    );
    let barrier = Arc::new(Barrier::new(20));
    let mut racers = Vec::new();
    for _ in 0..20 {
        let (client, url, barrier) = (app.client.clone(), url.clone(), Arc::clone(&barrier));
        let token = world.organizer.access.clone();
        racers.push(tokio::spawn(async move {
            barrier.wait().await;
            let reply = client
                .post(url)
                .header("Authorization", format!("Bearer {token}"))
                .header("Content-Type", "application/json")
                .body(json!({"rating": 5, "feedback": "Молодец"}).to_string())
                .send()
                .await
                .expect("the request is sent");
            let status = reply.status().as_u16();
            let body: Value = reply.json().await.unwrap_or(Value::Null);
            (status, body)
        }));
    }
    let mut results = Vec::new();
    for racer in racers {
        results.push(racer.await.expect("a racer finishes"));
    }

    let won = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(won, 1, "exactly one rating wins: {results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != 200) {
        assert_eq!(*status, 409, "{results:?}");
        assert_eq!(body["code"], "report.already_approved", "{body}");
        assert!(body["error"].is_string(), "{body}");
    }
    assert_eq!(app.count_events("ReportApproved").await, 1);
    assert_eq!(app.count_events("RatingCredited").await, 1);
    let profile = app_get(
        &app,
        "/custom-admin/api/profile/",
        Some(&world.volunteer.access),
    )
    .await;
    assert_eq!(profile.json["rating"], 5);
}
