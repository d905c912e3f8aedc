//! The leaderboards in memory: each board a [`RankedSet`] of `(points desc, reached_at,
//! account)` over the ranked accounts (unblocked volunteers), so a top-N is a walk of N keys
//! and "my rank" or the total is a search, not a count over every row ahead
//! (docs/decisions/0032).
//!
//! The index is a cache of `leaderboard_view` joined with `accounts_view`, never a second
//! source of truth. Every read first reads the `leaderboard` and `accounts` projectors'
//! checkpoints (one primary-key lookup); when either moved, it re-reads from the views only the
//! accounts whose `Account` stream has events between the older of the old checkpoints and the
//! newer of the new ones (the two projectors run apart: either may be ahead). What a command's
//! read-your-writes wait made visible in the views is therefore in the next answer.
//! A board is loaded from its view on its first read; a few boards stay loaded.

mod board;
mod ids;
mod ranked_set;
mod sql;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tokio::sync::{Mutex, RwLock};
use uuid::Uuid;

use crate::log::Checkpoint;
use board::{Board, Score};
use ids::Ids;
use sql::{board_rows, rows_of, source_checkpoints, touched_accounts};

/// Who is ranked: unblocked accounts with the volunteer role (`a` is `accounts_view`).
pub(crate) const RANKED: &str = "not a.blocked and 'volunteer' = any(a.roles)";

/// The projectors whose views a leaderboard answer is made of, in name order: the boards
/// follow the first and the last, names the first, achievement counts the second.
const SOURCES: [&str; 3] = ["accounts", "achievements", "leaderboard"];

/// The [`SOURCES`]' checkpoints at one read: while they stay the same, so do the views.
pub(crate) type Sources = [Checkpoint; 3];

/// Boards kept loaded besides `all` (the current and recent months and weeks).
const KEPT_BOARDS: usize = 8;

/// Past this many changed accounts since the last read, the loaded boards are reloaded whole.
const RELOAD_ABOVE: i64 = 20_000;

fn score(points: i32, reached_at: DateTime<Utc>) -> Score {
    (Reverse(points), reached_at.timestamp_micros())
}

/// The `accounts` and `leaderboard` checkpoints the boards were refreshed at.
type Seen = (Checkpoint, Checkpoint);

#[derive(Default)]
struct State {
    /// The two source checkpoints at the last refresh.
    seen: Option<Seen>,
    /// The numbers of the accounts the boards hold (shared by them).
    ids: Ids,
    boards: HashMap<String, Board>,
    uses: AtomicU64,
}

/// One line of a board as the index knows it (names come from the view).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub rank: i64,
    pub account_id: Uuid,
    pub points: i32,
    pub reached_at: DateTime<Utc>,
}

/// A consistent read of one board: its top, one account's place, its size.
#[derive(Debug, Clone)]
pub(crate) struct Standing {
    pub top: Vec<Place>,
    pub me: Option<Place>,
    pub total: i64,
    /// The views' checkpoints this answer was read at.
    pub sources: Sources,
}

/// The in-memory boards of one `Queries` (shared by its clones).
#[derive(Default)]
pub(crate) struct RankIndex {
    state: RwLock<State>,
    refreshing: Mutex<()>,
}

impl RankIndex {
    /// The top `limit` of `period`, `me`'s place and the total, as of the views now.
    pub(crate) async fn standing(
        &self,
        pool: &PgPool,
        period: &str,
        limit: usize,
        me: Option<Uuid>,
    ) -> Result<Standing, sqlx::Error> {
        let sources = source_checkpoints(pool).await?;
        // the boards are made of accounts_view and leaderboard_view
        let target = (sources[0], sources[2]);
        let with = |s: Standing| Standing { sources, ..s };
        if let Some(s) = self.read(period, target, limit, me).await {
            return Ok(with(s));
        }
        let _turn = self.refreshing.lock().await;
        if let Some(s) = self.read(period, target, limit, me).await {
            return Ok(with(s));
        }
        self.refresh(pool, period, target).await?;
        let empty = Standing {
            top: Vec::new(),
            me: None,
            total: 0,
            sources,
        };
        Ok(self
            .read(period, target, limit, me)
            .await
            .map_or(empty, with))
    }

