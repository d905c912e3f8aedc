//! Argon2id password hashing, off the async runtime's threads and bounded: at most one hash per
//! core runs at once (each holds the full Argon2 memory cost, 19 MiB by default), a short queue
//! waits for a turn, and past it a caller is told to come back later (`CommandError::Busy`)
//! instead of allocating another hash's memory (docs/decisions/0013).

mod kept;

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use argon2::Params;
use tokio::sync::{mpsc, oneshot};

use kept::Memory;

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

/// A hashing job (given its thread's Argon2 memory) and where its answer goes.
type Job = Box<dyn FnOnce(&mut Memory) + Send>;

/// The hashing threads: `permits` of them take jobs from a queue of at most `queue` jobs.
/// Dedicated threads rather than `spawn_blocking`: the blocking pool hands out a different thread
/// (and so a different malloc arena, which keeps its freed 19 MiB) nearly every time, so the
/// resident memory grows with the number of threads used, not with the hashes running. Each
/// thread keeps its own Argon2 memory between hashes ([`kept`]).
struct Limiter {
    jobs: mpsc::Sender<Job>,
}

impl Limiter {
    fn new(permits: usize, queue: usize) -> anyhow::Result<Self> {
        let (jobs, receiver) = mpsc::channel::<Job>(queue.max(1));
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..permits.max(1) {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || work(&receiver))
                .map_err(|e| anyhow::anyhow!("starting a password hashing thread: {e}"))?;
        }
        Ok(Self { jobs })
    }

    /// Runs `job` on a hashing thread, waiting in the queue if every thread is busy, or refuses
    /// with `Busy` when the queue is full. A job that was queued runs even if the caller goes
    /// away, so the number of hashes in memory never exceeds the number of threads.
    async fn run<T>(
        &self,
        job: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, CommandError>
    where
        T: Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            let _ = answer.send(job(memory));
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                metrics::counter!("password_hashing_rejected_total").increment(1);
                return Err(CommandError::Busy {
                    retry_after: BUSY_RETRY_AFTER,
                });
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                return Err(anyhow::anyhow!("the password hashing threads are gone").into());
            }
        }
        answered
            .await
            .map_err(|_| anyhow::anyhow!("a password hashing job failed").into())
    }
}

/// A hashing thread: takes jobs until every sender is gone; a panicking job is contained.
fn work(receiver: &Mutex<mpsc::Receiver<Job>>) {
    let mut memory = Memory::default();
    loop {
        let job = receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .blocking_recv();
        let Some(job) = job else { return };
        if std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut memory))).is_err() {
            tracing::error!("a password hashing job panicked");
        }
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
        let limiter = Limiter::new(permits, config.hashing_queue)?;
        // on a hashing thread, so that its memory is the one kept there (a 19 MiB free on this
        // thread would raise glibc's mmap threshold for the whole process)
        let (answer, dummy) = std::sync::mpsc::channel();
        let first = params.clone();
        let job: Job = Box::new(move |memory| {
            let _ = answer.send(kept::hash(memory, &first, b"dummy password for timing"));
        });
        limiter
            .jobs
            .try_send(job)
            .map_err(|_| anyhow::anyhow!("the password hashing queue refused its first job"))?;
        let dummy = dummy
            .recv()
            .map_err(|_| anyhow::anyhow!("the dummy password hash failed"))??;
        Ok(Self {
            params,
            dummy,
            limiter: Arc::new(limiter),
        })
    }

    /// Runs `work` on a hashing thread, in turn.
    async fn on_turn<T>(
        &self,
        work: impl FnOnce(&Self, &mut Memory) -> T + Send + 'static,
    ) -> Result<T, CommandError>
    where
        T: Send + 'static,
    {
        let this = self.clone();
        self.limiter.run(move |memory| work(&this, memory)).await
    }

    /// Hashes a password (on a hashing thread, in turn).
    pub async fn hash(&self, password: &str) -> Result<String, CommandError> {
        let password = password.to_owned();
        Ok(self
            .on_turn(move |this, memory| kept::hash(memory, &this.params, password.as_bytes()))
            .await??)
    }

    /// Verifies a password against a stored hash, or against a dummy when there is none (on a
    /// hashing thread, in turn).
    pub async fn verify(
        &self,
        password: &str,
        stored: Option<String>,
    ) -> Result<bool, CommandError> {
        let password = password.to_owned();
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy.clone());
        let ok = self
            .on_turn(move |_, memory| kept::verify(memory, password.as_bytes(), &stored))
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
        assert!(
            h.verify("correct horse", Some(stored.clone()))
                .await
                .expect("a turn")
        );
        assert!(!h.verify("wrong horse", Some(stored)).await.expect("a turn"));
        assert!(!h.verify("correct horse", None).await.expect("a turn"));
    }

    #[tokio::test]
    async fn past_the_queue_a_caller_is_told_to_retry_and_a_freed_thread_serves_again() {
        let h = hasher(1, 1);
        // keep the only hashing thread busy until the gate opens
        let (open, gate) = std::sync::mpsc::channel::<()>();
        let (started, running) = oneshot::channel();
        let busy = {
            let h = h.clone();
            tokio::spawn(async move {
                h.limiter
                    .run(move |_| {
                        let _ = started.send(());
                        let _ = gate.recv();
                    })
                    .await
            })
        };
        running.await.expect("the blocking job started");
        // fill the one queue place
        let queued = {
            let h = h.clone();
            tokio::spawn(async move { h.hash("queued").await })
        };
        while h.limiter.jobs.capacity() > 0 {
            tokio::task::yield_now().await;
        }

        let refused = h.hash("one too many").await;

        assert!(
            matches!(refused, Err(CommandError::Busy { retry_after }) if retry_after == BUSY_RETRY_AFTER),
            "{refused:?}"
        );
        open.send(()).expect("the gate is open");
        assert!(busy.await.expect("the blocking job").is_ok());
        assert!(queued.await.expect("the queued task").is_ok());
        assert!(h.hash("after the storm").await.is_ok());
    }
}
