//! Telegram's flood limits: against a fake that answers 429 past 30/s overall or 1/s per chat,
//! the notifier's throttle causes none.

use std::time::Duration;

use serde_json::json;

use crate::helpers::notify::spawn_notified_app;
use crate::helpers::telegram::Limits;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_to_many_chats_stay_under_telegrams_limits_with_no_429() {
    // Arrange: 30 members with a chat; two tasks each, so every chat gets two messages
    const MEMBERS: usize = 30;
    let n = spawn_notified_app().await;
    n.telegram.enforce_limits(Limits {
        per_second: 30,
        per_chat: Duration::from_secs(1),
    });
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    for i in 0..MEMBERS {
        let member = n.volunteer(&format!("Волонтёр {i}")).await;
        n.app.join(&member, &project).await;
        n.app.link_chat(&member).await;
    }

    // Act
    n.app.create_task(&organizer, &project, "Первое").await;
    n.app.create_task(&organizer, &project, "Второе").await;

    // Assert: all delivered, not one 429, and no chat got two messages within a second
    let calls = n
        .telegram
        .wait_for(Duration::from_secs(60), |calls| {
            calls.iter().filter(|c| c.status == 200).count() == MEMBERS * 2
        })
        .await;
    assert!(
        calls.iter().all(|c| c.status == 200),
        "429s: {:#?}",
        calls.iter().filter(|c| c.status != 200).collect::<Vec<_>>()
    );
    let sends: Vec<_> = calls.iter().filter(|c| c.method == "sendmessage").collect();
    for (i, a) in sends.iter().enumerate() {
        let window = sends[i..]
            .iter()
            .take_while(|b| b.at.duration_since(a.at) < Duration::from_secs(1))
            .count();
        assert!(window <= 30, "{window} sends within a second");
    }
}
