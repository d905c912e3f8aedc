//! One board in memory: the ranked accounts' numbers in board order ([`RankedSet`]) and each
//! one's score on this board. A board holding most of the known accounts (the all-time board)
//! keeps its scores in a vector indexed by number (12 bytes per account); a small one (a quiet
//! week) in a map of its own accounts only.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::sync::atomic::AtomicU64;

use uuid::Uuid;

use super::ids::Ids;
use super::ranked_set::RankedSet;

/// A place's order before the id: more points first, then who reached them first (µs).
pub(super) type Score = (Reverse<i32>, i64);

/// A [`Score`] in 12 bytes (the tuple takes 16 with its padding): the scores vector of a
/// million-account board, and a board's rows while it loads, hold one per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Packed {
    points: i32,
    at: [u8; 8],
}

impl From<Score> for Packed {
    fn from((Reverse(points), at): Score) -> Self {
        Self {
            points,
            at: at.to_ne_bytes(),
        }
    }
}

impl From<Packed> for Score {
    fn from(packed: Packed) -> Self {
        (Reverse(packed.points), i64::from_ne_bytes(packed.at))
    }
}

/// No score: a slot of the vector whose account is not on the board.
const ABSENT: Packed = Packed {
    points: i32::MIN,
    at: i64::MIN.to_ne_bytes(),
};

/// The scores of one board's accounts, by number.
enum Scores {
    Dense(Vec<Packed>),
    Sparse(HashMap<u32, Packed>),
}

impl Scores {
    fn get(&self, n: u32) -> Option<Score> {
        match self {
            Self::Dense(v) => v.get(n as usize).copied().filter(|s| *s != ABSENT),
            Self::Sparse(m) => m.get(&n).copied(),
        }
        .map(Score::from)
    }

    fn set(&mut self, n: u32, score: Packed) {
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

    fn remove(&mut self, n: u32) {
        match self {
            Self::Dense(v) => {
                if let Some(slot) = v.get_mut(n as usize) {
                    *slot = ABSENT;
                }
            }
            Self::Sparse(m) => {
                m.remove(&n);
            }
        }
    }
}

/// A board's rows as read from its view, numbered where the account already has a number
/// (read under the index's read lock; the others are numbered under its write lock).
#[derive(Default)]
pub(super) struct Rows {
    known: Vec<(u32, Packed)>,
    unknown: Vec<(Uuid, Packed)>,
}

impl Rows {
    /// Adds the row of `id` (best first is cheapest: the board's sort then only checks).
    pub(super) fn push(&mut self, ids: &Ids, id: Uuid, score: Score) {
        match ids.find(&id) {
            Some(n) => self.known.push((n, score.into())),
            None => self.unknown.push((id, score.into())),
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
    /// The board of `rows`, numbering the accounts that have no number yet.
    pub(super) fn new(rows: Rows, ids: &mut Ids) -> Self {
        let Rows { mut known, unknown } = rows;
        known.extend(unknown.into_iter().map(|(id, s)| (ids.number(id), s)));
        let mut scores = if known.len() * 4 >= ids.len() {
            Scores::Dense(vec![ABSENT; ids.len()])
        } else {
            Scores::Sparse(HashMap::with_capacity(known.len()))
        };
        for &(n, score) in &known {
            scores.set(n, score);
        }
        let numbers = known.into_iter().map(|(n, _)| n).collect();
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
            .map(|n| (n, self.scores.get(n).unwrap_or(ABSENT.into())))
    }

    /// Puts account `n` where `score` says (none: off the board).
    pub(super) fn place(&mut self, n: u32, score: Option<Score>, ids: &Ids) {
        if self.scores.get(n).is_some() {
            self.set.remove(n, order(&self.scores, ids));
            self.scores.remove(n);
        }
        if let Some(score) = score {
            self.scores.set(n, score.into());
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

    fn rows(ids: &Ids, rows: &[(Uuid, Score)]) -> Rows {
        let mut loaded = Rows::default();
        for &(id, score) in rows {
            loaded.push(ids, id, score);
        }
        loaded
    }

    #[test]
    fn a_packed_score_takes_twelve_bytes_and_keeps_every_value() {
        assert_eq!(std::mem::size_of::<Packed>(), 12);
        for s in [
            score(0, 0),
            score(-5, -1),
            score(i32::MAX, i64::MAX),
            score(7, 1 << 40),
        ] {
            assert_eq!(Score::from(Packed::from(s)), s);
            assert_ne!(Packed::from(s), ABSENT);
        }
    }

    #[test]
    fn rows_of_known_and_new_accounts_make_one_board() {
        let mut ids = Ids::default();
        let (old, new) = (Uuid::new_v4(), Uuid::new_v4());
        let first = ids.number(old);
        // the new account is read first (better score) but numbered after the known one
        let loaded = rows(&ids, &[(new, score(9, 0)), (old, score(3, 0))]);
        let board = Board::new(loaded, &mut ids);
        let second = ids.find(&new).expect("numbered by the board");
        assert_eq!((first, second), (0, 1));
        let top: Vec<u32> = board.top(2).map(|(n, _)| n).collect();
        assert_eq!(top, [second, first]);
        assert_eq!(board.score(first), Some(score(3, 0)));
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
        let dense = Board::new(rows(&ids, &all), &mut ids);
        let mut sparse = Board::new(rows(&ids, &all[..10]), &mut ids);
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
