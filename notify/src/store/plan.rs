//! Planning SQL (inside the notifier consumer's transaction): wait for the views an audience is
//! read from, resolve it, insert the deliveries under their unique key.

use std::time::{Duration, Instant};

use birqadam_projections::Checkpoint;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::mapping::Audience;

/// A delivery to insert.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    /// The event's global position.
    pub event_position: i64,
    /// The account.
    pub recipient: Uuid,
    /// `telegram` or `push`.
    pub channel: &'static str,
    /// What it says.
    pub kind: &'static str,
    /// Its ids and values (a JSON object of strings).
    pub params: serde_json::Value,
    /// When the event happened.
    pub event_at: DateTime<Utc>,
    /// When it is first due.
    pub due: DateTime<Utc>,
}

/// Inserts deliveries; a key already present (a replayed batch) is left alone. Returns how many
/// rows are new.
pub async fn insert(tx: &mut PgConnection, rows: &[NewDelivery]) -> Result<u64, sqlx::Error> {
    if rows.is_empty() {
        return Ok(0);
    }
    let positions: Vec<i64> = rows.iter().map(|r| r.event_position).collect();
    let recipients: Vec<Uuid> = rows.iter().map(|r| r.recipient).collect();
    let channels: Vec<&str> = rows.iter().map(|r| r.channel).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind).collect();
    let params: Vec<serde_json::Value> = rows.iter().map(|r| r.params.clone()).collect();
    let event_at: Vec<DateTime<Utc>> = rows.iter().map(|r| r.event_at).collect();
    let due: Vec<DateTime<Utc>> = rows.iter().map(|r| r.due).collect();
    let done = sqlx::query(
        "insert into notification_deliveries
                (event_position, recipient, channel, kind, params, event_at, next_attempt_at)
         select * from unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[],
                              $6::timestamptz[], $7::timestamptz[])
         on conflict (event_position, recipient, channel, kind) do nothing",
    )
    .bind(positions)
    .bind(recipients)
    .bind(channels)
    .bind(kinds)
    .bind(params)
    .bind(event_at)
    .bind(due)
    .execute(tx)
    .await?;
    Ok(done.rows_affected())
}

/// One unlock to tell: the event that unlocked it, the account, the achievement named (the one
/// worth most when the event unlocked several) and how many more the same event unlocked.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Unlock {
    /// The unlocking event's global position.
    pub position: i64,
    /// Who unlocked it.
    pub account_id: Uuid,
    /// The achievement named.
    pub achievement_id: String,
    /// The others the same event unlocked for the same account.
    pub more: i64,
}

/// The unlocks made by the events at `positions`, one per event and account (read from
/// `achievements_view`, so the `achievements` projector must have applied them).
pub async fn unlocks(tx: &mut PgConnection, positions: &[i64]) -> Result<Vec<Unlock>, sqlx::Error> {
    sqlx::query_as(
        "select distinct on (a.position, a.account_id)
                a.position, a.account_id, a.achievement_id,
                count(*) over (partition by a.position, a.account_id) - 1 as more
           from achievements_view a
           left join achievement_catalogue_view c on c.id = a.achievement_id
          where a.position = any($1)
          order by a.position, a.account_id, c.xp desc nulls last, c.position, a.achievement_id",
    )
    .bind(positions)
    .fetch_all(tx)
    .await
}

/// The projector whose view an audience is read from.
pub fn view_of(audience: Audience) -> Option<&'static str> {
    match audience {
        Audience::Person(_) => None,
        Audience::ProjectOwner(_) | Audience::ProjectMembers(_) => Some("projects"),
        Audience::TaskRecipients(_) => Some("assignments"),
    }
}

/// Waits (at most `within`) until every projector in `views` has applied the log up to `upto`,
/// so that an audience read from its view includes the event's past; an error when it does
/// not (the runner retries the batch later). Call it before writing: it only reads.
pub async fn wait_for_views(
    tx: &mut PgConnection,
    views: &[&'static str],
    upto: Checkpoint,
    within: Duration,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + within;
    for view in views {
        loop {
            let at: Option<(i64, i64)> = sqlx::query_as(
                "select transaction_id, global_position from projection_checkpoints where name = $1",
            )
            .bind(view)
            .fetch_optional(&mut *tx)
            .await?;
            let at = at.map_or(Checkpoint::ZERO, |(transaction_id, global_position)| {
                Checkpoint {
                    transaction_id,
                    global_position,
                }
            });
            if at >= upto {
                break;
            }
            if Instant::now() > deadline {
                anyhow::bail!("notify: the {view} view has not reached {upto:?} yet (at {at:?})");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
    Ok(())
}

/// The accounts an audience is, now.
pub async fn resolve(tx: &mut PgConnection, audience: Audience) -> Result<Vec<Uuid>, sqlx::Error> {
    match audience {
        Audience::Person(id) => Ok(vec![id]),
        Audience::ProjectOwner(project) => {
            sqlx::query_scalar("select owner_id from projects_view where id = $1")
                .bind(project)
                .fetch_all(tx)
                .await
        }
        Audience::ProjectMembers(project) => sqlx::query_scalar(
            "select account_id from project_members_view where project_id = $1 order by account_id",
        )
        .bind(project)
        .fetch_all(tx)
        .await,
        Audience::TaskRecipients(task) => {
            sqlx::query_scalar(
                "select distinct volunteer_id from assignments_view
              where task_id = $1 and status <> 'declined' order by volunteer_id",
            )
            .bind(task)
            .fetch_all(tx)
            .await
        }
    }
}
