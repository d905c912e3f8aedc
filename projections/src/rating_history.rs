//! `rating_history_view`: the rating ledger, one row per `RatingCredited` or `RatingAdjusted`.

use async_trait::async_trait;
use birqadam_domain::account::AccountEvent;
use birqadam_domain::standing::RatingChange;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::{LogConsumer, decode, stream_id};
use crate::log::StoredEvent;

/// The account events this view reads.
pub(crate) const RATING_EVENTS: &[&str] = &["RatingCredited", "RatingAdjusted"];

/// A row of `rating_history_view`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct RatingHistoryRow {
    /// The event's global position (the stable order and the cursor).
    pub position: i64,
    /// The account.
    pub account_id: Uuid,
    /// When the change happened.
    pub at: DateTime<Utc>,
    /// Points applied (after clamping; zero is kept).
    pub delta: i32,
    /// The rating after the change.
    pub rating_after: i32,
    /// `report` or `adjustment`.
    pub source_kind: String,
    /// The assignment id for a report, none for an adjustment.
    pub source_id: Option<Uuid>,
    /// The admin's reason for an adjustment.
    pub reason: Option<String>,
    /// The event's position in the audit order, once the audit tree has it (not a column of
    /// the view: joined from `audit_leaves` by the queries that need it).
    #[sqlx(default)]
    pub audit_position: Option<i64>,
}

/// One rating change of the log as the leaderboard and the ledger see it (the change itself is
/// `birqadam_domain::standing::RatingChange`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRatingChange {
    /// The account.
    pub account_id: Uuid,
    /// Points applied.
    pub delta: i32,
    /// The rating after the change.
    pub rating_after: i32,
    /// When it happened (`occurred_at`).
    pub at: DateTime<Utc>,
    /// The event's global position (the audit position in a replay).
    pub position: i64,
    /// `report` or `adjustment`.
    pub source_kind: &'static str,
    /// The assignment of a report credit.
    pub source_id: Option<Uuid>,
    /// The admin's reason for an adjustment.
    pub reason: Option<String>,
}

/// The rating changes of a batch in log order; other events are skipped (also what the
/// auditor's replay reads).
pub fn rating_changes(
    projector: &str,
    events: &[StoredEvent],
) -> anyhow::Result<Vec<LoggedRatingChange>> {
    let mut changes = Vec::new();
    for event in events {
        if event.aggregate_type != "Account" || !RATING_EVENTS.contains(&event.event_type.as_str())
        {
            continue;
        }
        let account_id = stream_id(projector, event)?;
        let Some(change) = RatingChange::of(&decode::<AccountEvent>(projector, event)?) else {
            continue;
        };
        changes.push(LoggedRatingChange {
            account_id,
            delta: change.delta,
            rating_after: change.rating_after,
            at: event.occurred_at(),
            position: event.checkpoint.global_position,
            source_kind: change.source_kind,
            source_id: change.source_id,
            reason: change.reason,
        });
    }
    Ok(changes)
}

/// Feeds `rating_history_view`.
pub struct RatingHistoryProjector;

#[async_trait]
impl LogConsumer for RatingHistoryProjector {
    fn name(&self) -> &'static str {
        "rating_history"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["rating_history_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let changes = rating_changes(self.name(), events)?;
        if changes.is_empty() {
            return Ok(());
        }
        let (mut position, mut account_id, mut at, mut delta) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut rating_after, mut source_kind, mut source_id, mut reason) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for change in changes {
            position.push(change.position);
            account_id.push(change.account_id);
            at.push(change.at);
            delta.push(change.delta);
            rating_after.push(change.rating_after);
            source_kind.push(change.source_kind);
            source_id.push(change.source_id);
            reason.push(change.reason);
        }
        sqlx::query(
            "insert into rating_history_view (position, account_id, at, delta, rating_after,
                    source_kind, source_id, reason)
             select * from unnest($1::int8[], $2::uuid[], $3::timestamptz[], $4::int4[],
                                  $5::int4[], $6::text[], $7::uuid[], $8::text[])
             on conflict (position) do nothing",
        )
        .bind(position)
        .bind(account_id)
        .bind(at)
        .bind(delta)
        .bind(rating_after)
        .bind(source_kind)
        .bind(source_id)
        .bind(reason)
        .execute(tx)
        .await?;
        Ok(())
    }
}
