//! A runner's advisory locks: one per consumer, taken all or none.

use sqlx::PgConnection;

/// Tries every consumer's session-level advisory lock on `conn`, keeping all or none (the key
/// keeps its historical `birqadam.projector.` prefix: replicas of different versions must
/// contend for the same locks).
pub(super) async fn try_lock_all(
    conn: &mut PgConnection,
    names: &[&'static str],
) -> Result<bool, sqlx::Error> {
    let taken: Vec<bool> = sqlx::query_scalar(
        "select pg_try_advisory_lock(hashtext('birqadam.projector.' || name))
           from unnest($1::text[]) with ordinality as n(name, i) order by i",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    if taken.iter().all(|t| *t) {
        return Ok(true);
    }
    let release: Vec<&str> = names
        .iter()
        .zip(&taken)
        .filter_map(|(name, taken)| taken.then_some(*name))
        .collect();
    sqlx::query(
        "select pg_advisory_unlock(hashtext('birqadam.projector.' || name))
           from unnest($1::text[]) as n(name)",
    )
    .bind(&release)
    .execute(&mut *conn)
    .await?;
    Ok(false)
}
