//! A deadline closes the task in Almaty time.

use birqadam::app::Workers;
use serde_json::json;

use super::{at, status_of};
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadline_closes_the_task_in_almaty_time() {
    let workers = Workers {
        projectors: true,
        process_managers: true,
        scheduler: false,
        audit: false,
        notifier: false,
        bot: false,
    };
    let app = spawn_app_with(|_| {}, workers).await;
    app.clock.set(at("2026-12-01T06:00:00Z"));
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let volunteer = app.volunteer("Ержан").await;
    app.join(&volunteer, &project).await;
    let reply = app
        .create_task_with(
            &organizer,
            &project,
            &json!({"text": "Уборка", "deadline_date": "2026-12-01", "start_time": "10:00", "end_time": "18:00"}),
        )
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    assert_eq!(reply.json["deadline_date"], "2026-12-01");
    assert_eq!(reply.json["end_time"], "18:00");
    let task = reply.json["id"].as_str().expect("task id").to_owned();
    let tasks = format!("/api/v1/projects/{project}/tasks");

    // 17:59 in Almaty.
    app.clock.set(at("2026-12-01T12:59:00Z"));
    app.commands
        .close_expired_tasks()
        .await
        .expect("closing expired tasks");
    let list = app.get(&tasks, Some(&volunteer.token)).await;
    assert_eq!(status_of(&list.json, &task), "open", "{:?}", list.json);

    // 18:01 in Almaty.
    app.clock.set(at("2026-12-01T13:01:00Z"));
    let closed = app
        .commands
        .close_expired_tasks()
        .await
        .expect("closing expired tasks");

    assert_eq!(closed, 1);
    let list = app.get(&tasks, Some(&volunteer.token)).await;
    assert_eq!(status_of(&list.json, &task), "closed", "{:?}", list.json);
    let reply = app.accept(&volunteer, &task).await;
    assert_problem(&reply, 409, "task.not_open");
    let again = app
        .commands
        .close_expired_tasks()
        .await
        .expect("closing again");
    assert_eq!(again, 0, "a closed task is not closed twice");
    assert_eq!(app.count_events("TaskClosed").await, 1);
}
