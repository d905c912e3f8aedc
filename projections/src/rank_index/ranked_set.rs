//! An ordered set with ranks: sorted blocks of at most `MAX_BLOCK` members. Insert, remove and
//! rank cost a binary search over the blocks, one inside a block, a shift of at most one block
//! and a sum of block lengths (a few thousand additions at a million members), so a rank no
//! longer walks every member ahead of it.
//!
//! The members are 4-byte numbers; their order is the caller's comparison (the board's scores,
//! looked up by number), given to every call that compares. A member's score must not change
//! while it is in the set: the caller removes it, changes the score, and inserts it again.

use std::cmp::Ordering;

/// Members per block before it splits in two.
const MAX_BLOCK: usize = 1024;

/// A sorted set of distinct members that answers "how many members come before".
#[derive(Debug, Clone, Default)]
pub(crate) struct RankedSet {
    blocks: Vec<Vec<u32>>,
    len: usize,
}

impl RankedSet {
    /// A set of `members`, sorted here by `cmp` (duplicates dropped).
    pub(crate) fn from_members(mut members: Vec<u32>, cmp: impl Fn(u32, u32) -> Ordering) -> Self {
        members.sort_unstable_by(|a, b| cmp(*a, *b));
        members.dedup();
        let len = members.len();
        let blocks = members.chunks(MAX_BLOCK / 2).map(<[u32]>::to_vec).collect();
        Self { blocks, len }
    }

    /// How many members the set holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The first block whose last member is at or after `member` (`blocks.len()` when none is).
    fn block_of(&self, member: u32, cmp: &impl Fn(u32, u32) -> Ordering) -> usize {
        self.blocks.partition_point(|b| {
            b.last()
                .is_some_and(|&last| cmp(last, member) == Ordering::Less)
        })
    }

    /// Adds `member`; false when it was already there.
    pub(crate) fn insert(&mut self, member: u32, cmp: impl Fn(u32, u32) -> Ordering) -> bool {
        if self.blocks.is_empty() {
            self.blocks.push(vec![member]);
            self.len = 1;
            return true;
        }
        let b = self.block_of(member, &cmp).min(self.blocks.len() - 1);
        let block = &mut self.blocks[b];
        let Err(at) = block.binary_search_by(|&m| cmp(m, member)) else {
            return false;
        };
        block.insert(at, member);
        self.len += 1;
        if block.len() > MAX_BLOCK {
            let upper = block.split_off(block.len() / 2);
            self.blocks.insert(b + 1, upper);
        }
        true
    }

    /// Removes `member`; false when it was not there.
    pub(crate) fn remove(&mut self, member: u32, cmp: impl Fn(u32, u32) -> Ordering) -> bool {
        let b = self.block_of(member, &cmp);
        let Some(block) = self.blocks.get_mut(b) else {
            return false;
        };
        let Ok(at) = block.binary_search_by(|&m| cmp(m, member)) else {
            return false;
        };
        block.remove(at);
        self.len -= 1;
        if block.is_empty() {
            self.blocks.remove(b);
        }
        true
    }

    /// How many members come before `member` (which need not be in the set).
    pub(crate) fn rank(&self, member: u32, cmp: impl Fn(u32, u32) -> Ordering) -> usize {
        let b = self.block_of(member, &cmp);
        let before: usize = self.blocks[..b].iter().map(Vec::len).sum();
        before
            + self.blocks.get(b).map_or(0, |block| {
                block.partition_point(|&m| cmp(m, member) == Ordering::Less)
            })
    }

    /// The members in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.blocks.iter().flatten().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// Member `n` sorts by `values[n]`, then by its number (as the boards break ties by id).
    fn by(values: &[u32]) -> impl Fn(u32, u32) -> Ordering + '_ {
        |a, b| values[a as usize].cmp(&values[b as usize]).then(a.cmp(&b))
    }

    #[test]
    fn ranks_inserts_and_removals_agree_with_a_sorted_vector() {
        let mut rng = rand::rng();
        // 4,000 members with values from a smaller range: ties are broken by the number
        let values: Vec<u32> = (0..4_000).map(|_| rng.random_range(0..1_500)).collect();
        let key = |m: u32| (values[m as usize], m);
        let mut set = RankedSet::default();
        let mut model: Vec<(u32, u32)> = Vec::new();
        for _ in 0..8_000 {
            let member = rng.random_range(0..4_000u32);
            let found = model.binary_search(&key(member));
            if rng.random_bool(0.7) {
                assert_eq!(set.insert(member, by(&values)), found.is_err());
                if let Err(at) = found {
                    model.insert(at, key(member));
                }
            } else {
                assert_eq!(set.remove(member, by(&values)), found.is_ok());
                if let Ok(at) = found {
                    model.remove(at);
                }
            }
            let probe = rng.random_range(0..4_000u32);
            assert_eq!(
                set.rank(probe, by(&values)),
                model.partition_point(|k| *k < key(probe))
            );
            assert_eq!(set.len(), model.len());
        }
        assert!(set.iter().eq(model.iter().map(|&(_, m)| m)));
        assert!(set.blocks.len() > 1, "the test crossed block splits");
    }

    #[test]
    fn a_set_built_from_members_is_sorted_without_duplicates() {
        let values = [50, 10, 30, 10, 5000, 20];
        let set = RankedSet::from_members(vec![0, 1, 2, 3, 4, 5, 1, 0], by(&values));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![1, 3, 5, 2, 0, 4]);
        // member 2 (value 30) has three before it; member 3 (10, after 1 by number) one
        assert_eq!((set.rank(2, by(&values)), set.rank(3, by(&values))), (3, 1));
        let empty = RankedSet::from_members(Vec::new(), by(&values));
        assert_eq!((empty.len(), empty.rank(1, by(&values))), (0, 0));
    }
}
