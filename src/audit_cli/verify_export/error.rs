//! Why `verify-export` refuses an export, and the first bad position each refusal names.

use std::path::PathBuf;

use birqadam_audit::tree::ProofError;
use birqadam_audit::{CheckpointError, Hash, KeyError, LeafError};

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
    /// The frontier of an incremental export is refused.
    #[error("{path}: {source}")]
    Frontier {
        /// The frontier file.
        path: PathBuf,
        /// The cause.
        source: FrontierFileError,
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

/// Why an incremental export's frontier (`FILE.frontier`) is refused.
#[derive(Debug, thiserror::Error)]
pub enum FrontierFileError {
    /// Not a `birqadam-frontier v1` file.
    #[error("not a frontier file: {0}")]
    Malformed(String),
    /// Its size is not the held checkpoint's.
    #[error("the frontier is of {found} leaves, the held checkpoint of {held}")]
    WrongSize {
        /// The frontier's size.
        found: u64,
        /// The held checkpoint's size.
        held: u64,
    },
    /// Its peaks do not fold to the held checkpoint's root.
    #[error("the frontier's peaks do not hash to the held checkpoint's root (the past changed)")]
    WrongRoot,
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
            | Self::Frontier { .. }
            | Self::Checkpoint { .. }
            | Self::RootMismatch { .. }
            | Self::NotGrown { .. } => None,
        }
    }
}
