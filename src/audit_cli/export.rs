//! `birqadam audit export`: the NDJSON lines of the audit log and the signed checkpoint that
//! covers them, streamed from the database in short reads with constant memory.

use std::ffi::OsString;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use birqadam_audit::tree::{self, Frontier};
use birqadam_projections::audit_store::{latest_checkpoint, lines, nodes};
use sqlx::PgPool;

use super::verify_since::{frontier_path, frontier_text};

/// Lines read per query (each query is its own short transaction).
const CHUNK: i64 = 1000;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The first position written.
    pub from: u64,
    /// One past the last position written: the size of the checkpoint.
    pub to: u64,
    /// Where the checkpoint went (`FILE.checkpoint`).
    pub checkpoint_file: PathBuf,
}

/// `FILE.checkpoint`, next to the export `FILE`.
pub fn checkpoint_path(file: &Path) -> PathBuf {
    let mut name = OsString::from(file.as_os_str());
    name.push(".checkpoint");
    PathBuf::from(name)
}

/// The compact range of the first `size` leaves, from the stored subtrees.
async fn stored_frontier(pool: &PgPool, size: u64) -> anyhow::Result<Frontier> {
    let ids = tree::root_nodes(size);
    let mut conn = pool.acquire().await?;
    let map = nodes(&mut conn, &ids)
        .await
        .context("reading the frontier's subtrees")?;
    let peaks = ids
        .iter()
        .map(|id| map.get(id).copied())
        .collect::<Option<Vec<_>>>()
        .with_context(|| format!("the store lacks a subtree of the first {size} leaves"))?;
    Ok(Frontier::from_parts(size, peaks)?)
}

/// Writes the lines after position `after` (all when `None`) up to the newest signed
/// checkpoint's size — never past it, so the file always matches a signed head — to `out`, and
/// that checkpoint to `out.checkpoint`; with `after`, also the compact range of the leaves
/// before the file to `out.frontier` (for `verify-export --since`).
pub async fn export(pool: &PgPool, after: Option<u64>, out: &Path) -> anyhow::Result<Exported> {
    let checkpoint = latest_checkpoint(pool)
        .await
        .context("reading the newest signed checkpoint")?
        .context("no signed checkpoint yet: run `birqadam serve` until it signs one")?;
    let from = after.map_or(0, |a| a.saturating_add(1));
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut writer = BufWriter::new(file);
    let mut at = from;
    while at < checkpoint.size {
        let chunk = lines(pool, at, checkpoint.size, CHUNK)
            .await
            .with_context(|| format!("reading the lines from position {at}"))?;
        if chunk.is_empty() {
            bail!("the store has no line at position {at} below its checkpoint's size");
        }
        for (position, line) in chunk {
            if position != at {
                bail!("the store has no line at position {at} (next is {position})");
            }
            writer
                .write_all(&line)
                .and_then(|()| writer.write_all(b"\n"))
                .with_context(|| format!("cannot write {}", out.display()))?;
            at += 1;
        }
    }
    writer
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|file| file.sync_all())
        .with_context(|| format!("cannot write {}", out.display()))?;
    let checkpoint_file = checkpoint_path(out);
    std::fs::write(&checkpoint_file, &checkpoint.note)
        .with_context(|| format!("cannot write {}", checkpoint_file.display()))?;
    if from > 0 {
        let frontier_file = frontier_path(out);
        let text = frontier_text(&stored_frontier(pool, from.min(checkpoint.size)).await?);
        std::fs::write(&frontier_file, text)
            .with_context(|| format!("cannot write {}", frontier_file.display()))?;
    }
    Ok(Exported {
        from,
        to: checkpoint.size.max(from),
        checkpoint_file,
    })
}
