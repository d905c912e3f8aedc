//! The accounts the boards know, each given a number (`u32`) once, shared by every board: a
//! board's set and scores hold 4-byte numbers instead of 16-byte ids. The table stores only
//! the numbers and finds one by hashing the id it names (≈ 21 bytes per account with the id
//! list, where a map from id to number takes ≈ 44 at a million accounts).

use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;
use uuid::Uuid;

/// Every account a board has held, in the order they were first seen (never renumbered).
#[derive(Default)]
pub(super) struct Ids {
    uuids: Vec<Uuid>,
    table: HashTable<u32>,
    hasher: RandomState,
}

impl Ids {
    /// The number of `id`, when a board has held it.
    pub(super) fn find(&self, id: &Uuid) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |&n| self.uuids[n as usize] == *id)
            .copied()
    }

    /// The number of `id`, given now when it has none.
    pub(super) fn number(&mut self, id: Uuid) -> u32 {
        if let Some(n) = self.find(&id) {
            return n;
        }
        let n = u32::try_from(self.uuids.len()).expect("fewer than 2^32 ranked accounts");
        self.uuids.push(id);
        let (uuids, hasher) = (&self.uuids, &self.hasher);
        self.table.insert_unique(hasher.hash_one(id), n, |&m| {
            hasher.hash_one(uuids[m as usize])
        });
        n
    }

    /// The id numbered `n` (a number this table gave).
    pub(super) fn uuid(&self, n: u32) -> Uuid {
        self.uuids[n as usize]
    }

    /// How many accounts have a number.
    pub(super) fn len(&self) -> usize {
        self.uuids.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_keeps_its_number_and_numbers_name_their_ids() {
        let mut ids = Ids::default();
        let some: Vec<Uuid> = (0..10_000).map(|_| Uuid::new_v4()).collect();
        let numbers: Vec<u32> = some.iter().map(|&id| ids.number(id)).collect();
        assert_eq!(numbers, (0..10_000).collect::<Vec<u32>>());
        for (&id, &n) in some.iter().zip(&numbers) {
            assert_eq!(
                (ids.find(&id), ids.number(id), ids.uuid(n)),
                (Some(n), n, id)
            );
        }
        assert_eq!((ids.len(), ids.find(&Uuid::new_v4())), (10_000, None));
    }
}
