//! The notifier process killed (kill -9) in the middle of a batch and started again: no lost
//! delivery, and no second copy of a delivery the log had recorded as sent — only what was in
//! flight at the kill (claimed, perhaps answered by the provider, not yet recorded) may go twice.

use std::collections::HashMap;
use std::time::Duration;

use birqadam::app::Workers;
use serde_json::json;

use crate::helpers::notifier_process::spawn_notifier;
use crate::helpers::notify::spawn_notified_app_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notifier_killed_mid_batch_loses_nothing_and_repeats_no_confirmed_send() {
    // Arrange: the app without its own notifier; 12 members with a chat and a device, 2 tasks
    let n = spawn_notified_app_with(Workers {
        notifier: false,
        ..Workers::ALL
    })
    .await;
    let admin = n.app.admin().await;
    let organizer = n.app.organizer(&admin, "Айгерим").await;
    let project = n.app.approved_project(&admin, &organizer, &json!({})).await;
    const MEMBERS: usize = 12;
    for i in 0..MEMBERS {
        let member = n.volunteer(&format!("Волонтёр {i}")).await;
        n.app.join(&member, &project).await;
        n.app.link_chat(&member).await;
        n.app.add_device(&member, &format!("device-{i}")).await;
    }
    for text in ["Первое задание", "Второе задание"] {
        n.app.create_task(&organizer, &project, text).await;
    }
    let expected = MEMBERS * 2;
    n.telegram.set_delay(Duration::from_millis(300));
    n.fcm.set_delay(Duration::from_millis(300));

    // Act: start the notifier, kill -9 it once some sends were answered, start it again
    let mut first = spawn_notifier(&n.app, &n.telegram, &n.fcm).await;
    n.telegram
        .wait_for(Duration::from_secs(60), |calls| {
            calls.iter().filter(|c| c.status == 200).count() >= 4
        })
        .await;
    first.start_kill().expect("kill -9 the notifier");
    first.wait().await.expect("the killed notifier is reaped");
    let at_kill = n.app.deliveries().await;
    let in_flight = |channel: &str| {
        at_kill
            .iter()
            .filter(|r| r.channel == channel && r.state == "sending")
            .count()
    };
    let (telegram_in_flight, push_in_flight) = (in_flight("telegram"), in_flight("push"));
    let answered_before = n.telegram.calls().len() + n.fcm.calls().len();
    assert!(
        answered_before < expected * 2,
        "the kill came too late to test anything: {} Telegram and {} FCM calls of {}",
        n.telegram.calls().len(),
        n.fcm.calls().len(),
        expected * 2
    );
    let mut second = spawn_notifier(&n.app, &n.telegram, &n.fcm).await;
    n.app
        .wait_deliveries(Duration::from_secs(90), |rows| {
            rows.iter().filter(|r| r.kind == "task_offered").count() == expected * 2
                && rows
                    .iter()
                    .all(|r| r.state != "pending" && r.state != "sending")
        })
        .await;
    second.start_kill().expect("stopping the notifier");

    // Assert: every delivery was answered 200; a second 200 only for what was in flight
    let mut telegram: HashMap<(i64, String), usize> = HashMap::new();
    for call in n
        .telegram
        .calls_of("sendMessage")
        .iter()
        .filter(|c| c.status == 200)
    {
        let key = (call.chat_id().expect("a chat"), call.text().to_owned());
        *telegram.entry(key).or_default() += 1;
    }
    let mut push: HashMap<String, usize> = HashMap::new();
    for call in n.fcm.calls().iter().filter(|c| c.status == 200) {
        *push.entry(call.tag().to_owned()).or_default() += 1;
    }
    assert_eq!(
        telegram.len(),
        expected,
        "lost Telegram deliveries: {telegram:#?}"
    );
    assert_eq!(push.len(), expected, "lost pushes: {push:#?}");
    let repeats = |counts: Vec<usize>| counts.into_iter().map(|n| n - 1).sum::<usize>();
    assert!(
        repeats(telegram.values().copied().collect()) <= telegram_in_flight,
        "more messages repeated than the {telegram_in_flight} in flight at the kill: {telegram:#?}"
    );
    assert!(
        repeats(push.values().copied().collect()) <= push_in_flight,
        "more pushes repeated than the {push_in_flight} in flight at the kill: {push:#?}"
    );
    let rows = n.app.deliveries().await;
    assert!(
        rows.iter()
            .filter(|r| r.kind == "task_offered")
            .all(|r| r.state == "sent"),
        "{rows:#?}"
    );
}
