//! `leaderboard_view`: points per account for all time and per Almaty calendar month and ISO
//! week. The rules (periods, points, order) are `birqadam_domain::standing`'s.
//!
//! Every rating change (`points_applied` of a credit, `delta_applied` of an adjustment) adds to
//! the `all` board and to the month and week boards of its `occurred_at` in Asia/Almaty. A
//! change of zero points changes nothing here (it did not set the points; the ledger keeps it).
//! `reached_at` is the time of the change that set the current points: ties rank who got there
//! first. Period sums are not clamped: a negative adjustment in a quiet month can go below zero.

use async_trait::async_trait;
use birqadam_domain::standing::{Standing, periods_of};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub use birqadam_domain::standing::{ALL, period_keys};

use crate::consumer::LogConsumer;
use crate::log::StoredEvent;
use crate::rating_history::rating_changes;
use crate::view_row::{Columns, ViewRow, load_rows, upsert_rows};

/// Feeds `leaderboard_view`.
pub struct LeaderboardProjector;

/// A row of `leaderboard_view` as the projector keeps it (`Queries` reads ranked rows).
#[derive(Debug, Clone, sqlx::FromRow)]
struct BoardRow {
    period: String,
    account_id: Uuid,
    points: i32,
    reached_at: DateTime<Utc>,
}

impl ViewRow for BoardRow {
    const TABLE: &'static str = "leaderboard_view";
    type Key = (String, Uuid);

    fn key(&self) -> (String, Uuid) {
        (self.period.clone(), self.account_id)
    }

    fn key_columns(c: &mut Columns<'_, (String, Uuid)>) {
        c.col("period", |(period, _)| period.clone())
            .col("account_id", |(_, account)| *account);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("period", |r| r.period.clone())
            .col("account_id", |r| r.account_id)
            .col("points", |r| r.points)
            .col("reached_at", |r| r.reached_at);
    }
}

#[async_trait]
impl LogConsumer for LeaderboardProjector {
    fn name(&self) -> &'static str {
        "leaderboard"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["leaderboard_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let changes: Vec<_> = rating_changes(self.name(), events)?
            .into_iter()
            .filter(|change| change.delta != 0)
            .map(|change| {
                (
                    periods_of(change.at),
                    change.account_id,
                    change.delta,
                    change.at,
                )
            })
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        let mut keys = Vec::new();
        for (periods, account, ..) in &changes {
            keys.extend(periods.iter().map(|period| (period.clone(), *account)));
        }
        let mut boards = load_rows::<BoardRow>(tx, keys).await?;
        for (periods, account_id, delta, at) in changes {
            for period in periods {
                let row = boards
                    .entry((period.clone(), account_id))
                    .or_insert_with(|| BoardRow {
                        period,
                        account_id,
                        points: 0,
                        reached_at: at,
                    });
                let mut standing = Standing {
                    points: row.points,
                    reached_at: row.reached_at,
                };
                standing.apply(delta, at);
                row.points = standing.points;
                row.reached_at = standing.reached_at;
            }
        }
        upsert_rows(tx, boards.into_values()).await?;
        Ok(())
    }
}
