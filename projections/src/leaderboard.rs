//! `leaderboard_view`: points per account for all time and per Almaty calendar month and ISO
//! week.
//!
//! Every rating change (`points_applied` of a credit, `delta_applied` of an adjustment) adds to
//! the `all` board and to the month and week boards of its `occurred_at` in Asia/Almaty. A
//! change of zero points changes nothing here (it did not set the points; the ledger keeps it).
//! `reached_at` is the time of the change that set the current points: ties rank who got there
//! first. Period sums are not clamped: a negative adjustment in a quiet month can go below zero.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Asia::Almaty;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::log::StoredEvent;
use crate::projector::Projector;
use crate::rating_history::rating_changes;

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

/// `(period, account)` → `(points, reached_at)`.
type Boards = HashMap<(String, Uuid), (i32, DateTime<Utc>)>;

#[async_trait]
impl Projector for LeaderboardProjector {
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
        let (mut keys_p, mut keys_a) = (Vec::new(), Vec::new());
        for (periods, account, ..) in &changes {
            for period in periods {
                keys_p.push(period.clone());
                keys_a.push(*account);
            }
        }
        let mut boards: Boards = sqlx::query_as::<_, (String, Uuid, i32, DateTime<Utc>)>(
            "select l.period, l.account_id, l.points, l.reached_at
               from leaderboard_view l
               join unnest($1::text[], $2::uuid[]) as t (period, account_id)
                 on (l.period, l.account_id) = (t.period, t.account_id)",
        )
        .bind(&keys_p)
        .bind(&keys_a)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(period, account, points, at)| ((period, account), (points, at)))
        .collect();
        for (periods, account, delta, at) in changes {
            for period in periods {
                let entry = boards.entry((period, account)).or_insert((0, at));
                entry.0 = entry.0.saturating_add(delta);
                entry.1 = at;
            }
        }
        let (mut period, mut account_id, mut points, mut reached_at) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for ((p, a), (pts, at)) in boards {
            period.push(p);
            account_id.push(a);
            points.push(pts);
            reached_at.push(at);
        }
        sqlx::query(
            "insert into leaderboard_view (period, account_id, points, reached_at)
             select * from unnest($1::text[], $2::uuid[], $3::int4[], $4::timestamptz[])
             on conflict (period, account_id) do update set
                    points = excluded.points, reached_at = excluded.reached_at",
        )
        .bind(period)
        .bind(account_id)
        .bind(points)
        .bind(reached_at)
        .execute(tx)
        .await?;
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
