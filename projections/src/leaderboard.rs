//! `leaderboard_view`: points per account for all time and per Almaty calendar month and ISO
//! week.
//!
//! Every rating change (`points_applied` of a credit, `delta_applied` of an adjustment) adds to
//! the `all` board and to the month and week boards of its `occurred_at` in Asia/Almaty. A
//! change of zero points changes nothing here (it did not set the points; the ledger keeps it).
//! `reached_at` is the time of the change that set the current points: ties rank who got there
//! first. Period sums are not clamped: a negative adjustment in a quiet month can go below zero.

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Asia::Almaty;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::LogConsumer;
use crate::log::StoredEvent;
use crate::rating_history::rating_changes;
use crate::view_row::{Columns, ViewRow, load_rows, upsert_rows};

/// The all-time board's period key.
pub const ALL: &str = "all";

/// The month (`month:2026-11`) and ISO week (`week:2026-W48`) keys of an instant, in the
/// Asia/Almaty calendar.
pub fn period_keys(at: DateTime<Utc>) -> (String, String) {
    let local = at.with_timezone(&Almaty).date_naive();
    let week = local.iso_week();
    (
        format!("month:{:04}-{:02}", local.year(), local.month()),
        format!("week:{:04}-W{:02}", week.year(), week.week()),
    )
}

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
                let (month, week) = period_keys(change.at);
                (
                    [ALL.to_owned(), month, week],
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
                row.points = row.points.saturating_add(delta);
                row.reached_at = at;
            }
        }
        upsert_rows(tx, boards.into_values()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("an RFC 3339 instant")
    }

    #[test]
    fn the_month_changes_at_almaty_midnight_not_utc_midnight() {
        let (month, _) = period_keys(at("2026-11-30T18:59:59Z"));
        assert_eq!(month, "month:2026-11");
        let (month, _) = period_keys(at("2026-11-30T19:00:00Z"));
        assert_eq!(month, "month:2026-12");
        let (month, _) = period_keys(at("2026-12-31T19:00:00Z"));
        assert_eq!(month, "month:2027-01");
    }

    #[test]
    fn the_iso_week_changes_at_almaty_midnight_between_sunday_and_monday() {
        // 2026-11-29 is a Sunday; Almaty is UTC+5
        let (_, week) = period_keys(at("2026-11-29T18:59:59Z"));
        assert_eq!(week, "week:2026-W48");
        let (_, week) = period_keys(at("2026-11-29T19:00:00Z"));
        assert_eq!(week, "week:2026-W49");
    }

    #[test]
    fn the_iso_week_year_can_differ_from_the_calendar_year() {
        // Almaty 2027-01-01 is a Friday of ISO week 2026-W53
        let (month, week) = period_keys(at("2027-01-01T10:00:00Z"));
        assert_eq!(month, "month:2027-01");
        assert_eq!(week, "week:2026-W53");
    }
}
