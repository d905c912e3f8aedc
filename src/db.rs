//! Connecting to the database: the configured `DATABASE_URL`, or the embedded local cluster.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::local_pg::LocalPg;

/// Port of the embedded local cluster.
pub const LOCAL_PG_PORT: u16 = 55432;

/// The embedded cluster under `DATA_DIR`.
pub fn local_pg(fast: bool) -> LocalPg {
    let data_dir = std::env::var("DATA_DIR").unwrap_or_else(|_| ".data".to_owned());
    let port = std::env::var("LOCAL_PG_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(LOCAL_PG_PORT);
    LocalPg {
        dir: PathBuf::from(data_dir).join("pg"),
        port,
        fast,
    }
}

/// `DATABASE_URL`, or the URL of the embedded cluster (started, and installed if needed).
pub fn database_url() -> anyhow::Result<String> {
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Ok(url),
        _ => {
            tracing::info!("DATABASE_URL is not set: using the embedded PostgreSQL under DATA_DIR");
            local_pg(false).ensure()
        }
    }
}

/// Connects a pool and applies migrations.
pub async fn connect_and_migrate(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))?;
    birqadam_commands::MIGRATOR
        .run(&pool)
        .await
        .context("applying migrations")?;
    Ok(pool)
}

/// The URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Drops databases left by earlier test runs.
pub async fn drop_test_databases(url: &str) -> anyhow::Result<usize> {
    let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
    let names: Vec<String> =
        sqlx::query_scalar("select datname from pg_database where datname like 't\\_%'")
            .fetch_all(&pool)
            .await?;
    for name in &names {
        sqlx::query(&format!("drop database if exists \"{name}\" with (force)"))
            .execute(&pool)
            .await?;
    }
    Ok(names.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            super::redact("postgres://postgres@h/db"),
            "postgres://postgres@h/db"
        );
    }
}
