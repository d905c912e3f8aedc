//! Standing: the rating rules that the live views and the auditor's replay share (one
//! definition, docs/decisions/0028): which events change a rating and by how much, which
//! leaderboard periods a change counts for (the Asia/Almaty calendar), how a board orders its
//! accounts, who is ranked, and when an achievement rule is met.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Asia::Almaty;
use uuid::Uuid;

use crate::Role;
use crate::account::{AccountEvent, RatingSource};
use crate::achievement::AchievementRule;

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

/// The three boards a change at `at` counts for: all time, its month, its week.
pub fn periods_of(at: DateTime<Utc>) -> [String; 3] {
    let (month, week) = period_keys(at);
    [ALL.to_owned(), month, week]
}

/// One rating change as the ledger and the boards see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingChange {
    /// Points applied (after clamping; zero is possible and kept by the ledger).
    pub delta: i32,
    /// The rating after the change.
    pub rating_after: i32,
    /// `report` or `adjustment`.
    pub source_kind: &'static str,
    /// The assignment of a report credit.
    pub source_id: Option<Uuid>,
    /// The admin's reason for an adjustment.
    pub reason: Option<String>,
}

impl RatingChange {
    /// The rating change an account event makes, if it makes one.
    pub fn of(event: &AccountEvent) -> Option<Self> {
        match event {
            AccountEvent::RatingCredited {
                source: RatingSource::Report(assignment),
                points_applied,
                rating_after,
                ..
            } => Some(Self {
                delta: i32::try_from(*points_applied).unwrap_or(i32::MAX),
                rating_after: i32::try_from(*rating_after).unwrap_or(i32::MAX),
                source_kind: "report",
                source_id: Some(*assignment),
                reason: None,
            }),
            AccountEvent::RatingAdjusted {
                delta_applied,
                rating_after,
                reason,
                ..
            } => Some(Self {
                delta: *delta_applied,
                rating_after: i32::try_from(*rating_after).unwrap_or(i32::MAX),
                source_kind: "adjustment",
                source_id: None,
                reason: Some(reason.clone()),
            }),
            _ => None,
        }
    }
}

/// An account's place on one board: its points and when the change that set them happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Points in the period (not clamped: a negative adjustment can go below zero).
    pub points: i32,
    /// The time of the change that set the points (ties rank who got there first).
    pub reached_at: DateTime<Utc>,
}

impl Standing {
    /// No points yet, as of `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self {
            points: 0,
            reached_at: at,
        }
    }

    /// Applies a change of `delta` points at `at`; a change of zero changes nothing (the
    /// ledger keeps it, the boards do not see it).
    pub fn apply(&mut self, delta: i32, at: DateTime<Utc>) {
        if delta != 0 {
            self.points = self.points.saturating_add(delta);
            self.reached_at = at;
        }
    }
}

/// The canonical ranking order: more points first, then who reached them first, then the
/// account id.
pub fn rank_order(a: (&Standing, Uuid), b: (&Standing, Uuid)) -> Ordering {
    b.0.points
        .cmp(&a.0.points)
        .then(a.0.reached_at.cmp(&b.0.reached_at))
        .then(a.1.cmp(&b.1))
}

/// Whether an account holding `roles` is ranked on the boards (volunteers; nothing blocks an
/// account today).
pub fn is_ranked(roles: &BTreeSet<Role>) -> bool {
    roles.contains(&Role::Volunteer)
}

/// What the achievement rules look at for one account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// The rating after the last change.
    pub rating: i64,
    /// Approved reports.
    pub approved_reports: i64,
    /// Distinct projects ever joined.
    pub projects_joined: i64,
}

impl AchievementRule {
    /// Whether `progress` meets the rule.
    pub fn met_by(&self, progress: &Progress) -> bool {
        match *self {
            Self::Rating { threshold } => progress.rating >= i64::from(threshold),
            Self::ApprovedReports { count } => progress.approved_reports >= i64::from(count),
            Self::ProjectsJoined { count } => progress.projects_joined >= i64::from(count),
        }
    }
}

pub mod period;

#[cfg(test)]
mod tests;
