//! The clock port: the only way the platform learns the time, so tests can move it.

#[cfg(any(test, feature = "testing"))]
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Almaty;

/// A source of the current instant.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Almaty (user-facing dates are Asia/Almaty).
    fn today_in_almaty(&self) -> NaiveDate {
        self.now().with_timezone(&Almaty).date_naive()
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved (tests; behind the `testing` feature).
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

#[cfg(any(test, feature = "testing"))]
impl ManualClock {
    /// A clock showing `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(now)),
        }
    }

    /// Moves the clock to `to`.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Ok(mut now) = self.now.lock() {
            *now = to;
        }
    }
}

#[cfg(any(test, feature = "testing"))]
impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
            .lock()
            .map(|n| *n)
            .unwrap_or_else(|p| *p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn almaty_dates_change_at_almaty_midnight() {
        let clock = ManualClock::new("2026-11-30T18:59:59Z".parse().expect("valid instant"));
        assert_eq!(
            clock.today_in_almaty(),
            NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
        );
        clock.set("2026-11-30T19:00:00Z".parse().expect("valid instant"));
        assert_eq!(
            clock.today_in_almaty(),
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
        );
    }
}
