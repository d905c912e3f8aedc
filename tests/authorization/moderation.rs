//! Only a report's project owner or an admin moderates it.

use serde_json::json;

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_or_an_admin_moderates_a_report() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let other = app.organizer(&story.admin, "Чужой организатор").await;
    let report = format!("/api/v1/reports/{}", story.report);

    let reply = app.get(&report, Some(&other.token)).await;
    assert_problem(&reply, 404, "not_found");
    let queue = app
        .get("/api/v1/moderation/reports", Some(&other.token))
        .await;
    assert_eq!(queue.status, 200);
    assert_eq!(queue.json["items"], json!([]), "not in another's queue");
    for reply in [
        app.approve(&other.token, &story.report, &json!({"stars": 5}))
            .await,
        app.reject(&other.token, &story.report, "не нравится").await,
    ] {
        assert!(
            matches!(reply.status.as_u16(), 403 | 404),
            "another organizer: {:?}",
            reply.json
        );
    }

    let outsider = app.volunteer("Посторонний").await;
    for who in [&story.volunteer, &outsider] {
        let reply = app
            .get("/api/v1/moderation/reports", Some(&who.token))
            .await;
        assert_problem(&reply, 403, "forbidden");
        let reply = app
            .approve(&who.token, &story.report, &json!({"stars": 5}))
            .await;
        assert!(
            matches!(reply.status.as_u16(), 403 | 404),
            "a volunteer approving: {:?}",
            reply.json
        );
        let reply = app.reject(&who.token, &story.report, "нет").await;
        assert!(
            matches!(reply.status.as_u16(), 403 | 404),
            "{:?}",
            reply.json
        );
    }
    let reply = app.get(&report, Some(&outsider.token)).await;
    assert_problem(&reply, 404, "not_found");
    assert_eq!(app.count_events("ReportApproved").await, 0);
    assert_eq!(app.count_events("ReportRejected").await, 0);

    let queue = app
        .get("/api/v1/moderation/reports", Some(&story.organizer.token))
        .await;
    assert_eq!(queue.json["items"][0]["id"], story.report.as_str());
    let reply = app
        .approve(&story.admin.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "an admin moderates: {:?}", reply.json);
}
