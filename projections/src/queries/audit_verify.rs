//! The server-side audit: every stored event re-encoded from `events` and compared with its
//! stored leaf, the root recomputed from the stored lines and compared with the stored tree and
//! with every signed checkpoint (whose signature must verify with the log's key). Reads in
//! chunks; memory is the frontier plus the checkpoints' sizes and roots (and at most
//! [`MAX_FINDINGS`] findings and the positions of the bad leaves).

mod finding;

use std::collections::BTreeSet;

use birqadam_audit::tree::{Frontier, NodeId};
use birqadam_audit::{Checkpoint, Hash, VerifierKey, leaf_hash};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

pub use finding::AuditFinding;

use super::Queries;
use crate::audit_store::{self, SignedCheckpoint, as_i64};
use crate::audit_tree::leaf_event;
use crate::error::QueryError;
use crate::log::StoredEvent;
use crate::viewer::Viewer;

/// Leaves re-checked per query.
const CHUNK: i64 = 500;

/// Findings kept (the first bad position is tracked over all of them).
pub const MAX_FINDINGS: usize = 100;

/// What the audit found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// Leaves checked (the tree's size when the audit started).
    pub events: u64,
    /// The root recomputed from the stored lines.
    pub head_hash: Hash,
    /// Whether everything matched.
    pub ok: bool,
    /// The first position found wrong (a leaf that differs from its event, a leaf hash or a
    /// stored subtree that differs from its lines); `None` when none can be named.
    pub first_bad_position: Option<u64>,
    /// What was found wrong, in the order found (at most [`MAX_FINDINGS`]).
    pub findings: Vec<AuditFinding>,
}

impl AuditVerification {
    /// The finding that explains the first bad position (or, when no position can be named,
    /// the first finding).
    pub fn first_finding(&self) -> Option<&AuditFinding> {
        self.findings
            .iter()
            .filter(|f| f.position().is_some())
            .min_by_key(|f| f.position())
            .or_else(|| self.findings.first())
    }
}

impl Queries {
    /// Audits the whole log against `key`; for auditors and admins.
    pub async fn audit_verify_for(
        &self,
        viewer: &Viewer,
        key: &VerifierKey,
    ) -> Result<AuditVerification, QueryError> {
        if !viewer.may_audit() {
            return Err(QueryError::Forbidden);
        }
        let mut conn = self.pool.acquire().await?;
        verify_log(&mut conn, key).await
    }
}

/// The findings so far.
#[derive(Default)]
struct Findings {
    kept: Vec<AuditFinding>,
    first_bad: Option<u64>,
    any: bool,
    /// Leaves found wrong: a stored subtree over one of them is expected to differ.
    bad_leaves: BTreeSet<u64>,
}

impl Findings {
    fn add(&mut self, finding: AuditFinding) {
        self.any = true;
        if let Some(p) = finding.position() {
            if !matches!(finding, AuditFinding::NodeWrong { .. }) {
                self.bad_leaves.insert(p);
            }
            self.first_bad = Some(self.first_bad.map_or(p, |b| b.min(p)));
        }
        if self.kept.len() < MAX_FINDINGS {
            self.kept.push(finding);
        }
    }
}

