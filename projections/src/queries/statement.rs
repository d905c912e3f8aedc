//! An account's rating statement for auditors and admins: every rating change with who made
//! it (the moderator of the approval, or the admin of an adjustment), the report and its stars,
//! when, through which channel, and its receipt.

use birqadam_domain::account::AccountEvent;
use birqadam_domain::assignment::AssignmentEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use uuid::Uuid;

use super::Queries;
use crate::error::QueryError;
use crate::viewer::Viewer;

/// One rating change of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementEntry {
    /// The rating event's audit position (none until the audit tree has it).
    pub position: Option<u64>,
    /// When the change happened.
    pub at: DateTime<Utc>,
    /// Points applied.
    pub delta: i32,
    /// The rating after it.
    pub rating_after: i32,
    /// `report` or `adjustment`.
    pub source_kind: String,
    /// The assignment of a report credit.
    pub assignment_id: Option<Uuid>,
    /// The approved report of a credit.
    pub report_id: Option<Uuid>,
    /// Its stars.
    pub stars: Option<u8>,
    /// The approving moderator, or the adjusting admin.
    pub moderator: Option<Uuid>,
    /// The adjustment's reason.
    pub reason: Option<String>,
    /// The channel of the decision (the approval's for a credit): `api`, `bot`, `admin`, …
    pub channel: Option<String>,
    /// The receipt (`birqadam_audit::receipt` text); none until a signed checkpoint covers it.
    pub receipt: Option<String>,
}

impl Queries {
    /// Every rating change of `account`, oldest first; for auditors and admins. Not found for an
    /// account that does not exist.
    pub async fn account_statement_for(
        &self,
        viewer: &Viewer,
        account: Uuid,
    ) -> Result<Vec<StatementEntry>, QueryError> {
        if !viewer.may_audit() {
            return Err(QueryError::Forbidden);
        }
        let exists: bool =
            sqlx::query_scalar("select exists(select 1 from accounts_view where id = $1)")
                .bind(account)
                .fetch_one(&self.pool)
                .await?;
        if !exists {
            return Err(QueryError::NotFound);
        }
        let rows = sqlx::query(
            "select r.at, r.delta, r.rating_after, r.source_kind, r.source_id, r.reason,
                    l.position as audit_position, e.payload, e.metadata->>'channel' as channel,
                    a.payload as approval, a.metadata->>'channel' as approval_channel
               from rating_history_view r
               join events e on e.global_position = r.position
               left join audit_leaves l on l.global_position = r.position
               left join lateral (
                    select x.payload, x.metadata from events x
                     where r.source_kind = 'report' and x.aggregate_type = 'Assignment'
                       and x.aggregate_id = r.source_id::text and x.event_type = 'ReportApproved'
                       and x.global_position < r.position
                     order by x.global_position desc limit 1) a on true
              where r.account_id = $1
              order by r.position",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let position: Option<i64> = row.try_get("audit_position")?;
            let position = position.and_then(|p| u64::try_from(p).ok());
            let mut entry = StatementEntry {
                position,
                at: row.try_get("at")?,
                delta: row.try_get("delta")?,
                rating_after: row.try_get("rating_after")?,
                source_kind: row.try_get("source_kind")?,
                assignment_id: row.try_get("source_id")?,
                report_id: None,
                stars: None,
                moderator: None,
                reason: row.try_get("reason")?,
                channel: row.try_get("channel")?,
                receipt: None,
            };
            let payload: serde_json::Value = row.try_get("payload")?;
            if let Ok(AccountEvent::RatingAdjusted { by, .. }) = serde_json::from_value(payload) {
                entry.moderator = by;
            }
            let approval: Option<serde_json::Value> = row.try_get("approval")?;
            if let Some(Ok(AssignmentEvent::ReportApproved {
                report_id,
                stars,
                moderator,
                ..
            })) = approval.map(serde_json::from_value)
            {
                entry.report_id = Some(report_id);
                entry.stars = stars;
                entry.moderator = moderator;
                entry.channel = row.try_get("approval_channel")?;
            }
            if let Some(position) = position {
                entry.receipt = match self.receipt_of(account, position).await {
                    Ok(text) => Some(text),
                    Err(QueryError::NotFound) => None,
                    Err(other) => return Err(other),
                };
            }
            entries.push(entry);
        }
        Ok(entries)
    }
}
