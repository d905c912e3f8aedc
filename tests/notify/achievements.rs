//! Unlocked achievements: unlocks are not events, so the notifier reads them from the view at
//! the unlocking event's position and tells the volunteer once.

use std::time::Duration;

use serde_json::json;

use crate::helpers::notify::spawn_notified_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_a_first_project_and_a_first_approval_each_tell_the_volunteer_once() {
    // Arrange: a volunteer with a Telegram chat, not yet in any project
    let n = spawn_notified_app().await;
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    let volunteer = n.app.volunteer("Ержан").await;
    let chat = n.app.link_chat(&volunteer).await;

    // Act: the join unlocks "first_project", the approval "first_report"
    n.app.join(&volunteer, &project).await;
    let (_, report) = n
        .app
        .task_and_report(&organizer, &volunteer, &project, 1)
        .await;
    let reply = n
        .app
        .approve(&organizer.token, &report, &json!({"stars": 5}))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);

    // Assert: two achievement messages in the volunteer's language, each once
    let unlocked = |calls: &[crate::helpers::telegram::Call]| {
        calls
            .iter()
            .filter(|c| c.chat_id() == Some(chat) && c.text().contains("Новое достижение"))
            .map(|c| c.text().to_owned())
            .collect::<Vec<_>>()
    };
    n.telegram
        .wait_for(Duration::from_secs(20), |calls| unlocked(calls).len() >= 2)
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let texts = unlocked(&n.telegram.calls_of("sendMessage"));
    assert_eq!(texts.len(), 2, "{texts:#?}");
    assert!(
        texts.iter().any(|t| t.contains("Первый проект")),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("Первый отчёт")),
        "{texts:#?}"
    );
    let rows = n.app.deliveries().await;
    let sent: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == "achievement_unlocked" && r.channel == "telegram")
        .collect();
    assert_eq!(sent.len(), 2, "{rows:#?}");
    assert!(sent.iter().all(|r| r.state == "sent"), "{rows:#?}");
}
