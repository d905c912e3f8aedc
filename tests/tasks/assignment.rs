//! Only listed assignees may accept, and my tasks show the assignment.

use serde_json::{Value, json};

use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

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
