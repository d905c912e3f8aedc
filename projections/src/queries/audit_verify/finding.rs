//! What the server-side audit can find wrong, each naming where.

use std::fmt;

use birqadam_audit::tree::NodeId;

/// One thing found wrong by [`verify_log`](super::verify_log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditFinding {
    /// The tree has no leaf at this position below its size (a leaf row deleted).
    LeafMissing {
        /// The position.
        position: u64,
    },
    /// The event behind this leaf is gone from `events`.
    EventMissing {
        /// The position.
        position: u64,
    },
    /// The stored line is not the canonical encoding of its event (the line or the event edited).
    LeafDiffersFromEvent {
        /// The position.
        position: u64,
    },
    /// The stored leaf hash is not `SHA-256(0x00 ‖ line)`.
    LeafHashWrong {
        /// The position.
        position: u64,
    },
    /// A stored complete subtree differs from the hash of its stored lines.
    NodeWrong {
        /// The subtree.
        node: NodeId,
    },
    /// A stored checkpoint's note does not verify with the log's key.
    CheckpointSignature {
        /// Its size.
        size: u64,
    },
    /// A stored checkpoint (its root column or its signed note) states another root than the
    /// one recomputed from the lines.
    CheckpointRoot {
        /// Its size.
        size: u64,
    },
    /// A stored checkpoint covers more leaves than the tree has.
    CheckpointBeyondTree {
        /// Its size.
        size: u64,
        /// The tree's size.
        tree: u64,
    },
    /// The root of the stored subtrees differs from the root recomputed from the lines.
    StoredRootWrong {
        /// The tree's size.
        size: u64,
    },
}

impl AuditFinding {
    /// The first leaf position the finding names, if it names one.
    pub fn position(&self) -> Option<u64> {
        match self {
            Self::LeafMissing { position }
            | Self::EventMissing { position }
            | Self::LeafDiffersFromEvent { position }
            | Self::LeafHashWrong { position } => Some(*position),
            Self::NodeWrong { node } => Some(node.first_leaf()),
            // the first position the tree lacks
            Self::CheckpointBeyondTree { tree, .. } => Some(*tree),
            Self::CheckpointSignature { .. }
            | Self::CheckpointRoot { .. }
            | Self::StoredRootWrong { .. } => None,
        }
    }
}

impl fmt::Display for AuditFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LeafMissing { position } => {
                write!(f, "position {position}: the tree has no leaf here")
            }
            Self::EventMissing { position } => write!(
                f,
                "position {position}: the event of this leaf is missing from the event store"
            ),
            Self::LeafDiffersFromEvent { position } => write!(
                f,
                "position {position}: the stored line is not the encoding of its stored event \
                 (the line or the event was edited)"
            ),
            Self::LeafHashWrong { position } => write!(
                f,
                "position {position}: the stored leaf hash is not the hash of the stored line"
            ),
            Self::NodeWrong { node } => write!(
                f,
                "position {}: the stored subtree of level {} over leaves {}..{} differs from \
                 the hash of its lines",
                node.first_leaf(),
                node.level,
                node.first_leaf(),
                node.first_leaf() + (1u64 << node.level)
            ),
            Self::CheckpointSignature { size } => write!(
                f,
                "the signed checkpoint of size {size} does not verify with the log's key"
            ),
            Self::CheckpointRoot { size } => write!(
                f,
                "the signed checkpoint of size {size} states another root than the lines give"
            ),
            Self::CheckpointBeyondTree { size, tree } => write!(
                f,
                "position {tree}: a signed checkpoint covers {size} events, the tree has only \
                 {tree} (the tail was truncated)"
            ),
            Self::StoredRootWrong { size } => write!(
                f,
                "the stored subtrees give another root of size {size} than the lines"
            ),
        }
    }
}
