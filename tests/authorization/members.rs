//! Only members and approved organizers act on a project.

use serde_json::json;

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_members_and_approved_organizers_act() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let task = app
        .create_task(&organizer, &project, "Посадить деревья")
        .await;
    let outsider = app.volunteer("Не участник").await;

    let reply = app.accept(&outsider, &task).await;
    assert_problem(&reply, 403, "forbidden");

    let reply = app
        .post(
            &format!("/api/v1/admin/projects/{project}/approve"),
            &json!({}),
            Some(&outsider.token),
        )
        .await;
    assert_problem(&reply, 403, "forbidden");

    let events = app.total_events().await;
    let reply = app.create_project(&outsider, &json!({})).await;
    assert_problem(&reply, 403, "organizer.not_approved");
    assert_eq!(app.total_events().await, events);

    let reply = app
        .create_task_with(&outsider, &project, &json!({"text": "чужая задача"}))
        .await;
    assert!(
        matches!(reply.status.as_u16(), 403 | 404),
        "{:?}",
        reply.json
    );
    let reply = app
        .get(
            &format!("/api/v1/projects/{project}/tasks"),
            Some(&outsider.token),
        )
        .await;
    assert!(
        matches!(reply.status.as_u16(), 403 | 404),
        "{:?}",
        reply.json
    );
}
