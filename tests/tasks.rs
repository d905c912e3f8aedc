//! Tasks: deadlines in Almaty time, listed assignees, my tasks, cancellation with the project.

use birqadam::app::Workers;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::helpers::requests::assert_problem;
use crate::helpers::{spawn_app, spawn_app_with};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

fn status_of(list: &Value, task: &str) -> String {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|t| t["id"] == task)
        .and_then(|t| t["status"].as_str())
        .unwrap_or("missing")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadline_closes_the_task_in_almaty_time() {
    let workers = Workers {
        projectors: true,
        process_managers: true,
        scheduler: false,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listed_assignees_alone_may_accept_and_my_tasks_show_the_assignment() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let chosen = app.volunteer("Выбранный").await;
    let other = app.volunteer("Другой").await;
    app.join(&chosen, &project).await;
    app.join(&other, &project).await;
    let reply = app
        .create_task_with(
            &organizer,
            &project,
            &json!({"text": "Только для одного", "assignees": [chosen.id]}),
        )
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let task = reply.json["id"].as_str().expect("task id").to_owned();

    let reply = app.accept(&other, &task).await;
    assert_problem(&reply, 403, "forbidden");
    let mine = app.get("/api/v1/me/tasks", Some(&other.token)).await;
    assert!(
        mine.json["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|t| t["id"] != task.as_str()),
        "not offered to the other member: {:?}",
        mine.json
    );

    let reply = app.accept(&chosen, &task).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["assignment"]["status"], "accepted");
    let my_task = |json: &Value| {
        json["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|t| t["id"] == task.as_str())
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mine = app.get("/api/v1/me/tasks", Some(&chosen.token)).await;
    assert_eq!(mine.status, 200, "{:?}", mine.json);
    assert_eq!(my_task(&mine.json)["assignment"]["status"], "accepted");

    let report = app.submit_report(&chosen, &task, 4).await;
    let mine = app.get("/api/v1/me/tasks", Some(&chosen.token)).await;
    let entry = my_task(&mine.json);
    assert_eq!(entry["assignment"]["status"], "submitted", "{entry}");
    assert_eq!(entry["assignment"]["report_id"], report.as_str());

    let reply = app
        .approve(&organizer.token, &report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let mine = app.get("/api/v1/me/tasks", Some(&chosen.token)).await;
    assert_eq!(my_task(&mine.json)["assignment"]["status"], "approved");

    let everyone = app.create_task(&organizer, &project, "Для всех").await;
    let mine = app.get("/api/v1/me/tasks", Some(&other.token)).await;
    let offered = mine.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|t| t["id"] == everyone.as_str())
        .cloned()
        .expect("offered to every member");
    assert_eq!(offered["assignment"]["status"], "offered", "{offered}");
    let reply = app
        .post(
            &format!("/api/v1/tasks/{everyone}/decline"),
            &json!({}),
            Some(&other.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.json["assignment"]["status"], "declined");
}

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
