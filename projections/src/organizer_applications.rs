//! `organizer_applications_view`: the latest organizer application of each account.

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::account::AccountEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::log::StoredEvent;
use crate::projector::{Projector, relevant};

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
impl Projector for OrganizerApplicationsProjector {
    fn name(&self) -> &'static str {
        "organizer_applications"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["organizer_applications_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, AccountEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Account", EVENTS)?;
        if decoded.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = decoded.iter().map(|(id, ..)| *id).collect();
        let mut rows: HashMap<Uuid, OrganizerApplicationRow> =
            sqlx::query_as::<_, OrganizerApplicationRow>(
                "select * from organizer_applications_view where account_id = any($1)",
            )
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|row| (row.account_id, row))
            .collect();
        for (id, event, at) in decoded {
            fold(&mut rows, id, event, at);
        }
        upsert(tx, rows.into_values().collect()).await
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

/// Writes the rows back with one multi-row upsert.
async fn upsert(tx: &mut PgConnection, rows: Vec<OrganizerApplicationRow>) -> anyhow::Result<()> {
    let mut c = Columns::default();
    for row in rows {
        c.account_id.push(row.account_id);
        c.organization_name.push(row.organization_name);
        c.description.push(row.description);
        c.city.push(row.city);
        c.website.push(row.website);
        c.contact_person.push(row.contact_person);
        c.status.push(row.status);
        c.rejection_reason.push(row.rejection_reason);
        c.submitted_at.push(row.submitted_at);
        c.decided_at.push(row.decided_at);
        c.decided_by.push(row.decided_by);
    }
    sqlx::query(
        "insert into organizer_applications_view (account_id, organization_name, description,
                city, website, contact_person, status, rejection_reason, submitted_at,
                decided_at, decided_by)
         select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],
                              $6::text[], $7::text[], $8::text[], $9::timestamptz[],
                              $10::timestamptz[], $11::uuid[])
         on conflict (account_id) do update set
                organization_name = excluded.organization_name,
                description = excluded.description, city = excluded.city,
                website = excluded.website, contact_person = excluded.contact_person,
                status = excluded.status, rejection_reason = excluded.rejection_reason,
                submitted_at = excluded.submitted_at, decided_at = excluded.decided_at,
                decided_by = excluded.decided_by",
    )
    .bind(c.account_id)
    .bind(c.organization_name)
    .bind(c.description)
    .bind(c.city)
    .bind(c.website)
    .bind(c.contact_person)
    .bind(c.status)
    .bind(c.rejection_reason)
    .bind(c.submitted_at)
    .bind(c.decided_at)
    .bind(c.decided_by)
    .execute(tx)
    .await?;
    Ok(())
}

/// The rows as column arrays for `unnest`.
#[derive(Default)]
struct Columns {
    account_id: Vec<Uuid>,
    organization_name: Vec<String>,
    description: Vec<String>,
    city: Vec<String>,
    website: Vec<Option<String>>,
    contact_person: Vec<Option<String>>,
    status: Vec<String>,
    rejection_reason: Vec<Option<String>>,
    submitted_at: Vec<DateTime<Utc>>,
    decided_at: Vec<Option<DateTime<Utc>>>,
    decided_by: Vec<Option<Uuid>>,
}
