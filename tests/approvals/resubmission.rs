//! A rejected report can be resubmitted and approved.

use serde_json::json;

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_report_can_be_resubmitted_and_approved() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let owner = &story.organizer.token;
    let reply = app
        .reject(owner, &story.report, "Нет фото результата")
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "rejected");
    assert_eq!(reply.json["rejection_reason"], "Нет фото результата");
    let reply = app
        .approve(owner, &story.report, &json!({"stars": 5}))
        .await;
    assert_problem(&reply, 409, "report.already_moderated");

    let second = app.submit_report(&story.volunteer, &story.task, 2).await;

    assert_ne!(second, story.report);
    let reply = app
        .get(
            &format!("/api/v1/reports/{second}"),
            Some(&story.volunteer.token),
        )
        .await;
    assert_eq!(reply.json["attempt"], 2, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "pending");
    let reply = app
        .approve(
            owner,
            &second,
            &json!({"stars": 2, "comment": "Хорошо, но мало"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["stars"], 2);
    assert_eq!(reply.json["moderator_comment"], "Хорошо, но мало");
    assert_eq!(app.rating_of(&story.volunteer).await, 2);
    let reply = app.approve(owner, &second, &json!({"stars": 5})).await;
    assert_problem(&reply, 409, "report.already_approved");
    let reply = app.reject(owner, &second, "передумал").await;
    assert_problem(&reply, 409, "report.already_moderated");
    assert_eq!(app.rating_of(&story.volunteer).await, 2);
}
