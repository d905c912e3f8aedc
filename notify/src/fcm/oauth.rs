//! OAuth2 access tokens for FCM from a service-account JSON: an RS256 JWT assertion (scope
//! `firebase.messaging`, audience the JSON's `token_uri`) exchanged at `token_uri`, cached until
//! a minute before it expires, dropped on demand (a 401 from FCM).

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tokio::time::Instant;

const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";

/// The fields of a service-account JSON the notifier needs.
#[derive(Clone, Deserialize)]
pub struct ServiceAccount {
    /// The Firebase project (the send URL's `{project_id}`).
    pub project_id: String,
    /// The account's e-mail (the assertion's issuer).
    pub client_email: String,
    /// The PEM private key.
    pub private_key: String,
    /// The key's id (the JWT `kid`).
    #[serde(default)]
    pub private_key_id: Option<String>,
    /// Where assertions are exchanged for access tokens.
    pub token_uri: String,
}

impl std::fmt::Debug for ServiceAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("project_id", &self.project_id)
            .field("client_email", &self.client_email)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

impl ServiceAccount {
    /// Reads a service-account JSON file.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading FCM_SERVICE_ACCOUNT_FILE {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| {
            format!(
                "FCM_SERVICE_ACCOUNT_FILE {} is not a service account",
                path.display()
            )
        })
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default = "an_hour")]
    expires_in: u64,
}

fn an_hour() -> u64 {
    3600
}

/// A cached access token source.
pub struct AccessTokens {
    account: ServiceAccount,
    key: EncodingKey,
    http: reqwest::Client,
    cached: Mutex<Option<(String, Instant)>>,
}

impl AccessTokens {
    /// A token source for `account` (its key is parsed now: a bad key fails at start).
    pub fn new(account: ServiceAccount, http: reqwest::Client) -> anyhow::Result<Self> {
        let key = EncodingKey::from_rsa_pem(account.private_key.as_bytes())
            .context("the service account's private_key is not an RSA PEM key")?;
        Ok(Self {
            account,
            key,
            http,
            cached: Mutex::new(None),
        })
    }

    /// A valid access token (fetched when none is cached or it is about to expire).
    pub async fn token(&self) -> anyhow::Result<String> {
        let mut cached = self.cached.lock().await;
        if let Some((token, until)) = cached.as_ref()
            && *until > Instant::now()
        {
            return Ok(token.clone());
        }
        let (token, lifetime) = self.fetch().await?;
        let margin = Duration::from_secs(60).min(lifetime / 2);
        *cached = Some((token.clone(), Instant::now() + lifetime - margin));
        Ok(token)
    }

    /// Forgets the cached token if it is still `rejected` (FCM answered 401 to it).
    pub async fn reject(&self, rejected: &str) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|(t, _)| t == rejected) {
            *cached = None;
        }
    }

    async fn fetch(&self) -> anyhow::Result<(String, Duration)> {
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let claims = Claims {
            iss: &self.account.client_email,
            scope: SCOPE,
            aud: &self.account.token_uri,
            iat,
            exp: iat + 3600,
        };
        let mut header = Header::new(Algorithm::RS256);
        header.kid = self.account.private_key_id.clone();
        let assertion = jsonwebtoken::encode(&header, &claims, &self.key)
            .context("signing the OAuth assertion")?;
        let response = self
            .http
            .post(&self.account.token_uri)
            .form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                ("assertion", assertion.as_str()),
            ])
            .send()
            .await
            .context("calling the OAuth token endpoint")?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            anyhow::bail!("the OAuth token endpoint answered {status}: {body}");
        }
        let answer: TokenAnswer = response
            .json()
            .await
            .context("reading the OAuth token answer")?;
        Ok((
            answer.access_token,
            Duration::from_secs(answer.expires_in.max(1)),
        ))
    }
}
