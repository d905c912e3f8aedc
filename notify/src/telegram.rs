//! A minimal Telegram Bot API client for the notifier (`sendMessage` over reqwest with rustls):
//! the base URL is configurable (`TELEGRAM_API_URL`), answers are classified into what the
//! sender does next.

use std::time::Duration;

use serde_json::{Value, json};

/// What Telegram's answer means for the delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TelegramError {
    /// 429: wait `retry_after` and send again (not an attempt).
    RetryAfter(Duration),
    /// 403 blocked / deactivated / cannot initiate, or the chat does not exist: stop sending.
    Unreachable(String),
    /// A request Telegram will never accept (400): do not retry.
    Rejected(String),
    /// A network error, a 5xx, or anything unexpected: retry with backoff.
    Transient(String),
}

/// The Bot API at a base URL with a bot token.
#[derive(Clone)]
pub struct TelegramClient {
    http: reqwest::Client,
    send_url: String,
}

impl TelegramClient {
    /// A client for `api_url` (`https://api.telegram.org` by default) and `token`.
    pub fn new(api_url: &str, token: &str) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .build()?;
        let base = api_url.trim_end_matches('/');
        Ok(Self {
            http,
            send_url: format!("{base}/bot{token}/sendMessage"),
        })
    }

    /// Sends an HTML message to a private chat, optionally silent and with inline buttons.
    pub async fn send_message(
        &self,
        chat_id: i64,
        text: &str,
        keyboard: Option<Value>,
        silent: bool,
    ) -> Result<(), TelegramError> {
        let mut body = json!({
            "chat_id": chat_id,
            "text": text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": true},
            "disable_notification": silent,
        });
        if let Some(keyboard) = keyboard {
            body["reply_markup"] = json!({ "inline_keyboard": keyboard });
        }
        let response = self
            .http
            .post(&self.send_url)
            .json(&body)
            .send()
            .await
            .map_err(|e| TelegramError::Transient(format!("network: {e}")))?;
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        classify(status, &answer)
    }
}

/// Classifies a Bot API answer.
pub fn classify(status: u16, answer: &Value) -> Result<(), TelegramError> {
    if (200..300).contains(&status) && answer["ok"].as_bool() != Some(false) {
        return Ok(());
    }
    let description = answer["description"]
        .as_str()
        .unwrap_or("no description")
        .to_owned();
    let lower = description.to_lowercase();
    Err(match status {
        429 => TelegramError::RetryAfter(Duration::from_secs(
            answer["parameters"]["retry_after"]
                .as_u64()
                .unwrap_or(1)
                .max(1),
        )),
        403 => TelegramError::Unreachable(description),
        400 if lower.contains("chat not found") || lower.contains("user not found") => {
            TelegramError::Unreachable(description)
        }
        400 => TelegramError::Rejected(description),
        _ => TelegramError::Transient(format!("{status}: {description}")),
    })
}

#[cfg(test)]
mod tests;
