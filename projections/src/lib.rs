//! The read side of BirQadam: the ordered log reader, the projector runner and the views.
//!
//! Consumers read the event log in `(transaction_id, global_position)` order, only below the
//! snapshot xmin, so a late-committing transaction is never skipped. Each projector applies a
//! batch of events to its view together with its checkpoint in one transaction (exactly once per
//! view), holds an advisory lock so that one replica runs it, wakes on NOTIFY with a polling
//! fallback, and can be rebuilt from position zero into a shadow table that is swapped in.
//! This crate never calls the write side (`commands`); it depends only on `domain` and sqlx.

pub mod log;

pub use log::{Checkpoint, StoredEvent};
