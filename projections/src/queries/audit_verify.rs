//! The server-side audit: every stored event re-encoded from `events` and compared with its
//! stored leaf, the root recomputed from the stored lines and compared with the stored tree and
//! with every signed checkpoint (whose signature must verify with the log's key). Reads in
//! chunks; memory is the frontier plus the checkpoints' sizes and roots.

use birqadam_audit::tree::{Frontier, NodeId};
use birqadam_audit::{Checkpoint, Hash, VerifierKey, leaf_hash};
use sqlx::Row;

use super::Queries;
use crate::audit_store::{self, as_i64};
use crate::audit_tree::leaf_event;
use crate::error::QueryError;
use crate::log::StoredEvent;
use crate::viewer::Viewer;

/// Leaves re-checked per query.
const CHUNK: i64 = 500;

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
        let size = audit_store::tree_size(&self.pool).await?;
        let mut checkpoints = self
            .audit_checkpoints(0, i64::MAX)
            .await?
            .into_iter()
            .peekable();
        let mut frontier = Frontier::new();
        let mut bad: Option<u64> = None;
        let mut ok = true;
        let mut flag = |position: u64, ok: &mut bool| {
            *ok = false;
            if bad.is_none_or(|b| position < b) {
                bad = Some(position);
            }
        };
        while frontier.size() < size {
            let from = frontier.size();
            let rows = sqlx::query(
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
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                flag(from, &mut ok);
                break;
            }
            let mut completed = Vec::new();
            for row in &rows {
                let position = frontier.size();
                let stored: i64 = row.try_get("position")?;
                if u64::try_from(stored) != Ok(position) {
                    flag(position, &mut ok);
                    break;
                }
                let line: Vec<u8> = row.try_get("line")?;
                let stored_hash = audit_store::hash(row.try_get("leaf_hash")?)?;
                let found: bool = row.try_get("found")?;
                let encoded = if found {
                    leaf_event(position, &StoredEvent::from_row(row)?)
                        .ok()
                        .map(|e| e.to_line().into_bytes())
                } else {
                    None
                };
                let hash = leaf_hash(&line);
                if encoded.as_deref() != Some(line.as_slice()) || hash != stored_hash {
                    flag(position, &mut ok);
                }
                frontier.push_with(hash, |id, h| completed.push((id, h)));
                while let Some(c) = checkpoints.next_if(|c| c.size <= frontier.size()) {
                    if !checkpoint_holds(&c, frontier.size(), frontier.root(), key) {
                        ok = false;
                    }
                }
            }
            if frontier.size() == from || frontier.size() < from + rows.len() as u64 {
                break;
            }
            let ids: Vec<NodeId> = completed.iter().map(|(id, _)| *id).collect();
            let mut conn = self.pool.acquire().await?;
            let stored = audit_store::nodes(&mut conn, &ids).await?;
            for (id, computed) in &completed {
                if stored.get(id) != Some(computed) {
                    flag(id.first_leaf(), &mut ok);
                }
            }
        }
        // checkpoints beyond the tree, or at sizes the walk never reached
        if checkpoints.next().is_some() || frontier.size() < size {
            ok = false;
        }
        if size > 0 {
            let mut conn = self.pool.acquire().await?;
            let stored_root = audit_store::root_at(&mut conn, size).await.ok();
            if stored_root != Some(frontier.root()) {
                ok = false;
            }
        }
        Ok(AuditVerification {
            events: size,
            head_hash: frontier.root(),
            ok,
            first_bad_position: bad,
        })
    }
}

/// Whether a stored checkpoint is signed by `key` and states the recomputed root of its size.
fn checkpoint_holds(
    stored: &audit_store::SignedCheckpoint,
    size: u64,
    root: Hash,
    key: &VerifierKey,
) -> bool {
    stored.size == size
        && stored.root == root
        && Checkpoint::open(stored.note.as_bytes(), key)
            .is_ok_and(|c| c.size == size && c.root == root)
}
