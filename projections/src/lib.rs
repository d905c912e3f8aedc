//! The read side of BirQadam: the ordered log reader, the projector runner and the views.
//!
//! Consumers read the event log in `(transaction_id, global_position)` order, only below the
//! snapshot xmin, so a late-committing transaction is never skipped. Each projector applies a
//! batch of events to its view together with its checkpoint in one transaction (exactly once per
//! view), holds an advisory lock so that one replica runs it, wakes on NOTIFY with a polling
//! fallback, and can be rebuilt from position zero into a shadow table that is swapped in.
//! This crate never calls the write side (`commands`); it depends only on `domain` and sqlx.

use std::sync::Arc;

pub mod accounts;
pub mod achievements;
pub mod activity;
pub mod assignments;
mod batch;
pub mod catchup;
pub mod leaderboard;
pub mod log;
pub mod organizer_applications;
pub mod projector;
pub mod projects;
pub mod queries;
pub mod rating_history;
pub mod rebuild;
pub mod runner;
pub mod tasks;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;

pub use catchup::Catchup;
pub use log::{Checkpoint, StoredEvent};
pub use projector::Projector;
pub use queries::Queries;
pub use rebuild::rebuild;
pub use runner::{ProjectionRunner, run_once};

/// Every view of the system; add a new one here.
pub fn all_projectors() -> Vec<Arc<dyn Projector>> {
    vec![
        Arc::new(accounts::AccountsProjector),
        Arc::new(organizer_applications::OrganizerApplicationsProjector),
        Arc::new(projects::ProjectsProjector),
        Arc::new(tasks::TasksProjector),
        Arc::new(assignments::AssignmentsProjector),
        Arc::new(rating_history::RatingHistoryProjector),
        Arc::new(leaderboard::LeaderboardProjector),
        Arc::new(achievements::AchievementsProjector),
        Arc::new(activity::ActivityProjector),
    ]
}
