//! The sender loops' shared part: what a send came to ([`Outcome`]), how a claimed row is
//! settled in the delivery log (with capped, jittered backoff), and the loop that claims due
//! rows while it has room for more in flight.

mod lease;
mod push;
mod telegram;

use std::sync::Arc;
use std::time::Duration;

use birqadam_domain::clock::Clock;
use birqadam_domain::notification::DeliveryChannel;
use chrono::{DateTime, Utc};
use rand::Rng;
use sqlx::PgPool;
use tokio::sync::{Semaphore, watch};

use crate::store::{self, Claimed};

pub use push::PushSender;
pub use telegram::{Reachability, TelegramSender};

/// What sending a claimed delivery came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The provider accepted it.
    Sent,
    /// Nothing to send (muted, no chat or device, unreachable); the reason is kept.
    Skipped(String),
    /// Not now, and not an attempt (quiet hours, a long 429 pause): due again at this time.
    Defer(DateTime<Utc>),
    /// A transient failure: an attempt, due again after the backoff (at least `after`).
    Retry {
        /// The provider's `Retry-After` / `retry_after`.
        after: Option<Duration>,
        /// What went wrong.
        error: String,
    },
    /// The provider will never accept it: not retried.
    Permanent(String),
}

/// The most counted attempts before a delivery is `dead`.
pub const MAX_ATTEMPTS: i32 = 8;

/// The wait before retry `attempt` (1-based): a full-jitter draw under min(2^attempt s, 15 min),
/// never shorter than the provider's `after`.
pub fn backoff(attempt: i32, after: Option<Duration>) -> Duration {
    let cap = Duration::from_secs(1u64 << attempt.clamp(0, 10)).min(Duration::from_secs(900));
    let jittered = cap.mul_f64(rand::rng().random_range(0.0..=1.0));
    jittered.max(after.unwrap_or_default())
}

/// Writes an outcome to the delivery log and the metrics.
pub async fn settle(
    pool: &PgPool,
    clock: &dyn Clock,
    row: &Claimed,
    outcome: Outcome,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    let channel = row.channel.clone();
    let (label, result) = match outcome {
        Outcome::Sent => {
            let latency = (now - row.event_at).to_std().unwrap_or_default();
            metrics::histogram!("notify_commit_to_send_seconds", "channel" => channel.clone())
                .record(latency.as_secs_f64());
            (
                "sent",
                store::finish(pool, row, "sent", None, now, true).await,
            )
        }
        Outcome::Skipped(why) => (
            "skipped",
            store::finish(pool, row, "skipped", Some(&why), now, false).await,
        ),
        Outcome::Defer(until) => {
            return store::reschedule(pool, row, until, false, None).await;
        }
        Outcome::Retry { after, error } => {
            let attempt = row.attempts + 1;
            if attempt >= MAX_ATTEMPTS {
                tracing::warn!(delivery = row.id, %error, "delivery dead after its last attempt");
                (
                    "dead",
                    store::finish(pool, row, "dead", Some(&error), now, true).await,
                )
            } else {
                let wait = chrono::Duration::from_std(backoff(attempt, after))
                    .unwrap_or(chrono::Duration::MAX);
                store::reschedule(pool, row, now + wait, true, Some(&error)).await?;
                ("retry", Ok(true))
            }
        }
        Outcome::Permanent(error) => {
            tracing::warn!(delivery = row.id, %error, "delivery failed permanently");
            (
                "failed_permanent",
                store::finish(pool, row, "failed_permanent", Some(&error), now, true).await,
            )
        }
    };
    metrics::counter!("notify_deliveries_total", "channel" => channel, "outcome" => label)
        .increment(1);
    if !result? {
        tracing::warn!(
            delivery = row.id,
            "delivery's lease was lost before it was marked"
        );
    }
    Ok(())
}

/// How a sender loop runs.
#[derive(Debug, Clone, Copy)]
pub struct LoopConfig {
    /// A claimed row's lease (a crashed sender's rows are claimed again after it).
    pub lease: Duration,
    /// How many deliveries may be in flight at once.
    pub in_flight: usize,
    /// How often to look for due rows when nothing wakes the loop.
    pub poll: Duration,
}

/// Sends one claimed delivery.
#[async_trait::async_trait]
pub trait Send1: Send + Sync + 'static {
    /// The channel this sender serves.
    fn channel(&self) -> DeliveryChannel;
    /// Sends the row and settles it.
    async fn deliver(&self, row: Claimed);
}

/// Claims due rows of the sender's channel and delivers each in its own task, at most
/// `in_flight` at once, until `shutdown`; `wake` (the planner's progress) ends a poll early.
pub async fn run_loop(
    sender: Arc<dyn Send1>,
    pool: PgPool,
    clock: Arc<dyn Clock>,
    config: LoopConfig,
    mut wake: watch::Receiver<u64>,
    mut shutdown: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(config.in_flight.max(1)));
    let in_flight = lease::InFlight::default();
    let _renewal = lease::keep_renewed(
        pool.clone(),
        Arc::clone(&clock),
        config.lease,
        in_flight.clone(),
    );
    let mut tasks = tokio::task::JoinSet::new();
    let mut failures = 0u32;
    loop {
        if *shutdown.borrow() {
            break;
        }
        while tasks.try_join_next().is_some() {}
        let room = slots.available_permits();
        let claimed = if room == 0 {
            Ok(Vec::new())
        } else {
            store::claim(
                &pool,
                sender.channel(),
                clock.now(),
                config.lease,
                room as i64,
            )
            .await
        };
        let claimed = match claimed {
            Ok(rows) => {
                failures = 0;
                rows
            }
            Err(error) => {
                failures += 1;
                tracing::warn!(%error, channel = sender.channel().as_str(), "claiming deliveries failed");
                tokio::time::sleep(Duration::from_millis(200) * failures.min(25)).await;
                continue;
            }
        };
        let full = !claimed.is_empty() && claimed.len() == room;
        for row in claimed {
            let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
                return;
            };
            let sender = Arc::clone(&sender);
            let held = in_flight.hold(&row);
            tasks.spawn(async move {
                sender.deliver(row).await;
                drop((held, permit));
            });
        }
        if full {
            // more may be due: claim again as soon as a slot frees
            tokio::select! {
                _ = slots.acquire() => {}
                _ = changed(&mut shutdown) => {}
            }
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(config.poll) => {}
            _ = changed(&mut wake) => {}
            _ = changed(&mut shutdown) => {}
        }
    }
    // let the deliveries in flight finish and be marked (bounded by the caller's timeout)
    while tasks.join_next().await.is_some() {}
}

/// Resolves on the next change; never, once the sender is gone (a poll still ends the wait).
async fn changed<T>(receiver: &mut watch::Receiver<T>) {
    if receiver.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
}
