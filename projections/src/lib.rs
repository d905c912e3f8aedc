//! The read side of BirQadam: the ordered log reader, the log-consumer runner and the views.
//!
//! Log consumers ([`LogConsumer`]: the views' projectors, the process managers, later the
//! notifier) read the event log in `(transaction_id, global_position)` order, only below the
//! snapshot xmin, so a late-committing transaction is never skipped. The [`ConsumerRunner`]
//! applies each consumer's batches together with its checkpoint in one transaction (exactly
//! once per consumer), holds an advisory lock so that one replica runs it, and wakes it on
//! NOTIFY with a polling fallback. A view's projector loads, folds and upserts its rows through
//! one helper (`view_row`), and a view can be rebuilt from position zero into a shadow table
//! that is swapped in. [`Queries`] reads the views, paged by a [`Keyset`].
//! The audit tree (`audit_tree`, `audit_store`) keeps the Merkle tree of the log in PostgreSQL.
//! This crate never calls the write side (`commands`); it depends only on `domain`, `audit` and sqlx.

use std::sync::Arc;

pub mod accounts;
pub mod achievements;
pub mod activity;
pub mod assignments;
pub mod audit_store;
pub mod audit_tree;
mod batch;
pub mod catchup;
pub mod consumer;
pub mod error;
pub mod keyset;
pub mod leaderboard;
pub mod legacy_ids;
pub mod log;
pub mod organizer_applications;
pub mod projects;
pub mod queries;
mod rank_index;
pub mod rating_history;
pub mod rebuild;
pub mod runner;
pub mod tasks;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
mod view_row;
pub mod viewer;

pub use catchup::Catchup;
pub use consumer::LogConsumer;
pub use error::{Chain, QueryError};
pub use keyset::{Keyset, KeysetError, Page};
pub use log::{Checkpoint, StoredEvent};
pub use queries::Queries;
pub use rebuild::{rebuild, rebuild_all};
pub use runner::{ConsumerRunner, LogWatch, run_once};
pub use viewer::Viewer;

/// The projector of every view of the system; add a new one here.
pub fn all_projectors() -> Vec<Arc<dyn LogConsumer>> {
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
        Arc::new(legacy_ids::LegacyIdsProjector),
    ]
}

/// The consumers of the audit log (not views: never rebuilt, their tables are append-only).
pub fn all_audit_consumers() -> Vec<Arc<dyn LogConsumer>> {
    vec![Arc::new(audit_tree::AuditTree)]
}
