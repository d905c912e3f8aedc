//! `organizer_applications_view`: the latest organizer application of each account.

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::account::AccountEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::consumer::{LogConsumer, relevant};
use crate::log::StoredEvent;
use crate::view_row::{Columns, ViewRow, fold_rows};

/// The account events this view reads.
const EVENTS: &[&str] = &[
    "OrganizerApplicationSubmitted",
    "OrganizerApproved",
    "OrganizerRejected",
];

/// A row of `organizer_applications_view`, with the applicant's name when read by `Queries`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct OrganizerApplicationRow {
    /// The applicant's account id.
    pub account_id: Uuid,
    /// Name of the organisation.
    pub organization_name: String,
    /// What the organisation does.
    pub description: String,
    /// City of operation.
    pub city: String,
    /// Web site.
    pub website: Option<String>,
    /// Contact person.
    pub contact_person: Option<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// When it was (last) submitted.
    pub submitted_at: DateTime<Utc>,
    /// When an admin decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// The deciding admin (none for the platform itself).
    pub decided_by: Option<Uuid>,
    /// The applicant's display name from `accounts_view` (only filled by queries).
    #[sqlx(default)]
    pub applicant_name: Option<String>,
}

/// Feeds `organizer_applications_view`.
pub struct OrganizerApplicationsProjector;

#[async_trait]
impl LogConsumer for OrganizerApplicationsProjector {
    fn name(&self) -> &'static str {
        "organizer_applications"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["organizer_applications_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, AccountEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Account", EVENTS)?;
        fold_rows::<OrganizerApplicationRow, _>(tx, decoded, fold).await?;
        Ok(())
    }
}

impl ViewRow for OrganizerApplicationRow {
    const TABLE: &'static str = "organizer_applications_view";
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.account_id
    }

    fn key_columns(c: &mut Columns<'_, Uuid>) {
        c.col("account_id", |id| *id);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("account_id", |r| r.account_id)
            .col("organization_name", |r| r.organization_name.clone())
            .col("description", |r| r.description.clone())
            .col("city", |r| r.city.clone())
            .col("website", |r| r.website.clone())
            .col("contact_person", |r| r.contact_person.clone())
            .col("status", |r| r.status.clone())
            .col("rejection_reason", |r| r.rejection_reason.clone())
            .col("submitted_at", |r| r.submitted_at)
            .col("decided_at", |r| r.decided_at)
            .col("decided_by", |r| r.decided_by);
    }
}

/// Applies one event to the rows in memory.
fn fold(
    rows: &mut HashMap<Uuid, OrganizerApplicationRow>,
    id: Uuid,
    event: AccountEvent,
    at: DateTime<Utc>,
) {
    let (status, by, reason) = match event {
        AccountEvent::OrganizerApplicationSubmitted { application } => {
            rows.insert(
                id,
                OrganizerApplicationRow {
                    account_id: id,
                    organization_name: application.organization_name,
                    description: application.description,
                    city: application.city,
                    website: application.website,
                    contact_person: application.contact_person,
                    status: "pending".to_owned(),
                    rejection_reason: None,
                    submitted_at: at,
                    decided_at: None,
                    decided_by: None,
                    applicant_name: None,
                },
            );
            return;
        }
        AccountEvent::OrganizerApproved { by } => ("approved", by, None),
        AccountEvent::OrganizerRejected { by, reason } => ("rejected", by, Some(reason)),
        _ => return,
    };
    let Some(row) = rows.get_mut(&id) else {
        tracing::warn!(account = %id, "decision without an application; skipped");
        return;
    };
    row.status = status.to_owned();
    row.rejection_reason = reason;
    row.decided_at = Some(at);
    row.decided_by = by;
}
