//! Telegram: a 429 pauses every chat without counting an attempt; a 403 makes the chat
//! unreachable and nothing more is sent to it.

use std::time::Duration;

use serde_json::json;

use crate::helpers::notify::spawn_notified_app;
use crate::helpers::telegram::Scripted;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_retry_after_2_stops_every_chat_for_2_seconds_then_delivers_once() {
    // Arrange: two members with chats; Telegram answers the first send with 429 retry_after 2
    let n = spawn_notified_app().await;
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    let mut chats = Vec::new();
    for name in ["Ержан", "Дана"] {
        let member = n.app.volunteer(name).await;
        n.app.join(&member, &project).await;
        chats.push(n.app.link_chat(&member).await);
    }
    n.telegram.script("sendMessage", Scripted::RetryAfter(2));

    // Act: one task offered to both
    n.app
        .create_task(&organizer, &project, "Собрать мусор")
        .await;

    // Assert: after the 429 nothing went out for 2 s; then each chat got exactly one message
    n.telegram
        .wait_for(Duration::from_secs(20), |calls| {
            calls.iter().filter(|c| c.status == 200).count() == 2
        })
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let calls: Vec<_> = n.telegram.calls_of("sendMessage");
    assert_eq!(calls.len(), 3, "{calls:#?}");
    assert_eq!(calls[0].status, 429);
    for later in &calls[1..] {
        assert!(
            later.at.duration_since(calls[0].at) >= Duration::from_millis(1900),
            "a send {:?} after the 429",
            later.at.duration_since(calls[0].at)
        );
        assert_eq!(later.status, 200);
    }
    for chat in chats {
        assert_eq!(
            calls
                .iter()
                .filter(|c| c.chat_id() == Some(chat) && c.status == 200)
                .count(),
            1
        );
    }
    let rows = n.app.deliveries().await;
    let telegram: Vec<_> = rows
        .iter()
        .filter(|r| r.channel == "telegram" && r.kind == "task_offered")
        .collect();
    assert!(
        telegram
            .iter()
            .all(|r| r.state == "sent" && r.attempts == 1),
        "{telegram:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_chat_is_marked_unreachable_and_gets_nothing_more() {
    // Arrange: a member who blocked the bot
    let n = spawn_notified_app().await;
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    let member = n.app.volunteer("Ержан").await;
    n.app.join(&member, &project).await;
    let chat = n.app.link_chat(&member).await;
    n.telegram.block_chat(chat);

    // Act: two tasks, one after the other
    n.app.create_task(&organizer, &project, "Первое").await;
    n.telegram
        .wait_for(Duration::from_secs(20), |calls| {
            calls.iter().any(|c| c.status == 403)
        })
        .await;
    n.app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            rows.iter()
                .any(|r| r.channel == "telegram" && r.state == "failed_permanent")
        })
        .await;
    n.app.create_task(&organizer, &project, "Второе").await;

    // Assert: one 403, an unreachable event, and the second offer skipped without a send
    let rows = n
        .app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            rows.iter()
                .filter(|r| r.channel == "telegram" && r.kind == "task_offered")
                .count()
                == 2
                && rows
                    .iter()
                    .all(|r| r.state != "pending" && r.state != "sending")
        })
        .await;
    assert_eq!(n.app.count_events("TelegramUnreachable").await, 1);
    let telegram: Vec<_> = rows
        .iter()
        .filter(|r| r.channel == "telegram" && r.kind == "task_offered")
        .collect();
    assert_eq!(telegram[0].state, "failed_permanent", "{telegram:#?}");
    assert_eq!(telegram[1].state, "skipped", "{telegram:#?}");
    assert_eq!(
        telegram[1].last_error.as_deref(),
        Some("telegram unreachable")
    );
    let sends = n.telegram.calls_of("sendMessage");
    assert_eq!(
        sends.iter().filter(|c| c.chat_id() == Some(chat)).count(),
        1,
        "{sends:#?}"
    );
}
