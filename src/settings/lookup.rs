//! Reading and validating [`Settings`] from a lookup of variables (the environment, or a map
//! in tests): every value parsed, every rule checked, a clear error naming the variable.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};

use super::{
    AppEnv, Argon2Params, DEFAULT_AUDIT_LOG_ORIGIN, DEV_JWT_SECRET, MIN_JWT_SECRET_BYTES, Secret,
    Settings,
};

impl Settings {
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
