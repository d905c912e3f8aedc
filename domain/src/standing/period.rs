//! Closed rating periods: an Almaty calendar week or month as a value, and the canonical
//! digest of its final ranking that `LeaderboardPeriodClosed` commits to the log
//! (docs/decisions/0036).

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Almaty;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Which calendar a period follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
}

/// One Almaty week or month, named by its kind and its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    /// Week or month.
    pub kind: PeriodKind,
    /// Its first day in Asia/Almaty (a Monday for a week, the 1st for a month).
    pub start: NaiveDate,
}

/// Namespace of the period streams' UUIDs (fixed forever).
const STREAM_NAMESPACE: Uuid = Uuid::from_u128(0x3c0e_7a51_5d3b_4f6e_a4a1_0b57_1e2f_9d36);

/// Almaty midnight starting `day`, as an instant.
fn almaty_midnight(day: NaiveDate) -> DateTime<Utc> {
    Almaty
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .expect("Almaty midnight exists (no DST gap at midnight)")
        .with_timezone(&Utc)
}

impl Period {
    /// The period of `kind` containing the instant `at`.
    pub fn containing(kind: PeriodKind, at: DateTime<Utc>) -> Self {
        let day = at.with_timezone(&Almaty).date_naive();
        let start = match kind {
            PeriodKind::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            PeriodKind::Month => day.with_day(1).expect("every month has a 1st"),
        };
        Self { kind, start }
    }

    /// The period of `kind` that ended last before `now` (the one just before `now`'s).
    pub fn last_ended(kind: PeriodKind, now: DateTime<Utc>) -> Self {
        let current = Self::containing(kind, now);
        Self::containing(kind, current.start_instant() - chrono::Duration::seconds(1))
    }

    /// When it starts (Almaty midnight of its first day).
    pub fn start_instant(&self) -> DateTime<Utc> {
        almaty_midnight(self.start)
    }

    /// When it ends (Almaty midnight after its last day; exclusive).
    pub fn end_instant(&self) -> DateTime<Utc> {
        let next = match self.kind {
            PeriodKind::Week => self.start + Days::new(7),
            PeriodKind::Month => self.start + Months::new(1),
        };
        almaty_midnight(next)
    }

    /// Its board's key in `leaderboard_view` (`week:2026-W48`, `month:2026-11`), as
    /// [`super::period_keys`] names it.
    pub fn key(&self) -> String {
        let (month, week) = super::period_keys(self.start_instant());
        match self.kind {
            PeriodKind::Week => week,
            PeriodKind::Month => month,
        }
    }

    /// The stream its closing event is appended to (a UUID v5 of its key: one per period).
    pub fn stream_id(&self) -> Uuid {
        Uuid::new_v5(&STREAM_NAMESPACE, self.key().as_bytes())
    }
}

/// The canonical digest of a final ranking, as lowercase hex: SHA-256 over the UTF-8 text
/// `birqadam-ranking/v1\n{key}\n{as_of_position}\n` followed by one line
/// `{rank}\t{account id, hyphenated lowercase}\t{points}\n` per ranked account, best first
/// (rank from 1, points in decimal with a leading `-` when negative).
pub fn ranking_digest(key: &str, as_of_position: u64, ranking: &[(Uuid, i32)]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("birqadam-ranking/v1\n{key}\n{as_of_position}\n"));
    for (rank, (account, points)) in ranking.iter().enumerate() {
        hasher.update(format!(
            "{}\t{}\t{points}\n",
            rank + 1,
            account.hyphenated()
        ));
    }
    let digest: [u8; 32] = hasher.finalize().into();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("an RFC 3339 instant")
    }

    #[test]
    fn a_week_runs_from_almaty_monday_midnight_to_the_next() {
        let week = Period::containing(PeriodKind::Week, at("2026-11-29T18:59:59Z"));
        assert_eq!(week.start.to_string(), "2026-11-23");
        assert_eq!(week.key(), "week:2026-W48");
        assert_eq!(week.start_instant(), at("2026-11-22T19:00:00Z"));
        assert_eq!(week.end_instant(), at("2026-11-29T19:00:00Z"));
        assert_eq!(
            Period::last_ended(PeriodKind::Week, at("2026-11-29T19:00:00Z")),
            week
        );
    }

    #[test]
    fn a_month_ends_at_almaty_midnight_of_the_next_first() {
        let month = Period::last_ended(PeriodKind::Month, at("2026-12-01T10:00:00Z"));
        assert_eq!(month.key(), "month:2026-11");
        assert_eq!(month.end_instant(), at("2026-11-30T19:00:00Z"));
        assert_ne!(
            month.stream_id(),
            Period::containing(PeriodKind::Week, at("2026-11-10T00:00:00Z")).stream_id()
        );
    }

    #[test]
    fn the_digest_depends_on_order_points_and_position() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let base = ranking_digest("week:2026-W48", 7, &[(a, 5), (b, 3)]);
        assert_eq!(base.len(), 64);
        assert_ne!(base, ranking_digest("week:2026-W48", 7, &[(b, 5), (a, 3)]));
        assert_ne!(base, ranking_digest("week:2026-W48", 7, &[(a, 5), (b, 4)]));
        assert_ne!(base, ranking_digest("week:2026-W48", 8, &[(a, 5), (b, 3)]));
        assert_eq!(base, ranking_digest("week:2026-W48", 7, &[(a, 5), (b, 3)]));
    }
}
