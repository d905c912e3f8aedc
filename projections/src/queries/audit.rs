//! The audit log's reads for auditors and admins (the lines, proofs, checkpoints) and what anyone
//! may read (the signed checkpoints). Range rules: a proof is asked of a tree the log has had
//! (`1 ≤ size ≤` the tree's size), anything else is [`QueryError::OutOfRange`].

use birqadam_audit::Hash;
use birqadam_audit::tree::{self, NodeId};
use sqlx::Row;

use super::Queries;
use crate::audit_store::{self, SignedCheckpoint};
use crate::error::QueryError;
use crate::viewer::Viewer;

/// Lines read per query by [`AuditLines`] (each query is its own short statement).
const CHUNK: i64 = 500;

/// An RFC 9162 inclusion proof of one leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InclusionProof {
    /// The leaf's position.
    pub position: u64,
    /// The tree size the proof is for.
    pub size: u64,
    /// The leaf's hash.
    pub leaf_hash: Hash,
    /// The audit path, bottom up.
    pub hashes: Vec<Hash>,
}

/// A range of the audit log's lines, read in short chunks (constant memory for any range).
pub struct AuditLines {
    queries: Queries,
    next: u64,
    end: u64,
}

impl AuditLines {
    /// The next chunk of lines (without newlines) in position order; `None` once the range is
    /// done.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<Vec<u8>>>, QueryError> {
        if self.next >= self.end {
            return Ok(None);
        }
        let chunk = audit_store::lines(&self.queries.pool, self.next, self.end, CHUNK).await?;
        let mut out = Vec::with_capacity(chunk.len());
        for (position, line) in chunk {
            if position != self.next {
                return Err(missing_leaf(self.next));
            }
            self.next += 1;
            out.push(line);
        }
        if out.is_empty() {
            return Err(missing_leaf(self.next));
        }
        Ok(Some(out))
    }
}

impl Queries {
    /// Up to `limit` lines after position `after` (from 0 when `None`), up to the tree's size
    /// now; for auditors and admins.
    pub async fn audit_lines_for(
        &self,
        viewer: &Viewer,
        after: Option<u64>,
        limit: u64,
    ) -> Result<AuditLines, QueryError> {
        if !viewer.may_audit() {
            return Err(QueryError::Forbidden);
        }
        let size = audit_store::tree_size(&self.pool).await?;
        let next = after.map_or(0, |a| a.saturating_add(1));
        Ok(AuditLines {
            queries: self.clone(),
            next,
            end: size.min(next.saturating_add(limit)),
        })
    }

    /// The inclusion proof of `position` in the tree of `size` leaves; for auditors and admins.
    pub async fn audit_inclusion_proof_for(
        &self,
        viewer: &Viewer,
        position: u64,
        size: u64,
    ) -> Result<InclusionProof, QueryError> {
        if !viewer.may_audit() {
            return Err(QueryError::Forbidden);
        }
        self.check_size("size", size).await?;
        if position >= size {
            return Err(QueryError::OutOfRange { field: "position" });
        }
        let mut conn = self.pool.acquire().await?;
        let ids = tree::inclusion_proof_nodes(position, size)
            .map_err(|_| QueryError::OutOfRange { field: "position" })?;
        let mut wanted = ids.clone();
        wanted.push(NodeId::new(0, position));
        let map = audit_store::nodes(&mut conn, &wanted).await?;
        let hashes = tree::inclusion_proof(position, size, &map)
            .map_err(audit_store::AuditStoreError::from)?;
        let leaf_hash = *map
            .get(&NodeId::new(0, position))
            .ok_or_else(|| missing_leaf(position))?;
        Ok(InclusionProof {
            position,
            size,
            leaf_hash,
            hashes,
        })
    }

    /// The consistency proof from `from` to `to` leaves; for auditors and admins.
    pub async fn audit_consistency_proof_for(
        &self,
        viewer: &Viewer,
        from: u64,
        to: u64,
    ) -> Result<Vec<Hash>, QueryError> {
        if !viewer.may_audit() {
            return Err(QueryError::Forbidden);
        }
        self.check_size("to", to).await?;
        if from == 0 || from > to {
            return Err(QueryError::OutOfRange { field: "from" });
        }
        let mut conn = self.pool.acquire().await?;
        Ok(audit_store::consistency_proof(&mut conn, from, to).await?)
    }

    /// The newest signed checkpoint, if any (public).
    pub async fn audit_latest_checkpoint(&self) -> Result<Option<SignedCheckpoint>, QueryError> {
        Ok(audit_store::latest_checkpoint(&self.pool).await?)
    }

    /// Up to `limit` signed checkpoints of sizes above `after_size`, smallest first (public).
    pub async fn audit_checkpoints(
        &self,
        after_size: u64,
        limit: i64,
    ) -> Result<Vec<SignedCheckpoint>, QueryError> {
        let rows = sqlx::query(
            "select size, root, note from audit_checkpoints
              where size > $1 order by size limit $2",
        )
        .bind(i64::try_from(after_size).unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let size: i64 = row.try_get("size")?;
                Ok(SignedCheckpoint {
                    size: u64::try_from(size).expect("sizes are positive"),
                    root: audit_store::hash(row.try_get("root")?)?,
                    note: row.try_get("note")?,
                })
            })
            .collect()
    }

    /// Refuses a tree size the log has not had (0, or past the tree now).
    async fn check_size(&self, field: &'static str, size: u64) -> Result<(), QueryError> {
        let now = audit_store::tree_size(&self.pool).await?;
        if size == 0 || size > now {
            return Err(QueryError::OutOfRange { field });
        }
        Ok(())
    }
}

/// The store has no leaf at `position` below the tree's size.
fn missing_leaf(position: u64) -> QueryError {
    audit_store::AuditStoreError::Tree(tree::ProofError::MissingNode(NodeId::new(0, position)))
        .into()
}
