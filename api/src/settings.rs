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
}

impl Default for HttpSettings {
    /// The documented defaults: `127.0.0.1:8080`, rate limits on, no CORS, 30 s per request.
    fn default() -> Self {
        Self {
            http_addr: "127.0.0.1:8080".to_owned(),
            rate_limits: true,
            cors_origins: Vec::new(),
            request_timeout: Duration::from_secs(30),
        }
    }
}
