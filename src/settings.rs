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
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};

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

    /// Reads settings through `lookup` (a variable name → its value), validating every value.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let app_env = match get("APP_ENV").as_deref() {
            None | Some("development") => AppEnv::Development,
            Some("production") => AppEnv::Production,
            Some(other) => bail!("APP_ENV must be development or production, got {other:?}"),
        };
        let jwt_secret = get("JWT_SECRET");
        if app_env == AppEnv::Production {
            match jwt_secret.as_deref() {
                None => bail!("JWT_SECRET must be set in production"),
                Some(DEV_JWT_SECRET) => {
                    bail!("JWT_SECRET must not be the development default in production")
                }
                Some(s) if s.len() < MIN_JWT_SECRET_BYTES => {
                    bail!("JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes in production")
                }
                Some(_) => {}
            }
            if get("PHOTO_URL_SECRET").is_some_and(|s| s.len() < MIN_JWT_SECRET_BYTES) {
                bail!(
                    "PHOTO_URL_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes in production"
                )
            }
        }
        let rate_limits = match get("RATE_LIMITS").as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => bail!("RATE_LIMITS must be on or off, got {other:?}"),
        };
        let num = |name: &str, default: u64| number::<u64>(get(name), name, default);
        let num32 = |name: &str, default: u32| number::<u32>(get(name), name, default);
        Ok(Self {
            http_addr: get("HTTP_ADDR").unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            database_url: get("DATABASE_URL").map(Secret::new),
            jwt_secret: Secret::new(jwt_secret.unwrap_or_else(|| DEV_JWT_SECRET.to_owned())),
            app_env,
            data_dir: PathBuf::from(get("DATA_DIR").unwrap_or_else(|| ".data".to_owned())),
            rate_limits,
            cors_origins: get("CORS_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            request_timeout: Duration::from_secs(positive(
                num("REQUEST_TIMEOUT_SECS", 30)?,
                "REQUEST_TIMEOUT_SECS",
            )?),
            access_token_ttl: Duration::from_secs(positive(
                num("ACCESS_TOKEN_TTL_SECS", 900)?,
                "ACCESS_TOKEN_TTL_SECS",
            )?),
            refresh_token_ttl: Duration::from_secs(
                positive(num("REFRESH_TOKEN_TTL_DAYS", 30)?, "REFRESH_TOKEN_TTL_DAYS")? * 86_400,
            ),
            argon2: Argon2Params {
                memory_kib: num32("ARGON2_MEMORY_KIB", 19_456)?,
                iterations: num32("ARGON2_ITERATIONS", 2)?,
                parallelism: num32("ARGON2_PARALLELISM", 1)?,
            },
            password_hashing_queue: number::<usize>(
                get("PASSWORD_HASHING_QUEUE"),
                "PASSWORD_HASHING_QUEUE",
                16,
            )?,
            read_your_writes_timeout: Duration::from_millis(num(
                "READ_YOUR_WRITES_TIMEOUT_MS",
                3000,
            )?),
            photo_url_secret: get("PHOTO_URL_SECRET").map(Secret::new),
            telegram_bot_token: get("TELEGRAM_BOT_TOKEN").map(Secret::new),
            telegram_api_url: get("TELEGRAM_API_URL"),
            telegram_poll_timeout: Duration::from_secs(positive(
                num("TELEGRAM_POLL_TIMEOUT_SECS", 10)?,
                "TELEGRAM_POLL_TIMEOUT_SECS",
            )?),
            telegram_webhook_url: get("TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_secret: match (
                get("TELEGRAM_WEBHOOK_URL"),
                get("TELEGRAM_WEBHOOK_SECRET"),
            ) {
                (Some(_), None) => {
                    bail!("TELEGRAM_WEBHOOK_SECRET must be set with TELEGRAM_WEBHOOK_URL")
                }
                (_, Some(secret)) if !valid_secret_token(&secret) => {
                    bail!("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
                }
                (_, secret) => secret.map(Secret::new),
            },
            fcm_service_account_file: get("FCM_SERVICE_ACCOUNT_FILE").map(PathBuf::from),
            fcm_api_url: get("FCM_API_URL")
                .unwrap_or_else(|| "https://fcm.googleapis.com".to_owned()),
            notify_telegram_per_second: u32::try_from(positive(
                num("NOTIFY_TELEGRAM_PER_SECOND", 25)?,
                "NOTIFY_TELEGRAM_PER_SECOND",
            )?)
            .context("NOTIFY_TELEGRAM_PER_SECOND is too large")?,
            notify_push_concurrency: usize::try_from(positive(
                num("NOTIFY_PUSH_CONCURRENCY", 32)?,
                "NOTIFY_PUSH_CONCURRENCY",
            )?)
            .context("NOTIFY_PUSH_CONCURRENCY is too large")?,
            notify_lease: Duration::from_secs(positive(
                num("NOTIFY_LEASE_SECS", 60)?,
                "NOTIFY_LEASE_SECS",
            )?),
            notify_max_event_age: Duration::from_secs(
                positive(
                    num("NOTIFY_MAX_EVENT_AGE_HOURS", 24)?,
                    "NOTIFY_MAX_EVENT_AGE_HOURS",
                )? * 3600,
            ),
            notify_poll: Duration::from_millis(positive(
                num("NOTIFY_POLL_MS", 500)?,
                "NOTIFY_POLL_MS",
            )?),
            sentry_dsn: get("SENTRY_DSN").map(Secret::new),
            photo_s3_bucket: get("PHOTO_S3_BUCKET"),
            photo_s3_endpoint: get("PHOTO_S3_ENDPOINT"),
            audit_signing_key_file: get("AUDIT_SIGNING_KEY_FILE").map(PathBuf::from),
            audit_log_origin: get("AUDIT_LOG_ORIGIN")
                .unwrap_or_else(|| DEFAULT_AUDIT_LOG_ORIGIN.to_owned()),
        })
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

fn number<T: FromStr>(value: Option<String>, name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match value {
        None => Ok(default),
        Some(v) => v
            .parse()
            .with_context(|| format!("{name} must be a non-negative integer, got {v:?}")),
    }
}

/// Telegram's rule for a webhook secret token.
fn valid_secret_token(token: &str) -> bool {
    (1..=256).contains(&token.len())
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn positive(value: u64, name: &str) -> anyhow::Result<u64> {
    if value == 0 {
        bail!("{name} must be greater than zero");
    }
    Ok(value)
}

#[cfg(test)]
mod tests;
