//! The write side of BirQadam: cqrs-es aggregates, one batching writer per stream over our own
//! event log (multi-row appends), command metadata, bounded retries on
//! optimistic conflicts, identity claims, authentication, and the `Commands` facade that the
//! adapters (REST API, bot) call. It depends on `domain` and `projections` (for read-your-writes
//! waits and the facts below), never on an adapter.
//!
//! **Where a command's facts come from.** A fact a decision depends on — who owns the project,
//! whether the volunteer is a member and targeted, whether the task is open, which report attempt is
//! pending — is read from the aggregate's own stream (`store::load`) right before the command, or is
//! the aggregate's own state: it is current, and the stream's version guards what is appended. A
//! lookup that no single stream can answer — which assignment a report id belongs to, which tasks
//! are due or open for a fan-out — comes from the views through `Queries` (never SQL of our own on
//! view tables); a view that lags can only make such a lookup miss (`NotFound`) or a fan-out start
//! later, never let a decision pass that its aggregate would refuse.

pub mod accounts;
pub mod auth;
pub mod consistency;
pub mod devices;
pub mod dialogues;
pub mod error;
pub mod idempotency;
pub mod metadata;
pub mod notification_settings;
pub mod periods;
pub mod projects;
pub mod rating;
pub mod reports;
pub mod store;
pub mod tasks;

use std::sync::Arc;

use birqadam_domain::account::Account;
use birqadam_domain::achievement::AchievementCatalogue;
use birqadam_domain::assignment::Assignment;
use birqadam_domain::clock::Clock;
use birqadam_domain::identity_claim::IdentityClaim;
use birqadam_domain::leaderboard_period::LeaderboardPeriod;
use birqadam_domain::project::Project;
use birqadam_domain::task::Task;
use birqadam_photos::{PhotoLimits, PhotoStore};
use birqadam_projections::Queries;
use sqlx::PgPool;
use store::{EventLog, StreamWriter};

pub use accounts::{NewAccount, ProfileChanges};
pub use auth::{AccessClaims, AuthConfig, SessionKind, Tokens};
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
    pub(crate) queries: Queries,
    pub(crate) accounts: StreamWriter<Account>,
    pub(crate) claims: StreamWriter<IdentityClaim>,
    pub(crate) passwords: auth::PasswordHasher,
    pub(crate) access: auth::AccessTokens,
    pub(crate) refresh: auth::RefreshTokens,
    pub(crate) projects: StreamWriter<Project>,
    pub(crate) tasks: StreamWriter<Task>,
    pub(crate) assignments: StreamWriter<Assignment>,
    pub(crate) catalogue: StreamWriter<AchievementCatalogue>,
    pub(crate) periods: StreamWriter<LeaderboardPeriod>,
    pub(crate) catchup: Arc<dyn Catchup>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) photos: PhotoStore,
    pub(crate) photo_limits: PhotoLimits,
}

/// Everything the write side needs from the composition root.
pub struct Dependencies {
    /// Authentication settings.
    pub auth: AuthConfig,
    /// Read-your-writes waiter.
    pub catchup: Arc<dyn Catchup>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Where photos go.
    pub photos: PhotoStore,
    /// Photo limits.
    pub photo_limits: PhotoLimits,
}

/// The one entry point for every state change, shared by the REST API, the bot and the CLI.
#[derive(Clone)]
pub struct Commands {
    pub(crate) inner: Arc<Inner>,
    /// Whether commands wait for the views before returning (read-your-writes).
    wait: bool,
}

impl Commands {
    /// Wires the command side on `pool`.
    pub fn new(pool: PgPool, deps: Dependencies) -> anyhow::Result<Self> {
        let auth = &deps.auth;
        // one log for every writer: their appends share statements (group commit)
        let log = EventLog::new(pool.clone());
        Ok(Self {
            inner: Arc::new(Inner {
                accounts: StreamWriter::new(log.clone()),
                claims: StreamWriter::new(log.clone()),
                projects: StreamWriter::new(log.clone()),
                tasks: StreamWriter::new(log.clone()),
                assignments: StreamWriter::new(log.clone()),
                catalogue: StreamWriter::new(log.clone()),
                periods: StreamWriter::new(log),
                passwords: auth::PasswordHasher::new(auth)?,
                access: auth::AccessTokens::new(auth),
                refresh: auth::RefreshTokens::new(pool.clone(), auth.refresh_ttl),
                catchup: deps.catchup,
                clock: deps.clock,
                photos: deps.photos,
                photo_limits: deps.photo_limits,
                queries: Queries::new(pool.clone()),
                pool,
            }),
            wait: true,
        })
    }

    /// The same facade without read-your-writes waits (for process managers, which run inside
    /// the projector runner and must not wait on themselves).
    pub fn without_wait(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            wait: false,
        }
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
    pub(crate) fn metadata(
        &self,
        ctx: &CommandContext,
    ) -> std::collections::HashMap<String, String> {
        let mut m = ctx.to_metadata();
        m.insert(
            "occurred_at".to_owned(),
            self.inner.clock.now().to_rfc3339(),
        );
        m
    }

    /// Executes a command (with retries), maps refusals, and waits for the views (read-your-writes).
    pub(crate) async fn run<A>(
        &self,
        cqrs: &StreamWriter<A>,
        id: uuid::Uuid,
        command: A::Command,
        ctx: &CommandContext,
    ) -> Result<(), CommandError>
    where
        A: cqrs_es::Aggregate<Services = ()> + Clone + 'static,
        A::Command: Clone + Send + Sync + 'static,
        A::Error: Into<DomainError> + std::error::Error + Send + Sync + 'static,
    {
        let key = id.to_string();
        match store::execute(cqrs, &key, command, &self.metadata(ctx)).await? {
            store::Outcome::Done => {
                self.caught_up(A::TYPE, &key).await;
                Ok(())
            }
            store::Outcome::Rejected(e) => {
                let e: DomainError = e.into();
                if e.kind() == birqadam_domain::RefusalKind::NotFound {
                    Err(CommandError::NotFound)
                } else {
                    Err(e.into())
                }
            }
        }
    }

    pub(crate) async fn caught_up(&self, aggregate_type: &'static str, id: &str) {
        if self.wait {
            self.inner.catchup.stream(aggregate_type, id).await;
        }
    }
}

/// The database schema, embedded: applied by `birqadam migrate` and at `serve` start.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");
