//! An ordered set with ranks: sorted blocks of at most `MAX_BLOCK` keys. Insert, remove and
//! rank cost a binary search over the blocks, one inside a block, a shift of at most one block
//! and a sum of block lengths (a few thousand additions at a million keys), so a rank no longer
//! walks every key ahead of it.

/// Keys per block before it splits in two.
const MAX_BLOCK: usize = 1024;

/// A sorted set of distinct keys that answers "how many keys are smaller".
#[derive(Debug, Clone)]
pub(crate) struct RankedSet<K> {
    blocks: Vec<Vec<K>>,
    len: usize,
}

impl<K: Ord + Copy> RankedSet<K> {
    /// An empty set.
    #[cfg(test)]
    pub(crate) fn new() -> Self {
        Self {
            blocks: Vec::new(),
            len: 0,
        }
    }

    /// A set of `keys` (any order, duplicates dropped).
    pub(crate) fn from_keys(mut keys: Vec<K>) -> Self {
        keys.sort_unstable();
        keys.dedup();
        let len = keys.len();
        let blocks = keys.chunks(MAX_BLOCK / 2).map(<[K]>::to_vec).collect();
        Self { blocks, len }
    }

    /// How many keys the set holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The first block whose last key is at or after `key` (`blocks.len()` when none is).
    fn block_of(&self, key: &K) -> usize {
        self.blocks
            .partition_point(|b| b.last().is_some_and(|last| last < key))
    }

    /// Adds `key`; false when it was already there.
    pub(crate) fn insert(&mut self, key: K) -> bool {
        if self.blocks.is_empty() {
            self.blocks.push(vec![key]);
            self.len = 1;
            return true;
        }
        let b = self.block_of(&key).min(self.blocks.len() - 1);
        let block = &mut self.blocks[b];
        let Err(at) = block.binary_search(&key) else {
            return false;
        };
        block.insert(at, key);
        self.len += 1;
        if block.len() > MAX_BLOCK {
            let upper = block.split_off(block.len() / 2);
            self.blocks.insert(b + 1, upper);
        }
        true
    }

    /// Removes `key`; false when it was not there.
    pub(crate) fn remove(&mut self, key: &K) -> bool {
        let b = self.block_of(key);
        let Some(block) = self.blocks.get_mut(b) else {
            return false;
        };
        let Ok(at) = block.binary_search(key) else {
            return false;
        };
        block.remove(at);
        self.len -= 1;
        if block.is_empty() {
            self.blocks.remove(b);
        }
        true
    }

    /// How many keys are smaller than `key`.
    pub(crate) fn rank(&self, key: &K) -> usize {
        let b = self.block_of(key);
        let before: usize = self.blocks[..b].iter().map(Vec::len).sum();
        before
            + self
                .blocks
                .get(b)
                .map_or(0, |block| block.partition_point(|k| k < key))
    }

    /// The keys in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &K> {
        self.blocks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn ranks_inserts_and_removals_agree_with_a_sorted_vector() {
        let mut rng = rand::rng();
        let mut set = RankedSet::new();
        let mut model: Vec<u32> = Vec::new();
        for _ in 0..8_000 {
            let key = rng.random_range(0..4_000u32);
            let found = model.binary_search(&key);
            if rng.random_bool(0.7) {
                assert_eq!(set.insert(key), found.is_err());
                if let Err(at) = found {
                    model.insert(at, key);
                }
            } else {
                assert_eq!(set.remove(&key), found.is_ok());
                if let Ok(at) = found {
                    model.remove(at);
                }
            }
            let probe = rng.random_range(0..4_001u32);
            assert_eq!(set.rank(&probe), model.partition_point(|k| *k < probe));
            assert_eq!(set.len(), model.len());
        }
        assert!(set.iter().copied().eq(model.iter().copied()));
        assert!(set.blocks.len() > 1, "the test crossed block splits");
    }

    #[test]
    fn a_set_built_from_keys_is_sorted_without_duplicates() {
        let set = RankedSet::from_keys(vec![5, 1, 3, 1, 5000, 2]);
        assert_eq!(
            set.iter().copied().collect::<Vec<_>>(),
            vec![1, 2, 3, 5, 5000]
        );
        assert_eq!((set.rank(&3), set.rank(&4), set.rank(&0)), (2, 3, 0));
        let empty: RankedSet<u8> = RankedSet::from_keys(Vec::new());
        assert_eq!((empty.len(), empty.rank(&1)), (0, 0));
    }
}
