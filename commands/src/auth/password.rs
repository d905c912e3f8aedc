//! Argon2id password hashing, off the async runtime's threads and bounded: at most one hash per
//! core runs at once (each holds the full Argon2 memory cost, 19 MiB by default), a short queue
//! waits for a turn, and past it a caller is told to come back later (`CommandError::Busy`)
//! instead of allocating another hash's memory (docs/decisions/0013).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::AuthConfig;
use crate::CommandError;

/// What a caller turned away by a full queue is told to wait before retrying.
pub const BUSY_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Hashes and verifies passwords with configurable Argon2id parameters.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// A hash of a random password, verified against when the account does not exist, so that
    /// a wrong login costs the same time as a wrong password.
    dummy: String,
    limiter: Arc<Limiter>,
}

/// Turns for hashing: `permits` run at once, at most `queue` callers wait for one.
struct Limiter {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
}

/// Leaves the queue when dropped (a turn was given, or the waiting request was cancelled).
struct InQueue<'a>(&'a AtomicUsize);

impl Drop for InQueue<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Limiter {
    fn new(permits: usize, queue: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            waiting: AtomicUsize::new(0),
            queue,
        }
    }

    /// A turn now, a turn after waiting in the queue, or `Busy` when the queue is full.
    async fn turn(&self) -> Result<OwnedSemaphorePermit, CommandError> {
        // the semaphore is fair: while anyone waits, a newcomer does not get a freed permit here
        if let Ok(permit) = Arc::clone(&self.permits).try_acquire_owned() {
            return Ok(permit);
        }
        let ahead = self.waiting.fetch_add(1, Ordering::AcqRel);
        let _in_queue = InQueue(&self.waiting);
        if ahead >= self.queue {
            metrics::counter!("password_hashing_rejected_total").increment(1);
            return Err(CommandError::Busy {
                retry_after: BUSY_RETRY_AFTER,
            });
        }
        Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|e| CommandError::Infrastructure(anyhow::anyhow!("hashing limiter: {e}")))
    }
}

impl PasswordHasher {
    /// Builds a hasher from the auth settings: one hashing turn per core
    /// (`std::thread::available_parallelism`), `config.hashing_queue` waiters.
    pub fn new(config: &AuthConfig) -> anyhow::Result<Self> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::with_turns(config, cores)
    }

    /// Builds a hasher that runs at most `permits` hashes at once.
    pub fn with_turns(config: &AuthConfig, permits: usize) -> anyhow::Result<Self> {
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
            limiter: Arc::new(Limiter::new(permits, config.hashing_queue)),
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

    fn verify_blocking(&self, password: &str, stored: &str) -> bool {
        PasswordHash::new(stored)
            .map(|parsed| {
                self.argon()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    }

    /// Runs `work` on a blocking thread once a hashing turn is free. The turn travels with the
    /// work, so it is given back when the hash is done, even if the request was cancelled.
    async fn on_turn<T>(
        &self,
        work: impl FnOnce(&Self) -> T + Send + 'static,
    ) -> Result<T, CommandError>
    where
        T: Send + 'static,
    {
        let turn = self.limiter.turn().await?;
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let result = work(&this);
            drop(turn);
            result
        })
        .await
        .map_err(|e| CommandError::Infrastructure(anyhow::anyhow!("hashing task failed: {e}")))
    }

    /// Hashes a password (on a blocking thread, in turn).
    pub async fn hash(&self, password: &str) -> Result<String, CommandError> {
        let password = password.to_owned();
        Ok(self
            .on_turn(move |this| this.hash_blocking(&password))
            .await??)
    }

    /// Verifies a password against a stored hash, or against a dummy when there is none (on a
    /// blocking thread, in turn).
    pub async fn verify(&self, password: &str, stored: Option<String>) -> Result<bool, CommandError> {
        let password = password.to_owned();
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy.clone());
        let ok = self
            .on_turn(move |this| this.verify_blocking(&password, &stored))
            .await?;
        Ok(ok && exists)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher(permits: usize, queue: usize) -> PasswordHasher {
        let config = AuthConfig {
            hashing_queue: queue,
            ..AuthConfig::for_tests()
        };
        PasswordHasher::with_turns(&config, permits).expect("valid test parameters")
    }

    #[tokio::test]
    async fn a_hash_verifies_and_a_wrong_password_does_not() {
        let h = hasher(1, 1);
        let stored = h.hash("correct horse").await.expect("hashed");
        assert!(h.verify("correct horse", Some(stored.clone())).await.expect("a turn"));
        assert!(!h.verify("wrong horse", Some(stored)).await.expect("a turn"));
        assert!(!h.verify("correct horse", None).await.expect("a turn"));
    }

    #[tokio::test]
    async fn past_the_queue_a_caller_is_told_to_retry_and_a_freed_turn_serves_again() {
        let h = hasher(1, 1);
        // hold the only turn and fill the one queue place
        let held = h.limiter.turn().await.expect("the free turn");
        let queued = {
            let h = h.clone();
            tokio::spawn(async move { h.hash("queued").await })
        };
        while h.limiter.waiting.load(Ordering::Acquire) == 0 {
            tokio::task::yield_now().await;
        }
        let refused = h.hash("one too many").await;
        assert!(
            matches!(refused, Err(CommandError::Busy { retry_after }) if retry_after == BUSY_RETRY_AFTER),
            "{refused:?}"
        );
        drop(held);
        assert!(queued.await.expect("the queued task").is_ok());
        assert!(h.hash("after the storm").await.is_ok());
        assert_eq!(h.limiter.waiting.load(Ordering::Acquire), 0);
    }

    #[tokio::test]
    async fn a_cancelled_waiter_leaves_the_queue() {
        let h = hasher(1, 1);
        let held = h.limiter.turn().await.expect("the free turn");
        let waiter = {
            let h = h.clone();
            tokio::spawn(async move { h.hash("cancelled").await })
        };
        while h.limiter.waiting.load(Ordering::Acquire) == 0 {
            tokio::task::yield_now().await;
        }
        waiter.abort();
        let _ = waiter.await;
        assert_eq!(h.limiter.waiting.load(Ordering::Acquire), 0);
        drop(held);
        assert!(h.hash("next").await.is_ok());
    }
}
