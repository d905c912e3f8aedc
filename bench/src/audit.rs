//! The auditors' tools on a seeded log, run as an auditor runs them: `birqadam audit export`,
//! `verify-export` and `replay` as child processes, each timed, with its peak resident memory
//! sampled from `/proc` every 10 ms.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sqlx::PgPool;
use tokio::io::AsyncReadExt;
use tokio::process::Command;

use crate::serve::rss_mb;
use crate::stats::Figure;

/// One finished child: its wall time, peak memory and standard output.
struct Timed {
    secs: f64,
    peak_mb: f64,
    stdout: String,
}

/// Runs `bin args…` against `database_url` and `data_dir`; an error when it fails.
async fn timed(
    bin: &Path,
    database_url: &str,
    data_dir: &Path,
    args: &[&str],
) -> anyhow::Result<Timed> {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {} {args:?}", bin.display()))?;
    let pid = child.id().context("the child has no pid")?;
    let mut out = child.stdout.take().context("no stdout")?;
    let mut err = child.stderr.take().context("no stderr")?;
    let reader = tokio::spawn(async move {
        let (mut o, mut e) = (String::new(), String::new());
        let _ = out.read_to_string(&mut o).await;
        let _ = err.read_to_string(&mut e).await;
        (o, e)
    });
    let mut peak: f64 = 0.0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        peak = peak.max(rss_mb(pid));
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let secs = started.elapsed().as_secs_f64();
    let (stdout, stderr) = reader.await?;
    if !status.success() {
        bail!("{args:?} failed ({status}): {stderr}");
    }
    Ok(Timed {
        secs,
        peak_mb: peak,
        stdout,
    })
}

/// Waits (at most 40 minutes: a 3M-event log on a busy machine) until `serve` signed a checkpoint covering every event (its audit
/// consumer hashes the whole log after a seeding: measuring HTTP meanwhile measures both).
pub async fn signed_to_the_end(pool: &PgPool) -> anyhow::Result<i64> {
    let deadline = Instant::now() + Duration::from_secs(2400);
    loop {
        let events: i64 = sqlx::query_scalar("select count(*) from events")
            .fetch_one(pool)
            .await?;
        let signed: Option<i64> = sqlx::query_scalar("select max(size) from audit_checkpoints")
            .fetch_one(pool)
            .await?;
        if signed == Some(events) {
            return Ok(events);
        }
        if Instant::now() > deadline {
            bail!("the audit log covers {signed:?} of {events} events after 40 minutes");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Exports the whole log once, then verifies and replays the export `runs` times.
pub async fn figures(
    bin: &Path,
    database_url: &str,
    data_dir: &Path,
    runs: usize,
) -> anyhow::Result<Vec<Figure>> {
    let pool = crate::cluster::pool(database_url, 2).await?;
    let events = signed_to_the_end(&pool).await?;
    pool.close().await;
    let file = data_dir.join("audit-export.ndjson");
    let file_arg = file.to_string_lossy().into_owned();
    let key = timed(bin, database_url, data_dir, &["audit", "key"])
        .await?
        .stdout
        .trim()
        .to_owned();
    let mut figures = Vec::new();
    let (mut export_s, mut export_mb) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = timed(
            bin,
            database_url,
            data_dir,
            &["audit", "export", "--out", &file_arg],
        )
        .await?;
        export_s.push(t.secs);
        export_mb.push(t.peak_mb);
    }
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let (mut verify_s, mut verify_mb, mut replay_s, mut replay_mb) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let v = timed(
            bin,
            database_url,
            data_dir,
            &["audit", "verify-export", &file_arg, "--key", &key],
        )
        .await?;
        verify_s.push(v.secs);
        verify_mb.push(v.peak_mb);
        let r = timed(bin, database_url, data_dir, &["audit", "replay", &file_arg]).await?;
        replay_s.push(r.secs);
        replay_mb.push(r.peak_mb);
    }
    let per_million = |secs: &[f64]| -> Vec<f64> {
        secs.iter()
            .map(|s| s * 1_000_000.0 / events.max(1) as f64)
            .collect()
    };
    let label = format!("{events} events, {} MB", bytes / 1_000_000);
    figures.push(Figure::new(
        format!("audit export ({label})"),
        "s",
        export_s.clone(),
    ));
    figures.push(Figure::new("audit export peak RSS", "MB", export_mb));
    figures.push(Figure::new(
        format!("audit verify-export ({label})"),
        "s",
        verify_s.clone(),
    ));
    figures.push(Figure::new(
        "audit verify-export, scaled to 1M events (linear)",
        "s",
        per_million(&verify_s),
    ));
    figures.push(Figure::new("audit verify-export peak RSS", "MB", verify_mb));
    figures.push(Figure::new(
        format!("audit replay ({label})"),
        "s",
        replay_s.clone(),
    ));
    figures.push(Figure::new(
        "audit replay, scaled to 1M events (linear)",
        "s",
        per_million(&replay_s),
    ));
    figures.push(Figure::new("audit replay peak RSS", "MB", replay_mb));
    Ok(figures)
}
