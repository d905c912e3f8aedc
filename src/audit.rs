//! The audit log in `serve`: the log's signing key, the `audit.tree` consumer's runner and the
//! checkpoint signer, which signs a C2SP checkpoint of the tree soon after it grows (within
//! about a second of a committed batch; at most [`POLL`] when another replica grew it).

use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use birqadam_audit::SignerKey;
use birqadam_projections::audit_store::sign_pending;
use birqadam_projections::{Chain, ConsumerRunner, all_audit_consumers};
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::settings::Settings;

/// The longest the signer waits without news before looking at the tree.
pub const POLL: Duration = Duration::from_secs(5);

/// The shortest time between two signing rounds (at most one checkpoint a second).
const SPACING: Duration = Duration::from_secs(1);

/// Where a development key is generated when `AUDIT_SIGNING_KEY_FILE` is unset.
pub fn development_key_file(settings: &Settings) -> PathBuf {
    settings.data_dir.join("audit").join("log.key")
}

/// The log's signing key: read from `AUDIT_SIGNING_KEY_FILE`; in development without one, read
/// from (or generated once into, mode 0600) `DATA_DIR/audit/log.key`; refused in production
/// without one. Its name must be `AUDIT_LOG_ORIGIN`.
pub fn signing_key(settings: &Settings) -> anyhow::Result<SignerKey> {
    let origin = &settings.audit_log_origin;
    match &settings.audit_signing_key_file {
        Some(path) => read_key(path, origin),
        None if settings.is_production() => {
            bail!("AUDIT_SIGNING_KEY_FILE must be set in production (the audit log's signing key)")
        }
        None => {
            let path = development_key_file(settings);
            if !path.exists() {
                generate_key(&path, origin)?;
            }
            read_key(&path, origin)
        }
    }
}

fn read_key(path: &Path, origin: &str) -> anyhow::Result<SignerKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the audit signing key {}", path.display()))?;
    let key = SignerKey::parse(text.trim())
        .map_err(|e| anyhow::anyhow!("{} is not a signer key: {e}", path.display()))?;
    if key.name() != origin {
        bail!(
            "the audit signing key {} is named {:?}, but AUDIT_LOG_ORIGIN is {origin:?}",
            path.display(),
            key.name()
        );
    }
    Ok(key)
}

/// Writes a new key readable by its owner only; a key another process wrote first is kept.
fn generate_key(path: &Path, origin: &str) -> anyhow::Result<()> {
    let key = SignerKey::generate(origin)
        .map_err(|e| anyhow::anyhow!("AUDIT_LOG_ORIGIN {origin:?}: {e}"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    writeln!(file, "{}", key.encode())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tracing::warn!(path = %path.display(), "generated a development audit signing key");
    Ok(())
}

/// Starts the audit tree's runner and the checkpoint signer.
pub fn spawn(
    pool: &PgPool,
    log: &birqadam_projections::LogWatch,
    key: SignerKey,
    shutdown: &watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    let runner = ConsumerRunner::new(pool.clone(), all_audit_consumers()).watching(log);
    let progress = runner.progress();
    vec![
        runner.spawn(shutdown.clone()),
        tokio::spawn(sign_checkpoints(
            pool.clone(),
            key,
            progress,
            shutdown.clone(),
        )),
    ]
}

/// Signs a checkpoint whenever the tree has grown past the newest signed one.
async fn sign_checkpoints(
    pool: PgPool,
    key: SignerKey,
    mut progress: watch::Receiver<u64>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let signed = async {
            let mut conn = pool.acquire().await?;
            Ok::<_, anyhow::Error>(sign_pending(&mut conn, &key).await?)
        };
        match signed.await {
            Ok(Some(checkpoint)) => {
                tracing::info!(size = checkpoint.size, "signed an audit checkpoint")
            }
            Ok(None) => {}
            Err(error) => {
                tracing::error!(error = %Chain(error.as_ref()), "signing an audit checkpoint failed")
            }
        }
        for pause in [Some(SPACING), None] {
            tokio::select! {
                _ = shutdown.wait_for(|stop| *stop) => return,
                () = tokio::time::sleep(pause.unwrap_or(POLL)) => {}
                Ok(()) = progress.changed(), if pause.is_none() => {}
            }
        }
    }
}
