//! `me` on the boards: the caller's place for volunteers, with or without points; null otherwise.

use serde_json::{Value, json};

use super::{board, rows};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn me_is_the_callers_place_for_volunteers_and_null_for_anonymous_readers() {
    // Arrange: the story's volunteer has 5 points, a newcomer has none
    let app = spawn_app().await;
    let story = app.core_story().await;
    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let newcomer = app.volunteer("Новичок").await;
    let ranked = story.volunteer.id.clone();

    for period in ["all", "month", "week"] {
        // Act
        let without_points = board(&app, period, &newcomer).await;
        let with_points = board(&app, period, &story.volunteer).await;
        let anonymous = app
            .get(&format!("/api/v1/leaderboard?period={period}"), None)
            .await;

        // Assert
        assert_eq!(
            without_points["me"],
            json!({"rank": null, "rating": 0}),
            "{period}: {without_points}"
        );
        assert_eq!(
            rows(&without_points),
            vec![(ranked.clone(), 5, 1)],
            "{period}"
        );
        assert_eq!(
            with_points["me"],
            json!({"rank": 1, "rating": 5}),
            "{period}: {with_points}"
        );
        assert_eq!(anonymous.status, 200, "{period}: {:?}", anonymous.json);
        assert_eq!(anonymous.json["me"], Value::Null, "{period}");
        assert_eq!(
            rows(&anonymous.json),
            vec![(ranked.clone(), 5, 1)],
            "{period}"
        );
        assert_eq!(anonymous.json["total"], 1, "{period}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leaderboard_request_with_a_bad_token_is_still_401() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let reply = app
        .get("/api/v1/leaderboard?period=all", Some("garbage"))
        .await;

    // Assert
    assert_eq!(reply.status, 401, "{:?}", reply.json);
    assert_eq!(reply.code(), "auth.invalid_token");
}
