//! The real bot (the real dispatcher, the PostgreSQL dialogue storage) against the fake Bot API
//! (`getUpdates` polling) and the real app on a fresh database; `restart` stops the dispatcher
//! and starts a new one on the same database, as a process restart would.

use std::time::Duration;

use birqadam_bot::{BotSettings, RunningBot, SendRates, UpdateMode};
use birqadam_projections::Queries;
use serde_json::Value;

use super::telegram::{Call, FakeBotApi};
use super::{TestApp, spawn_app};

/// The token the tests' bot uses.
pub const TOKEN: &str = "123456:TEST-token";

/// How long a test waits for the bot's answers.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The app, the fake Bot API and the running bot.
pub struct BotWorld {
    /// The application (HTTP API, projectors, process managers).
    pub app: TestApp,
    /// The fake Telegram.
    pub fake: FakeBotApi,
    bot: Option<RunningBot>,
}

/// The bot's settings for a test: the fake's URL, short polls, no throttling delays.
pub fn settings(fake: &FakeBotApi) -> BotSettings {
    let mut settings = BotSettings::polling(TOKEN, Some(fake.url()));
    settings.mode = UpdateMode::Polling {
        timeout: Duration::from_secs(1),
    };
    settings.rates = SendRates {
        per_chat_per_second: 100,
        per_chat_per_minute: 6000,
        overall_per_second: 1000,
    };
    settings
}

/// Starts the app, the fake and the bot.
pub async fn spawn_bot() -> BotWorld {
    let app = spawn_app().await;
    let fake = FakeBotApi::start().await;
    let bot = start(&app, &fake).await;
    BotWorld {
        app,
        fake,
        bot: Some(bot),
    }
}

async fn start(app: &TestApp, fake: &FakeBotApi) -> RunningBot {
    RunningBot::start(
        &settings(fake),
        app.commands.clone(),
        Queries::new(app.pool.clone()),
    )
    .await
    .expect("the bot starts")
}

impl BotWorld {
    /// Stops the dispatcher (as a process would stop) and starts a new one on the same database.
    pub async fn restart(&mut self) {
        if let Some(bot) = self.bot.take() {
            bot.stop().await;
        }
        self.bot = Some(start(&self.app, &self.fake).await);
    }

    /// Queues an update; returns its id.
    pub fn send(&self, update: Value) -> i64 {
        self.fake.push_update(update)
    }

    /// Waits until the bot sent `chat` a message (or caption) containing `needle`; returns it.
    pub async fn reply_containing(&self, chat: i64, needle: &str) -> Call {
        let calls = self
            .fake
            .wait_for(PATIENCE, |calls| {
                calls
                    .iter()
                    .any(|c| c.chat_id() == Some(chat) && c.text().contains(needle))
            })
            .await;
        calls
            .into_iter()
            .find(|c| c.chat_id() == Some(chat) && c.text().contains(needle))
            .expect("the call the wait found")
    }

    /// Waits until `answerCallbackQuery` was called for query `id`; returns the call.
    pub async fn answered(&self, id: &str) -> Call {
        let calls = self
            .fake
            .wait_for(PATIENCE, |calls| {
                calls.iter().any(|c| {
                    c.method == "answercallbackquery" && c.params["callback_query_id"] == id
                })
            })
            .await;
        calls
            .into_iter()
            .find(|c| c.method == "answercallbackquery" && c.params["callback_query_id"] == id)
            .expect("the call the wait found")
    }

    /// The messages sent to `chat` so far.
    pub fn sent_to(&self, chat: i64) -> Vec<Call> {
        self.fake
            .calls()
            .into_iter()
            .filter(|c| c.method.starts_with("send") && c.chat_id() == Some(chat))
            .collect()
    }
}

/// The `callback_data` of the button labelled with `label` in a call's inline keyboard.
pub fn button(call: &Call, label: &str) -> String {
    call.params["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"].as_str().is_some_and(|t| t.contains(label)))
        .and_then(|b| b["callback_data"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no button {label:?} in {:#}", call.params))
}