    /// Answers from memory when the boards are at or past `target` and `period` is loaded.
    async fn read(
        &self,
        period: &str,
        target: Seen,
        limit: usize,
        me: Option<Uuid>,
    ) -> Option<Standing> {
        let state = self.state.read().await;
        let seen = state.seen?;
        if seen.0 < target.0 || seen.1 < target.1 {
            return None;
        }
        let board = state.boards.get(period)?;
        board.used.store(
            state.uses.fetch_add(1, Ordering::Relaxed),
            Ordering::Relaxed,
        );
        let ids = &state.ids;
        let place = |rank: usize, n: u32, (points, at): Score| Place {
            rank: rank as i64 + 1,
            account_id: ids.uuid(n),
            points: points.0,
            reached_at: DateTime::from_timestamp_micros(at).unwrap_or_default(),
        };
        Some(Standing {
            top: board
                .top(limit)
                .enumerate()
                .map(|(i, (n, s))| place(i, n, s))
                .collect(),
            me: me
                .and_then(|id| ids.find(&id))
                .and_then(|n| board.score(n).map(|s| place(board.rank(n, ids), n, s))),
            total: board.len() as i64,
            sources: [Checkpoint::ZERO; 3],
        })
    }

    /// Brings the loaded boards to `target` and loads `period` (one refresher at a time).
    async fn refresh(&self, pool: &PgPool, period: &str, target: Seen) -> Result<(), sqlx::Error> {
        let (seen, loaded) = {
            let state = self.state.read().await;
            (state.seen, state.boards.keys().cloned().collect::<Vec<_>>())
        };
        let mut reload = Vec::new();
        let mut touched = Vec::new();
        let mut changed = Vec::new();
        match seen {
            // the views went back (a wiped database): start again from them
            Some(seen) if seen.0 > target.0 || seen.1 > target.1 => reload.clone_from(&loaded),
            Some(seen) if seen != target && !loaded.is_empty() => {
                let after = seen.0.min(seen.1);
                let upto = target.0.max(target.1);
                touched = touched_accounts(pool, after, upto).await?;
                if touched.len() as i64 > RELOAD_ABOVE {
                    reload.clone_from(&loaded);
                    touched.clear();
                } else if !touched.is_empty() {
                    changed = rows_of(pool, &touched, &loaded).await?;
                }
            }
            _ => {}
        }
        if !loaded.iter().chain(&reload).any(|p| p == period) {
            reload.push(period.to_owned());
        }
        // read under the read lock (answers go on; only a refresher writes, one at a time), so
        // that the rows of accounts already numbered are numbers, not ids
        let mut fresh = Vec::new();
        {
            let state = self.state.read().await;
            for p in reload {
                let rows = board_rows(pool, &p, &state.ids).await?;
                fresh.push((p, rows));
            }
        }
        let mut guard = self.state.write().await;
        let state = &mut *guard;
        // a changed account leaves every loaded board, then takes back the rows it has
        for account in touched {
            let Some(n) = state.ids.find(&account) else {
                continue;
            };
            for board in state.boards.values_mut() {
                board.place(n, None, &state.ids);
            }
        }
        for (p, account, row) in changed {
            let Some(board) = state.boards.get_mut(&p) else {
                continue;
            };
            let n = match row {
                Some(_) => Some(state.ids.number(account)),
                None => state.ids.find(&account),
            };
            if let Some(n) = n {
                board.place(n, row, &state.ids);
            }
        }
        // built under the lock (the numbers are shared); the rows come best first, so the
        // board's sort only checks their order
        for (p, rows) in fresh {
            let board = Board::new(rows, &mut state.ids);
            state.boards.insert(p, board);
        }
        evict(state, period);
        state.seen = Some(target);
        Ok(())
    }
}

/// Drops the least recently read boards past [`KEPT_BOARDS`] (never `all` or `keep`).
fn evict(state: &mut State, keep: &str) {
    while state.boards.len() > KEPT_BOARDS + 1 {
        let Some(oldest) = state
            .boards
            .iter()
            .filter(|(p, _)| p.as_str() != crate::leaderboard::ALL && p.as_str() != keep)
            .min_by_key(|(_, b)| b.used.load(Ordering::Relaxed))
            .map(|(p, _)| p.clone())
        else {
            return;
        };
        state.boards.remove(&oldest);
    }
}
