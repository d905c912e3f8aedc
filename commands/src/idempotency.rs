//! Stored responses of idempotent requests (`idempotency_keys`), for the API's `Idempotency-Key`.
//!
//! A request first *begins* its key: the first caller inserts an in-progress row and runs; a
//! repeat either replays the stored response, waits while the first is in progress, or is told the
//! key was used for another request. The runner then *completes* the key with its response, or
//! *abandons* it (a 5xx or a transient failure) so that a retry runs again. A row left in progress
//! by a crashed process is taken over by the same request after [`STALE_AFTER`].

use std::time::Duration;

use sqlx::PgPool;

/// An in-progress row older than this belongs to a dead runner and may be taken over.
pub const STALE_AFTER: Duration = Duration::from_secs(120);

/// The outcome of [`begin`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// The key is new (or was abandoned, or stale): run the request, then complete or abandon.
    Fresh,
    /// The same request already completed: send this response again.
    Replay {
        /// HTTP status.
        status: u16,
        /// `Content-Type` of the stored body.
        content_type: Option<String>,
        /// The body, byte for byte.
        body: Vec<u8>,
    },
    /// The key was used with a different request.
    Mismatch,
    /// The same request is still running elsewhere.
    InProgress,
}

type Row = (Vec<u8>, Option<i32>, Option<String>, Option<Vec<u8>>);

/// Claims `(scope, key)` for a request whose hash is `request_hash`.
pub async fn begin(
    pool: &PgPool,
    scope: &str,
    key: &str,
    request_hash: &[u8],
) -> Result<Begin, sqlx::Error> {
    // A row deleted by `abandon` between our insert and select is retried a few times.
    for _ in 0..3 {
        let inserted = sqlx::query(
            "insert into idempotency_keys (scope, key, request_hash) values ($1, $2, $3)
             on conflict (scope, key) do nothing",
        )
        .bind(scope)
        .bind(key)
        .bind(request_hash)
        .execute(pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Begin::Fresh);
        }
        let taken_over = sqlx::query(
            "update idempotency_keys set created_at = now()
             where scope = $1 and key = $2 and request_hash = $3 and completed_at is null
               and created_at < now() - make_interval(secs => $4)",
        )
        .bind(scope)
        .bind(key)
        .bind(request_hash)
        .bind(STALE_AFTER.as_secs_f64())
        .execute(pool)
        .await?;
        if taken_over.rows_affected() == 1 {
            return Ok(Begin::Fresh);
        }
        let row: Option<Row> = sqlx::query_as(
            "select request_hash, status_code, content_type, body from idempotency_keys
             where scope = $1 and key = $2",
        )
        .bind(scope)
        .bind(key)
        .fetch_optional(pool)
        .await?;
        match row {
            None => continue,
            Some((hash, _, _, _)) if hash != request_hash => return Ok(Begin::Mismatch),
            Some((_, Some(status), content_type, body)) => {
                return Ok(Begin::Replay {
                    status: u16::try_from(status).unwrap_or(500),
                    content_type,
                    body: body.unwrap_or_default(),
                });
            }
            Some((_, None, _, _)) => return Ok(Begin::InProgress),
        }
    }
    Ok(Begin::InProgress)
}

/// Stores the response of a request that [`begin`] let run.
pub async fn complete(
    pool: &PgPool,
    scope: &str,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update idempotency_keys
         set status_code = $3, content_type = $4, body = $5, completed_at = now()
         where scope = $1 and key = $2 and completed_at is null",
    )
    .bind(scope)
    .bind(key)
    .bind(i32::from(status))
    .bind(content_type)
    .bind(body)
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets an in-progress key, so that a retry runs the request again.
pub async fn abandon(pool: &PgPool, scope: &str, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "delete from idempotency_keys where scope = $1 and key = $2 and completed_at is null",
    )
    .bind(scope)
    .bind(key)
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletes keys created more than `age` ago; returns how many.
pub async fn purge_older_than(pool: &PgPool, age: Duration) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "delete from idempotency_keys where created_at < now() - make_interval(secs => $1)",
    )
    .bind(age.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
