//! Push through FCM HTTP v1: dead tokens are forgotten without a retry, 503 is retried after its
//! Retry-After, a refused access token is refreshed once.

use std::time::Duration;

use serde_json::json;

use crate::helpers::fcm::FcmScript;
use crate::helpers::fixtures::Session;
use crate::helpers::notify::{Notified, spawn_notified_app};

/// An approved project with one member; returns (organizer, member, project).
async fn project_with_member(n: &Notified) -> (Session, Session, String) {
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    let member = n.volunteer("Ержан").await;
    n.app.join(&member, &project).await;
    (organizer, member, project)
}

async fn devices_of(n: &Notified, member: &Session) -> Vec<String> {
    sqlx::query_scalar("select token from devices where account_id = $1::uuid order by token")
        .bind(&member.id)
        .fetch_all(&n.app.pool)
        .await
        .expect("reading devices")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unregistered_and_invalid_tokens_are_removed_and_never_retried() {
    // Arrange: a member with an unregistered, an invalid and a live device
    let n = spawn_notified_app().await;
    let (organizer, member, project) = project_with_member(&n).await;
    n.app.add_device(&member, "dead-device").await;
    n.app.add_device(&member, "invalid-device").await;
    n.app.add_device(&member, "live-device").await;
    n.fcm.script("dead-device", FcmScript::Unregistered);
    n.fcm.script("invalid-device", FcmScript::InvalidToken);

    // Act
    n.app.create_task(&organizer, &project, "Первое").await;

    // Assert: the row is sent (to the live device), the dead token is gone, no retry to it
    n.app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            rows.iter()
                .any(|r| r.channel == "push" && r.state == "sent")
        })
        .await;
    assert_eq!(
        devices_of(&n, &member).await,
        vec!["live-device".to_owned()]
    );
    n.app.create_task(&organizer, &project, "Второе").await;
    n.app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            rows.iter()
                .filter(|r| r.channel == "push" && r.state == "sent")
                .count()
                == 2
        })
        .await;
    let calls = n.fcm.calls();
    assert_eq!(
        calls.iter().filter(|c| c.device == "dead-device").count(),
        1,
        "{calls:#?}"
    );
    assert_eq!(
        calls.iter().filter(|c| c.device == "live-device").count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_with_retry_after_is_retried_only_after_it() {
    // Arrange
    let n = spawn_notified_app().await;
    let (organizer, member, project) = project_with_member(&n).await;
    n.app.add_device(&member, "busy-device").await;
    n.fcm.script("busy-device", FcmScript::Unavailable(120));

    // Act
    n.app.create_task(&organizer, &project, "Первое").await;

    // Assert: one attempt counted, due again no sooner than Retry-After (by the app's clock)
    let rows = n
        .app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            rows.iter()
                .any(|r| r.channel == "push" && r.state == "pending" && r.attempts == 1)
        })
        .await;
    let row = rows
        .iter()
        .find(|r| r.channel == "push" && r.kind == "task_offered")
        .expect("the push row");
    let now = birqadam_domain::clock::Clock::now(&n.app.clock);
    assert!(
        row.next_attempt_at - now > chrono::Duration::seconds(119),
        "{row:?} now {now}"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(n.fcm.calls().len(), 1, "no retry before Retry-After");
    n.app.clock.set(now + chrono::Duration::seconds(121));
    n.app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            rows.iter()
                .any(|r| r.channel == "push" && r.state == "sent" && r.attempts == 2)
        })
        .await;
    let calls = n.fcm.calls();
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        vec![503, 200]
    );
    assert_eq!(
        calls[0].tag(),
        calls[1].tag(),
        "a resend collapses on the phone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_access_token_is_refreshed_once_and_the_push_goes_out() {
    let n = spawn_notified_app().await;
    let (organizer, member, project) = project_with_member(&n).await;
    n.app.add_device(&member, "device").await;
    n.fcm.script("device", FcmScript::Unauthenticated);

    n.app.create_task(&organizer, &project, "Первое").await;

    n.app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            rows.iter()
                .any(|r| r.channel == "push" && r.state == "sent")
        })
        .await;
    let calls = n.fcm.calls();
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        vec![401, 200]
    );
    assert_eq!(n.fcm.token_requests(), 2);
    assert!(
        calls[1].message["data"]
            .as_object()
            .is_some_and(|d| d.values().all(serde_json::Value::is_string))
    );
}
