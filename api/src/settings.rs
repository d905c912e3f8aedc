//! The API's slice of the service settings: what the HTTP adapter needs and nothing else. The
//! composition root reads the environment (`birqadam::settings`) and hands this over.

use std::time::Duration;

/// How the HTTP server listens and guards itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// Listen address (`host:port`; port 0 picks a free one).
    pub http_addr: String,
    /// Whether login/registration/upload rate limits are on.
    pub rate_limits: bool,
    /// Allowed CORS origins; empty means no CORS layer.
    pub cors_origins: Vec<String>,
    /// Whole-request timeout.
    pub request_timeout: Duration,
    /// The key of the legacy door's signed photo URLs (docs/decisions/0031).
    pub photo_url_secret: PhotoUrlSecret,
}

/// The HMAC key of signed photo URLs; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct PhotoUrlSecret(Vec<u8>);

impl PhotoUrlSecret {
    /// A key from `PHOTO_URL_SECRET`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The key when `PHOTO_URL_SECRET` is unset: derived from the JWT secret (so it is as strong as
    /// that secret, which production checks) under its own label, so neither can stand in for
    /// the other.
    pub fn derived_from(jwt_secret: &str) -> Self {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(b"birqadam legacy photo urls\0");
        hash.update(jwt_secret.as_bytes());
        Self(hash.finalize().to_vec())
    }

    /// The key's bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for PhotoUrlSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PhotoUrlSecret(..)")
    }
}

impl Default for HttpSettings {
    /// The documented defaults: `127.0.0.1:8080`, rate limits on, no CORS, 30 s per request,
    /// a random photo URL key.
    fn default() -> Self {
        Self {
            http_addr: "127.0.0.1:8080".to_owned(),
            rate_limits: true,
            cors_origins: Vec::new(),
            request_timeout: Duration::from_secs(30),
            photo_url_secret: PhotoUrlSecret::new(uuid::Uuid::new_v4().as_bytes().to_vec()),
        }
    }
}
