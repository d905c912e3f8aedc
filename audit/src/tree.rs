//! The RFC 6962 / RFC 9162 Merkle tree over the audit order.
//!
//! - [`Frontier`]: the streaming accumulator (compact range) — append a leaf hash in O(1)
//!   amortised hashes, hold only the ≤ 64 roots of the perfect subtrees that make up the tree,
//!   read the root at any time. This is the state the database consumer persists and what an
//!   offline verifier uses to re-derive a root with constant memory.
//! - [`NodeId`] / [`NodeSource`]: complete (perfect) subtrees, the only nodes a store keeps.
//!   Proofs are *generated* from them: `*_proof_nodes` say which ones a proof needs (so a
//!   database-backed store fetches only those), `inclusion_proof` / `consistency_proof` assemble
//!   the proof, folding incomplete right-border subtrees from their complete parts.
//! - [`verify_inclusion`] / [`verify_consistency`]: RFC 9162 §2.1.3.2 and §2.1.4.2, step by step,
//!   after checking the proof has exactly the length its sizes imply.

use crate::hash::Hash;

mod frontier;
mod memory;
mod node;
mod prove;
mod verify;

pub use frontier::{Frontier, FrontierError};
pub use memory::MemoryTree;
pub use node::{NodeId, NodeSource};
pub use prove::{
    consistency_proof, consistency_proof_nodes, inclusion_proof, inclusion_proof_nodes, root_at,
    root_nodes,
};
pub use verify::{
    consistency_proof_len, inclusion_proof_len, verify_consistency, verify_inclusion,
};

/// Why a proof could not be generated, or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not inside the tree (`index ≥ size`).
    #[error("index {index} is not below the tree size {size}")]
    IndexOutOfRange {
        /// The leaf index asked about.
        index: u64,
        /// The tree size it was asked against.
        size: u64,
    },
    /// A consistency proof from a larger tree to a smaller one (`m > n`).
    #[error("the first tree size {first} is larger than the second {second}")]
    SizesOutOfOrder {
        /// The first (older) size.
        first: u64,
        /// The second (newer) size.
        second: u64,
    },
    /// A consistency proof from the empty tree: RFC 9162 defines none (every tree extends it).
    #[error("a consistency proof from the empty tree is meaningless")]
    FromEmptyTree,
    /// The proof has more or fewer hashes than its sizes imply.
    #[error("the proof has {actual} hashes, its sizes imply {expected}")]
    WrongLength {
        /// How many hashes the sizes imply.
        expected: usize,
        /// How many the proof has.
        actual: usize,
    },
    /// The root rebuilt from the proof differs from the expected root.
    #[error("the proof leads to root {computed}, not to the expected {expected}")]
    RootMismatch {
        /// The root rebuilt from the proof.
        computed: Hash,
        /// The root it should have reached.
        expected: Hash,
    },
    /// The older root rebuilt from a consistency proof differs from the given older root.
    #[error("the proof rebuilds the first root as {computed}, not as the expected {expected}")]
    FirstRootMismatch {
        /// The older root rebuilt from the proof.
        computed: Hash,
        /// The older root it should have reached.
        expected: Hash,
    },
    /// The node store lacks a complete subtree the proof needs.
    #[error("the node store has no hash for {0}")]
    MissingNode(NodeId),
}

/// Bit length of `x` (0 for 0): the number of levels below the node where two paths meet.
fn bit_len(x: u64) -> u32 {
    u64::BITS - x.leading_zeros()
}

#[cfg(test)]
mod tests;
