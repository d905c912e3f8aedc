//! Week and month boards turn over at Almaty midnight.

use serde_json::json;

use super::{approved_member, at, board, rows};
use crate::helpers::spawn_app;

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
    // a volunteer without points in the period (API.md): not null, no rank
    assert_eq!(month["me"], json!({"rank": null, "rating": 0}), "{month}");
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
    assert_eq!(month["me"], json!({"rank": null, "rating": 0}));
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
    assert_eq!(week["me"], json!({"rank": null, "rating": 0}));
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
