//! Closed periods (docs/decisions/0036): the final ranking of an ended Almaty week or month as
//! the leaderboard view holds it, pinned to a position of the audit order, and the committed
//! `LeaderboardPeriodClosed` events the API serves closed boards from. Kept apart from the
//! current boards' reads (`rating.rs`).

use birqadam_domain::leaderboard_period::{LeaderboardPeriodEvent, Period, PeriodClosing};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Queries;
use crate::error::QueryError;

/// The leaderboard projector's checkpoint name.
const LEADERBOARD: &str = "leaderboard";

/// Who is ranked (as on the current boards): unblocked volunteers (`a` is `accounts_view`).
const RANKED: &str = "not a.blocked and 'volunteer' = any(a.roles)";

/// A period's final ranking as the view holds it, and the audit tree size it is exactly over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalRanking {
    /// The view applied exactly the first `as_of_position` events of the audit order.
    pub as_of_position: u64,
    /// Every ranked account and its points, best first.
    pub ranking: Vec<(Uuid, i32)>,
}

/// A line of a closed board, as served.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClosedBoardRow {
    /// The account.
    pub account_id: Uuid,
    /// Display name (none when the account is gone from the view).
    pub name: Option<String>,
    /// When the points were reached (from the view's row of that period).
    pub reached_at: Option<DateTime<Utc>>,
    /// Achievements unlocked (all time, today).
    pub achievements_count: i64,
}

impl Queries {
    /// The final ranking of `period`, once the leaderboard view has applied every event of the
    /// log that occurred before the period's end and the audit tree has numbered the view's
    /// last event; `None` until then. Read in one repeatable-read snapshot, so the view's rows
    /// and its checkpoint agree.
    #[tracing::instrument(skip(self), err)]
    pub async fn final_ranking(&self, period: Period) -> Result<Option<FinalRanking>, QueryError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("set transaction isolation level repeatable read, read only")
            .execute(&mut *tx)
            .await?;
        let checkpoint: Option<(i64, i64)> = sqlx::query_as(
            "select transaction_id, global_position from projection_checkpoints where name = $1",
        )
        .bind(LEADERBOARD)
        .fetch_optional(&mut *tx)
        .await?;
        let (transaction_id, global_position) = checkpoint.unwrap_or((0, 0));
        // an event the view has not applied that happened inside the period: not final yet
        let pending: bool = sqlx::query_scalar(
            "select exists(select 1 from events
                where (transaction_id, global_position) > ($1::text::xid8, $2)
                  and coalesce((metadata->>'occurred_at')::timestamptz, recorded_at) < $3)",
        )
        .bind(transaction_id)
        .bind(global_position)
        .bind(period.end_instant())
        .fetch_one(&mut *tx)
        .await?;
        if pending {
            return Ok(None);
        }
        let as_of_position = if global_position == 0 {
            Some(0)
        } else {
            sqlx::query_scalar::<_, i64>(
                "select position + 1 from audit_leaves where global_position = $1",
            )
            .bind(global_position)
            .fetch_optional(&mut *tx)
            .await?
        };
        let Some(as_of_position) = as_of_position else {
            return Ok(None); // the audit tree has not numbered the view's last event yet
        };
        let ranking: Vec<(Uuid, i32)> = sqlx::query_as(&format!(
            "select l.account_id, l.points
               from leaderboard_view l
               join accounts_view a on a.id = l.account_id
              where l.period = $1 and {RANKED}
              order by l.points desc, l.reached_at, l.account_id"
        ))
        .bind(period.key())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(FinalRanking {
            as_of_position: u64::try_from(as_of_position).unwrap_or_default(),
            ranking,
        }))
    }

    /// The committed closing of `period`, if it was closed.
    #[tracing::instrument(skip(self), err)]
    pub async fn closed_period(&self, period: Period) -> Result<Option<PeriodClosing>, QueryError> {
        let payload: Option<serde_json::Value> = sqlx::query_scalar(
            "select payload from events
              where aggregate_type = 'LeaderboardPeriod' and aggregate_id = $1 and sequence = 1",
        )
        .bind(period.stream_id().to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(payload) = payload else {
            return Ok(None);
        };
        let LeaderboardPeriodEvent::LeaderboardPeriodClosed(closing) =
            serde_json::from_value(payload)
                .map_err(|e| QueryError::Database(sqlx::Error::Decode(Box::new(e))))?;
        Ok(Some(closing))
    }

    /// Names, times and achievement counts for the accounts of a closed board, in `accounts`'
    /// order.
    #[tracing::instrument(skip(self, accounts), err)]
    pub async fn closed_board_rows(
        &self,
        period: Period,
        accounts: &[Uuid],
    ) -> Result<Vec<ClosedBoardRow>, QueryError> {
        sqlx::query_as(
            "select t.id as account_id, a.name, l.reached_at,
                    (select count(*) from achievements_view x where x.account_id = t.id)
                        as achievements_count
               from unnest($1::uuid[]) with ordinality as t(id, n)
               left join accounts_view a on a.id = t.id
               left join leaderboard_view l on l.period = $2 and l.account_id = t.id
              order by t.n",
        )
        .bind(accounts)
        .bind(period.key())
        .fetch_all(&self.pool)
        .await
        .map_err(QueryError::from)
    }
}
