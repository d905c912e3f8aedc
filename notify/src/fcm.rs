//! FCM HTTP v1 (`POST {FCM_API_URL}/v1/projects/{project}/messages:send`, one device token per
//! request): the message shape (string-only `data`, a collapse tag from the delivery key), the
//! OAuth token refreshed once on a 401, and the classification of FCM's errors.

pub mod oauth;

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

use oauth::{AccessTokens, ServiceAccount};

/// What FCM's answer means for one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FcmError {
    /// The token is dead (UNREGISTERED, SENDER_ID_MISMATCH, an invalid registration token):
    /// forget the device.
    DeadToken(String),
    /// Our message is wrong (INVALID_ARGUMENT about the payload): never retried, counted.
    Payload(String),
    /// Our credentials for APNs / web push are wrong (THIRD_PARTY_AUTH_ERROR): an operator's
    /// problem, not retried per token.
    Config(String),
    /// 429, 5xx, a network error, or our access token refused twice: retry, after `Retry-After`
    /// when FCM gave one.
    Retry(Option<Duration>, String),
}

/// One push to send.
#[derive(Debug, Clone)]
pub struct Push<'a> {
    /// The device's registration token.
    pub token: &'a str,
    /// The notification's title.
    pub title: &'a str,
    /// The notification's body.
    pub body: &'a str,
    /// The data (strings only).
    pub data: &'a BTreeMap<String, String>,
    /// `android.notification.tag` and `apns-collapse-id` (≤ 64 bytes).
    pub tag: &'a str,
}

/// The FCM client of one Firebase project.
pub struct FcmClient {
    http: reqwest::Client,
    send_url: String,
    tokens: AccessTokens,
}

impl FcmClient {
    /// A client for `api_url` (`https://fcm.googleapis.com` by default) and a service account.
    pub fn new(api_url: &str, account: ServiceAccount) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .build()?;
        let send_url = format!(
            "{}/v1/projects/{}/messages:send",
            api_url.trim_end_matches('/'),
            account.project_id
        );
        let tokens = AccessTokens::new(account, http.clone())?;
        Ok(Self {
            http,
            send_url,
            tokens,
        })
    }

    /// Sends one push; a 401 to our access token refreshes it and tries once more.
    pub async fn send(&self, push: &Push<'_>) -> Result<(), FcmError> {
        let body = message(push);
        for refreshed in [false, true] {
            let access = self
                .tokens
                .token()
                .await
                .map_err(|e| FcmError::Retry(None, format!("oauth: {e:#}")))?;
            let response = self
                .http
                .post(&self.send_url)
                .bearer_auth(&access)
                .json(&body)
                .send()
                .await
                .map_err(|e| FcmError::Retry(None, format!("network: {e}")))?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            match classify(status, retry_after, &answer) {
                Err(FcmError::Retry(_, why)) if status == 401 && !refreshed => {
                    tracing::info!(%why, "FCM refused the access token; refreshing it once");
                    self.tokens.reject(&access).await;
                }
                other => return other,
            }
        }
        Err(FcmError::Retry(
            None,
            "the access token was refused twice".to_owned(),
        ))
    }
}

/// The `messages:send` body of a push.
pub fn message(push: &Push<'_>) -> Value {
    json!({
        "message": {
            "token": push.token,
            "notification": {"title": push.title, "body": push.body},
            "data": push.data,
            "android": {"notification": {"tag": push.tag}},
            "apns": {"headers": {"apns-collapse-id": push.tag}},
        }
    })
}

/// Classifies an FCM answer.
pub fn classify(
    status: u16,
    retry_after: Option<Duration>,
    answer: &Value,
) -> Result<(), FcmError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let error = &answer["error"];
    let message = error["message"].as_str().unwrap_or("no message").to_owned();
    let details = error["details"].as_array().cloned().unwrap_or_default();
    let fcm_code = details
        .iter()
        .find(|d| {
            d["@type"]
                .as_str()
                .is_some_and(|t| t.ends_with("google.firebase.fcm.v1.FcmError"))
        })
        .and_then(|d| d["errorCode"].as_str())
        .or_else(|| error["status"].as_str())
        .unwrap_or_default()
        .to_owned();
    let names_token = details.iter().any(|d| {
        d["fieldViolations"]
            .as_array()
            .is_some_and(|v| v.iter().any(|f| f["field"] == "message.token"))
    });
    let described = format!("{status} {fcm_code}: {message}");
    Err(match (status, fcm_code.as_str()) {
        (_, "UNREGISTERED") | (404, _) | (_, "SENDER_ID_MISMATCH") => {
            FcmError::DeadToken(described)
        }
        (400, _) if names_token || message.contains("not a valid FCM registration token") => {
            FcmError::DeadToken(described)
        }
        (_, "THIRD_PARTY_AUTH_ERROR") => FcmError::Config(described),
        (401, _) | (429, _) | (500..=599, _) => FcmError::Retry(retry_after, described),
        _ => FcmError::Payload(described),
    })
}

#[cfg(test)]
mod tests;
