//! Ties on the board go to whoever reached the score first.

use chrono::Duration;
use serde_json::json;

use super::{approved_member, at, board, rows};
use crate::helpers::spawn_app;

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
