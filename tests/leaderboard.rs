//! Leaderboards by Almaty calendar periods, ranks and ties, achievements, rating history, activity.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::core::Story;
use crate::helpers::fixtures::Session;
use crate::helpers::spawn_app;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

async fn board(app: &TestApp, period: &str, who: &Session) -> Value {
    let reply = app
        .get(
            &format!("/api/v1/leaderboard?period={period}"),
            Some(&who.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["period"], period);
    reply.json
}

/// `(account_id, rating, rank)` of a board's items.
fn rows(board: &Value) -> Vec<(String, i64, i64)> {
    board["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["account_id"].as_str().expect("account id").to_owned(),
                i["rating"].as_i64().expect("rating"),
                i["rank"].as_i64().expect("rank"),
            )
        })
        .collect()
}

/// A new member of the story's project with an approved report of `stars`.
async fn approved_member(app: &TestApp, story: &Story, name: &str, stars: u8, seed: u8) -> Session {
    let member = app.volunteer(name).await;
    app.join(&member, &story.project).await;
    let (_, report) = app
        .task_and_report(&story.organizer, &member, &story.project, seed)
        .await;
    let reply = app
        .approve(
            &story.organizer.token,
            &report,
            &json!({"stars": stars, "comment": "Спасибо"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    member
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_month_board_turns_over_at_almaty_midnight() {
    let app = spawn_app().await;
    // 23:59 on Monday 30 November in Almaty (UTC+5).
    app.clock.set(at("2026-11-30T18:59:00Z"));
    let story = app.core_story().await;
    let a = &story.volunteer;
    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let month = board(&app, "month", a).await;
    assert_eq!(rows(&month), vec![(a.id.clone(), 5, 1)], "{month}");
    assert_eq!(month["me"], json!({"rank": 1, "rating": 5}));

    // 00:00:30 on 1 December in Almaty, still 30 November in UTC.
    app.clock.set(at("2026-11-30T19:00:30Z"));

    let month = board(&app, "month", a).await;
    assert_eq!(month["items"], json!([]), "a new month: {month}");
    assert_eq!(month["me"], Value::Null, "{month}");
    let all = board(&app, "all", a).await;
    assert_eq!(rows(&all), vec![(a.id.clone(), 5, 1)], "{all}");
    let week = board(&app, "week", a).await;
    assert_eq!(
        rows(&week),
        vec![(a.id.clone(), 5, 1)],
        "Monday and Tuesday share the ISO week: {week}"
    );

    let b = approved_member(&app, &story, "Дана", 3, 2).await;

    let month = board(&app, "month", a).await;
    assert_eq!(rows(&month), vec![(b.id.clone(), 3, 1)], "{month}");
    assert_eq!(month["me"], Value::Null);
    let month = board(&app, "month", &b).await;
    assert_eq!(month["me"], json!({"rank": 1, "rating": 3}));
    let all = board(&app, "all", &b).await;
    assert_eq!(
        rows(&all),
        vec![(a.id.clone(), 5, 1), (b.id.clone(), 3, 2)],
        "{all}"
    );
    assert_eq!(all["me"], json!({"rank": 2, "rating": 3}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_week_board_turns_over_at_almaty_monday_midnight() {
    let app = spawn_app().await;
    // 23:59 on Sunday 29 November in Almaty.
    app.clock.set(at("2026-11-29T18:59:00Z"));
    let story = app.core_story().await;
    let a = &story.volunteer;
    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let week = board(&app, "week", a).await;
    assert_eq!(rows(&week), vec![(a.id.clone(), 5, 1)], "{week}");

    // 00:00:30 on Monday 30 November in Almaty, still Sunday in UTC.
    app.clock.set(at("2026-11-29T19:00:30Z"));

    let week = board(&app, "week", a).await;
    assert_eq!(week["items"], json!([]), "a new ISO week: {week}");
    assert_eq!(week["me"], Value::Null);
    let month = board(&app, "month", a).await;
    assert_eq!(
        rows(&month),
        vec![(a.id.clone(), 5, 1)],
        "same month: {month}"
    );

    let b = approved_member(&app, &story, "Дана", 4, 2).await;
    let week = board(&app, "week", &b).await;
    assert_eq!(rows(&week), vec![(b.id.clone(), 4, 1)], "{week}");
    assert_eq!(week["me"], json!({"rank": 1, "rating": 4}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ties_go_to_who_reached_the_score_first() {
    let app = spawn_app().await;
    let start = at("2026-06-10T06:00:00Z");
    app.clock.set(start);
    let story = app.core_story().await;
    // The story's volunteer reports first but is approved last.
    let first = approved_member(&app, &story, "Первый", 4, 11).await;
    app.clock.set(start + Duration::minutes(5));
    let second = approved_member(&app, &story, "Второй", 4, 12).await;
    app.clock.set(start + Duration::minutes(10));
    let third = approved_member(&app, &story, "Третий", 5, 13).await;
    app.clock.set(start + Duration::minutes(15));
    let reply = app
        .approve(
            &story.organizer.token,
            &story.report,
            &json!({"stars": 3, "comment": "Неплохо"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let last = &story.volunteer;

    for period in ["all", "month", "week"] {
        let board = board(&app, period, &second).await;
        assert_eq!(
            rows(&board),
            vec![
                (third.id.clone(), 5, 1),
                (first.id.clone(), 4, 2),
                (second.id.clone(), 4, 3),
                (last.id.clone(), 3, 4),
            ],
            "{period}: {board}"
        );
        assert_eq!(board["me"], json!({"rank": 3, "rating": 4}), "{period}");
        assert_eq!(board["total"], 4, "{period}");
    }
    // The second catches up and overtakes the first only by a higher score.
    app.clock.set(start + Duration::minutes(20));
    let path = format!("/api/v1/admin/accounts/{}/rating-adjustments", second.id);
    let reply = app
        .post(
            &path,
            &json!({"delta": 1, "reason": "бонус"}),
            Some(&story.admin.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let board = board(&app, "all", &first).await;
    assert_eq!(
        rows(&board),
        vec![
            (third.id.clone(), 5, 1),
            (second.id.clone(), 5, 2),
            (first.id.clone(), 4, 3),
            (last.id.clone(), 3, 4),
        ],
        "the third reached 5 first: {board}"
    );
    assert_eq!(board["me"], json!({"rank": 3, "rating": 4}));
}

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
