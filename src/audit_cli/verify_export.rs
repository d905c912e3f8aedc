//! `birqadam audit verify-export`: offline, fail-closed verification of an export against its
//! signed checkpoint and any checkpoints the auditor held from earlier.
//!
//! The file is streamed once with constant memory: each line must be the canonical encoding of
//! an event whose `position` is the next number, its leaf hash goes into a [`Frontier`], and the
//! few complete subtrees that the consistency proofs to the held checkpoints need are kept on the
//! way. No flag turns a check off.

use std::collections::{HashMap, HashSet};
use std::io::BufRead as _;
use std::path::{Path, PathBuf};

use birqadam_audit::tree::{self, Frontier, NodeId, ProofError};
use birqadam_audit::{
    Checkpoint, CheckpointError, Hash, KeyError, LeafError, StoredEvent, VerifierKey, empty_root,
    leaf_hash,
};

use crate::audit_cli::export::checkpoint_path;

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

/// Why an export is refused.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The `--key` argument is not a verifier key.
    #[error("--key is not a verifier key: {0}")]
    Key(KeyError),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A checkpoint (the export's or a held one) is not signed by the key, or malformed.
    #[error("{path}: {source}")]
    Checkpoint {
        /// The checkpoint file.
        path: PathBuf,
        /// The cause.
        source: CheckpointError,
    },
    /// The last line has no newline (the file was cut inside a line).
    #[error("position {position}: the line does not end with a newline (the file was cut)")]
    Unterminated {
        /// The line's position.
        position: u64,
    },
    /// A line is not the canonical encoding of a stored event.
    #[error("position {position}: {source}")]
    Line {
        /// The line's position.
        position: u64,
        /// The cause.
        source: LeafError,
    },
    /// A line's `position` is not the next number.
    #[error(
        "position {position}: the line says position {found}; lines are numbered 0, 1, 2 … \
         (a line was deleted, inserted, duplicated or moved; an export made with --after is \
         verified together with the earlier export before it)"
    )]
    Position {
        /// Where the line is in the file.
        position: u64,
        /// What its `position` field says.
        found: u64,
    },
    /// The file has more lines than its checkpoint covers.
    #[error("position {position}: the checkpoint covers only {size} events")]
    BeyondCheckpoint {
        /// The first line past the checkpoint.
        position: u64,
        /// The checkpoint's size.
        size: u64,
    },
    /// The file ends before its checkpoint's size.
    #[error(
        "position {lines}: the file ends after {lines} events, its checkpoint covers {size} (truncated)"
    )]
    Truncated {
        /// Lines in the file.
        lines: u64,
        /// The checkpoint's size.
        size: u64,
    },
    /// The lines do not hash to the checkpoint's root.
    #[error(
        "the {size} lines hash to root {computed}, the signed checkpoint says {expected}: a line \
         was changed (the file alone cannot name which; `audit verify` or a receipt can)"
    )]
    RootMismatch {
        /// Lines hashed.
        size: u64,
        /// Their root.
        computed: Hash,
        /// The checkpoint's root.
        expected: Hash,
    },
    /// A held checkpoint is larger than the export's: the log was cut back.
    #[error(
        "position {size}: you hold a checkpoint of {held} events, but the export and its \
         checkpoint end after {size} (the tail was truncated or the log rolled back)"
    )]
    HeldBeyondExport {
        /// The held checkpoint's size.
        held: u64,
        /// The export's size.
        size: u64,
    },
    /// A held checkpoint is not a prefix of the export: the past was edited or the log forked.
    #[error(
        "the checkpoint you hold of {held} events is not a prefix of this export ({source}): the \
         past was edited or the log forked"
    )]
    NotGrown {
        /// The held checkpoint's size.
        held: u64,
        /// The failed consistency check.
        source: ProofError,
    },
}

impl ExportError {
    /// The first bad position, when the data names one.
    pub fn first_bad_position(&self) -> Option<u64> {
        match self {
            Self::Unterminated { position }
            | Self::Line { position, .. }
            | Self::Position { position, .. }
            | Self::BeyondCheckpoint { position, .. } => Some(*position),
            Self::Truncated { lines, .. } => Some(*lines),
            Self::HeldBeyondExport { size, .. } => Some(*size),
            Self::Key(_)
            | Self::Io { .. }
            | Self::Checkpoint { .. }
            | Self::RootMismatch { .. }
            | Self::NotGrown { .. } => None,
        }
    }
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
    let mut held = held
        .iter()
        .map(|path| open_checkpoint(path, &key))
        .collect::<Result<Vec<_>, _>>()?;
    held.sort_by_key(|c| c.size);
    if let Some(largest) = held.last().filter(|c| c.size > head.size) {
        return Err(ExportError::HeldBeyondExport {
            held: largest.size,
            size: head.size,
        });
    }
    let wanted = wanted_nodes(&held, head.size);
    let (frontier, nodes) = hash_lines(file, head.size, &wanted)?;
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

fn open_checkpoint(path: &Path, key: &VerifierKey) -> Result<Checkpoint, ExportError> {
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

/// Streams the file: checks every line, and returns the frontier and the wanted nodes.
fn hash_lines(
    file: &Path,
    size: u64,
    wanted: &HashSet<NodeId>,
) -> Result<(Frontier, HashMap<NodeId, Hash>), ExportError> {
    let io = |source| ExportError::Io {
        path: file.to_owned(),
        source,
    };
    let mut reader = std::io::BufReader::new(std::fs::File::open(file).map_err(io)?);
    let mut frontier = Frontier::new();
    let mut nodes = HashMap::new();
    let mut buffer = Vec::with_capacity(1024);
    loop {
        buffer.clear();
        if reader.read_until(b'\n', &mut buffer).map_err(io)? == 0 {
            return Ok((frontier, nodes));
        }
        let position = frontier.size();
        let Some(line) = buffer.strip_suffix(b"\n") else {
            return Err(ExportError::Unterminated { position });
        };
        if position >= size {
            return Err(ExportError::BeyondCheckpoint { position, size });
        }
        let event = StoredEvent::parse_line(line)
            .map_err(|source| ExportError::Line { position, source })?;
        if event.position != position {
            return Err(ExportError::Position {
                position,
                found: event.position,
            });
        }
        frontier.push_with(leaf_hash(line), |id, hash| {
            if wanted.contains(&id) {
                nodes.insert(id, hash);
            }
        });
    }
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
