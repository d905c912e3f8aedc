//! One board in memory: the ranked accounts' numbers in board order ([`RankedSet`]) and each
//! one's score on this board. A board holding most of the known accounts (the all-time board)
//! keeps its scores in a vector indexed by number (16 bytes per account); a small one (a quiet
//! week) in a map of its own accounts only.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::sync::atomic::AtomicU64;

use uuid::Uuid;

use super::ids::Ids;
use super::ranked_set::RankedSet;

/// A place's order before the id: more points first, then who reached them first (µs).
pub(super) type Score = (Reverse<i32>, i64);

/// No score: a slot of the vector whose account is not on the board.
const ABSENT: Score = (Reverse(i32::MIN), i64::MIN);

/// The scores of one board's accounts, by number.
enum Scores {
    Dense(Vec<Score>),
    Sparse(HashMap<u32, Score>),
}

impl Scores {
    fn get(&self, n: u32) -> Option<Score> {
        match self {
            Self::Dense(v) => v.get(n as usize).copied().filter(|s| *s != ABSENT),
            Self::Sparse(m) => m.get(&n).copied(),
        }
    }

    fn set(&mut self, n: u32, score: Score) {
        match self {
            Self::Dense(v) => {
                if v.len() <= n as usize {
                    v.resize(n as usize + 1, ABSENT);
                }
                v[n as usize] = score;
            }
            Self::Sparse(m) => {
                m.insert(n, score);
            }
        }
    }

    fn remove(&mut self, n: u32) -> Option<Score> {
        match self {
            Self::Dense(v) => v
                .get_mut(n as usize)
                .map(|s| std::mem::replace(s, ABSENT))
                .filter(|s| *s != ABSENT),
            Self::Sparse(m) => m.remove(&n),
        }
    }
}

/// The board order of members `a` and `b` (both on the board): score, then id.
fn order<'a>(scores: &'a Scores, ids: &'a Ids) -> impl Fn(u32, u32) -> Ordering + 'a {
    move |a, b| {
        scores
            .get(a)
            .cmp(&scores.get(b))
            .then_with(|| ids.uuid(a).cmp(&ids.uuid(b)))
    }
}

/// One loaded board.
pub(super) struct Board {
    set: RankedSet,
    scores: Scores,
    /// When it was last read (a tick of the index's use counter), for eviction.
    pub(super) used: AtomicU64,
}

impl Board {
    /// The board of `rows` (best first is cheapest: the sort then only checks the order).
    pub(super) fn new(rows: Vec<(Uuid, Score)>, ids: &mut Ids) -> Self {
        let members: Vec<(u32, Score)> = rows
            .into_iter()
            .map(|(id, score)| (ids.number(id), score))
            .collect();
        let mut scores = if members.len() * 4 >= ids.len() {
            Scores::Dense(vec![ABSENT; ids.len()])
        } else {
            Scores::Sparse(HashMap::with_capacity(members.len()))
        };
        for &(n, score) in &members {
            scores.set(n, score);
        }
        let numbers = members.into_iter().map(|(n, _)| n).collect();
        let set = RankedSet::from_members(numbers, order(&scores, ids));
        Self {
            set,
            scores,
            used: AtomicU64::new(0),
        }
    }

    /// How many accounts are on the board.
    pub(super) fn len(&self) -> usize {
        self.set.len()
    }

    /// The score of account `n`, when it is on the board.
    pub(super) fn score(&self, n: u32) -> Option<Score> {
        self.scores.get(n)
    }

    /// How many accounts come before account `n` (on the board).
    pub(super) fn rank(&self, n: u32, ids: &Ids) -> usize {
        self.set.rank(n, order(&self.scores, ids))
    }

    /// The first `limit` accounts with their scores, best first.
    pub(super) fn top(&self, limit: usize) -> impl Iterator<Item = (u32, Score)> + '_ {
        self.set
            .iter()
            .take(limit)
            .map(|n| (n, self.scores.get(n).unwrap_or(ABSENT)))
    }

    /// Puts account `n` where `score` says (none: off the board).
    pub(super) fn place(&mut self, n: u32, score: Option<Score>, ids: &Ids) {
        if self.scores.get(n).is_some() {
            self.set.remove(n, order(&self.scores, ids));
            self.scores.remove(n);
        }
        if let Some(score) = score {
            self.scores.set(n, score);
            self.set.insert(n, order(&self.scores, ids));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(points: i32, at: i64) -> Score {
        (Reverse(points), at)
    }

    #[test]
    fn dense_and_sparse_boards_rank_alike_and_follow_changes() {
        let mut ids = Ids::default();
        // numbers 0..100 taken first, so a board of 10 of them is sparse
        let everyone: Vec<Uuid> = (0..100).map(|_| Uuid::new_v4()).collect();
        let all: Vec<(Uuid, Score)> = everyone
            .iter()
            .enumerate()
            .map(|(i, &id)| (id, score(i as i32 % 7, 0)))
            .collect();
        let dense = Board::new(all.clone(), &mut ids);
        let mut sparse = Board::new(all[..10].to_vec(), &mut ids);
        assert!(matches!(dense.scores, Scores::Dense(_)));
        assert!(matches!(sparse.scores, Scores::Sparse(_)));
        // ties on points and time are broken by the id, as the views order them
        let mut expected = all.clone();
        expected.sort_by_key(|&(id, s)| (s, id));
        let top: Vec<Uuid> = dense.top(100).map(|(n, _)| ids.uuid(n)).collect();
        assert_eq!(top, expected.iter().map(|&(id, _)| id).collect::<Vec<_>>());
        for (rank, &(id, _)) in expected.iter().enumerate() {
            let n = ids.find(&id).expect("numbered");
            assert_eq!(dense.rank(n, &ids), rank);
        }
        // a newcomer jumps to the top of the small board, a member leaves it
        let newcomer = ids.number(Uuid::new_v4());
        sparse.place(newcomer, Some(score(1_000, 5)), &ids);
        let leaver = ids.find(&all[3].0).expect("numbered");
        sparse.place(leaver, None, &ids);
        assert_eq!((sparse.len(), sparse.score(leaver)), (10, None));
        assert_eq!(sparse.top(1).next(), Some((newcomer, score(1_000, 5))));
        assert_eq!(sparse.rank(newcomer, &ids), 0);
    }
}
