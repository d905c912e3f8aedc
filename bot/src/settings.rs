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
    /// The send rates `Throttle` keeps.
    pub rates: SendRates,
}

/// Send rates (Telegram's: about 1 message a second and 20 a minute per chat, 30 a second
/// overall; the defaults keep a margin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendRates {
    /// Messages per second to one chat.
    pub per_chat_per_second: u32,
    /// Messages per minute to one chat.
    pub per_chat_per_minute: u32,
    /// Messages per second overall.
    pub overall_per_second: u32,
}

impl Default for SendRates {
    fn default() -> Self {
        Self {
            per_chat_per_second: 1,
            per_chat_per_minute: 20,
            overall_per_second: 25,
        }
    }
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
            rates: SendRates::default(),
        }
    }
}
