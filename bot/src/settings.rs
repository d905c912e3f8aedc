//! The bot's slice of the settings (built by the composition root, `src/settings.rs`).

use std::time::Duration;

/// How updates reach the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateMode {
    /// Long polling (`getUpdates`), the default: fine for one instance.
    Polling {
        /// The long-poll timeout (below the client's 17 s).
        timeout: Duration,
    },
    /// Telegram posts updates to `public_url`; the route is merged into the HTTP server.
    Webhook {
        /// The public HTTPS URL Telegram posts to (its path is the route's path).
        public_url: String,
        /// The `X-Telegram-Bot-Api-Secret-Token` value (1–256 of `[A-Za-z0-9_-]`).
        secret_token: String,
    },
}

/// Everything the bot reads from the settings.
#[derive(Debug, Clone)]
pub struct BotSettings {
    /// The token from BotFather.
    pub token: String,
    /// The Bot API base URL (`https://api.telegram.org/` unless overridden).
    pub api_url: Option<String>,
    /// Polling or webhook.
    pub mode: UpdateMode,
}

impl BotSettings {
    /// Polling with the default timeout against `api_url` (tests, local Bot API servers).
    pub fn polling(token: &str, api_url: Option<&str>) -> Self {
        Self {
            token: token.to_owned(),
            api_url: api_url.map(str::to_owned),
            mode: UpdateMode::Polling {
                timeout: Duration::from_secs(10),
            },
        }
    }
}
