//! Operating the notifier: readiness degrades on a delivery nobody sends, metrics count outcomes.

use std::time::Duration;

use serde_json::json;

use crate::helpers::notify::spawn_notified_app;
use crate::helpers::spawn_app;

async fn ready_status(app: &crate::helpers::TestApp) -> u16 {
    let mut status = 0;
    for _ in 0..50 {
        status = app.get("/health/ready", None).await.status.as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_degrades_while_a_due_delivery_waits_over_ten_minutes() {
    // Arrange: a ready app (no channel configured: no notifier) and a delivery due 20 min ago
    let app = spawn_app().await;
    assert_eq!(ready_status(&app).await, 200);
    sqlx::query(
        "insert into notification_deliveries
                (event_position, recipient, channel, kind, event_at, next_attempt_at)
         values (1, gen_random_uuid(), 'push', 'task_offered', now(), now() - interval '20 minutes')",
    )
    .execute(&app.pool)
    .await
    .expect("a stuck delivery");

    // Act + Assert: not ready; ready again once it is sent
    assert_eq!(app.get("/health/ready", None).await.status, 503);
    sqlx::query("update notification_deliveries set state = 'sent'")
        .execute(&app.pool)
        .await
        .expect("marking it sent");
    assert_eq!(app.get("/health/ready", None).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_deliveries_by_channel_and_outcome() {
    let n = spawn_notified_app().await;
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    let member = n.volunteer("Ержан").await;
    n.app.join(&member, &project).await;
    n.app.link_chat(&member).await;
    n.app
        .create_task(&organizer, &project, "Собрать мусор")
        .await;
    n.telegram
        .wait_for(Duration::from_secs(20), |calls| {
            calls.iter().any(|c| c.status == 200)
        })
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let reply = n.app.get("/metrics", None).await;

    let text = String::from_utf8_lossy(&reply.bytes);
    assert!(
        text.contains(r#"notify_deliveries_total{channel="telegram",outcome="sent"}"#),
        "{text}"
    );
    assert!(text.contains("notify_commit_to_send_seconds"), "{text}");
}
