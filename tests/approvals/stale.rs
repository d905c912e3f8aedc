//! A decision names its report: an old screen's button (attempt 1's id) never decides attempt 2.

use serde_json::json;

use crate::helpers::TestApp;
use crate::helpers::core::Story;
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

/// Rejects the story's report and resubmits; returns attempt 2's id (pending).
async fn rejected_and_resubmitted(app: &TestApp, story: &Story) -> String {
    let reply = app
        .reject(&story.organizer.token, &story.report, "Нет фото результата")
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let second = app.submit_report(&story.volunteer, &story.task, 2).await;
    assert_ne!(second, story.report, "attempt 2 has its own id");
    second
}

/// Asserts that `report` is still attempt 2 and pending.
async fn assert_pending_attempt_two(app: &TestApp, story: &Story, report: &str) {
    let reply = app
        .get(
            &format!("/api/v1/reports/{report}"),
            Some(&story.organizer.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["attempt"], 2, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "pending", "{:?}", reply.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_attempt_one_while_attempt_two_is_pending_changes_nothing() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let owner = &story.organizer.token;
    let second = rejected_and_resubmitted(&app, &story).await;

    let reply = app
        .approve(owner, &story.report, &json!({"stars": 5}))
        .await;

    assert_problem(&reply, 409, "report.already_moderated");
    assert_eq!(app.count_events("ReportApproved").await, 0);
    assert_eq!(app.count_events("RatingCredited").await, 0);
    assert_eq!(app.rating_of(&story.volunteer).await, 0);
    assert_pending_attempt_two(&app, &story, &second).await;
    let reply = app.approve(owner, &second, &json!({"stars": 4})).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "approved");
    assert_eq!(reply.json["attempt"], 2);
    assert_eq!(app.count_events("ReportApproved").await, 1);
    assert_eq!(app.rating_of(&story.volunteer).await, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejecting_attempt_one_while_attempt_two_is_pending_changes_nothing() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let owner = &story.organizer.token;
    let second = rejected_and_resubmitted(&app, &story).await;

    let reply = app.reject(owner, &story.report, "Старый экран").await;

    assert_problem(&reply, 409, "report.already_moderated");
    assert_eq!(
        app.count_events("ReportRejected").await,
        1,
        "only attempt 1's"
    );
    assert_pending_attempt_two(&app, &story, &second).await;
    let reply = app.reject(owner, &second, "Снова размыто").await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "rejected");
    assert_eq!(reply.json["rejection_reason"], "Снова размыто");
    assert_eq!(app.count_events("ReportRejected").await, 2);
}
