//! The 750 cap and the comment rule for low stars.

use serde_json::{Value, json};

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rating_never_exceeds_750() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let path = format!(
        "/api/v1/admin/accounts/{}/rating-adjustments",
        story.volunteer.id
    );
    let reply = app
        .post(
            &path,
            &json!({"delta": 748, "reason": "перенос со старой системы"}),
            Some(&story.admin.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(app.rating_of(&story.volunteer).await, 748);

    let reply = app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 5}))
        .await;

    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(app.rating_of(&story.volunteer).await, 750);
    let payload: Value = sqlx::query_scalar(
        "select payload->'RatingCredited' from events where event_type = 'RatingCredited'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("one credit");
    assert_eq!(payload["points_requested"], json!(5), "{payload}");
    assert_eq!(payload["points_applied"], json!(2), "{payload}");
    assert_eq!(payload["rating_after"], json!(750), "{payload}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn low_stars_need_a_comment_and_no_stars_credit_nothing() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let owner = &story.organizer.token;

    for stars in [1, 2, 3] {
        let reply = app
            .approve(owner, &story.report, &json!({"stars": stars}))
            .await;
        assert_problem(&reply, 422, "report.comment_required");
    }
    let reply = app
        .approve(owner, &story.report, &json!({"stars": 3, "comment": "   "}))
        .await;
    assert_problem(&reply, 422, "report.comment_required");
    assert_eq!(app.count_events("ReportApproved").await, 0);

    let reply = app.approve(owner, &story.report, &json!({})).await;

    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "approved");
    assert_eq!(reply.json["stars"], Value::Null);
    assert_eq!(app.rating_of(&story.volunteer).await, 0);
    assert_eq!(app.count_events("RatingCredited").await, 0);
}
