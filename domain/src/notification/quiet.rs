//! Quiet hours: a daily Asia/Almaty interval during which non-urgent pushes wait.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

/// A daily interval in Almaty time; `start > end` wraps past midnight (22:00–08:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    /// Whether quiet hours apply at all.
    pub enabled: bool,
    /// When they begin (Almaty).
    pub start: NaiveTime,
    /// When they end (Almaty).
    pub end: NaiveTime,
}

impl Default for QuietHours {
    fn default() -> Self {
        Self {
            enabled: true,
            start: NaiveTime::from_hms_opt(22, 0, 0).expect("a valid time"),
            end: NaiveTime::from_hms_opt(8, 0, 0).expect("a valid time"),
        }
    }
}

impl QuietHours {
    /// When the quiet hours containing `now` end, or `None` when `now` is not quiet.
    pub fn deferred_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if !self.enabled || self.start == self.end {
            return None;
        }
        let local = now.with_timezone(&Almaty);
        let time = local.time();
        let quiet = if self.start < self.end {
            time >= self.start && time < self.end
        } else {
            time >= self.start || time < self.end
        };
        if !quiet {
            return None;
        }
        let mut day = local.date_naive();
        if time >= self.end && self.start > self.end {
            day += Duration::days(1);
        }
        let end = day.and_time(self.end);
        // Almaty has no DST since 2004: the local time always exists once
        Almaty
            .from_local_datetime(&end)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }
}
