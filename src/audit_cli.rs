//! `birqadam audit …`: what an auditor runs. `export`, `verify` and `key` read the operator's
//! side (the database, the key file); `verify-export` and `verify-receipt` need neither: they work on files
//! the auditor holds and the log's published verifier key.

use std::path::{Path, PathBuf};

use anyhow::Context;
use birqadam_audit::{VerifierKey, verify_receipt};

pub mod export;
mod lines;
pub mod replay;
pub mod replay_compare;
pub mod replay_periods;
pub mod verify;
pub mod verify_export;
pub mod verify_since;

pub use export::{Exported, checkpoint_path, export};
pub use replay::{Replayed, replay_export, replay_lines};
pub use replay_compare::{Difference, compare};
pub use replay_periods::{PeriodFinding, check_periods, period_findings};
pub use verify::verify_database;
pub use verify_export::{
    ExportError, FrontierFileError, VerifiedExport, verify_export, verify_export_bytes,
};
pub use verify_since::{frontier_path, verify_export_since};

/// Checks a receipt file offline; returns what it proves, as one line for the auditor.
pub fn verify_receipt_file(file: &Path, key: &str) -> anyhow::Result<String> {
    let key = VerifierKey::parse(key.trim()).map_err(|e| anyhow::anyhow!("--key: {e}"))?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let verified = verify_receipt(&bytes, &key)
        .map_err(|e| anyhow::anyhow!("{}: refused: {e}", file.display()))?;
    let positions: Vec<String> = verified
        .events
        .iter()
        .map(|e| format!("{} ({})", e.position, e.event_type))
        .collect();
    Ok(format!(
        "ok: {} in the signed tree of {} events (root {})",
        positions.join(", "),
        verified.checkpoint.size,
        verified.checkpoint.root.to_base64()
    ))
}

/// Verifies an export and phrases the result for the auditor.
pub fn verify_export_file(
    file: &Path,
    key: &str,
    held: &[PathBuf],
    since: Option<&Path>,
) -> anyhow::Result<String> {
    let verdict = match since {
        Some(since) => verify_export_since(file, key, since),
        None => verify_export(file, key, held),
    };
    match verdict {
        Ok(verified) => Ok(format!(
            "ok: {} events, root {}{}",
            verified.size,
            verified.root.to_base64(),
            if verified.held.is_empty() {
                String::new()
            } else {
                format!(
                    "; extends the held checkpoints of sizes {:?}",
                    verified.held
                )
            }
        )),
        Err(error) => {
            let at = error.first_bad_position().map_or_else(
                || "no position can be named".to_owned(),
                |p| format!("first bad position {p}"),
            );
            Err(anyhow::anyhow!(
                "{}: refused ({at}): {error}",
                file.display()
            ))
        }
    }
}
