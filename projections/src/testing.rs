//! Test support: a fresh, migrated database per test (also for other crates, `testing` feature).

use std::str::FromStr;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection, PgPool};
use uuid::Uuid;

/// Creates `t_<uuid>` on the server named by `DATABASE_URL`, runs the migrations and returns a
/// pool on it. The database is not dropped (the test cluster is throw-away).
pub async fn fresh_database() -> anyhow::Result<PgPool> {
    let url = std::env::var("DATABASE_URL").context("DATABASE_URL is not set")?;
    let options = PgConnectOptions::from_str(&url).context("DATABASE_URL is not valid")?;
    let name = format!("t_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::connect_with(&options)
        .await
        .context("cannot connect to DATABASE_URL")?;
    admin
        .execute(format!(r#"create database "{name}""#).as_str())
        .await?;
    admin.close().await?;
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .connect_with(options.database(&name))
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
}

/// Runs `consumer` until its checkpoint reaches the newest event committed when called (at
/// most 10 s); returns the events it applied. One [`run_once`](crate::run_once) may stop short:
/// it reads up to the horizon, and a transaction of another database that ends while the
/// horizon is worked out can hold it back for that one read.
pub async fn run_to_end(pool: &PgPool, consumer: &dyn crate::LogConsumer) -> anyhow::Result<u64> {
    let newest: Option<(i64, i64)> = sqlx::query_as(
        "select transaction_id::text::bigint, global_position from events
          order by events.transaction_id desc, events.global_position desc limit 1",
    )
    .fetch_optional(pool)
    .await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut applied = 0;
    loop {
        applied += crate::run_once(pool, consumer).await?;
        let at: Option<(i64, i64)> = sqlx::query_as(
            "select transaction_id, global_position from projection_checkpoints where name = $1",
        )
        .bind(consumer.name())
        .fetch_optional(pool)
        .await?;
        if newest.is_none_or(|newest| at.is_some_and(|at| at >= newest)) {
            return Ok(applied);
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "{} did not reach the newest event within 10 s",
            consumer.name()
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
