//! The audit log's tables (`audit_leaves`, `audit_nodes`, `audit_checkpoints`) read and written
//! with sqlx; the hashing and the formats come from `birqadam-audit`.
//!
//! Proofs and roots fetch only the complete subtrees `birqadam_audit::tree` names (O(log n)
//! rows); level-0 nodes are the leaf hashes of `audit_leaves`, higher ones rows of `audit_nodes`.

use std::collections::HashMap;

use birqadam_audit::tree::{self, NodeId, ProofError};
use birqadam_audit::{Checkpoint, CheckpointError, Hash, SignerKey};
use sqlx::{PgConnection, PgExecutor, Row};

/// Why the audit tables could not answer.
#[derive(Debug, thiserror::Error)]
pub enum AuditStoreError {
    /// The database failed.
    #[error("reading or writing the audit tables failed")]
    Database(#[from] sqlx::Error),
    /// The stored tree lacks a node, or a proof over it does not verify.
    #[error("the stored audit tree is inconsistent")]
    Tree(#[from] ProofError),
    /// A checkpoint could not be signed.
    #[error("signing a checkpoint failed")]
    Checkpoint(#[from] CheckpointError),
    /// A stored hash is not 32 bytes.
    #[error("a stored hash has {0} bytes, not 32")]
    HashLength(usize),
}

/// A signed checkpoint as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// Leaves it covers.
    pub size: u64,
    /// Their RFC 6962 root.
    pub root: Hash,
    /// The C2SP signed note.
    pub note: String,
}

/// Number of leaves in the tree (the next position).
pub async fn tree_size<'e>(conn: impl PgExecutor<'e>) -> Result<u64, AuditStoreError> {
    let size: i64 = sqlx::query_scalar("select coalesce(max(position) + 1, 0) from audit_leaves")
        .fetch_one(conn)
        .await?;
    Ok(u64::try_from(size).expect("positions are non-negative"))
}

/// The stored hashes of the complete subtrees `ids` (missing ones are absent from the map).
pub async fn nodes(
    conn: &mut PgConnection,
    ids: &[NodeId],
) -> Result<HashMap<NodeId, Hash>, AuditStoreError> {
    let (leaves, inner): (Vec<&NodeId>, Vec<&NodeId>) = ids.iter().partition(|id| id.level == 0);
    let mut out = HashMap::with_capacity(ids.len());
    let positions: Vec<i64> = leaves.iter().map(|id| as_i64(id.index)).collect();
    let rows = sqlx::query("select position, leaf_hash from audit_leaves where position = any($1)")
        .bind(&positions)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let position: i64 = row.try_get("position")?;
        let id = NodeId::new(0, u64::try_from(position).expect("non-negative"));
        out.insert(id, hash(row.try_get("leaf_hash")?)?);
    }
    let levels: Vec<i16> = inner.iter().map(|id| i16::from(id.level)).collect();
    let indexes: Vec<i64> = inner.iter().map(|id| as_i64(id.index)).collect();
    let rows = sqlx::query(
        "select n.level, n.index, n.hash
           from audit_nodes n
           join unnest($1::smallint[], $2::bigint[]) as wanted(level, index) using (level, index)",
    )
    .bind(&levels)
    .bind(&indexes)
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let level: i16 = row.try_get("level")?;
        let index: i64 = row.try_get("index")?;
        let id = NodeId::new(
            u8::try_from(level).expect("levels are 1..63"),
            u64::try_from(index).expect("non-negative"),
        );
        out.insert(id, hash(row.try_get("hash")?)?);
    }
    Ok(out)
}

/// The root of the first `size` leaves, from the stored subtrees.
pub async fn root_at(conn: &mut PgConnection, size: u64) -> Result<Hash, AuditStoreError> {
    let map = nodes(conn, &tree::root_nodes(size)).await?;
    Ok(tree::root_at(size, &map)?)
}

/// The consistency proof from `first` to `second` leaves, from the stored subtrees.
pub async fn consistency_proof(
    conn: &mut PgConnection,
    first: u64,
    second: u64,
) -> Result<Vec<Hash>, AuditStoreError> {
    let map = nodes(conn, &tree::consistency_proof_nodes(first, second)?).await?;
    Ok(tree::consistency_proof(first, second, &map)?)
}

/// Up to `limit` lines with positions in `[from, to)`, in order.
pub async fn lines<'e>(
    conn: impl PgExecutor<'e>,
    from: u64,
    to: u64,
    limit: i64,
) -> Result<Vec<(u64, Vec<u8>)>, AuditStoreError> {
    let rows = sqlx::query(
        "select position, line from audit_leaves
          where position >= $1 and position < $2 order by position limit $3",
    )
    .bind(as_i64(from))
    .bind(as_i64(to))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let position: i64 = row.try_get("position")?;
            let line: Vec<u8> = row.try_get("line")?;
            Ok((u64::try_from(position).expect("non-negative"), line))
        })
        .collect()
}

/// The newest signed checkpoint, if any.
pub async fn latest_checkpoint<'e>(
    conn: impl PgExecutor<'e>,
) -> Result<Option<SignedCheckpoint>, AuditStoreError> {
    let row =
        sqlx::query("select size, root, note from audit_checkpoints order by size desc limit 1")
            .fetch_optional(conn)
            .await?;
    row.map(|row| {
        let size: i64 = row.try_get("size")?;
        Ok(SignedCheckpoint {
            size: u64::try_from(size).expect("sizes are positive"),
            root: hash(row.try_get("root")?)?,
            note: row.try_get("note")?,
        })
    })
    .transpose()
}

/// Signs a checkpoint of the whole tree when it has grown past the newest signed one, after
/// checking the new head is consistent with that one (a log must never sign a fork); returns
/// the new checkpoint, or `None` when there is nothing new. Another replica signing the same
/// size first is harmless (its note is kept).
pub async fn sign_pending(
    conn: &mut PgConnection,
    key: &SignerKey,
) -> Result<Option<SignedCheckpoint>, AuditStoreError> {
    let size = tree_size(&mut *conn).await?;
    let latest = latest_checkpoint(&mut *conn).await?;
    if size == 0 || latest.as_ref().is_some_and(|c| c.size >= size) {
        return Ok(None);
    }
    let root = root_at(conn, size).await?;
    if let Some(previous) = &latest {
        let proof = consistency_proof(conn, previous.size, size).await?;
        tree::verify_consistency(previous.size, size, &proof, &previous.root, &root)?;
    }
    let checkpoint = Checkpoint {
        origin: key.name().to_owned(),
        size,
        root,
    };
    let note = checkpoint.sign(key)?;
    sqlx::query(
        "insert into audit_checkpoints (size, root, note) values ($1, $2, $3)
         on conflict (size) do nothing",
    )
    .bind(as_i64(size))
    .bind(root.as_bytes().as_slice())
    .bind(&note)
    .execute(&mut *conn)
    .await?;
    Ok(Some(SignedCheckpoint { size, root, note }))
}

pub(crate) fn hash(bytes: Vec<u8>) -> Result<Hash, AuditStoreError> {
    let len = bytes.len();
    <[u8; 32]>::try_from(bytes)
        .map(Hash)
        .map_err(|_| AuditStoreError::HashLength(len))
}

pub(crate) fn as_i64(n: u64) -> i64 {
    i64::try_from(n).expect("tree positions fit in a bigint")
}
