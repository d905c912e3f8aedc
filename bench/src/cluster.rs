//! The harness's own throw-away PostgreSQL (default durability) and a fresh database per run.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use birqadam::local_pg::LocalPg;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection, PgPool};

/// The benchmark cluster: its own data directory and port, fsync and synchronous commit on.
pub struct Cluster {
    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub url: String,
    /// The TCP port (for pgbench and psql).
    pub port: u16,
}

impl Cluster {
    /// Initialises (first time) and starts the cluster under `dir`.
    pub fn start(dir: PathBuf, port: u16) -> anyhow::Result<Self> {
        let url = LocalPg {
            dir,
            port,
            fast: false,
        }
        .ensure()
        .context("starting the benchmark cluster")?;
        Ok(Self { url, port })
    }

    /// The URL of database `name` on this cluster.
    pub fn url_of(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Drops and creates database `name`; returns its URL.
    pub async fn fresh(&self, name: &str) -> anyhow::Result<String> {
        let options = PgConnectOptions::from_str(&self.url)?;
        let mut admin = PgConnection::connect_with(&options).await?;
        admin
            .execute(format!(r#"drop database if exists "{name}" with (force)"#).as_str())
            .await?;
        admin
            .execute(format!(r#"create database "{name}""#).as_str())
            .await?;
        admin.close().await?;
        Ok(self.url_of(name))
    }

    /// A fresh, migrated database `name` and a pool of `connections` on it.
    pub async fn migrated(&self, name: &str, connections: u32) -> anyhow::Result<(String, PgPool)> {
        let url = self.fresh(name).await?;
        let pool = birqadam::db::connect_and_migrate(&url, connections).await?;
        Ok((url, pool))
    }
}

impl Cluster {
    /// The existing database `name`, migrated, and a pool of `connections` on it.
    pub async fn existing(&self, name: &str, connections: u32) -> anyhow::Result<(String, PgPool)> {
        let url = self.url_of(name);
        let pool = birqadam::db::connect_and_migrate(&url, connections).await?;
        Ok((url, pool))
    }
}

/// A plain pool (no migrations) on `url`.
pub async fn pool(url: &str, connections: u32) -> anyhow::Result<PgPool> {
    Ok(PgPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(30))
        .connect(url)
        .await?)
}
