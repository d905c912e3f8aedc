//! Rating: the leaderboards, one account's rank and the rating ledger.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Queries;
use crate::error::QueryError;
use crate::rank_index::Sources;
use crate::rating_history::RatingHistoryRow;

/// A leaderboard line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct LeaderboardRow {
    /// 1-based rank among unblocked volunteers.
    pub rank: i64,
    /// The account.
    pub account_id: Uuid,
    /// Display name.
    pub name: String,
    /// Points in the period (the rating for `all`).
    pub points: i32,
    /// When the points were reached.
    pub reached_at: DateTime<Utc>,
    /// Achievements unlocked (all time).
    pub achievements_count: i64,
}

/// One account's place on a board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MyRank {
    /// 1-based rank among unblocked volunteers.
    pub rank: i64,
    /// Points in the period.
    pub points: i32,
}

/// One read of a board: its top rows, the caller's place and how many it ranks, all from the
/// same state of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaderboardPage {
    /// The top rows, rank order.
    pub rows: Vec<LeaderboardRow>,
    /// The asked account's place (none: not ranked or no points in the period).
    pub me: Option<MyRank>,
    /// How many accounts the board ranks.
    pub total: i64,
}

impl Queries {
    /// The top `limit` of a board (`all`, `month:2026-11`, `week:2026-W48`; see
    /// [`crate::leaderboard::period_keys`]), ties to whoever reached the points first, then id,
    /// with `me`'s place and the board's size. Ranks come from the in-memory index
    /// (`rank_index`, docs/decisions/0032), names and achievement counts from the views.
    #[tracing::instrument(skip(self), err)]
    pub async fn leaderboard_page(
        &self,
        period: &str,
        limit: i64,
        me: Option<Uuid>,
    ) -> Result<LeaderboardPage, QueryError> {
        let limit = usize::try_from(limit).unwrap_or(0);
        let standing = self.ranks.standing(&self.pool, period, limit, me).await?;
        let me = standing.me.map(|p| MyRank {
            rank: p.rank,
            points: p.points,
        });
        let total = standing.total;
        let cache_key = (period.to_owned(), limit);
        if let Some(rows) = self.top_rows.get(&cache_key, &standing.sources) {
            return Ok(LeaderboardPage { rows, me, total });
        }
        let ids: Vec<Uuid> = standing.top.iter().map(|p| p.account_id).collect();
        let mut names: HashMap<Uuid, (String, i64)> = if ids.is_empty() {
            HashMap::new()
        } else {
            sqlx::query_as::<_, (Uuid, String, i64)>(
                "select a.id, a.name,
                        (select count(*) from achievements_view x where x.account_id = a.id)
                   from accounts_view a
                  where a.id = any($1)",
            )
            .bind(&ids)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|(id, name, count)| (id, (name, count)))
            .collect()
        };
        let rows = standing
            .top
            .into_iter()
            .filter_map(|p| {
                let (name, achievements_count) = names.remove(&p.account_id)?;
                Some(LeaderboardRow {
                    rank: p.rank,
                    account_id: p.account_id,
                    name,
                    points: p.points,
                    reached_at: p.reached_at,
                    achievements_count,
                })
            })
            .collect::<Vec<_>>();
        self.top_rows.put(cache_key, standing.sources, rows.clone());
        Ok(LeaderboardPage { rows, me, total })
    }

    /// The top `limit` of a board (see [`Queries::leaderboard_page`]).
    #[tracing::instrument(skip(self), err)]
    pub async fn leaderboard(
        &self,
        period: &str,
        limit: i64,
    ) -> Result<Vec<LeaderboardRow>, QueryError> {
        Ok(self.leaderboard_page(period, limit, None).await?.rows)
    }

    /// An account's rank on a board (none: not ranked, no points in the period, blocked or not a
    /// volunteer).
    #[tracing::instrument(skip(self), err)]
    pub async fn my_rank(
        &self,
        period: &str,
        account_id: Uuid,
    ) -> Result<Option<MyRank>, QueryError> {
        Ok(self.leaderboard_page(period, 0, Some(account_id)).await?.me)
    }

    /// How many accounts a board ranks.
    #[tracing::instrument(skip(self), err)]
    pub async fn leaderboard_total(&self, period: &str) -> Result<i64, QueryError> {
        Ok(self.leaderboard_page(period, 0, None).await?.total)
    }

    /// An account's rating ledger, newest first; `before` is the `position` of the previous
    /// page's last row (the log's order, which `at` follows).
    #[tracing::instrument(skip(self), err)]
    pub async fn rating_history(
        &self,
        account_id: Uuid,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RatingHistoryRow>, QueryError> {
        sqlx::query_as(
            "select r.*, l.position as audit_position
               from rating_history_view r
               left join audit_leaves l on l.global_position = r.position
              where r.account_id = $1 and ($2::int8 is null or r.position < $2)
              order by r.position desc
              limit $3",
        )
        .bind(account_id)
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(QueryError::from)
    }
}

/// The last top rows built per `(period, limit)`, with the views' checkpoints they were read at:
/// while those checkpoints stand still, so do the rows (their names and achievement counts
/// included), and repeated reads skip the view lookups.
#[derive(Default)]
pub(crate) struct TopRows {
    rows: Mutex<HashMap<TopKey, (Sources, Vec<LeaderboardRow>)>>,
}

/// A board and a limit.
type TopKey = (String, usize);

/// Entries kept before the cache starts again (periods × limits actually asked).
const TOP_ROWS_KEPT: usize = 64;

impl TopRows {
    fn get(&self, key: &TopKey, sources: &Sources) -> Option<Vec<LeaderboardRow>> {
        let rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        rows.get(key)
            .filter(|(at, _)| at == sources)
            .map(|(_, rows)| rows.clone())
    }

    fn put(&self, key: TopKey, sources: Sources, top: Vec<LeaderboardRow>) {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        if rows.len() >= TOP_ROWS_KEPT {
            rows.clear();
        }
        rows.insert(key, (sources, top));
    }
}
