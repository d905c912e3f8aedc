//! Photo intake for a report: the content hashes an upload holds while its report is in flight,
//! and the clean-up after a refusal, which never deletes bytes that anyone else may need
//! (docs/decisions/0010). Orphan files are harmless; a missing photo is not.

use birqadam_projections::Chain;
use std::collections::BTreeSet;

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::{CommandError, Commands};

/// Advisory-lock class of photo hashes. The two-key form never meets the one-key locks that
/// the projector runner and rebuilds take.
const LOCK_CLASS: i32 = 0x5048_4f54;

/// One upload's hold on the content hashes of its photos.
pub(super) struct Intake {
    id: Uuid,
    /// Hashes this intake wrote because they were absent: the only candidates for deletion.
    written: BTreeSet<String>,
}

impl Intake {
    /// Records that an upload is about to store `hashes`. Waits for a clean-up of the same
    /// hashes to finish, so whatever that clean-up deletes is written again afterwards.
    pub(super) async fn reserve(
        pool: &PgPool,
        hashes: impl IntoIterator<Item = &str>,
    ) -> Result<Self, CommandError> {
        let id = Uuid::now_v7();
        let hashes: BTreeSet<&str> = hashes.into_iter().collect();
        let mut tx = pool.begin().await?;
        for sha in &hashes {
            lock(&mut tx, sha).await?;
        }
        sqlx::query("insert into photo_intakes (intake_id, sha256) select $1, unnest($2::text[])")
            .bind(id)
            .bind(hashes.iter().copied().collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Self {
            id,
            written: BTreeSet::new(),
        })
    }

    /// Notes that this intake is storing `sha`, which was absent before.
    pub(super) fn wrote(&mut self, sha: &str) {
        self.written.insert(sha.to_owned());
    }

    /// The report is stored (its `ReportSubmitted` now references the hashes): let go.
    pub(super) async fn release(self, pool: &PgPool) {
        let done = sqlx::query("delete from photo_intakes where intake_id = $1")
            .bind(self.id)
            .execute(pool)
            .await;
        if let Err(e) = done {
            tracing::warn!(intake = %self.id, error = %Chain(&e), "releasing a photo reservation failed");
        }
    }
}

impl Commands {
    /// The report was refused: deletes the photos this intake wrote that no other intake holds
    /// and no stored report references, then lets go. On any doubt the files stay.
    pub(super) async fn abandon(&self, intake: Intake) {
        if let Err(e) = self.try_abandon(&intake).await {
            tracing::error!(
                intake = %intake.id,
                error = %Chain(&e),
                "cleaning up a refused report's photos failed; they stay in storage"
            );
        }
    }

    async fn try_abandon(&self, intake: &Intake) -> Result<(), CommandError> {
        let mut tx = self.inner.pool.begin().await?;
        for sha in &intake.written {
            lock(&mut tx, sha).await?;
            if held_elsewhere(&mut tx, intake.id, sha).await? {
                continue;
            }
            if let Err(e) = self.inner.photos.delete(sha).await {
                tracing::error!(sha, error = %Chain(&e), "removing a photo of a refused report failed");
            }
        }
        sqlx::query("delete from photo_intakes where intake_id = $1")
            .bind(intake.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Serialises reservations and clean-ups of one hash until the transaction ends.
async fn lock(conn: &mut PgConnection, sha: &str) -> Result<(), sqlx::Error> {
    // 28 bits of the digest: a collision only serialises two unrelated photos.
    let key = sha
        .get(..7)
        .and_then(|h| i32::from_str_radix(h, 16).ok())
        .unwrap_or_default();
    sqlx::query("select pg_advisory_xact_lock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether another intake holds `sha` or a stored report references it.
async fn held_elsewhere(
    conn: &mut PgConnection,
    intake: Uuid,
    sha: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select exists (select 1 from photo_intakes where sha256 = $1 and intake_id <> $2)
             or exists (select 1 from events
                        where aggregate_type = 'Assignment' and event_type = 'ReportSubmitted'
                          and payload->'ReportSubmitted'->'photos'
                              @> jsonb_build_array(jsonb_build_object('sha256', $1::text)))",
    )
    .bind(sha)
    .bind(intake)
    .fetch_one(conn)
    .await
}
