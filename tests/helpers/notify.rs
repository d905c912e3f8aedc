//! The app with the notifier on, pointed at the fake Telegram Bot API and the fake FCM, and
//! helpers to give people a Telegram chat and a device and to read the delivery log.

use std::time::{Duration, Instant};

use birqadam::app::Workers;
use birqadam::settings::{Secret, Settings};
use birqadam_commands::CommandContext;
use serde_json::json;
use uuid::Uuid;

use super::fcm::FakeFcm;
use super::fixtures::Session;
use super::telegram::FakeBotApi;
use super::{TestApp, spawn_app_with};

/// The bot token the fakes are addressed with.
pub const BOT_TOKEN: &str = "123456:notifier-test";

/// An app whose notifier talks to the fakes.
pub struct Notified {
    /// The app.
    pub app: TestApp,
    /// The fake Telegram.
    pub telegram: FakeBotApi,
    /// The fake FCM and its token endpoint.
    pub fcm: FakeFcm,
}

/// One row of the delivery log.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    /// `telegram` or `push`.
    pub channel: String,
    /// What it says.
    pub kind: String,
    /// Its state.
    pub state: String,
    /// Counted attempts.
    pub attempts: i32,
    /// Why it ended as it did.
    pub last_error: Option<String>,
    /// When it is due.
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
}

/// Points `settings` at the fakes, with quick polling.
pub fn configure(settings: &mut Settings, telegram: &FakeBotApi, fcm: &FakeFcm) {
    settings.telegram_bot_token = Some(Secret::new(BOT_TOKEN.to_owned()));
    settings.telegram_api_url = Some(telegram.url().to_owned());
    settings.fcm_service_account_file = Some(fcm.service_account_file(&settings.data_dir));
    settings.fcm_api_url = fcm.url().to_owned();
    settings.notify_poll = Duration::from_millis(100);
}

/// Starts the fakes and the app with every worker, the notifier included.
pub async fn spawn_notified_app() -> Notified {
    spawn_notified_app_with(Workers::ALL).await
}

/// Starts the fakes and the app with the chosen workers.
pub async fn spawn_notified_app_with(workers: Workers) -> Notified {
    spawn_notified_app_tuned(workers, |_| {}).await
}

/// Starts the fakes and the app with the chosen workers and `tune`'s changes to the settings.
pub async fn spawn_notified_app_tuned(
    workers: Workers,
    tune: impl FnOnce(&mut Settings),
) -> Notified {
    let telegram = FakeBotApi::start().await;
    let fcm = FakeFcm::start().await;
    // The notifier alone talks to the fake: the bot (same token) would poll and reply there too.
    let workers = Workers {
        bot: false,
        ..workers
    };
    let app = spawn_app_with(
        |s| {
            configure(s, &telegram, &fcm);
            tune(s);
        },
        workers,
    )
    .await;
    Notified { app, telegram, fcm }
}

impl Notified {
    /// A volunteer who muted achievement unlocks on both channels: joining a first project
    /// unlocks one, and whether that message finds the chat or device depends on when the test
    /// linked them; the tests of other notifications count exactly what they caused.
    pub async fn volunteer(&self, name: &str) -> Session {
        let session = self.app.volunteer(name).await;
        let quiet = json!({"channels": {"achievements": {"telegram": false, "push": false}}});
        self.app.change_settings(&session, &quiet).await;
        session
    }

    /// Organizer "Айгерим"'s approved project and its one member "Ержан", who linked a chat.
    pub async fn member_with_chat(&self) -> ChatMember {
        let admin = self.app.admin().await;
        let organizer = self.app.organizer(&admin, "Айгерим").await;
        let project = self
            .app
            .approved_project(&admin, &organizer, &json!({}))
            .await;
        let member = self.volunteer("Ержан").await;
        self.app.join(&member, &project).await;
        let chat = self.app.link_chat(&member).await;
        ChatMember {
            organizer,
            project,
            member,
            chat,
        }
    }
}

/// What [`Notified::member_with_chat`] made.
pub struct ChatMember {
    /// The project's organizer.
    pub organizer: Session,
    /// The approved project's id.
    pub project: String,
    /// Its member.
    pub member: Session,
    /// The member's Telegram chat.
    pub chat: i64,
}

impl TestApp {
    /// Links a fresh Telegram chat to `session`'s account; returns the chat id.
    pub async fn link_chat(&self, session: &Session) -> i64 {
        let chat = 100_000_000 + i64::from(rand_u32() % 800_000_000);
        let account = Uuid::parse_str(&session.id).expect("an account id");
        self.commands
            .link_telegram(&CommandContext::system(), account, chat)
            .await
            .expect("linking a Telegram chat");
        chat
    }

    /// Registers an Android device token for `session` and turns its quiet hours off, so its
    /// pushes go out whatever the hour in Almaty when the test runs (the default quiet hours,
    /// 22:00–08:00 Almaty, would hold them until the morning). A test of quiet hours turns them
    /// back on.
    pub async fn add_device(&self, session: &Session, token: &str) {
        let reply = self
            .post(
                "/api/v1/me/devices",
                &json!({"token": token, "platform": "android"}),
                Some(&session.token),
            )
            .await;
        assert!(reply.status.is_success(), "{:?}", reply.json);
        self.change_settings(session, &json!({"quiet_hours": {"enabled": false}}))
            .await;
    }

    /// Patches `session`'s notification settings (asserting it succeeds).
    pub async fn change_settings(&self, session: &Session, patch: &serde_json::Value) {
        let path = "/api/v1/me/notification-settings";
        let reply = self.patch(path, patch, Some(&session.token)).await;
        assert!(reply.status.is_success(), "{:?}", reply.json);
    }

    /// Every delivery, in position order.
    pub async fn deliveries(&self) -> Vec<DeliveryRow> {
        sqlx::query_as(
            "select channel, kind, state, attempts, last_error,
                    next_attempt_at
               from notification_deliveries order by event_position, recipient, channel, kind",
        )
        .fetch_all(&self.pool)
        .await
        .expect("reading the delivery log")
    }

    /// Waits until `predicate` holds for the delivery log (at most `within`).
    pub async fn wait_deliveries(
        &self,
        within: Duration,
        predicate: impl Fn(&[DeliveryRow]) -> bool,
    ) -> Vec<DeliveryRow> {
        let deadline = Instant::now() + within;
        loop {
            let rows = self.deliveries().await;
            if predicate(&rows) {
                return rows;
            }
            if Instant::now() > deadline {
                panic!("the delivery log did not get there; it holds: {rows:#?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn rand_u32() -> u32 {
    let id = Uuid::new_v4();
    let b = id.as_bytes();
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}
