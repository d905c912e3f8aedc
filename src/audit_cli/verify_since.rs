//! `birqadam audit verify-export FILE --key VKEY --since CHECKPOINT`: the incremental audit.
//!
//! The auditor holds a verified checkpoint of `m` events; the operator sends the events after
//! it (`audit export --after m-1`: positions `m..n`), the signed checkpoint of `n`
//! (`FILE.checkpoint`) and the compact range of the first `m` leaves (`FILE.frontier`: one
//! perfect-subtree root per set bit of `m`, left to right — the left half of the RFC 9162
//! consistency proof from `m` to `n`). The verifier folds the frontier and requires the held
//! root, then hashes only the new lines onto it and requires the signed root of `n`: the new
//! tree then has the held tree as its prefix (consistency) and exactly these lines after it.
//! Fails closed like the full check; a shorter or longer file, a renumbered line, an edited
//! line or frontier are all refused.
//!
//! `FILE.frontier`:
//!
//! ```text
//! birqadam-frontier v1
//! <m>
//! <base64 peak hash>        one line per set bit of m, the largest (leftmost) subtree first
//! ```

use std::io::BufReader;
use std::path::{Path, PathBuf};

use birqadam_audit::tree::Frontier;
use birqadam_audit::{Hash, VerifierKey};

use super::export::checkpoint_path;
use super::verify_export::{
    ExportError, FrontierFileError, VerifiedExport, hash_lines, open_checkpoint,
};

/// The first line of a frontier file.
const HEADER: &str = "birqadam-frontier v1";

/// `FILE.frontier`, next to the export `FILE`.
pub fn frontier_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".frontier");
    PathBuf::from(name)
}

/// The text of a frontier file.
pub fn frontier_text(frontier: &Frontier) -> String {
    let mut text = format!("{HEADER}\n{}\n", frontier.size());
    for peak in frontier.peaks() {
        text.push_str(&peak.to_base64());
        text.push('\n');
    }
    text
}

/// Parses a frontier file.
pub fn parse_frontier(text: &str) -> Result<Frontier, FrontierFileError> {
    let bad = |why: &str| FrontierFileError::Malformed(why.to_owned());
    let body = text
        .strip_suffix('\n')
        .ok_or_else(|| bad("no final newline"))?;
    let mut lines = body.split('\n');
    if lines.next() != Some(HEADER) {
        return Err(bad("the first line is not `birqadam-frontier v1`"));
    }
    let size = lines.next().ok_or_else(|| bad("no size"))?;
    if size.is_empty() || (size.len() > 1 && size.starts_with('0')) {
        return Err(bad("the size is not a plain decimal"));
    }
    let size: u64 = size.parse().map_err(|_| bad("the size is not a number"))?;
    let peaks = lines
        .map(|line| Hash::from_base64(line).map_err(|_| bad("a peak is not a base64 hash")))
        .collect::<Result<Vec<_>, _>>()?;
    Frontier::from_parts(size, peaks).map_err(|e| bad(&e.to_string()))
}

/// Verifies the incremental export `file` (`file.checkpoint`, `file.frontier`) against `key`
/// and the checkpoint held in `since`.
pub fn verify_export_since(
    file: &Path,
    key: &str,
    since: &Path,
) -> Result<VerifiedExport, ExportError> {
    let key = VerifierKey::parse(key.trim()).map_err(ExportError::Key)?;
    let head = open_checkpoint(&checkpoint_path(file), &key)?;
    let held = open_checkpoint(since, &key)?;
    if held.size > head.size {
        return Err(ExportError::HeldBeyondExport {
            held: held.size,
            size: head.size,
        });
    }
    let path = frontier_path(file);
    let refuse = |source| ExportError::Frontier {
        path: path.clone(),
        source,
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ExportError::Io {
        path: path.clone(),
        source,
    })?;
    let start = parse_frontier(&text).map_err(refuse)?;
    if start.size() != held.size {
        return Err(refuse(FrontierFileError::WrongSize {
            found: start.size(),
            held: held.size,
        }));
    }
    if start.root() != held.root {
        return Err(refuse(FrontierFileError::WrongRoot));
    }
    let reader = std::fs::File::open(file).map_err(|source| ExportError::Io {
        path: file.to_owned(),
        source,
    })?;
    let wanted = Default::default();
    let (frontier, _) = hash_lines(BufReader::new(reader), file, start, head.size, &wanted)?;
    let size = frontier.size();
    if size < head.size {
        return Err(ExportError::Truncated {
            lines: size,
            size: head.size,
        });
    }
    let root = frontier.root();
    if root != head.root {
        return Err(ExportError::RootMismatch {
            size,
            computed: root,
            expected: head.root,
        });
    }
    Ok(VerifiedExport {
        size,
        root,
        held: vec![held.size],
    })
}
