//! An upload that was appended is a 201 with its report, even when the views lag behind.

use std::time::Duration;

use birqadam::app::Workers;

use crate::helpers::core::{jpeg, photo_part};
use crate::helpers::spawn_app_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_is_201_with_its_photos_while_the_reports_view_lags() {
    // Arrange: a member with an accepted task; then the reports view is held back for 6 s per
    // write (a trigger the test adds), far past the 2 s read-your-writes wait
    let app = spawn_app_with(
        |s| s.read_your_writes_timeout = Duration::from_secs(2),
        Workers::ALL,
    )
    .await;
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app
        .approved_project(&admin, &organizer, &serde_json::json!({}))
        .await;
    let volunteer = app.volunteer("Ержан").await;
    app.join(&volunteer, &project).await;
    let task = app.create_task(&organizer, &project, "Собрать мусор").await;
    assert_eq!(app.accept(&volunteer, &task).await.status, 200);
    sqlx::raw_sql(
        "create function hold_reports() returns trigger language plpgsql as
           $$ begin perform pg_sleep(6); return new; end $$;
         create trigger hold_reports before insert on reports_view
           for each row execute function hold_reports();",
    )
    .execute(&app.pool)
    .await
    .expect("the test's trigger");

    // Act
    let reply = app
        .upload(
            &volunteer.token,
            &task,
            vec![photo_part(jpeg(64, 48, 1))],
            Some("  Готово  "),
        )
        .await;

    // Assert: the view really lagged, and the answer carries the command's own values
    let in_view: i64 = sqlx::query_scalar("select count(*) from reports_view")
        .fetch_one(&app.pool)
        .await
        .expect("counting the view");
    assert_eq!(in_view, 0, "the reports view was held back");
    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let report = &reply.json;
    let stored: String = sqlx::query_scalar(
        "select payload->'ReportSubmitted'->>'report_id' from events
          where event_type = 'ReportSubmitted'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the one submission");
    assert_eq!(report["id"], stored.as_str());
    assert_eq!(report["task_id"], task.as_str());
    assert_eq!(report["project_id"], project.as_str());
    assert_eq!(report["volunteer"]["name"], "Ержан");
    assert_eq!(report["attempt"], 1);
    assert_eq!(report["status"], "pending");
    assert_eq!(report["comment"], "Готово");
    let photo = &report["photos"][0];
    assert_eq!(photo["width"], 64);
    assert_eq!(
        photo["url"].as_str(),
        photo["id"]
            .as_str()
            .map(|id| format!("/api/v1/photos/{id}"))
            .as_deref()
    );
    assert!(report["submitted_at"].is_string(), "{report}");
}
