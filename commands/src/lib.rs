//! The write side of BirQadam: cqrs-es over postgres-es, command metadata, bounded retries on
//! optimistic conflicts, identity claims, authentication, and the `Commands` facade that the
//! adapters (REST API, bot) call. It depends on `domain` and `projections` (for read-your-writes
//! waits), never on an adapter.

pub mod accounts;
pub mod auth;
pub mod consistency;
pub mod devices;
pub mod error;
pub mod metadata;
pub mod store;

use std::sync::Arc;

use birqadam_domain::account::Account;
use birqadam_domain::clock::Clock;
use birqadam_domain::identity_claim::IdentityClaim;
use postgres_es::{PostgresCqrs, postgres_cqrs};
use sqlx::PgPool;

pub use accounts::{NewAccount, ProfileChanges};
pub use auth::{AccessClaims, AuthConfig, Tokens};
pub use devices::Platform;
pub use error::{AuthError, CommandError, DomainError};
pub use metadata::CommandContext;

/// Waits until the read side includes a stream's latest events (read-your-writes), bounded.
#[async_trait::async_trait]
pub trait Catchup: Send + Sync {
    /// Returns once every view has applied the latest event of the stream, or after a timeout.
    async fn stream(&self, aggregate_type: &'static str, aggregate_id: &str);
}

/// A `Catchup` that does not wait (for tools that never read views).
pub struct NoWait;

#[async_trait::async_trait]
impl Catchup for NoWait {
    async fn stream(&self, _: &'static str, _: &str) {}
}

pub(crate) struct Inner {
    pub(crate) pool: PgPool,
    pub(crate) accounts: PostgresCqrs<Account>,
    pub(crate) claims: PostgresCqrs<IdentityClaim>,
    pub(crate) passwords: auth::PasswordHasher,
    pub(crate) access: auth::AccessTokens,
    pub(crate) refresh: auth::RefreshTokens,
    pub(crate) catchup: Arc<dyn Catchup>,
    pub(crate) clock: Arc<dyn Clock>,
}

/// The one entry point for every state change, shared by the REST API, the bot and the CLI.
#[derive(Clone)]
pub struct Commands {
    pub(crate) inner: Arc<Inner>,
}

impl Commands {
    /// Wires the command side on `pool`.
    pub fn new(
        pool: PgPool,
        auth: &AuthConfig,
        catchup: Arc<dyn Catchup>,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            inner: Arc::new(Inner {
                accounts: postgres_cqrs(pool.clone(), vec![], ()),
                claims: postgres_cqrs(pool.clone(), vec![], ()),
                passwords: auth::PasswordHasher::new(auth)?,
                access: auth::AccessTokens::new(auth),
                refresh: auth::RefreshTokens::new(pool.clone(), auth.refresh_ttl),
                catchup,
                clock,
                pool,
            }),
        })
    }

    /// The database pool (for the composition root).
    pub fn pool(&self) -> &PgPool {
        &self.inner.pool
    }

    /// The clock commands are decided with.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// Event metadata for a command in `ctx`, stamped with the clock's `occurred_at`.
    pub(crate) fn metadata(&self, ctx: &CommandContext) -> std::collections::HashMap<String, String> {
        let mut m = ctx.to_metadata();
        m.insert("occurred_at".to_owned(), self.inner.clock.now().to_rfc3339());
        m
    }

    pub(crate) async fn caught_up(&self, aggregate_type: &'static str, id: &str) {
        self.inner.catchup.stream(aggregate_type, id).await;
    }
}

/// The database schema, embedded: applied by `birqadam migrate` and at `serve` start.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");
