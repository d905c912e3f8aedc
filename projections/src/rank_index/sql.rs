//! The rank index's reads of the views and the log: the source projectors' checkpoints, the
//! accounts touched between two of them, and a board's rows (whole or for some accounts).

use chrono::{DateTime, Utc};
use futures::TryStreamExt as _;
use sqlx::PgPool;
use uuid::Uuid;

use super::board::{Rows, Score};
use super::ids::Ids;
use super::{RANKED, RELOAD_ABOVE, SOURCES, Sources, score};
use crate::log::Checkpoint;

/// The [`SOURCES`]' checkpoints (zero for one that never ran).
pub(super) async fn source_checkpoints(pool: &PgPool) -> Result<Sources, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "select name, transaction_id, global_position from projection_checkpoints
          where name = any($1)",
    )
    .bind(&SOURCES[..])
    .fetch_all(pool)
    .await?;
    let mut sources = [Checkpoint::ZERO; 3];
    for (name, transaction_id, global_position) in rows {
        if let Some(i) = SOURCES.iter().position(|s| *s == name) {
            sources[i] = Checkpoint {
                transaction_id,
                global_position,
            };
        }
    }
    Ok(sources)
}

/// Accounts with events after `after` up to `upto` (at most [`RELOAD_ABOVE`] + 1 of them).
pub(super) async fn touched_accounts(
    pool: &PgPool,
    after: Checkpoint,
    upto: Checkpoint,
) -> Result<Vec<Uuid>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "select distinct aggregate_id from events
          where aggregate_type = 'Account'
            and (transaction_id, global_position) > ($1::text::xid8, $2)
            and (transaction_id, global_position) <= ($3::text::xid8, $4)
          limit $5",
    )
    .bind(after.transaction_id)
    .bind(after.global_position)
    .bind(upto.transaction_id)
    .bind(upto.global_position)
    .bind(RELOAD_ABOVE + 1)
    .fetch_all(pool)
    .await?;
    Ok(ids
        .iter()
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect())
}

/// The rows of `accounts` on the `periods` boards: `(period, account, key when ranked)`.
pub(super) async fn rows_of(
    pool: &PgPool,
    accounts: &[Uuid],
    periods: &[String],
) -> Result<Vec<(String, Uuid, Option<Score>)>, sqlx::Error> {
    let rows: Vec<(String, Uuid, i32, DateTime<Utc>, bool)> = sqlx::query_as(&format!(
        "select l.period, l.account_id, l.points, l.reached_at, ({RANKED}) as ranked
           from leaderboard_view l
           join accounts_view a on a.id = l.account_id
          where l.account_id = any($1) and l.period = any($2)"
    ))
    .bind(accounts)
    .bind(periods)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(period, id, points, at, ranked)| (period, id, ranked.then(|| score(points, at))))
        .collect())
}

/// Every ranked row of one board, best first (the index's order: points, time, then id),
/// streamed into compact rows: a million-row board never exists as a vector of rows.
pub(super) async fn board_rows(
    pool: &PgPool,
    period: &str,
    ids: &Ids,
) -> Result<Rows, sqlx::Error> {
    let sql = format!(
        "select l.account_id, l.points, l.reached_at
           from leaderboard_view l
           join accounts_view a on a.id = l.account_id
          where l.period = $1 and {RANKED}
          order by l.points desc, l.reached_at, l.account_id"
    );
    let mut stream = sqlx::query_as::<_, (Uuid, i32, DateTime<Utc>)>(&sql)
        .bind(period)
        .fetch(pool);
    let mut rows = Rows::default();
    while let Some((id, points, at)) = stream.try_next().await? {
        rows.push(ids, id, score(points, at));
    }
    Ok(rows)
}
