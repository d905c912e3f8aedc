//! All SQL of the notifier, in one module: the delivery log (`notification_deliveries`, the
//! notifier's own operational table, like the audit tree's tables are the audit consumer's), the
//! audiences it resolves from the views when planning, and the contact data and names it reads
//! at send time. The views belong to `projections`; this module only reads them, by the columns
//! their migrations document. Queries go through the pool or the consumer's transaction.

mod contact;
pub(crate) mod plan;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use birqadam_domain::notification::DeliveryChannel;

pub use contact::{Contact, Subjects, contact, remove_device, subjects};
pub use plan::{NewDelivery, Unlock, insert, resolve, unlocks, wait_for_views};

/// A delivery a sender claimed (state `sending` under its lease).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    /// The row.
    pub id: i64,
    /// The event's global position (the delivery key with recipient, channel and kind).
    pub event_position: i64,
    /// The account.
    pub recipient: Uuid,
    /// `telegram` or `push`.
    pub channel: String,
    /// What it says.
    pub kind: String,
    /// Its ids and values.
    pub params: serde_json::Value,
    /// Counted attempts so far.
    pub attempts: i32,
    /// Push tokens already served.
    pub sent_tokens: Vec<String>,
    /// When the event happened.
    pub event_at: DateTime<Utc>,
    /// This claim's id (a mark by a stale claim changes nothing).
    pub claim: Uuid,
}

impl Claimed {
    /// The delivery key as text: `position:recipient:channel:kind` (collapse tags hash it).
    pub fn key(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.event_position, self.recipient, self.channel, self.kind
        )
    }
}

/// Claims up to `limit` due deliveries of `channel`: pending ones and sending ones whose lease
/// expired (their sender died), oldest due first.
pub async fn claim(
    pool: &PgPool,
    channel: DeliveryChannel,
    now: DateTime<Utc>,
    lease: std::time::Duration,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let lease_until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    sqlx::query_as(
        "update notification_deliveries d
            set state = 'sending', lease_until = $3, claim = gen_random_uuid()
          where d.id in (select id from notification_deliveries
                          where channel = $1 and state in ('pending', 'sending')
                            and next_attempt_at <= $2
                            and (state = 'pending' or lease_until < $2)
                          order by next_attempt_at, id
                          limit $4
                          for update skip locked)
      returning d.id, d.event_position, d.recipient, d.channel, d.kind, d.params, d.attempts,
                d.sent_tokens, d.event_at, d.claim",
    )
    .bind(channel.as_str())
    .bind(now)
    .bind(lease_until)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Extends the lease of deliveries still in flight under these claims to `until`, so a send
/// that waits its turn (a throttle, a slow provider) is not claimed again while it runs; a
/// crashed sender renews nothing and its rows come back once the lease runs out.
pub async fn renew(
    pool: &PgPool,
    in_flight: &[(i64, Uuid)],
    until: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let (ids, claims): (Vec<i64>, Vec<Uuid>) = in_flight.iter().copied().unzip();
    let renewed = sqlx::query(
        "update notification_deliveries d set lease_until = $3
           from unnest($1::bigint[], $2::uuid[]) as f(id, claim)
          where d.id = f.id and d.claim = f.claim and d.state = 'sending'",
    )
    .bind(&ids)
    .bind(&claims)
    .bind(until)
    .execute(pool)
    .await?;
    Ok(renewed.rows_affected())
}

/// Ends a delivery: `sent`, `skipped`, `dead` or `failed_permanent`, with why.
pub async fn finish(
    pool: &PgPool,
    row: &Claimed,
    state: &str,
    why: Option<&str>,
    now: DateTime<Utc>,
    counted: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update notification_deliveries
            set state = $3, last_error = coalesce($4, last_error), finished_at = $5,
                lease_until = null, attempts = attempts + $6::int
          where id = $1 and claim = $2 and state = 'sending'",
    )
    .bind(row.id)
    .bind(row.claim)
    .bind(state)
    .bind(why)
    .bind(now)
    .bind(i32::from(counted))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a delivery back to `pending` until `at`; `counted` adds an attempt (a transient error),
/// otherwise it only waits (quiet hours, a paused channel).
pub async fn reschedule(
    pool: &PgPool,
    row: &Claimed,
    at: DateTime<Utc>,
    counted: bool,
    why: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update notification_deliveries
            set state = 'pending', next_attempt_at = $3, lease_until = null,
                attempts = attempts + $4::int, last_error = coalesce($5, last_error)
          where id = $1 and claim = $2 and state = 'sending'",
    )
    .bind(row.id)
    .bind(row.claim)
    .bind(at)
    .bind(i32::from(counted))
    .bind(why)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records that a push token was served, so that a retry of the row skips it.
pub async fn token_sent(pool: &PgPool, row: &Claimed, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update notification_deliveries set sent_tokens = array_append(sent_tokens, $3)
          where id = $1 and claim = $2",
    )
    .bind(row.id)
    .bind(row.claim)
    .bind(token)
    .execute(pool)
    .await?;
    Ok(())
}

/// The queue: pending-or-sending deliveries per channel and the age of the oldest due one.
pub async fn queue(
    pool: &PgPool,
    now: DateTime<Utc>,
) -> Result<Vec<(String, i64, Option<f64>)>, sqlx::Error> {
    sqlx::query_as(
        "select channel, count(*),
                extract(epoch from $1 - min(next_attempt_at) filter (where next_attempt_at <= $1))::float8
           from notification_deliveries
          where state in ('pending', 'sending')
          group by channel order by channel",
    )
    .bind(now)
    .fetch_all(pool)
    .await
}
