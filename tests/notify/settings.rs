//! Preferences: mutes per category × channel, quiet hours that defer pushes, the feed unchanged.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;
use serde_json::json;

use crate::helpers::notify::ChatMember;
use crate::helpers::notify::spawn_notified_app;

const PATH: &str = "/api/v1/me/notification-settings";

fn almaty(day: u32, hour: u32) -> DateTime<Utc> {
    Almaty
        .with_ymd_and_hms(2026, 12, day, hour, 0, 0)
        .single()
        .expect("an Almaty time")
        .with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_defaults_are_everything_on_and_quiet_from_22_to_8_almaty() {
    let n = spawn_notified_app().await;
    let me = n.volunteer("Ержан").await;

    let reply = n.app.get(PATH, Some(&me.token)).await;

    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(
        reply.json["channels"]["tasks"],
        json!({"telegram": true, "push": true})
    );
    assert_eq!(
        reply.json["quiet_hours"],
        json!({"enabled": true, "start": "22:00", "end": "08:00", "time_zone": "Asia/Almaty"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_decisions_cannot_be_muted_on_every_channel() {
    let n = spawn_notified_app().await;
    let me = n.volunteer("Ержан").await;
    let off = json!({"channels": {"moderation": {"telegram": false}}});
    let reply = n.app.patch(PATH, &off, Some(&me.token)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(
        reply.json["channels"]["moderation"],
        json!({"telegram": false, "push": true})
    );

    let both = json!({"channels": {"moderation": {"push": false}}});
    let reply = n.app.patch(PATH, &both, Some(&me.token)).await;

    assert_eq!(reply.status, 422, "{:?}", reply.json);
    assert!(
        reply
            .json
            .to_string()
            .contains("moderation_channel_required"),
        "{:?}",
        reply.json
    );
    let now = n.app.get(PATH, Some(&me.token)).await;
    assert_eq!(
        now.json["channels"]["moderation"],
        json!({"telegram": false, "push": true})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_categories_and_bad_times_are_422_and_change_nothing() {
    let n = spawn_notified_app().await;
    let me = n.volunteer("Ержан").await;
    for body in [
        json!({"channels": {"gossip": {"push": false}}}),
        json!({"channels": {"tasks": {"sms": false}}}),
        json!({"quiet_hours": {"start": "25:00"}}),
        json!({"quiet_hours": {"start": "08:00"}}),
    ] {
        let reply = n.app.patch(PATH, &body, Some(&me.token)).await;
        assert_eq!(reply.status, 422, "{body}: {:?}", reply.json);
    }
    let now = n.app.get(PATH, Some(&me.token)).await;
    assert_eq!(now.json["quiet_hours"]["start"], "22:00");
    assert_eq!(
        now.json["channels"]["tasks"],
        json!({"telegram": true, "push": true})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_due_at_23_almaty_goes_at_8_and_a_muted_telegram_message_never_goes() {
    // Arrange: a member with a chat and a device who muted task messages in Telegram
    let n = spawn_notified_app().await;
    let ChatMember {
        organizer,
        project,
        member,
        chat,
    } = n.member_with_chat().await;
    n.app.add_device(&member, "phone").await;
    let mute = json!({
        "channels": {"tasks": {"telegram": false}},
        "quiet_hours": {"enabled": true}
    });
    assert_eq!(
        n.app.patch(PATH, &mute, Some(&member.token)).await.status,
        200
    );
    n.app.clock.set(almaty(1, 23));

    // Act: a task offered at 23:00 Almaty
    n.app
        .create_task(&organizer, &project, "Собрать мусор")
        .await;

    // Assert: the push waits for 08:00, Telegram skips it, the feed shows it
    let rows = n
        .app
        .wait_deliveries(Duration::from_secs(20), |rows| {
            let offer: Vec<_> = rows.iter().filter(|r| r.kind == "task_offered").collect();
            offer.len() == 2
                && offer
                    .iter()
                    .any(|r| r.channel == "telegram" && r.state == "skipped")
                && offer
                    .iter()
                    .any(|r| r.channel == "push" && r.next_attempt_at >= almaty(2, 8))
        })
        .await;
    let push = rows
        .iter()
        .find(|r| r.kind == "task_offered" && r.channel == "push")
        .expect("the push row");
    assert_eq!((push.state.as_str(), push.attempts), ("pending", 0));
    assert_eq!(push.next_attempt_at, almaty(2, 8));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(n.fcm.calls().is_empty(), "{:#?}", n.fcm.calls());
    let feed = n.app.get("/api/v1/me/activity", Some(&member.token)).await;
    assert!(
        feed.json.to_string().contains("task_offered"),
        "{:?}",
        feed.json
    );

    n.app.clock.set(almaty(2, 8));
    n.fcm
        .wait_for(Duration::from_secs(20), |calls| {
            calls.iter().any(|c| c.device == "phone")
        })
        .await;
    let sends = n.telegram.calls_of("sendMessage");
    assert!(
        sends.iter().all(|c| c.chat_id() != Some(chat)),
        "{sends:#?}"
    );
}
