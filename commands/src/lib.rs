//! The write side of BirQadam: cqrs-es over postgres-es, command metadata, bounded retries on
//! optimistic conflicts, identity claims, authentication, and the `Commands` facade that the
//! adapters (REST API, bot) call. It depends on `domain` and `projections` (for read-your-writes
//! waits), never on an adapter.

pub mod error;
pub mod idempotency;

pub use error::{AuthError, CommandError, DomainError};
