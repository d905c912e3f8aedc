//! An in-memory node store: every complete subtree of a tree, level by level.

use crate::hash::Hash;
use crate::tree::frontier::Frontier;
use crate::tree::node::{NodeId, NodeSource};

/// A whole tree in memory (tests, small tools): its frontier and every complete subtree hash.
#[derive(Debug, Clone, Default)]
pub struct MemoryTree {
    frontier: Frontier,
    levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    /// The empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        let levels = &mut self.levels;
        self.frontier.push_with(leaf, |id, hash| {
            let level = usize::from(id.level);
            if levels.len() == level {
                levels.push(Vec::new());
            }
            levels[level].push(hash);
        });
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.frontier.size()
    }

    /// The current root.
    pub fn root(&self) -> Hash {
        self.frontier.root()
    }

    /// The frontier (peaks) of the current tree.
    pub fn frontier(&self) -> &Frontier {
        &self.frontier
    }
}

impl NodeSource for MemoryTree {
    fn node(&self, id: NodeId) -> Option<Hash> {
        let level = self.levels.get(usize::from(id.level))?;
        level.get(usize::try_from(id.index).ok()?).copied()
    }
}
