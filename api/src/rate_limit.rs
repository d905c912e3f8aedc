//! Per-IP rate limits on login, registration and uploads (tower_governor), off with
//! `RATE_LIMITS=off`. A 429 is problem+json with `Retry-After`.
//!
//! The key is the peer IP, so the server must run with
//! `into_make_service_with_connect_info::<SocketAddr>()` (as [`crate::startup::serve`] does).
//!
//! ```ignore
//! let limits = RateLimits::new(&settings);
//! limits.spawn_cleanup();
//! let routes = Router::new()
//!     .merge(limits.login(Router::new().route("/auth/login", post(login))))
//!     .merge(limits.registration(Router::new().route("/auth/register", post(register))));
//! ```

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::response::IntoResponse;
use governor::middleware::NoOpMiddleware;
use tower_governor::GovernorError;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::PeerIpKeyExtractor;

use crate::error::ApiError;
use crate::settings::HttpSettings;

type Config = GovernorConfig<PeerIpKeyExtractor, NoOpMiddleware>;

/// A bucket: `burst` requests at once, then one more every `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Replenishment interval of one request.
    pub period: Duration,
    /// Requests allowed at once.
    pub burst: u32,
}

/// Login: 5 attempts, then one every 12 s (5 per minute).
pub const LOGIN: Quota = Quota {
    period: Duration::from_secs(12),
    burst: 5,
};
/// Registration: 10 at once, then 10 per minute.
pub const REGISTRATION: Quota = Quota {
    period: Duration::from_secs(6),
    burst: 10,
};
/// Photo uploads: 10 at once, then 30 per minute.
pub const UPLOADS: Quota = Quota {
    period: Duration::from_secs(2),
    burst: 10,
};

/// The limiters of one process (each shared by every route it guards); `None` when off.
#[derive(Clone)]
pub struct RateLimits {
    login: Option<Arc<Config>>,
    registration: Option<Arc<Config>>,
    uploads: Option<Arc<Config>>,
}

impl RateLimits {
    /// The limits of these settings (all disabled with `RATE_LIMITS=off`).
    pub fn new(settings: &HttpSettings) -> Self {
        let make = |q: Quota| settings.rate_limits.then(|| config(q));
        Self {
            login: make(LOGIN),
            registration: make(REGISTRATION),
            uploads: make(UPLOADS),
        }
    }

    /// Guards the routes of `router` with the login limit.
    pub fn login<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S> {
        apply(router, self.login.as_ref())
    }

    /// Guards the routes of `router` with the registration limit.
    pub fn registration<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S> {
        apply(router, self.registration.as_ref())
    }

    /// Guards the routes of `router` with the upload limit.
    pub fn uploads<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S> {
        apply(router, self.uploads.as_ref())
    }

    /// Forgets idle keys every minute, so the in-memory state stays small.
    pub fn spawn_cleanup(&self) -> tokio::task::JoinHandle<()> {
        let limiters: Vec<_> = [&self.login, &self.registration, &self.uploads]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                for l in &limiters {
                    l.limiter().retain_recent();
                }
            }
        })
    }
}

/// A governor config for a quota.
pub fn config(q: Quota) -> Arc<Config> {
    let mut builder = GovernorConfigBuilder::default();
    builder.period(q.period).burst_size(q.burst);
    Arc::new(builder.finish().unwrap_or_else(|| {
        tracing::error!(
            ?q,
            "invalid rate-limit quota; using the tower_governor default"
        );
        GovernorConfig::default()
    }))
}

fn apply<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    config: Option<&Arc<Config>>,
) -> Router<S> {
    match config {
        None => router,
        Some(c) => router.route_layer(
            tower_governor::GovernorLayer::<_, _, Body>::new(Arc::clone(c)).error_handler(on_error),
        ),
    }
}

fn on_error(e: GovernorError) -> axum::response::Response {
    match e {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::rate_limited(wait_time).into_response(),
        GovernorError::UnableToExtractKey => ApiError::internal(anyhow::anyhow!(
            "rate limiter found no peer address: serve with into_make_service_with_connect_info::<SocketAddr>()"
        ))
        .into_response(),
        GovernorError::Other { code, msg, .. } => {
            ApiError::internal(anyhow::anyhow!("rate limiter error {code}: {msg:?}")).into_response()
        }
    }
}
