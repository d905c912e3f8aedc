//! `birqadam audit verify-export`: offline, fail-closed verification of an export against its
//! signed checkpoint and any checkpoints the auditor held from earlier.
//!
//! The file is streamed once with constant memory: each line must be the canonical encoding of
//! an event whose `position` is the next number, its leaf hash goes into a [`Frontier`], and the
//! few complete subtrees that the consistency proofs to the held checkpoints need are kept on the
//! way. No flag turns a check off.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use birqadam_audit::tree::{self, Frontier, NodeId, ProofError};
use birqadam_audit::{Checkpoint, Hash, StoredEvent, VerifierKey, empty_root, leaf_hash};

use crate::audit_cli::export::checkpoint_path;
use crate::audit_cli::lines;

mod error;

pub use error::{ExportError, FrontierFileError};

/// A verified export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedExport {
    /// Events in the file (= the checkpoint's size).
    pub size: u64,
    /// Their root (= the checkpoint's root).
    pub root: Hash,
    /// Sizes of the held checkpoints proven to be prefixes of it.
    pub held: Vec<u64>,
}

/// Verifies the export `file` (with `file.checkpoint`) against the verifier key `key` and the
/// checkpoints held in the files `held`.
pub fn verify_export(
    file: &Path,
    key: &str,
    held: &[PathBuf],
) -> Result<VerifiedExport, ExportError> {
    let key = VerifierKey::parse(key.trim()).map_err(ExportError::Key)?;
    let head = open_checkpoint(&checkpoint_path(file), &key)?;
    let held = held
        .iter()
        .map(|path| open_checkpoint(path, &key))
        .collect::<Result<Vec<_>, _>>()?;
    let io = |source| ExportError::Io {
        path: file.to_owned(),
        source,
    };
    let reader = std::io::BufReader::new(std::fs::File::open(file).map_err(io)?);
    verify_lines(reader, file, &head, held)
}

/// Verifies an export held in memory: its lines, its checkpoint note and the held checkpoint
/// notes (the same checks as [`verify_export`]; for tests and benchmarks).
pub fn verify_export_bytes(
    lines: &[u8],
    checkpoint: &[u8],
    key: &str,
    held: &[&[u8]],
) -> Result<VerifiedExport, ExportError> {
    let key = VerifierKey::parse(key.trim()).map_err(ExportError::Key)?;
    let label = Path::new("<export>");
    let open = |note: &[u8]| {
        Checkpoint::open(note, &key).map_err(|source| ExportError::Checkpoint {
            path: label.with_extension("checkpoint"),
            source,
        })
    };
    let head = open(checkpoint)?;
    let held = held
        .iter()
        .map(|note| open(note))
        .collect::<Result<Vec<_>, _>>()?;
    verify_lines(lines, label, &head, held)
}

/// The checks on the lines read from `reader` (named `file` in errors) against the opened
/// checkpoint `head` and the held ones.
fn verify_lines(
    reader: impl BufRead + Send,
    file: &Path,
    head: &Checkpoint,
    mut held: Vec<Checkpoint>,
) -> Result<VerifiedExport, ExportError> {
    held.sort_by_key(|c| c.size);
    if let Some(largest) = held.last().filter(|c| c.size > head.size) {
        return Err(ExportError::HeldBeyondExport {
            held: largest.size,
            size: head.size,
        });
    }
    let wanted = wanted_nodes(&held, head.size);
    let (frontier, nodes) = hash_lines(reader, file, Frontier::new(), head.size, &wanted)?;
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
    for old in &held {
        grew_from(old, size, &root, &nodes)?;
    }
    Ok(VerifiedExport {
        size,
        root,
        held: held.iter().map(|c| c.size).collect(),
    })
}

pub(super) fn open_checkpoint(path: &Path, key: &VerifierKey) -> Result<Checkpoint, ExportError> {
    let note = std::fs::read(path).map_err(|source| ExportError::Io {
        path: path.to_owned(),
        source,
    })?;
    Checkpoint::open(&note, key).map_err(|source| ExportError::Checkpoint {
        path: path.to_owned(),
        source,
    })
}

/// The complete subtrees the consistency proofs from the held sizes to `size` need.
fn wanted_nodes(held: &[Checkpoint], size: u64) -> HashSet<NodeId> {
    held.iter()
        .filter(|c| c.size > 0 && c.size < size)
        .filter_map(|c| tree::consistency_proof_nodes(c.size, size).ok())
        .flatten()
        .collect()
}

/// Streams the file: checks every line (the first one is at `start`'s size), and returns the
/// frontier and the wanted nodes. Lines are parsed and hashed on every core
/// ([`lines::check_lines`]); positions, the frontier and the first error are taken in file order.
pub(super) fn hash_lines(
    reader: impl BufRead + Send,
    file: &Path,
    start: Frontier,
    size: u64,
    wanted: &HashSet<NodeId>,
) -> Result<(Frontier, HashMap<NodeId, Hash>), ExportError> {
    let mut frontier = start;
    let mut nodes = HashMap::new();
    let mut failed = None;
    let per_line = |line: &[u8]| {
        let claimed = StoredEvent::parse_line(line).map(|e| e.position);
        (claimed, leaf_hash(line))
    };
    let read = lines::check_lines(reader, per_line, |line| {
        let (claimed, hash) = line.value;
        let position = frontier.size();
        let refused = if !line.terminated {
            Some(ExportError::Unterminated { position })
        } else if position >= size {
            Some(ExportError::BeyondCheckpoint { position, size })
        } else {
            match claimed {
                Err(source) => Some(ExportError::Line { position, source }),
                Ok(found) if found != position => Some(ExportError::Position { position, found }),
                Ok(_) => None,
            }
        };
        if refused.is_some() {
            failed = refused;
            return false;
        }
        frontier.push_with(hash, |id, hash| {
            if wanted.contains(&id) {
                nodes.insert(id, hash);
            }
        });
        true
    });
    if let Some(error) = failed {
        return Err(error);
    }
    read.map_err(|source| ExportError::Io {
        path: file.to_owned(),
        source,
    })?;
    Ok((frontier, nodes))
}

/// Proves, by a consistency proof computed from the file, that `old` is a prefix of the export.
fn grew_from(
    old: &Checkpoint,
    size: u64,
    root: &Hash,
    nodes: &HashMap<NodeId, Hash>,
) -> Result<(), ExportError> {
    let not_grown = |source| ExportError::NotGrown {
        held: old.size,
        source,
    };
    if old.size == 0 {
        // every tree extends the empty one, whose root is fixed
        return match old.root == empty_root() {
            true => Ok(()),
            false => Err(not_grown(ProofError::FirstRootMismatch {
                computed: empty_root(),
                expected: old.root,
            })),
        };
    }
    let proof = tree::consistency_proof(old.size, size, nodes).map_err(not_grown)?;
    tree::verify_consistency(old.size, size, &proof, &old.root, root).map_err(not_grown)
}
