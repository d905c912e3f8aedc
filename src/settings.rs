//! The service-wide settings, read from the environment once by the composition root (the binary
//! loads `.env` with dotenvy first). Each part of the service receives only its typed slice:
//! [`Settings::http`] for the API, [`Settings::auth`] for the write side, the photo store's location,
//! and (as they come) the bot's and the notifier's.
//!
//! Every variable, its default and meaning:
//! - `HTTP_ADDR` (`127.0.0.1:8080`), `DATABASE_URL` (unset: embedded local PostgreSQL),
//!   `APP_ENV` (`development` | `production`), `DATA_DIR` (`.data`: local cluster, photos)
//! - `JWT_SECRET` (a marked development value; in production it must be set, not the default,
//!   and at least 32 bytes)
//! - `RATE_LIMITS` (`on` | `off`), `CORS_ORIGINS` (comma list; empty: no CORS),
//!   `REQUEST_TIMEOUT_SECS` (30), `READ_YOUR_WRITES_TIMEOUT_MS` (3000)
//! - `ACCESS_TOKEN_TTL_SECS` (900), `REFRESH_TOKEN_TTL_DAYS` (30)
//! - `ARGON2_MEMORY_KIB` (19456), `ARGON2_ITERATIONS` (2), `ARGON2_PARALLELISM` (1)
//! - `PASSWORD_HASHING_QUEUE` (16): logins and registrations that may wait for a hashing turn
//!   while one hash runs per core; past it they are answered 503 `service.busy` with `Retry-After`
//! - `TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`, `FCM_SERVICE_ACCOUNT_FILE`, `SENTRY_DSN` (optional)
//! - `TELEGRAM_POLL_TIMEOUT_SECS` (10, below the client's 17 s), `TELEGRAM_WEBHOOK_URL` (unset:
//!   long polling; set: the public HTTPS URL Telegram posts updates to, served by the HTTP
//!   server) and `TELEGRAM_WEBHOOK_SECRET` (required with a webhook: 1–256 of `[A-Za-z0-9_-]`)
//! - the notifier (on when a bot token or a service account is set): `FCM_API_URL`
//!   (`https://fcm.googleapis.com`), `NOTIFY_TELEGRAM_PER_SECOND` (25), `NOTIFY_PUSH_CONCURRENCY`
//!   (32), `NOTIFY_LEASE_SECS` (60), `NOTIFY_MAX_EVENT_AGE_HOURS` (24), `NOTIFY_POLL_MS` (500)
//! - `PHOTO_S3_BUCKET`, `PHOTO_S3_ENDPOINT` (optional S3-compatible photo storage; credentials from `AWS_*`)
//! - `AUDIT_SIGNING_KEY_FILE` (the audit log's Ed25519 key in Go's signer-key format; unset in
//!   development: generated under `DATA_DIR/audit/` on first start; production refuses to start
//!   without it), `AUDIT_LOG_ORIGIN` (`birqadam.kz/log`: the log's origin and key name)
//! - `PHOTO_URL_SECRET` (the key of the legacy door's signed photo URLs, docs/decisions/0031;
//!   unset: derived from `JWT_SECRET`)
//! - `RUST_LOG` (log filter, read by `telemetry`), `LOG_FORMAT` (`json` forces JSON logs)

use std::path::PathBuf;
use std::time::Duration;

mod lookup;
mod secret;
mod slices;

pub use secret::Secret;

/// The JWT secret used when `JWT_SECRET` is unset; refused in production.
pub const DEV_JWT_SECRET: &str = "INSECURE-development-only-jwt-secret-change-me";

/// The audit log's origin when `AUDIT_LOG_ORIGIN` is unset.
pub const DEFAULT_AUDIT_LOG_ORIGIN: &str = "birqadam.kz/log";

/// Minimum length of the JWT secret in production.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// Where the process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    /// Local development and tests: defaults allowed, pretty logs.
    Development,
    /// Production: JSON logs, a real JWT secret required.
    Production,
}

/// Argon2 cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// Everything the process reads from its environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Listen address (`host:port`).
    pub http_addr: String,
    /// PostgreSQL URL; `None` means the embedded local cluster.
    pub database_url: Option<Secret>,
    /// HS256 secret for access tokens.
    pub jwt_secret: Secret,
    /// The key of signed photo URLs (none: derived from `jwt_secret`).
    pub photo_url_secret: Option<Secret>,
    /// Development or production.
    pub app_env: AppEnv,
    /// Local data directory.
    pub data_dir: PathBuf,
    /// Whether login/registration/upload rate limits are on.
    pub rate_limits: bool,
    /// Allowed CORS origins; empty means no CORS layer.
    pub cors_origins: Vec<String>,
    /// Whole-request timeout.
    pub request_timeout: Duration,
    /// Access token lifetime.
    pub access_token_ttl: Duration,
    /// Refresh token lifetime.
    pub refresh_token_ttl: Duration,
    /// Password hashing cost.
    pub argon2: Argon2Params,
    /// How many password hashes may wait while one runs per core (then 503 `service.busy`).
    pub password_hashing_queue: usize,
    /// Bound on the read-your-writes wait after a command.
    pub read_your_writes_timeout: Duration,
    /// Telegram bot token (the bot runs when set).
    pub telegram_bot_token: Option<Secret>,
    /// Telegram Bot API base URL override (tests, local Bot API servers).
    pub telegram_api_url: Option<String>,
    /// The long-poll timeout.
    pub telegram_poll_timeout: Duration,
    /// The public webhook URL (unset: long polling).
    pub telegram_webhook_url: Option<String>,
    /// The webhook's secret token (checked on every update Telegram posts).
    pub telegram_webhook_secret: Option<Secret>,
    /// FCM service-account JSON file.
    pub fcm_service_account_file: Option<PathBuf>,
    /// FCM HTTP v1 base URL.
    pub fcm_api_url: String,
    /// Telegram messages per second the notifier sends at most.
    pub notify_telegram_per_second: u32,
    /// FCM requests the notifier keeps in flight.
    pub notify_push_concurrency: usize,
    /// A claimed delivery's lease.
    pub notify_lease: Duration,
    /// Events older than this are not notified.
    pub notify_max_event_age: Duration,
    /// How often the notifier's senders look for due deliveries unprompted.
    pub notify_poll: Duration,
    /// Sentry DSN.
    pub sentry_dsn: Option<Secret>,
    /// S3-compatible bucket for photos; `None` stores them under `DATA_DIR/photos`.
    pub photo_s3_bucket: Option<String>,
    /// Endpoint of a non-AWS S3-compatible service (MinIO and the like).
    pub photo_s3_endpoint: Option<String>,
    /// The audit log's signer key file; `None` in development means `DATA_DIR/audit/log.key`.
    pub audit_signing_key_file: Option<PathBuf>,
    /// The audit log's origin (the name of its key).
    pub audit_log_origin: String,
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Development settings for tests: a free port, cheap Argon2, rate limits on, short timeouts.
    #[cfg(any(test, feature = "testing"))]
    pub fn for_tests() -> Self {
        let mut s = Self::from_lookup(|_| None).expect("the defaults are valid");
        s.http_addr = "127.0.0.1:0".to_owned();
        s.argon2 = Argon2Params {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        };
        // an upper bound only (answers come as soon as the views catch up): generous, so a machine
        // loaded by parallel tests never turns a slow projector into a failed request
        s.read_your_writes_timeout = Duration::from_secs(15);
        s
    }

    /// Whether this is a production process.
    pub fn is_production(&self) -> bool {
        self.app_env == AppEnv::Production
    }
}

#[cfg(test)]
mod tests;
