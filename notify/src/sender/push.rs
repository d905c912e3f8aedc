//! The push sender: one FCM request per registered device token of the recipient; dead tokens
//! are forgotten, served tokens remembered on the row (a retry skips them), quiet hours defer.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use birqadam_domain::clock::Clock;
use birqadam_domain::notification::DeliveryChannel;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use super::{Outcome, Send1, settle};
use crate::fcm::{FcmClient, FcmError, Push};
use crate::kind::Kind;
use crate::render::{Markup, push_data, render};
use crate::store::{self, Claimed};

/// Sends push deliveries through FCM.
pub struct PushSender {
    pool: PgPool,
    clock: Arc<dyn Clock>,
    client: FcmClient,
}

impl PushSender {
    /// A sender through `client`.
    pub fn new(pool: PgPool, clock: Arc<dyn Clock>, client: FcmClient) -> Self {
        Self {
            pool,
            clock,
            client,
        }
    }

    async fn attempt(&self, row: &Claimed) -> Outcome {
        let Some(kind) = Kind::parse(&row.kind) else {
            return Outcome::Permanent(format!("unknown kind {}", row.kind));
        };
        let params: BTreeMap<String, String> =
            serde_json::from_value(row.params.clone()).unwrap_or_default();
        let contact = match store::contact(&self.pool, row.recipient).await {
            Ok(Some(contact)) => contact,
            Ok(None) => return Outcome::Skipped("unknown account".to_owned()),
            Err(e) => return retry(None, format!("reading the contact: {e}")),
        };
        if !contact
            .settings
            .allows(kind.category(), DeliveryChannel::Push)
        {
            return Outcome::Skipped("muted".to_owned());
        }
        let remaining: Vec<&String> = contact
            .devices
            .iter()
            .filter(|t| !row.sent_tokens.contains(t))
            .collect();
        if remaining.is_empty() {
            return if row.sent_tokens.is_empty() {
                Outcome::Skipped("no devices".to_owned())
            } else {
                Outcome::Sent
            };
        }
        if let Some(until) = contact
            .settings
            .quiet_hours
            .deferred_until(self.clock.now())
        {
            return Outcome::Defer(until);
        }
        let subjects = match store::subjects(&self.pool, row.recipient, &params).await {
            Ok(subjects) => subjects,
            Err(e) => return retry(None, format!("reading the subjects: {e}")),
        };
        let rendered = render(kind, &params, &subjects, contact.language, Markup::Plain);
        let data = push_data(kind, &params, &rendered);
        let tag = collapse_tag(&row.key());
        let mut sent_any = !row.sent_tokens.is_empty();
        let mut again: Option<(Option<Duration>, String)> = None;
        let mut refused: Option<String> = None;
        for token in remaining {
            let push = Push {
                token,
                title: &rendered.title,
                body: &rendered.body,
                data: &data,
                tag: &tag,
            };
            match self.client.send(&push).await {
                Ok(()) => {
                    sent_any = true;
                    if let Err(e) = store::token_sent(&self.pool, row, token).await {
                        tracing::warn!(error = %e, "recording a served token failed");
                    }
                }
                Err(FcmError::DeadToken(why)) => {
                    metrics::counter!("notify_fcm_dead_tokens_total").increment(1);
                    tracing::info!(%why, "FCM called a device token dead; forgetting it");
                    if let Err(e) = store::remove_device(&self.pool, token).await {
                        tracing::warn!(error = %e, "forgetting a dead token failed");
                    }
                }
                Err(FcmError::Payload(why)) => {
                    metrics::counter!("notify_fcm_payload_errors_total").increment(1);
                    refused = Some(why);
                }
                Err(FcmError::Config(why)) => {
                    metrics::counter!("notify_fcm_config_errors_total").increment(1);
                    refused = Some(why);
                }
                Err(FcmError::Retry(after, why)) => {
                    let after = after.max(again.as_ref().and_then(|a| a.0));
                    again = Some((after, why));
                }
            }
        }
        match (again, refused) {
            (Some((after, error)), _) => retry(after, error),
            (None, Some(why)) if !sent_any => Outcome::Permanent(why),
            _ if sent_any => Outcome::Sent,
            _ => Outcome::Skipped("every device token was dead".to_owned()),
        }
    }
}

fn retry(after: Option<Duration>, error: String) -> Outcome {
    Outcome::Retry { after, error }
}

/// The collapse tag of a delivery key: 32 hex characters of its SHA-256 (under APNs' 64 bytes).
pub fn collapse_tag(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    hex::encode(&digest[..16])
}

#[async_trait]
impl Send1 for PushSender {
    fn channel(&self) -> DeliveryChannel {
        DeliveryChannel::Push
    }

    async fn deliver(&self, row: Claimed) {
        let outcome = self.attempt(&row).await;
        if let Err(error) = settle(&self.pool, self.clock.as_ref(), &row, outcome).await {
            tracing::error!(%error, delivery = row.id, "marking a push delivery failed; its lease will expire");
        }
    }
}
