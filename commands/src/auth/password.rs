//! Argon2id password hashing, off the async runtime's threads.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

use super::AuthConfig;

/// Hashes and verifies passwords with configurable Argon2id parameters.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// A hash of a random password, verified against when the account does not exist, so that
    /// a wrong login costs the same time as a wrong password.
    dummy: String,
}

impl PasswordHasher {
    /// Builds a hasher from the auth settings.
    pub fn new(config: &AuthConfig) -> anyhow::Result<Self> {
        let params = Params::new(
            config.argon2_memory_kib,
            config.argon2_iterations,
            config.argon2_parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("bad argon2 parameters: {e}"))?;
        let mut hasher = Self {
            params,
            dummy: String::new(),
        };
        hasher.dummy = hasher.hash_blocking("dummy password for timing")?;
        Ok(hasher)
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    fn hash_blocking(&self, password: &str) -> anyhow::Result<String> {
        let mut bytes = [0u8; 16];
        rand::fill(&mut bytes);
        let hash: PasswordHash = self
            .argon()
            .hash_password_with_salt(password.as_bytes(), &bytes)
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
        Ok(hash.to_string())
    }

    /// Hashes a password (on a blocking thread).
    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let this = self.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || this.hash_blocking(&password)).await?
    }

    /// Verifies a password against a stored hash, or against a dummy when there is none.
    pub async fn verify(&self, password: &str, stored: Option<String>) -> bool {
        let this = self.clone();
        let password = password.to_owned();
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy.clone());
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&stored)
                .map(|parsed| {
                    this.argon()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        ok && exists
    }
}
