//! The audit tree: a log consumer (not a view) that numbers every event densely in the consumer
//! order, stores its canonical line and leaf hash, and extends the RFC 6962 tree by the complete
//! subtrees each new leaf completes — all in the transaction that moves its checkpoint, so a
//! crash between batches leaves neither a gap nor a duplicate (a re-applied event would also hit
//! the unique `global_position`). It is never rebuilt: its tables are append-only.

use std::collections::BTreeMap;

use anyhow::Context;
use async_trait::async_trait;
use birqadam_audit::tree::{self, Frontier};
use birqadam_audit::{Hash, leaf_hash};
use sqlx::PgConnection;

use crate::audit_store::{self, as_i64};
use crate::consumer::LogConsumer;
use crate::log::StoredEvent;

/// The consumer that maintains `audit_leaves` and `audit_nodes`.
pub struct AuditTree;

/// Its checkpoint name (stored state: never rename).
pub const NAME: &str = "audit.tree";

#[async_trait]
impl LogConsumer for AuditTree {
    fn name(&self) -> &'static str {
        NAME
    }

    /// The tree's numbering is what receipts and signed checkpoints promise: flushed before a
    /// batch counts as done.
    fn durable(&self) -> bool {
        true
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let mut frontier = load_frontier(tx).await?;
        let mut leaves = Leaves::default();
        let mut nodes = Nodes::default();
        for event in events {
            let position = frontier.size();
            let line = leaf_event(position, event)?.to_line().into_bytes();
            let leaf = leaf_hash(&line);
            frontier.push_with(leaf, |id, hash| {
                if id.level > 0 {
                    nodes.levels.push(i16::from(id.level));
                    nodes.indexes.push(as_i64(id.index));
                    nodes.hashes.push(hash.as_bytes().to_vec());
                }
            });
            leaves.positions.push(as_i64(position));
            leaves.transactions.push(event.checkpoint.transaction_id);
            leaves.globals.push(event.checkpoint.global_position);
            leaves.lines.push(line);
            leaves.hashes.push(leaf.as_bytes().to_vec());
        }
        sqlx::query(
            "insert into audit_leaves (position, transaction_id, global_position, line, leaf_hash)
             select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[], $5::bytea[])",
        )
        .bind(&leaves.positions)
        .bind(&leaves.transactions)
        .bind(&leaves.globals)
        .bind(&leaves.lines)
        .bind(&leaves.hashes)
        .execute(&mut *tx)
        .await
        .context("audit.tree: cannot store the leaves")?;
        sqlx::query(
            "insert into audit_nodes (level, index, hash)
             select * from unnest($1::smallint[], $2::bigint[], $3::bytea[])",
        )
        .bind(&nodes.levels)
        .bind(&nodes.indexes)
        .bind(&nodes.hashes)
        .execute(&mut *tx)
        .await
        .context("audit.tree: cannot store the subtrees")?;
        Ok(())
    }
}

#[derive(Default)]
struct Leaves {
    positions: Vec<i64>,
    transactions: Vec<i64>,
    globals: Vec<i64>,
    lines: Vec<Vec<u8>>,
    hashes: Vec<Vec<u8>>,
}

#[derive(Default)]
struct Nodes {
    levels: Vec<i16>,
    indexes: Vec<i64>,
    hashes: Vec<Vec<u8>>,
}

/// The tree's frontier as stored: its size and the peaks (O(log n) rows).
async fn load_frontier(tx: &mut PgConnection) -> anyhow::Result<Frontier> {
    let size = audit_store::tree_size(&mut *tx).await?;
    let ids = tree::root_nodes(size);
    let stored = audit_store::nodes(tx, &ids).await?;
    let peaks = ids
        .iter()
        .map(|id| {
            stored
                .get(id)
                .copied()
                .with_context(|| format!("audit.tree: the stored tree lacks its peak {id}"))
        })
        .collect::<anyhow::Result<Vec<Hash>>>()?;
    Ok(Frontier::from_parts(size, peaks)?)
}

/// An event of the log as the leaf at `position`.
pub fn leaf_event(
    position: u64,
    event: &StoredEvent,
) -> anyhow::Result<birqadam_audit::StoredEvent> {
    let at = event.checkpoint;
    let metadata = event
        .metadata
        .as_object()
        .and_then(|object| {
            object
                .iter()
                .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect::<Option<BTreeMap<_, _>>>()
        })
        .with_context(|| {
            format!("audit.tree: the metadata at {at:?} is not an object of strings")
        })?;
    Ok(birqadam_audit::StoredEvent {
        position,
        aggregate_type: event.aggregate_type.clone(),
        aggregate_id: event.aggregate_id.clone(),
        sequence: u64::try_from(event.sequence)
            .with_context(|| format!("audit.tree: negative sequence at {at:?}"))?,
        event_type: event.event_type.clone(),
        event_version: event.event_version.clone(),
        payload: event.payload.clone(),
        metadata,
        recorded_at: event.recorded_at,
    })
}

/// An export line as the log consumers see a stored event, its audit position standing for its
/// place in the log (the inverse of [`leaf_event`]; what the auditor's replay folds).
pub fn log_event(leaf: birqadam_audit::StoredEvent) -> StoredEvent {
    StoredEvent {
        checkpoint: crate::log::Checkpoint {
            transaction_id: 0,
            global_position: i64::try_from(leaf.position).unwrap_or(i64::MAX),
        },
        aggregate_type: leaf.aggregate_type,
        aggregate_id: leaf.aggregate_id,
        sequence: i64::try_from(leaf.sequence).unwrap_or(i64::MAX),
        event_type: leaf.event_type,
        event_version: leaf.event_version,
        payload: leaf.payload,
        metadata: serde_json::Value::Object(
            leaf.metadata
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect(),
        ),
        recorded_at: leaf.recorded_at,
    }
}
