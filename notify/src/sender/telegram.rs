//! The Telegram sender: one message per delivery to the person's private chat, under the
//! process-wide [`Throttle`]; a 429 pauses every chat for `retry_after` and the same row is sent
//! again without counting an attempt; a 403 marks the person unreachable (an event, through the
//! [`Reachability`] port) and nothing more is sent to them until they talk to the bot again.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use birqadam_domain::clock::Clock;
use birqadam_domain::notification::DeliveryChannel;
use birqadam_domain::values::Language;
use birqadam_telegram::callback::{Callback, Moderation};
use birqadam_texts::notification_text;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Outcome, Send1, settle};
use crate::kind::Kind;
use crate::render::{Markup, render, telegram_text};
use crate::store::{self, Claimed};
use crate::telegram::{TelegramClient, TelegramError};
use crate::throttle::Throttle;

/// Records that Telegram refused a person's chat (blocked, deactivated): the write side's
/// `mark_telegram_unreachable`, behind a port so the sender stays testable.
#[async_trait]
pub trait Reachability: Send + Sync + 'static {
    /// Marks `account`'s Telegram chat unreachable for `reason`.
    async fn telegram_unreachable(&self, account: Uuid, reason: &str) -> anyhow::Result<()>;
}

/// How long a chat refused here stays refused without asking the view (it catches up sooner).
const REFUSED_MEMORY: Duration = Duration::from_secs(120);

/// Sends Telegram deliveries.
pub struct TelegramSender {
    pool: PgPool,
    clock: Arc<dyn Clock>,
    client: TelegramClient,
    throttle: Throttle,
    reachability: Arc<dyn Reachability>,
    refused: Mutex<HashMap<Uuid, Instant>>,
    longest_wait: Duration,
}

impl TelegramSender {
    /// A sender through `client` at `per_second` messages overall; a 429 pause longer than
    /// `longest_wait` (half the lease) puts the row back instead of holding it.
    pub fn new(
        pool: PgPool,
        clock: Arc<dyn Clock>,
        client: TelegramClient,
        per_second: u32,
        reachability: Arc<dyn Reachability>,
        longest_wait: Duration,
    ) -> Self {
        Self {
            pool,
            clock,
            client,
            throttle: Throttle::new(per_second),
            reachability,
            refused: Mutex::new(HashMap::new()),
            longest_wait,
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
            Err(e) => return retry(format!("reading the contact: {e}")),
        };
        if !contact
            .settings
            .allows(kind.category(), DeliveryChannel::Telegram)
        {
            return Outcome::Skipped("muted".to_owned());
        }
        let Some(chat) = contact.telegram_id else {
            return Outcome::Skipped("no telegram chat".to_owned());
        };
        if !contact.telegram_reachable || self.refused_recently(row.recipient) {
            return Outcome::Skipped("telegram unreachable".to_owned());
        }
        let subjects = match store::subjects(&self.pool, row.recipient, &params).await {
            Ok(subjects) => subjects,
            Err(e) => return retry(format!("reading the subjects: {e}")),
        };
        let rendered = render(kind, &params, &subjects, contact.language, Markup::Html);
        let text = telegram_text(&rendered);
        let keyboard = match kind {
            Kind::ReportWaiting => params
                .get("report_id")
                .and_then(|r| Uuid::parse_str(r).ok())
                .map(|report| moderation_keyboard(report, contact.language)),
            _ => None,
        };
        // quiet hours do not hold a Telegram message: it arrives without a sound
        let silent = contact
            .settings
            .quiet_hours
            .deferred_until(self.clock.now())
            .is_some();
        loop {
            self.throttle.turn(chat).await;
            match self
                .client
                .send_message(chat, &text, keyboard.clone(), silent)
                .await
            {
                Ok(()) => return Outcome::Sent,
                Err(TelegramError::RetryAfter(wait)) => {
                    metrics::counter!("notify_telegram_429_total").increment(1);
                    tracing::warn!(seconds = wait.as_secs(), "Telegram asked to slow down");
                    self.throttle.pause(wait);
                    if wait > self.longest_wait {
                        let until = self.clock.now()
                            + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
                        return Outcome::Defer(until);
                    }
                }
                Err(TelegramError::Unreachable(why)) => {
                    self.refuse(row.recipient);
                    if let Err(error) = self
                        .reachability
                        .telegram_unreachable(row.recipient, &why)
                        .await
                    {
                        tracing::error!(error = %format!("{error:#}"), "marking a chat unreachable failed");
                    }
                    return Outcome::Permanent(format!("unreachable: {why}"));
                }
                Err(TelegramError::Rejected(why)) => return Outcome::Permanent(why),
                Err(TelegramError::Transient(why)) => return retry(why),
            }
        }
    }

    fn refused_recently(&self, account: Uuid) -> bool {
        let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        refused.retain(|_, at| at.elapsed() < REFUSED_MEMORY);
        refused.contains_key(&account)
    }

    fn refuse(&self, account: Uuid) {
        let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        refused.insert(account, Instant::now());
    }
}

fn retry(error: String) -> Outcome {
    Outcome::Retry { after: None, error }
}

/// The moderation buttons of a "report waiting" card: ★1–★5, then "no points" and "reject".
pub fn moderation_keyboard(report: Uuid, language: Language) -> Value {
    let button = |text: String, decision: Moderation| json!({"text": text, "callback_data": Callback::Moderate { report, decision }.encode()});
    let stars: Vec<Value> = (1..=5u8)
        .map(|n| button(format!("{n}★"), Moderation::Stars(n)))
        .collect();
    let word = |code: &str| {
        notification_text(code, language)
            .unwrap_or_default()
            .to_owned()
    };
    json!([
        stars,
        [
            button(word("button.no_points"), Moderation::NoPoints),
            button(word("button.reject"), Moderation::Reject),
        ]
    ])
}

#[async_trait]
impl Send1 for TelegramSender {
    fn channel(&self) -> DeliveryChannel {
        DeliveryChannel::Telegram
    }

    async fn deliver(&self, row: Claimed) {
        let outcome = self.attempt(&row).await;
        if let Err(error) = settle(&self.pool, self.clock.as_ref(), &row, outcome).await {
            tracing::error!(%error, delivery = row.id, "marking a Telegram delivery failed; its lease will expire");
        }
    }
}