/// Audits the whole log read through `conn` against `key` (the operator's own check, `birqadam
/// audit verify`, and `GET /audit/verify`). Outside a transaction every chunk is its own short
/// statement.
pub async fn verify_log(
    conn: &mut PgConnection,
    key: &VerifierKey,
) -> Result<AuditVerification, QueryError> {
    let size = audit_store::tree_size(&mut *conn).await?;
    let mut checkpoints = stored_checkpoints(&mut *conn).await?.into_iter().peekable();
    let mut frontier = Frontier::new();
    let mut found = Findings::default();
    'chunks: while frontier.size() < size {
        let from = frontier.size();
        let rows = chunk(&mut *conn, from, size).await?;
        let mut completed = Vec::new();
        for row in &rows {
            let position = frontier.size();
            let stored: i64 = row.try_get("position")?;
            if u64::try_from(stored) != Ok(position) {
                found.add(AuditFinding::LeafMissing { position });
                break 'chunks;
            }
            let line: Vec<u8> = row.try_get("line")?;
            let stored_hash = audit_store::hash(row.try_get("leaf_hash")?)?;
            if !row.try_get::<bool, _>("found")? {
                found.add(AuditFinding::EventMissing { position });
            } else {
                let encoded = leaf_event(position, &StoredEvent::from_row(row)?)
                    .ok()
                    .map(|e| e.to_line().into_bytes());
                if encoded.as_deref() != Some(line.as_slice()) {
                    found.add(AuditFinding::LeafDiffersFromEvent { position });
                }
            }
            let hash = leaf_hash(&line);
            if hash != stored_hash {
                found.add(AuditFinding::LeafHashWrong { position });
            }
            frontier.push_with(hash, |id, h| completed.push((id, h)));
            while let Some(c) = checkpoints.next_if(|c| c.size <= frontier.size()) {
                check_checkpoint(&c, frontier.size(), frontier.root(), key, &mut found);
            }
        }
        if rows.is_empty() {
            found.add(AuditFinding::LeafMissing { position: from });
            break;
        }
        let ids: Vec<NodeId> = completed.iter().map(|(id, _)| *id).collect();
        let stored = audit_store::nodes(&mut *conn, &ids).await?;
        for (node, computed) in &completed {
            let leaves = node.first_leaf()..node.first_leaf() + (1u64 << node.level);
            let explained = found.bad_leaves.range(leaves).next().is_some();
            if node.level > 0 && !explained && stored.get(node) != Some(computed) {
                found.add(AuditFinding::NodeWrong { node: *node });
            }
        }
    }
    for c in checkpoints {
        found.add(AuditFinding::CheckpointBeyondTree {
            size: c.size,
            tree: frontier.size(),
        });
    }
    if size > 0 && frontier.size() == size {
        let stored_root = audit_store::root_at(&mut *conn, size).await.ok();
        if stored_root != Some(frontier.root()) {
            found.add(AuditFinding::StoredRootWrong { size });
        }
    }
    Ok(AuditVerification {
        events: size,
        head_hash: frontier.root(),
        ok: !found.any,
        first_bad_position: found.first_bad,
        findings: found.kept,
    })
}

/// Every stored checkpoint, smallest first.
async fn stored_checkpoints(conn: &mut PgConnection) -> Result<Vec<SignedCheckpoint>, QueryError> {
    let rows = sqlx::query("select size, root, note from audit_checkpoints order by size")
        .fetch_all(conn)
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

/// The leaves in `[from, size)` (up to [`CHUNK`]) joined with their events.
async fn chunk(conn: &mut PgConnection, from: u64, size: u64) -> Result<Vec<PgRow>, sqlx::Error> {
    sqlx::query(
        "select l.position, l.line, l.leaf_hash, e.aggregate_type is not null as found,
                e.transaction_id::text::bigint as transaction_id, e.global_position,
                e.aggregate_type, e.aggregate_id, e.sequence, e.event_type,
                e.event_version, e.payload, e.metadata, e.recorded_at
           from audit_leaves l
           left join events e on e.global_position = l.global_position
          where l.position >= $1 and l.position < $2
          order by l.position limit $3",
    )
    .bind(as_i64(from))
    .bind(as_i64(size))
    .bind(CHUNK)
    .fetch_all(conn)
    .await
}

/// Checks a stored checkpoint met at `size` leaves: signed by `key`, stating the recomputed root.
fn check_checkpoint(
    stored: &SignedCheckpoint,
    size: u64,
    root: Hash,
    key: &VerifierKey,
    found: &mut Findings,
) {
    if stored.size != size {
        // a checkpoint size the walk jumped over cannot happen (one leaf at a time)
        found.add(AuditFinding::CheckpointRoot { size: stored.size });
        return;
    }
    match Checkpoint::open(stored.note.as_bytes(), key) {
        Err(_) => found.add(AuditFinding::CheckpointSignature { size }),
        Ok(signed) if signed.size != size || signed.root != root || stored.root != root => {
            found.add(AuditFinding::CheckpointRoot { size });
        }
        Ok(_) => {}
    }
}
