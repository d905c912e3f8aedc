//! Member contact data never reaches other volunteers.

use serde_json::json;

use super::{contains, volunteer_with_contacts};
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_contacts_never_reach_other_volunteers() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let (member, member_email) = volunteer_with_contacts(&app, "Меруерт", "+7 701 555 12 34").await;
    let (reader, _) = volunteer_with_contacts(&app, "Читатель", "87015559876").await;
    app.join(&member, &project).await;
    app.join(&reader, &project).await;
    let (_, report) = app.task_and_report(&organizer, &member, &project, 3).await;
    let reply = app
        .approve(&organizer.token, &report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let reply = app.get("/api/v1/me", Some(&member.token)).await;
    assert!(
        contains(&reply.bytes, &member_email),
        "sanity: /me has the e-mail"
    );

    let paths = [
        format!("/api/v1/projects/{project}"),
        "/api/v1/projects".to_owned(),
        format!("/api/v1/projects/{project}/tasks"),
        "/api/v1/me/tasks".to_owned(),
        "/api/v1/me/reports".to_owned(),
        format!("/api/v1/reports/{report}"),
        "/api/v1/leaderboard?period=all".to_owned(),
        "/api/v1/leaderboard?period=month".to_owned(),
        "/api/v1/leaderboard?period=week".to_owned(),
        "/api/v1/achievements".to_owned(),
    ];
    for path in &paths {
        let reply = app.get(path, Some(&reader.token)).await;
        assert!(reply.status.as_u16() < 500, "{path}: {:?}", reply.json);
        for secret in [
            member_email.as_str(),
            "7015551234",
            "555 12 34",
            "555-12-34",
        ] {
            assert!(
                !contains(&reply.bytes, secret),
                "{path} leaks {secret}: {}",
                String::from_utf8_lossy(&reply.bytes)
            );
        }
    }
    let board = app
        .get("/api/v1/leaderboard?period=all", Some(&reader.token))
        .await;
    assert!(
        contains(&board.bytes, "Меруерт"),
        "the member is on the board by name: {:?}",
        board.json
    );
}
