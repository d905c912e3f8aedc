//! The typed slices each adapter gets from the settings (the HTTP API, authentication, the
//! Telegram bot, the notifier): adapters never read the environment themselves.

use birqadam_api::{HttpSettings, PhotoUrlSecret};
use birqadam_commands::AuthConfig;
use birqadam_notify::{FcmConfig, NotifySettings, TelegramConfig};

use super::Settings;

impl Settings {
    /// The HTTP adapter's slice.
    pub fn http(&self) -> HttpSettings {
        HttpSettings {
            http_addr: self.http_addr.clone(),
            rate_limits: self.rate_limits,
            cors_origins: self.cors_origins.clone(),
            request_timeout: self.request_timeout,
            photo_url_secret: match &self.photo_url_secret {
                Some(secret) => PhotoUrlSecret::new(secret.expose().as_bytes()),
                None => PhotoUrlSecret::derived_from(self.jwt_secret.expose()),
            },
        }
    }

    /// The write side's authentication slice.
    pub fn auth(&self) -> AuthConfig {
        AuthConfig {
            jwt_secret: self.jwt_secret.expose().to_owned(),
            access_ttl: self.access_token_ttl,
            refresh_ttl: self.refresh_token_ttl,
            argon2_memory_kib: self.argon2.memory_kib,
            argon2_iterations: self.argon2.iterations,
            argon2_parallelism: self.argon2.parallelism,
            hashing_queue: self.password_hashing_queue,
        }
    }

    /// The bot's slice, when a token is set (`None`: no bot).
    pub fn bot(&self) -> Option<birqadam_bot::BotSettings> {
        let token = self.telegram_bot_token.as_ref()?;
        let mode = match (&self.telegram_webhook_url, &self.telegram_webhook_secret) {
            (Some(url), Some(secret)) => birqadam_bot::UpdateMode::Webhook {
                public_url: url.clone(),
                secret_token: secret.expose().to_owned(),
            },
            _ => birqadam_bot::UpdateMode::Polling {
                timeout: self.telegram_poll_timeout,
            },
        };
        Some(birqadam_bot::BotSettings {
            token: token.expose().to_owned(),
            api_url: self.telegram_api_url.clone(),
            mode,
            rates: birqadam_bot::SendRates::default(),
        })
    }

    /// The notifier's slice: a channel is on when its credentials are set.
    pub fn notify(&self) -> NotifySettings {
        NotifySettings {
            telegram: self
                .telegram_bot_token
                .as_ref()
                .map(|token| TelegramConfig {
                    api_url: self
                        .telegram_api_url
                        .clone()
                        .unwrap_or_else(|| "https://api.telegram.org".to_owned()),
                    token: token.expose().to_owned(),
                    per_second: self.notify_telegram_per_second,
                }),
            fcm: self
                .fcm_service_account_file
                .as_ref()
                .map(|file| FcmConfig {
                    api_url: self.fcm_api_url.clone(),
                    service_account_file: file.clone(),
                    in_flight: self.notify_push_concurrency,
                }),
            lease: self.notify_lease,
            max_event_age: self.notify_max_event_age,
            poll: self.notify_poll,
        }
    }
}
