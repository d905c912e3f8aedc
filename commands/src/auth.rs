//! Authentication: password hashing, access tokens (JWT), rotating refresh tokens, and the
//! non-rotating refresh tokens of the legacy door (docs/decisions/0019).

mod jwt;
mod legacy;
mod password;
mod refresh;

use std::time::Duration;

pub use jwt::{AccessClaims, AccessTokens};
pub use password::{BUSY_RETRY_AFTER, PasswordHasher};
pub use refresh::RefreshTokens;

/// The default of [`AuthConfig::hashing_queue`] (`PASSWORD_HASHING_QUEUE`).
pub const DEFAULT_HASHING_QUEUE: usize = 16;

/// Authentication settings.
#[derive(Clone)]
pub struct AuthConfig {
    /// HMAC secret for access tokens.
    pub jwt_secret: String,
    /// Lifetime of an access token.
    pub access_ttl: Duration,
    /// Lifetime of a refresh token (and of its family without use).
    pub refresh_ttl: Duration,
    /// Argon2id memory cost in KiB.
    pub argon2_memory_kib: u32,
    /// Argon2id iterations.
    pub argon2_iterations: u32,
    /// Argon2id lanes.
    pub argon2_parallelism: u32,
    /// How many password hashes may wait for a turn when one runs on every core; past that
    /// a caller is answered `Busy` (docs/decisions/0013).
    pub hashing_queue: usize,
}

impl AuthConfig {
    /// Cheap hashing and a fixed secret, for tests (feature `testing`).
    #[cfg(any(test, feature = "testing"))]
    pub fn for_tests() -> Self {
        Self {
            jwt_secret: "test-secret-test-secret-test-secret!".to_owned(),
            access_ttl: Duration::from_secs(900),
            refresh_ttl: Duration::from_secs(30 * 86_400),
            argon2_memory_kib: 64,
            argon2_iterations: 1,
            argon2_parallelism: 1,
            hashing_queue: DEFAULT_HASHING_QUEUE,
        }
    }
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("jwt_secret", &"***")
            .field("access_ttl", &self.access_ttl)
            .field("refresh_ttl", &self.refresh_ttl)
            .field("hashing_queue", &self.hashing_queue)
            .finish_non_exhaustive()
    }
}

/// Which refresh-token policy a new session gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// `/api/v1`: rotated at every refresh; reusing a rotated token revokes the family.
    Rotating,
    /// The legacy door: never rotated, expiry slides with use (docs/decisions/0019).
    Legacy,
}

/// The tokens handed to a client after login, registration or refresh.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Tokens {
    /// Short-lived JWT.
    pub access_token: String,
    /// Opaque, rotating refresh token.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Access token lifetime in seconds.
    pub expires_in: u64,
}
