//! `birqadam serve` as a child process (as an operator runs it), on a database of the harness's
//! cluster, and its resident memory read from `/proc`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};

/// A running `serve`; killed when dropped.
pub struct Serve {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Serve {
    /// Starts `bin serve` on `database_url` with rate limits off and waits until it is ready.
    pub async fn start(bin: &Path, database_url: &str, data_dir: &Path) -> anyhow::Result<Self> {
        Self::start_with(bin, database_url, data_dir, &[]).await
    }

    /// [`Serve::start`] with more environment variables (`TELEGRAM_API_URL`, ...).
    pub async fn start_with(
        bin: &Path,
        database_url: &str,
        data_dir: &Path,
        env: &[(&str, String)],
    ) -> anyhow::Result<Self> {
        let port = free_port()?;
        std::fs::create_dir_all(data_dir)?;
        let log = std::fs::File::create(data_dir.join("serve.log"))?;
        let child = Command::new(bin)
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("HTTP_ADDR", format!("127.0.0.1:{port}"))
            .env("RATE_LIMITS", "off")
            .env("DATA_DIR", data_dir)
            .env("RUST_LOG", "warn")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {} serve", bin.display()))?;
        let serve = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client
                .get(format!("{}/health/ready", serve.base))
                .send()
                .await
                && r.status().is_success()
            {
                return Ok(serve);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "serve did not become ready; see {}",
            data_dir.join("serve.log").display()
        )
    }

    /// The child's resident memory now, in MB.
    pub fn rss_mb(&self) -> f64 {
        rss_mb(self.child.id())
    }

    /// Samples the child's resident memory every 50 ms until the returned guard is dropped;
    /// the guard reads the peak.
    pub fn watch_peak(&self) -> PeakRss {
        let peak = Arc::new(AtomicU64::new(0));
        let pid = self.child.id();
        let seen = Arc::clone(&peak);
        let task = tokio::spawn(async move {
            loop {
                let now = (rss_mb(pid) * 1024.0) as u64;
                seen.fetch_max(now, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        PeakRss { peak, task }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The peak resident memory seen since [`Serve::watch_peak`].
pub struct PeakRss {
    peak: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl PeakRss {
    /// The peak so far, in MB.
    pub fn mb(&self) -> f64 {
        self.peak.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

impl Drop for PeakRss {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `VmRSS` of a process in MB (0 when unreadable).
pub fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The `birqadam` binary next to this one (same profile directory), unless given.
pub fn default_bin() -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe()?;
    let bin = me
        .parent()
        .context("the harness binary has no directory")?
        .join("birqadam");
    if !bin.exists() {
        bail!(
            "{} is missing: build it with the same profile (cargo build --release -p birqadam)",
            bin.display()
        );
    }
    Ok(bin)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
