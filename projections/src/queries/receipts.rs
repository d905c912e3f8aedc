//! Receipts for volunteers: a rating event of their own (and, for a report credit, the
//! approval that earned it) with inclusion proofs against the newest signed checkpoint.

use birqadam_audit::Receipt;
use birqadam_audit::tree::{self, NodeId};
use sqlx::Row;

use super::Queries;
use crate::audit_store::{self, AuditStoreError};
use crate::error::QueryError;
use crate::viewer::Viewer;

impl Queries {
    /// The receipt of the viewer's rating event at audit `position`: the text file of
    /// `birqadam_audit::receipt`. Not found for another account's event, for a position that is
    /// not a rating event, and until a signed checkpoint covers it.
    pub async fn rating_receipt_for(
        &self,
        viewer: &Viewer,
        position: u64,
    ) -> Result<String, QueryError> {
        self.receipt_of(viewer.id, position).await
    }

    /// The receipt of `account`'s rating event at audit `position` (also each entry of an
    /// auditor's statement).
    pub(super) async fn receipt_of(
        &self,
        account: uuid::Uuid,
        position: u64,
    ) -> Result<String, QueryError> {
        let Ok(at) = i64::try_from(position) else {
            return Err(QueryError::NotFound);
        };
        let row = sqlx::query(
            "select l.line, r.source_kind, r.source_id
               from rating_history_view r
               join audit_leaves l on l.global_position = r.position
              where r.account_id = $1 and l.position = $2",
        )
        .bind(account)
        .bind(at)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(QueryError::NotFound)?;
        let mut lines = vec![(position, line_text(row.try_get("line")?)?)];
        let kind: String = row.try_get("source_kind")?;
        let source: Option<uuid::Uuid> = row.try_get("source_id")?;
        if let (true, Some(assignment)) = (kind == "report", source) {
            // the approval that earned the credit: the assignment's last approval before it
            let approval = sqlx::query(
                "select l.position, l.line
                   from events e
                   join audit_leaves l on l.global_position = e.global_position
                  where e.aggregate_type = 'Assignment' and e.aggregate_id = $1
                    and e.event_type = 'ReportApproved' and l.position < $2
                  order by l.position desc limit 1",
            )
            .bind(assignment.to_string())
            .bind(at)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(approval) = approval {
                let p: i64 = approval.try_get("position")?;
                let p = u64::try_from(p).expect("positions are non-negative");
                lines.insert(0, (p, line_text(approval.try_get("line")?)?));
            }
        }
        let checkpoint = audit_store::latest_checkpoint(&self.pool)
            .await?
            .filter(|c| c.size > position)
            .ok_or(QueryError::NotFound)?;
        let mut ids: Vec<NodeId> = Vec::new();
        for (p, _) in &lines {
            ids.extend(
                tree::inclusion_proof_nodes(*p, checkpoint.size).map_err(AuditStoreError::from)?,
            );
        }
        let mut conn = self.pool.acquire().await?;
        let map = audit_store::nodes(&mut conn, &ids).await?;
        let receipt = Receipt::build(lines, checkpoint.size, &map, checkpoint.note)
            .map_err(AuditStoreError::from)?;
        Ok(receipt.to_text())
    }
}

/// A stored line as text (lines are UTF-8 JSON).
fn line_text(bytes: Vec<u8>) -> Result<String, QueryError> {
    String::from_utf8(bytes)
        .map_err(|e| QueryError::Audit(AuditStoreError::Database(sqlx::Error::Decode(Box::new(e)))))
}
