//! The Telegram bot: a teloxide 0.17 adapter over the same `Commands`/`Queries` facades as the
//! REST API. It parses what people send into domain values, calls one facade method per action
//! and answers in the person's language (ru, kk, en). No SQL and no cqrs-es types here: the
//! dialogue state goes through the write side's `DialogueStore` ([`storage`]).
//!
//! - [`schema`]: the dptree schema and the dispatcher (with real dependencies, built in a test).
//! - [`state`]: what the bot waits for in each chat, in PostgreSQL so a restart continues it.
//! - `handlers/*`: identity, volunteer, report, organizer and moderation flows.
//! - [`turn`]: one update's context and the replies (escaped, cut, throttled).
//!
//! `docs/bot.md` describes the commands and flows.

pub mod command;
mod handlers;
pub mod menu;
pub mod schema;
pub mod settings;
pub mod state;
pub mod storage;
pub mod turn;

use std::sync::Arc;

use anyhow::Context;
use birqadam_commands::Commands;
use birqadam_projections::Queries;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::ShutdownToken;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage, Storage};

use teloxide::prelude::*;
use teloxide::update_listeners::{Polling, webhooks};

pub use settings::{BotSettings, SendRates, UpdateMode};
pub use state::State;

/// The Bot API client every reply goes through: Telegram's limits kept by `Throttle`.
pub type TgBot = Throttle<Bot>;

/// A chat's dialogue over the PostgreSQL storage.
pub type BotDialogue = Dialogue<State, ErasedStorage<State>>;

/// What the handlers call.
pub struct Services {
    /// The write side.
    pub commands: Commands,
    /// The read side.
    pub queries: Queries,
    /// The bot's username (commands may be addressed as `/start@name`; deep links use it).
    pub username: String,
    /// The menu each chat was given by this process (see [`menu::follow`]).
    pub menus: menu::Menus,
}

/// The client: the token, the Bot API base URL (`TELEGRAM_API_URL`) and `Throttle`.
pub fn client(settings: &BotSettings) -> anyhow::Result<TgBot> {
    let mut bot = Bot::new(&settings.token);
    if let Some(url) = &settings.api_url {
        let url = reqwest::Url::parse(url).with_context(|| format!("TELEGRAM_API_URL {url:?}"))?;
        bot = bot.set_api_url(url);
    }
    let rates = settings.rates;
    Ok(bot.throttle(Limits {
        messages_per_sec_chat: rates.per_chat_per_second,
        messages_per_min_chat: rates.per_chat_per_minute,
        messages_per_sec_overall: rates.overall_per_second,
        ..Limits::default()
    }))
}

/// The dialogue storage on the app's pool.
pub fn storage(commands: &Commands) -> Arc<ErasedStorage<State>> {
    storage::PgStorage::new(commands.dialogues()).erase()
}

/// A bot that is running (polling); [`RunningBot::stop`] ends it.
pub struct RunningBot {
    token: ShutdownToken,
    task: tokio::task::JoinHandle<()>,
}

impl RunningBot {
    /// Starts the bot with long polling: registers the command menus, then dispatches until
    /// stopped (webhook mode is served by the HTTP server instead, see [`schema::webhook`]).
    pub async fn start(
        settings: &BotSettings,
        commands: Commands,
        queries: Queries,
    ) -> anyhow::Result<Self> {
        let bot = client(settings)?;
        menu::register(&bot)
            .await
            .context("registering the command menus")?;
        let services = Self::services(&bot, commands, queries).await?;
        let storage = storage(&services.commands);
        let mut dispatcher = schema::dispatcher(bot.clone(), services, storage);
        let token = dispatcher.shutdown_token();
        let timeout = match settings.mode {
            UpdateMode::Polling { timeout } => timeout,
            UpdateMode::Webhook { .. } => {
                anyhow::bail!("RunningBot::start polls; webhooks are served by the HTTP server")
            }
        };
        let listener = Polling::builder(bot)
            .timeout(timeout)
            .delete_webhook()
            .await
            .build();
        let task = tokio::spawn(async move {
            dispatcher
                .dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("getting updates from Telegram failed"),
                )
                .await;
        });
        Ok(Self { token, task })
    }

    /// Starts the bot in webhook mode: registers the webhook (`setWebhook` with the secret
    /// token) and returns the route to merge into the HTTP server, which answers 401 to a post
    /// without the right `X-Telegram-Bot-Api-Secret-Token`.
    pub async fn start_webhook(
        settings: &BotSettings,
        commands: Commands,
        queries: Queries,
    ) -> anyhow::Result<(Self, axum::Router)> {
        let UpdateMode::Webhook {
            public_url,
            secret_token,
        } = &settings.mode
        else {
            anyhow::bail!("start_webhook needs the webhook settings");
        };
        let url = reqwest::Url::parse(public_url)
            .with_context(|| format!("TELEGRAM_WEBHOOK_URL {public_url:?}"))?;
        let bot = client(settings)?;
        menu::register(&bot)
            .await
            .context("registering the command menus")?;
        let services = Self::services(&bot, commands, queries).await?;
        let storage = storage(&services.commands);
        // the address is unused: the route is served by our own server
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let options = webhooks::Options::new(address, url).secret_token(secret_token.clone());
        let (listener, stopped, router) = webhooks::axum_to_router(bot.clone(), options)
            .await
            .context("registering the webhook with Telegram (setWebhook)")?;
        let mut dispatcher = schema::dispatcher(bot, services, storage);
        let token = dispatcher.shutdown_token();
        let task = tokio::spawn(async move {
            dispatcher
                .dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("receiving updates from Telegram failed"),
                )
                .await;
            // the listener stopped: remove the webhook
            stopped.await;
        });
        Ok((Self { token, task }, router))
    }

    async fn services(
        bot: &TgBot,
        commands: Commands,
        queries: Queries,
    ) -> anyhow::Result<Arc<Services>> {
        let me = bot
            .get_me()
            .await
            .context("asking Telegram who the bot is (getMe)")?;
        Ok(Arc::new(Services {
            commands,
            queries,
            username: me.username.clone().unwrap_or_default(),
            menus: menu::Menus::default(),
        }))
    }

    /// Stops polling (confirming the updates already taken) and waits for the handlers.
    pub async fn stop(self) {
        // the token's own future only hears a stop that happens after it is first polled
        // (`Notify::notify_waiters`), so it can wait forever: wait for the dispatching task
        if let Err(e) = self.token.shutdown() {
            tracing::warn!(error = %e, "the bot was not running");
        }
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the bot's dispatcher task failed");
        }
    }

    /// Runs until `stopped` resolves.
    pub async fn run_until(self, stopped: impl Future<Output = ()>) {
        stopped.await;
        self.stop().await;
    }
}
