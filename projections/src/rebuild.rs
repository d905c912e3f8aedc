//! Rebuilding a view from position zero into a shadow schema, then swapping it in.
//!
//! The shadow schema `rebuild_<name>` holds a copy of each of the projector's tables and its own
//! `projection_checkpoints` (for a group rebuilt from one read of the log, every member's tables,
//! named after the first). A dedicated connection whose `search_path` starts with the shadow
//! schema runs the projector's unqualified SQL against the copies, in short transactions, up to the
//! head. The swap is one short transaction: it locks the live checkpoint row (waiting for a live
//! batch in progress), applies what is left, replaces the live tables and moves the live
//! checkpoint. Readers see the old view until the commit and the rebuilt one after it.

use std::sync::Arc;

use anyhow::{Context, bail};
use sqlx::{Connection, Executor, PgConnection, PgPool};

use crate::batch::{TogetherError, apply_together, lock_checkpoint, step};
use crate::consumer::LogConsumer;

/// Rebuilds `projector`'s tables from the whole log and swaps them in; returns the number of
/// events applied to the shadow tables.
pub async fn rebuild(
    pool: &PgPool,
    projector: &dyn LogConsumer,
    batch_size: i64,
) -> anyhow::Result<u64> {
    let rebuilt = rebuild_group(pool, &[projector], batch_size).await?;
    Ok(rebuilt.first().map_or(0, |(_, applied)| *applied))
}

/// Rebuilds every one of `projectors` as [`rebuild`] does, in `at_once` groups at a time: a
/// group reads the log once for all its members (docs/decisions/0042), on its own connection and
/// shadow schema, and swaps them in one by one. Returns the events each applied, in the order
/// given. Stops at the first failure (the rebuilds already swapped in stay).
pub async fn rebuild_all(
    pool: &PgPool,
    projectors: &[Arc<dyn LogConsumer>],
    batch_size: i64,
    at_once: usize,
) -> anyhow::Result<Vec<(&'static str, u64)>> {
    let groups = at_once.clamp(1, projectors.len().max(1));
    let rebuilds = (0..groups).map(|g| {
        let group: Vec<&dyn LogConsumer> = projectors
            .iter()
            .skip(g)
            .step_by(groups)
            .map(AsRef::as_ref)
            .collect();
        async move { rebuild_group(pool, &group, batch_size).await }
    });
    let rebuilt: Vec<(&'static str, u64)> = futures::future::try_join_all(rebuilds)
        .await?
        .into_iter()
        .flatten()
        .collect();
    Ok(projectors
        .iter()
        .filter_map(|p| rebuilt.iter().find(|(name, _)| *name == p.name()).copied())
        .collect())
}

/// Rebuilds `group` into one shadow schema (named after its first member) from one read of
/// the log shared by all of them, then swaps each in; the events each applied.
async fn rebuild_group(
    pool: &PgPool,
    group: &[&dyn LogConsumer],
    batch_size: i64,
) -> anyhow::Result<Vec<(&'static str, u64)>> {
    let Some(first) = group.first() else {
        return Ok(Vec::new());
    };
    let mut names: Vec<&'static str> = group.iter().map(|p| p.name()).collect();
    let mut tables = Vec::new();
    for projector in group {
        check_identifier(projector.name())?;
        for table in projector.tables() {
            check_identifier(table)?;
            tables.push(*table);
        }
    }
    let shadow = format!("rebuild_{}", first.name());
    let mut conn = PgConnection::connect_with(&pool.connect_options())
        .await
        .context("cannot open the rebuild connection")?;
    // one rebuild of a projector at a time (released when the connection closes), in name order
    names.sort_unstable();
    for name in &names {
        sqlx::query("select pg_advisory_lock(hashtext('birqadam.rebuild.' || $1))")
            .bind(name)
            .execute(&mut conn)
            .await?;
    }
    prepare_shadow(&mut conn, &shadow, &tables).await?;
    conn.execute(format!(r#"set search_path to "{shadow}", public"#).as_str())
        .await?;
    let batch_size = batch_size.max(1);
    let shared = catch_up_together(&mut conn, group, batch_size)
        .await
        .with_context(|| format!("rebuild failed; {shadow} is left for inspection"))?;
    let mut rebuilt = Vec::with_capacity(group.len());
    for (i, projector) in group.iter().enumerate() {
        let last = i + 1 == group.len();
        let applied = shared + swap(&mut conn, *projector, &shadow, batch_size, last).await?;
        tracing::info!(
            projector = projector.name(),
            applied,
            "view rebuilt and swapped in"
        );
        rebuilt.push((projector.name(), applied));
    }
    conn.close().await?;
    Ok(rebuilt)
}

/// Applies batches shared by every member of `group` (all start at zero in a fresh shadow
/// schema, so they stay level) until one is not full; the events each applied.
async fn catch_up_together(
    conn: &mut PgConnection,
    group: &[&dyn LogConsumer],
    batch_size: i64,
) -> anyhow::Result<u64> {
    let mut total = 0;
    loop {
        let together = match apply_together(conn, group, batch_size, None).await {
            Ok(together) => together,
            Err(TogetherError::Consumer(i, error)) => {
                return Err(error.context(format!("{}: a batch failed", group[i].name())));
            }
            Err(TogetherError::Batch(error)) => return Err(error),
        };
        if !together.behind.is_empty() {
            bail!("the shadow checkpoints of a fresh rebuild are not level");
        }
        let applied = together.outcome.applied;
        total += applied as u64;
        if (applied as i64) < batch_size {
            return Ok(total);
        }
    }
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

/// The swap transaction of one projector; returns the events applied in it. The `last` of a
/// shadow schema's projectors drops it.
async fn swap(
    conn: &mut PgConnection,
    projector: &dyn LogConsumer,
    shadow: &str,
    batch_size: i64,
    last: bool,
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
    if last {
        tx.execute(format!(r#"drop schema "{shadow}" cascade"#).as_str())
            .await?;
    }
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
