//! Deleting a project cancels its open tasks.

use serde_json::json;

use super::status_of;
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_project_cancels_its_open_tasks() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let volunteer = app.volunteer("Ержан").await;
    app.join(&volunteer, &project).await;
    let first = app.create_task(&organizer, &project, "Первая").await;
    let second = app.create_task(&organizer, &project, "Вторая").await;
    let reply = app
        .delete(&format!("/api/v1/tasks/{second}"), Some(&organizer.token))
        .await;
    assert_eq!(reply.status, 204, "{:?}", reply.json);
    let third = app.create_task(&organizer, &project, "Третья").await;

    let reply = app
        .delete(
            &format!("/api/v1/projects/{project}"),
            Some(&organizer.token),
        )
        .await;

    assert_eq!(reply.status, 204, "{:?}", reply.json);
    let list = app
        .get(
            &format!("/api/v1/projects/{project}/tasks"),
            Some(&organizer.token),
        )
        .await;
    assert_eq!(list.status, 200, "{:?}", list.json);
    for task in [&first, &second, &third] {
        assert_eq!(status_of(&list.json, task), "cancelled", "{:?}", list.json);
    }
    assert_eq!(app.count_events("TaskCancelled").await, 3);
    let reply = app.accept(&volunteer, &first).await;
    assert!(
        matches!(reply.status.as_u16(), 404 | 409),
        "accepting a cancelled task: {:?}",
        reply.json
    );
    let reply = app
        .get(
            &format!("/api/v1/projects/{project}"),
            Some(&volunteer.token),
        )
        .await;
    assert_problem(&reply, 404, "not_found");
}
