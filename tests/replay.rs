//! Rebuilding every view from the log gives exactly the live contents.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// Every row of every view table, as JSON, in a stable order.
async fn snapshot(app: &TestApp) -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for projector in birqadam_projections::all_projectors() {
        for table in projector.tables() {
            let rows: Vec<Value> =
                sqlx::query_scalar(&format!("select to_jsonb(t) from {table} t order by 1"))
                    .fetch_all(&app.pool)
                    .await
                    .expect("reading a view table");
            out.insert((*table).to_owned(), rows);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rebuilding_every_view_reproduces_the_live_views() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let owner = &story.organizer;
    let second_owner = app.organizer(&story.admin, "Второй организатор").await;
    let other_project = app
        .approved_project(
            &story.admin,
            &second_owner,
            &json!({"title": "Помощь приюту", "volunteer_type": "social", "capacity": 5,
                    "latitude": 43.25, "longitude": 76.95, "tags": ["животные"]}),
        )
        .await;
    let dana = app.volunteer("Дана").await;
    let leaver = app.volunteer("Уходящий").await;
    app.join(&dana, &story.project).await;
    app.join(&dana, &other_project).await;
    app.join(&leaver, &other_project).await;
    let reply = app
        .post(
            &format!("/api/v1/projects/{other_project}/leave"),
            &json!({}),
            Some(&leaver.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    app.join(&story.volunteer, &other_project).await;

    let reply = app
        .approve(&owner.token, &story.report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let (task, report) = app
        .task_and_report(&second_owner, &dana, &other_project, 7)
        .await;
    let reply = app
        .reject(&second_owner.token, &report, "Не то место")
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let again = app.submit_report(&dana, &task, 8).await;
    let reply = app
        .approve(
            &second_owner.token,
            &again,
            &json!({"stars": 2, "comment": "Можно лучше"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let (_, pending) = app.task_and_report(owner, &dana, &story.project, 9).await;
    let declined = app
        .create_task(&second_owner, &other_project, "Выгул собак")
        .await;
    let reply = app
        .post(
            &format!("/api/v1/tasks/{declined}/decline"),
            &json!({}),
            Some(&story.volunteer.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let reply = app
        .post(
            &format!("/api/v1/admin/accounts/{}/rating-adjustments", dana.id),
            &json!({"delta": 10, "reason": "Помощь на мероприятии"}),
            Some(&story.admin.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let rejected_project = app
        .create_project(owner, &json!({"title": "Отклонённый"}))
        .await;
    let rejected_project = rejected_project.json["id"].as_str().expect("id").to_owned();
    let reply = app
        .post(
            &format!("/api/v1/admin/projects/{rejected_project}/reject"),
            &json!({"reason": "Мало деталей"}),
            Some(&story.admin.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let doomed = app
        .approved_project(&story.admin, owner, &json!({"title": "Удаляемый"}))
        .await;
    app.create_task(owner, &doomed, "Будет отменена").await;
    let reply = app
        .delete(&format!("/api/v1/projects/{doomed}"), Some(&owner.token))
        .await;
    assert_eq!(reply.status, 204, "{:?}", reply.json);
    let queue = app
        .get("/api/v1/moderation/reports", Some(&owner.token))
        .await;
    assert_eq!(queue.json["items"][0]["id"], pending.as_str());

    let before = snapshot(&app).await;
    assert!(
        before.values().filter(|rows| !rows.is_empty()).count() >= 8,
        "the story fills the views: {:?}",
        before.iter().map(|(t, r)| (t, r.len())).collect::<Vec<_>>()
    );
    let events = app.total_events().await;

    for projector in birqadam_projections::all_projectors() {
        birqadam_projections::rebuild(&app.pool, projector.as_ref(), 500)
            .await
            .unwrap_or_else(|e| panic!("rebuilding {}: {e:#}", projector.name()));
    }

    let after = snapshot(&app).await;
    assert_eq!(
        app.total_events().await,
        events,
        "a rebuild appends nothing"
    );
    for (table, rows) in &before {
        assert_eq!(
            after.get(table),
            Some(rows),
            "{table} differs after the rebuild"
        );
    }
    assert_eq!(before.len(), after.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rating_creditor_keeps_the_checkpoint_it_has_always_stored() {
    // Arrange: its checkpoint row is stored state; under a new name it would replay every
    // approval of the log (harmless credits, but a full re-scan).
    let app = spawn_app().await;
    let creditor = app.commands.rating_creditor();

    // Act
    birqadam_projections::run_once(&app.pool, creditor.as_ref())
        .await
        .expect("the creditor runs");
    let stored: Vec<String> = sqlx::query_scalar(
        "select name from projection_checkpoints where name like 'process.%' order by name",
    )
    .fetch_all(&app.pool)
    .await
    .expect("checkpoints");

    // Assert
    assert_eq!(creditor.name(), "process.rating-credits");
    assert_eq!(stored, ["process.rating-credits"]);
}
