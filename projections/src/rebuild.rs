//! Rebuilding a view from position zero into a shadow schema, then swapping it in.
//!
//! The shadow schema `rebuild_<name>` holds a copy of each of the projector's tables and its own
//! `projection_checkpoints`. A dedicated connection whose `search_path` starts with the shadow
//! schema runs the projector's unqualified SQL against the copies, in short transactions, up to the
//! head. The swap is one short transaction: it locks the live checkpoint row (waiting for a live
//! batch in progress), applies what is left, replaces the live tables and moves the live
//! checkpoint. Readers see the old view until the commit and the rebuilt one after it.

use std::sync::Arc;

use anyhow::{Context, bail};
use futures::{StreamExt as _, TryStreamExt as _};
use sqlx::{Connection, Executor, PgConnection, PgPool};

use crate::batch::{catch_up, lock_checkpoint, step};
use crate::consumer::LogConsumer;

/// Rebuilds `projector`'s tables from the whole log and swaps them in; returns the number of
/// events applied to the shadow tables.
pub async fn rebuild(
    pool: &PgPool,
    projector: &dyn LogConsumer,
    batch_size: i64,
) -> anyhow::Result<u64> {
    let name = projector.name();
    check_identifier(name)?;
    for table in projector.tables() {
        check_identifier(table)?;
    }
    let shadow = format!("rebuild_{name}");
    let mut conn = PgConnection::connect_with(&pool.connect_options())
        .await
        .context("cannot open the rebuild connection")?;
    // one rebuild of a projector at a time (released when the connection closes)
    sqlx::query("select pg_advisory_lock(hashtext('birqadam.rebuild.' || $1))")
        .bind(name)
        .execute(&mut conn)
        .await?;
    prepare_shadow(&mut conn, &shadow, projector.tables()).await?;
    conn.execute(format!(r#"set search_path to "{shadow}", public"#).as_str())
        .await?;
    let batch_size = batch_size.max(1);
    let mut applied = catch_up(&mut conn, projector, batch_size)
        .await
        .with_context(|| format!("{name}: rebuild failed; {shadow} is left for inspection"))?;
    applied += swap(&mut conn, projector, &shadow, batch_size).await?;
    conn.close().await?;
    tracing::info!(projector = name, applied, "view rebuilt and swapped in");
    Ok(applied)
}

/// Rebuilds every one of `projectors` as [`rebuild`] does, `at_once` of them at a time (each on
/// its own connection and shadow schema; a rebuild is bound by its projector's work, so the
/// cores are the useful limit); the events each applied, in the order given. Stops at the first
/// failure (the rebuilds already swapped in stay).
pub async fn rebuild_all(
    pool: &PgPool,
    projectors: &[Arc<dyn LogConsumer>],
    batch_size: i64,
    at_once: usize,
) -> anyhow::Result<Vec<(&'static str, u64)>> {
    futures::stream::iter(projectors.iter().map(Arc::clone))
        .map(|projector| async move {
            let applied = rebuild(pool, projector.as_ref(), batch_size).await?;
            Ok::<_, anyhow::Error>((projector.name(), applied))
        })
        .buffered(at_once.max(1))
        .try_collect()
        .await
}

/// Drops a leftover shadow schema and creates empty copies of the tables.
async fn prepare_shadow(
    conn: &mut PgConnection,
    shadow: &str,
    tables: &[&str],
) -> anyhow::Result<()> {
    let mut ddl = format!(
        r#"drop schema if exists "{shadow}" cascade;
           create schema "{shadow}";
           create table "{shadow}".projection_checkpoints
               (like public.projection_checkpoints including all);"#
    );
    for table in tables {
        ddl.push_str(&format!(
            r#"create table "{shadow}"."{table}" (like public."{table}" including all);"#
        ));
    }
    conn.execute(ddl.as_str())
        .await
        .with_context(|| format!("cannot create the shadow schema {shadow}"))?;
    Ok(())
}

/// The swap transaction; returns the events applied in it.
async fn swap(
    conn: &mut PgConnection,
    projector: &dyn LogConsumer,
    shadow: &str,
    batch_size: i64,
) -> anyhow::Result<u64> {
    let name = projector.name();
    let mut tx = conn.begin().await?;
    // the live row first: a live batch holds it while it writes the live tables
    tx.execute(r#"set local search_path to public"#).await?;
    lock_checkpoint(&mut tx, name).await?;
    tx.execute(format!(r#"set local search_path to "{shadow}", public"#).as_str())
        .await?;
    let mut applied = 0;
    loop {
        let outcome = step(&mut tx, projector, batch_size, None).await?;
        applied += outcome.applied as u64;
        if outcome.applied == 0 {
            break;
        }
    }
    let mut ddl = String::new();
    for table in projector.tables() {
        ddl.push_str(&format!(
            r#"drop table public."{table}";
               alter table "{shadow}"."{table}" set schema public;"#
        ));
    }
    tx.execute(ddl.as_str()).await?;
    sqlx::query(&format!(
        r#"update public.projection_checkpoints live
              set transaction_id = shadow.transaction_id,
                  global_position = shadow.global_position,
                  updated_at = now()
             from "{shadow}".projection_checkpoints shadow
            where live.name = $1 and shadow.name = $1"#
    ))
    .bind(name)
    .execute(&mut *tx)
    .await?;
    tx.execute(format!(r#"drop schema "{shadow}" cascade"#).as_str())
        .await?;
    tx.commit()
        .await
        .with_context(|| format!("{name}: the swap did not commit"))?;
    Ok(applied)
}

/// Names are spliced into DDL: allow only lower-case letters, digits and `_`.
fn check_identifier(name: &str) -> anyhow::Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 50
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        bail!("{name:?} is not a plain lower-case identifier");
    }
    Ok(())
}
