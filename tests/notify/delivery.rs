//! Deliveries happen outside requests, once per (event, recipient, channel).

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::notify::spawn_notified_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_answers_before_any_notification_is_sent() {
    // Arrange: the volunteer has a chat and a device; both providers take 5 s to answer
    let n = spawn_notified_app().await;
    let story = n.app.core_story().await;
    let chat = n.app.link_chat(&story.volunteer).await;
    n.app
        .add_device(&story.volunteer, "device-of-the-volunteer")
        .await;
    n.telegram.set_delay(Duration::from_secs(5));
    n.fcm.set_delay(Duration::from_secs(5));

    // Act
    let started = Instant::now();
    let reply = n
        .app
        .approve(&story.organizer.token, &story.report, &json!({"stars": 4}))
        .await;
    let answered = started.elapsed();

    // Assert: the answer came long before the providers answered; then both got the news
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert!(
        answered < Duration::from_secs(4),
        "the approval took {answered:?}"
    );
    let calls = n
        .telegram
        .wait_for(Duration::from_secs(30), |calls| {
            calls
                .iter()
                .any(|c| c.chat_id() == Some(chat) && c.text().contains("Отчёт принят"))
        })
        .await;
    let message = calls
        .iter()
        .find(|c| c.text().contains("Отчёт принят"))
        .expect("the approval message");
    assert!(message.text().contains("4★"), "{}", message.text());
    assert!(message.at.duration_since(started) >= Duration::from_secs(5));
    let pushes = n
        .fcm
        .wait_for(Duration::from_secs(30), |calls| {
            calls
                .iter()
                .any(|c| c.message["data"]["type"] == "report_approved" && c.status == 200)
        })
        .await;
    assert!(pushes.iter().all(|c| c.device == "device-of-the-volunteer"));
    assert!(
        pushes
            .iter()
            .all(|c| c.at.duration_since(started) >= Duration::from_secs(5))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n_events_for_m_recipients_on_two_channels_make_exactly_n_m_2_provider_requests() {
    // Arrange: M members with a chat and a device each
    const N: usize = 3;
    const M: usize = 4;
    let n = spawn_notified_app().await;
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    let mut chats = Vec::new();
    for i in 0..M {
        let member = n.volunteer(&format!("Волонтёр {i}")).await;
        n.app.join(&member, &project).await;
        chats.push(n.app.link_chat(&member).await);
        n.app.add_device(&member, &format!("device-{i}")).await;
    }

    // Act: N tasks for every member: N·M offers
    for i in 0..N {
        n.app
            .create_task(&organizer, &project, &format!("Задание {i}"))
            .await;
    }

    // Assert: every delivery ends, and the providers saw exactly N·M requests each
    n.app
        .wait_deliveries(Duration::from_secs(30), |rows| {
            rows.iter().filter(|r| r.kind == "task_offered").count() == N * M * 2
                && rows
                    .iter()
                    .all(|r| r.state != "pending" && r.state != "sending")
        })
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sends = n.telegram.calls_of("sendMessage");
    let pushes = n.fcm.calls();
    assert_eq!(
        sends.len() + pushes.len(),
        N * M * 2,
        "{sends:#?} {pushes:#?}"
    );
    for chat in &chats {
        assert_eq!(
            sends.iter().filter(|c| c.chat_id() == Some(*chat)).count(),
            N
        );
    }
    for i in 0..M {
        let device = format!("device-{i}");
        assert_eq!(pushes.iter().filter(|c| c.device == device).count(), N);
    }
    assert!(pushes.iter().all(|c| c.status == 200), "{pushes:#?}");
    assert_eq!(n.fcm.token_requests(), 1, "the access token is cached");
}
