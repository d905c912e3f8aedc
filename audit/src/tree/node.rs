//! Complete subtrees and where their hashes come from.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::hash::Hash;

/// A complete (perfect) subtree: `2^level` leaves starting at leaf `index << level`.
///
/// Level 0 nodes are the leaf hashes. A node exists once all its leaves do, and never changes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Height above the leaves (0 = a leaf hash).
    pub level: u8,
    /// Position among the nodes of that level, from the left.
    pub index: u64,
}

impl NodeId {
    /// The node at `level` whose leaves start at `index << level`.
    pub fn new(level: u8, index: u64) -> Self {
        Self { level, index }
    }

    /// The first leaf it covers.
    pub fn first_leaf(&self) -> u64 {
        self.index << self.level
    }

    /// How many leaves it covers.
    pub fn width(&self) -> u64 {
        1 << self.level
    }
}

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeId({}, {})", self.level, self.index)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "node (level {}, index {})", self.level, self.index)
    }
}

/// Where proof generation reads complete-subtree hashes from.
///
/// A database-backed store asks `*_proof_nodes` which ids a proof needs, fetches those rows into a
/// map (both std maps implement this trait), and generates the proof from the map.
pub trait NodeSource {
    /// The hash of the complete subtree `id`, if the store has it.
    fn node(&self, id: NodeId) -> Option<Hash>;
}

impl NodeSource for HashMap<NodeId, Hash> {
    fn node(&self, id: NodeId) -> Option<Hash> {
        self.get(&id).copied()
    }
}

impl NodeSource for BTreeMap<NodeId, Hash> {
    fn node(&self, id: NodeId) -> Option<Hash> {
        self.get(&id).copied()
    }
}

/// The complete subtrees that exactly cover leaves `[start, end)`, left to right, when `start` is
/// a multiple of the largest power of two not above `end - start` (true of every range that
/// RFC 6962's recursion produces): largest first, each aligned.
pub(crate) fn cover(start: u64, end: u64) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    let mut at = start;
    while at < end {
        let remaining = end - at;
        let mut level = u64::BITS - 1 - remaining.leading_zeros();
        if at != 0 {
            level = level.min(at.trailing_zeros());
        }
        let level = u8::try_from(level).expect("a level is below 64");
        nodes.push(NodeId::new(level, at >> level));
        at += 1 << level;
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_covered_by_aligned_perfect_subtrees_largest_first() {
        assert_eq!(cover(0, 0), vec![]);
        assert_eq!(cover(0, 1), vec![NodeId::new(0, 0)]);
        assert_eq!(
            cover(0, 7),
            vec![NodeId::new(2, 0), NodeId::new(1, 2), NodeId::new(0, 6)]
        );
        assert_eq!(cover(8, 13), vec![NodeId::new(2, 2), NodeId::new(0, 12)]);
        assert_eq!(cover(4, 8), vec![NodeId::new(2, 1)]);
    }
}
