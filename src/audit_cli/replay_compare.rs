//! `birqadam audit replay EXPORT --compare`: the replayed state diffed against the live views of
//! the database, one line per difference, grouped by account. The views must be at the export's
//! size (export right after the views caught up); a view ahead of the export shows up as
//! differences.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::replay::{HistoryEntry, Replayed};

/// One difference between the replay and a live view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The account it is about.
    pub account: Uuid,
    /// What differs, with the live and the replayed value.
    pub what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "account {}: {}", self.account, self.what)
    }
}

/// A row of `rating_history_view` as compared: account, at, delta, rating after, source kind,
/// source id, reason.
type HistoryRow = (
    Uuid,
    DateTime<Utc>,
    i32,
    i32,
    String,
    Option<Uuid>,
    Option<String>,
);

/// Same instant to the microsecond (PostgreSQL keeps microseconds, the log nanoseconds).
fn same_time(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_nanoseconds().is_some_and(|d| d.abs() < 1000)
}

/// The differences between `replayed` and the live views of `pool`, ordered by account.
pub async fn compare(pool: &PgPool, replayed: &Replayed) -> anyhow::Result<Vec<Difference>> {
    let mut out = Vec::new();
    let mut add = |account: Uuid, what: String| out.push(Difference { account, what });

    let ratings: BTreeMap<Uuid, i32> = sqlx::query_as("select id, rating from accounts_view")
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
    for account in keys(&ratings, &replayed.ratings) {
        let (live, replay) = (ratings.get(&account), replayed.ratings.get(&account));
        if live != replay {
            add(account, format!("rating: live {live:?}, replay {replay:?}"));
        }
    }

    let mut history: BTreeMap<Uuid, Vec<HistoryEntry>> = BTreeMap::new();
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "select account_id, at, delta, rating_after, source_kind, source_id, reason
           from rating_history_view order by position",
    )
    .fetch_all(pool)
    .await?;
    for (account, at, delta, rating_after, source_kind, source_id, reason) in rows {
        history.entry(account).or_default().push(HistoryEntry {
            at,
            delta,
            rating_after,
            source_kind,
            source_id,
            reason,
        });
    }
    let empty = Vec::new();
    for account in keys(&history, &replayed.history) {
        let live = history.get(&account).unwrap_or(&empty);
        let replay = replayed.history.get(&account).unwrap_or(&empty);
        if live.len() != replay.len() {
            add(
                account,
                format!(
                    "rating history: live {} entries, replay {}",
                    live.len(),
                    replay.len()
                ),
            );
        }
        let differs = |a: &HistoryEntry, b: &HistoryEntry| {
            !same_time(a.at, b.at)
                || HistoryEntry {
                    at: b.at,
                    ..a.clone()
                } != *b
        };
        if let Some((i, (l, r))) = live
            .iter()
            .zip(replay)
            .enumerate()
            .find(|(_, (l, r))| differs(l, r))
        {
            add(
                account,
                format!("rating history entry {i}: live {l:?}, replay {r:?}"),
            );
        }
    }

    let rows: Vec<(Uuid, String, DateTime<Utc>)> =
        sqlx::query_as("select account_id, achievement_id, unlocked_at from achievements_view")
            .fetch_all(pool)
            .await?;
    let mut unlocked: BTreeMap<Uuid, BTreeMap<String, DateTime<Utc>>> = BTreeMap::new();
    for (account, id, at) in rows {
        unlocked.entry(account).or_default().insert(id, at);
    }
    let none = BTreeMap::new();
    for account in keys(&unlocked, &replayed.achievements) {
        let live = unlocked.get(&account).unwrap_or(&none);
        let replay = replayed.achievements.get(&account).unwrap_or(&none);
        for id in keys(live, replay) {
            let (l, r) = (live.get(&id), replay.get(&id));
            if !matches!((l, r), (Some(l), Some(r)) if same_time(*l, *r)) {
                add(
                    account,
                    format!("achievement {id}: live unlocked at {l:?}, replay {r:?}"),
                );
            }
        }
    }

    let rows: Vec<(String, Uuid, i32, DateTime<Utc>)> =
        sqlx::query_as("select period, account_id, points, reached_at from leaderboard_view")
            .fetch_all(pool)
            .await?;
    let mut boards: BTreeMap<(Uuid, String), (i32, DateTime<Utc>)> = BTreeMap::new();
    for (period, account, points, reached_at) in rows {
        boards.insert((account, period), (points, reached_at));
    }
    let mut replayed_boards = BTreeMap::new();
    for (period, board) in &replayed.boards {
        for (account, standing) in board {
            replayed_boards.insert(
                (*account, period.clone()),
                (standing.points, standing.reached_at),
            );
        }
    }
    for key in keys(&boards, &replayed_boards) {
        let (l, r) = (boards.get(&key), replayed_boards.get(&key));
        let same = matches!((l, r), (Some(l), Some(r)) if l.0 == r.0 && same_time(l.1, r.1));
        if !same {
            let show = |s: Option<&(i32, DateTime<Utc>)>| {
                s.map_or_else(
                    || "absent".to_owned(),
                    |(p, t)| format!("{p} points reached at {t}"),
                )
            };
            add(
                key.0,
                format!(
                    "leaderboard {}: live {}, replay {}",
                    key.1,
                    show(l),
                    show(r)
                ),
            );
        }
    }
    out.sort_by_key(|d| d.account);
    Ok(out)
}

/// The keys of either map, in order.
fn keys<K: Ord + Clone, A, B>(a: &BTreeMap<K, A>, b: &BTreeMap<K, B>) -> BTreeSet<K> {
    a.keys().chain(b.keys()).cloned().collect()
}
