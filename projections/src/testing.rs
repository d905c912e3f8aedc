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
