//! The first approval unlocks an achievement, visible in history and activity.

use chrono::Duration;
use serde_json::{Value, json};

use super::at;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_approval_unlocks_an_achievement_and_shows_in_history_and_activity() {
    let app = spawn_app().await;
    let approved_at = at("2026-03-15T07:30:00Z");
    app.clock.set(approved_at - Duration::hours(1));
    let story = app.core_story().await;
    let v = &story.volunteer;
    let reply = app.get("/api/v1/achievements", Some(&v.token)).await;
    let first = reply.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["id"] == "first_report")
        .cloned()
        .expect("first_report in the catalogue");
    assert_eq!(first["unlocked"], false, "{first}");
    assert_eq!(first["unlocked_at"], Value::Null);

    app.clock.set(approved_at);
    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    app.clock.set(approved_at + Duration::hours(2));

    let reply = app.get("/api/v1/achievements", Some(&v.token)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let first = reply.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["id"] == "first_report")
        .cloned()
        .expect("first_report");
    assert_eq!(first["unlocked"], true, "{first}");
    let unlocked_at = first["unlocked_at"]
        .as_str()
        .map(at)
        .expect("an unlock instant");
    assert_eq!(unlocked_at, approved_at, "the clock time of the approval");

    let history = app.get("/api/v1/me/rating-history", Some(&v.token)).await;
    assert_eq!(history.status, 200, "{:?}", history.json);
    let items = history.json["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{:?}", history.json);
    assert_eq!(items[0]["delta"], 5);
    assert_eq!(items[0]["rating_after"], 5);
    assert_eq!(items[0]["source"]["kind"], "report");
    assert!(items[0]["source"]["id"].is_string(), "{:?}", items[0]);
    assert_eq!(items[0]["at"].as_str().map(at), Some(approved_at));

    let activity = app.get("/api/v1/me/activity", Some(&v.token)).await;
    assert_eq!(activity.status, 200, "{:?}", activity.json);
    let approved: Vec<&Value> = activity.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["kind"] == "report_approved")
        .collect();
    assert_eq!(approved.len(), 1, "{:?}", activity.json);
    assert_eq!(approved[0]["project_id"], story.project.as_str());
    assert_eq!(approved[0]["at"].as_str().map(at), Some(approved_at));
}
