//! The log consumer `notify`: maps each batch's events to notifications and inserts one delivery
//! per recipient and channel, in the transaction that moves its checkpoint (so a crash neither
//! loses nor doubles a planned delivery). Nothing is sent here: the senders work the log off.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use birqadam_domain::clock::Clock;
use birqadam_domain::notification::DeliveryChannel;
use birqadam_projections::{LogConsumer, StoredEvent};
use sqlx::PgConnection;

use crate::kind::Kind;
use crate::mapping::{Intent, intents, may_unlock};
use crate::store::{self, NewDelivery};

/// The projector whose view unlocks are read from.
const ACHIEVEMENTS_VIEW: &str = "achievements";

/// The projectors whose views a delivery is rendered and addressed from at send time (language,
/// chat and devices, names of the project, the task and the volunteer, the rating): planned only
/// once they know the event, a delivery never goes out with a fallback word or to nobody.
const SEND_TIME_VIEWS: [&str; 3] = ["accounts", "projects", "tasks"];

/// Plans deliveries from the log (checkpoint and advisory lock `notify`).
pub struct Planner {
    clock: Arc<dyn Clock>,
    max_event_age: chrono::Duration,
    view_wait: Duration,
    channels: Vec<DeliveryChannel>,
}

impl Planner {
    /// A planner that ignores events older than `max_event_age` by `clock` (a notifier started
    /// on an old log does not tell people last year's news; the activity feed keeps it), for
    /// the configured `channels` only.
    pub fn new(
        clock: Arc<dyn Clock>,
        max_event_age: Duration,
        channels: Vec<DeliveryChannel>,
    ) -> Self {
        Self {
            clock,
            max_event_age: chrono::Duration::from_std(max_event_age)
                .unwrap_or(chrono::Duration::MAX),
            view_wait: Duration::from_secs(10),
            channels,
        }
    }
}

#[async_trait]
impl LogConsumer for Planner {
    fn name(&self) -> &'static str {
        "notify"
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let now = self.clock.now();
        let mut planned: Vec<(&StoredEvent, Intent)> = Vec::new();
        let mut unlocking: Vec<&StoredEvent> = Vec::new();
        for event in events {
            if now - event.occurred_at() > self.max_event_age {
                continue;
            }
            planned.extend(intents(event)?.into_iter().map(|i| (event, i)));
            if may_unlock(event) {
                unlocking.push(event);
            }
        }
        let last = planned
            .iter()
            .map(|(e, _)| e.checkpoint)
            .chain(unlocking.iter().map(|e| e.checkpoint))
            .max();
        let Some(last) = last else {
            return Ok(());
        };
        let mut views: Vec<&'static str> = planned
            .iter()
            .filter_map(|(_, i)| store::plan::view_of(i.audience))
            .collect();
        if !unlocking.is_empty() {
            views.push(ACHIEVEMENTS_VIEW);
        }
        views.extend(SEND_TIME_VIEWS);
        views.sort_unstable();
        views.dedup();
        store::wait_for_views(tx, &views, last, self.view_wait).await?;
        let mut rows = Vec::new();
        for (event, intent) in &planned {
            let params = serde_json::to_value(&intent.params)?;
            for recipient in store::resolve(tx, intent.audience).await? {
                if intent.except == Some(recipient) {
                    continue;
                }
                rows.extend(self.deliveries(event, recipient, intent.kind, &params, now));
            }
        }
        if !unlocking.is_empty() {
            let positions: Vec<i64> = unlocking
                .iter()
                .map(|e| e.checkpoint.global_position)
                .collect();
            for unlock in store::unlocks(tx, &positions).await? {
                let Some(event) = unlocking
                    .iter()
                    .find(|e| e.checkpoint.global_position == unlock.position)
                else {
                    continue;
                };
                let mut params = serde_json::json!({ "achievement_id": unlock.achievement_id });
                if unlock.more > 0 {
                    params["more"] = unlock.more.to_string().into();
                }
                let kind = Kind::AchievementUnlocked;
                rows.extend(self.deliveries(event, unlock.account_id, kind, &params, now));
            }
        }
        let inserted = store::insert(tx, &rows).await?;
        metrics::counter!("notify_deliveries_planned_total").increment(inserted);
        Ok(())
    }
}

impl Planner {
    /// One delivery of `kind` about `event` to `recipient` per configured channel.
    fn deliveries(
        &self,
        event: &StoredEvent,
        recipient: uuid::Uuid,
        kind: Kind,
        params: &serde_json::Value,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Vec<NewDelivery> {
        self.channels
            .iter()
            .map(|channel| NewDelivery {
                event_position: event.checkpoint.global_position,
                recipient,
                channel: channel.as_str(),
                kind: kind.as_str(),
                params: params.clone(),
                event_at: event.occurred_at(),
                due: now,
            })
            .collect()
    }
}
