//! The streaming accumulator: the roots of the perfect subtrees that make up a tree of any size.

use crate::hash::{Hash, empty_root, node_hash};
use crate::tree::node::{NodeId, cover};

/// A tree of `size` leaves held as its *peaks*: the roots of the perfect subtrees of the binary
/// decomposition of `size`, largest (leftmost) first — one per set bit, so at most 64.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    peaks: Vec<Hash>,
}

/// Why stored frontier parts do not make a frontier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontierError {
    /// A tree of this size has one peak per set bit of the size.
    #[error("a tree of size {size} has {expected} peaks, got {actual}")]
    WrongPeakCount {
        /// The stored size.
        size: u64,
        /// Set bits of the size.
        expected: usize,
        /// Stored peaks.
        actual: usize,
    },
}

impl Frontier {
    /// The empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Restores a frontier persisted as [`Frontier::size`] and [`Frontier::peaks`].
    pub fn from_parts(size: u64, peaks: Vec<Hash>) -> Result<Self, FrontierError> {
        let expected = size.count_ones() as usize;
        if peaks.len() != expected {
            return Err(FrontierError::WrongPeakCount {
                size,
                expected,
                actual: peaks.len(),
            });
        }
        Ok(Self { size, peaks })
    }

    /// Number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The peak hashes, largest subtree first.
    pub fn peaks(&self) -> &[Hash] {
        &self.peaks
    }

    /// The ids of the peaks, in the order of [`Frontier::peaks`].
    pub fn peak_ids(&self) -> Vec<NodeId> {
        cover(0, self.size)
    }

    /// Appends one leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        self.push_with(leaf, |_, _| {});
    }

    /// Appends one leaf hash and reports every complete subtree it completes, bottom up: the leaf
    /// itself at level 0, then each parent that became complete (what a node store persists).
    /// Costs one hash per completed parent: amortised fewer than one per append.
    pub fn push_with(&mut self, leaf: Hash, mut on_node: impl FnMut(NodeId, Hash)) {
        let index = self.size;
        on_node(NodeId::new(0, index), leaf);
        let mut hash = leaf;
        let mut level: u8 = 0;
        while (index >> level) & 1 == 1 {
            let left = self
                .peaks
                .pop()
                .expect("a set bit of the size has its peak");
            hash = node_hash(&left, &hash);
            level += 1;
            on_node(NodeId::new(level, index >> level), hash);
        }
        self.peaks.push(hash);
        self.size += 1;
    }

    /// The RFC 6962 root of the leaves appended so far (`SHA-256()` when none).
    pub fn root(&self) -> Hash {
        fold_right(&self.peaks).unwrap_or_else(empty_root)
    }
}

/// `node(h0, node(h1, … node(h_{k-2}, h_{k-1})))`: the hash of adjacent subtrees, largest first.
pub(crate) fn fold_right(hashes: &[Hash]) -> Option<Hash> {
    let (last, rest) = hashes.split_last()?;
    Some(rest.iter().rev().fold(*last, |acc, h| node_hash(h, &acc)))
}
