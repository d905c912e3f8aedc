//! The BirQadam domain: aggregates, their commands and events, value objects and domain errors.
//!
//! Everything here is pure: no database, no HTTP, no clock reads, no file or network IO. Aggregates
//! decide from their own state plus the command; anything from outside arrives in the command or
//! through a port in the aggregate's `Services`. This crate must not depend on sqlx, axum, teloxide
//! or postgres-es; it uses only cqrs-es's traits.

pub mod account;
pub mod achievement;
pub mod actor;
pub mod assignment;
pub mod clock;
mod guard;
pub mod identity_claim;
pub mod ids;
pub mod leaderboard_period;
pub mod notification;
pub mod project;
pub mod refusal;
pub mod standing;
pub mod task;
pub mod validation;
pub mod values;

pub use actor::{Actor, Channel, Role};
pub use refusal::RefusalKind;
