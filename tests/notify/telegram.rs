//! Telegram: a 429 pauses every chat without counting an attempt; a 403 makes the chat
//! unreachable and nothing more is sent to it; a send slower than the lease goes out once.

use std::time::Duration;

use serde_json::json;

use birqadam::app::Workers;
use birqadam_domain::clock::Clock;

use crate::helpers::notify::ChatMember;
use crate::helpers::notify::{spawn_notified_app, spawn_notified_app_tuned};
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
        let member = n.volunteer(name).await;
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
    let ChatMember {
        organizer,
        project,
        chat,
        ..
    } = n.member_with_chat().await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_slower_than_the_lease_are_not_claimed_again_and_go_out_once() {
    // Arrange: a 1 s lease; Telegram takes 2.5 s to answer; three offers queue for one chat
    let n = spawn_notified_app_tuned(Workers::ALL, |s| {
        s.notify_lease = Duration::from_secs(1);
    })
    .await;
    let ChatMember {
        organizer,
        project,
        chat,
        ..
    } = n.member_with_chat().await;
    n.telegram.set_delay(Duration::from_millis(2500));
    // the app's clock stands still unless moved: let it run, so leases can run out
    let clock = n.app.clock.clone();
    let running = tokio::spawn(async move {
        let step = Duration::from_millis(50);
        loop {
            tokio::time::sleep(step).await;
            clock.set(clock.now() + step);
        }
    });

    // Act
    for text in ["Первое", "Второе", "Третье"] {
        n.app.create_task(&organizer, &project, text).await;
    }

    // Assert: each offer sent once and marked sent after one attempt, though every send (and
    // every wait for the chat's turn) outlasted the lease it was claimed with
    let rows = n
        .app
        .wait_deliveries(Duration::from_secs(40), |rows| {
            let offers: Vec<_> = rows
                .iter()
                .filter(|r| r.channel == "telegram" && r.kind == "task_offered")
                .collect();
            offers.len() == 3 && offers.iter().all(|r| r.state == "sent")
        })
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    running.abort();
    let to_chat: Vec<_> = n
        .telegram
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| c.chat_id() == Some(chat))
        .collect();
    assert_eq!(to_chat.len(), 3, "{to_chat:#?}");
    assert!(
        rows.iter()
            .filter(|r| r.channel == "telegram" && r.kind == "task_offered")
            .all(|r| r.attempts == 1),
        "{rows:#?}"
    );
}
