//! `accounts_view`: one row per account (profile, roles, organizer status, rating).

use std::collections::HashMap;

use async_trait::async_trait;
use birqadam_domain::account::AccountEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::log::StoredEvent;
use crate::projector::{Projector, relevant};

/// The account events this view reads (others, of any stream, are skipped).
const EVENTS: &[&str] = &[
    "AccountRegistered",
    "ProfileUpdated",
    "OrganizerApplicationSubmitted",
    "OrganizerApproved",
    "OrganizerRejected",
    "RoleGranted",
    "RatingCredited",
    "RatingAdjusted",
];

/// A row of `accounts_view`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AccountRow {
    /// The account's stream id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Normalised e-mail.
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// Whether Telegram vouched for the phone.
    pub phone_verified: bool,
    /// Role names (`volunteer`, `organizer`, `admin`, `auditor`).
    pub roles: Vec<String>,
    /// `none`, `pending`, `approved` or `rejected`.
    pub organizer_status: String,
    /// Rating points.
    pub rating: i32,
    /// Interface language (`ru`, `kk`, `en`).
    pub language: String,
    /// Whether a Telegram account is linked.
    pub telegram_linked: bool,
    /// Whether the account is blocked.
    pub blocked: bool,
    /// When the account was registered.
    pub created_at: DateTime<Utc>,
    /// When the last event of the account was recorded.
    pub updated_at: DateTime<Utc>,
}

/// Feeds `accounts_view`.
pub struct AccountsProjector;

#[async_trait]
impl Projector for AccountsProjector {
    fn name(&self) -> &'static str {
        "accounts"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["accounts_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, AccountEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Account", EVENTS)?;
        if decoded.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = decoded.iter().map(|(id, ..)| *id).collect();
        let mut rows: HashMap<Uuid, AccountRow> =
            sqlx::query_as::<_, AccountRow>("select * from accounts_view where id = any($1)")
                .bind(&ids)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|row| (row.id, row))
                .collect();
        for (id, event, at) in decoded {
            fold(&mut rows, id, event, at);
        }
        upsert(tx, rows.into_values().collect()).await
    }
}

/// Applies one event to the rows in memory.
fn fold(rows: &mut HashMap<Uuid, AccountRow>, id: Uuid, event: AccountEvent, at: DateTime<Utc>) {
    if let AccountEvent::AccountRegistered {
        name,
        email,
        phone,
        language,
        roles,
        ..
    } = event
    {
        rows.insert(
            id,
            AccountRow {
                id,
                name,
                email: email.map(|e| e.as_str().to_owned()),
                phone: phone.map(|p| p.as_str().to_owned()),
                phone_verified: false,
                roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
                organizer_status: "none".to_owned(),
                rating: 0,
                language: language.as_str().to_owned(),
                telegram_linked: false,
                blocked: false,
                created_at: at,
                updated_at: at,
            },
        );
        return;
    }
    let Some(row) = rows.get_mut(&id) else {
        tracing::warn!(account = %id, "event for an account that was never registered; skipped");
        return;
    };
    row.updated_at = at;
    match event {
        AccountEvent::AccountRegistered { .. } => {}
        AccountEvent::ProfileUpdated {
            name,
            email,
            phone,
            language,
        } => {
            if let Some(name) = name {
                row.name = name;
            }
            if let Some(email) = email {
                row.email = Some(email.as_str().to_owned());
            }
            if let Some(phone) = phone {
                row.phone = Some(phone.as_str().to_owned());
                row.phone_verified = false;
            }
            if let Some(language) = language {
                row.language = language.as_str().to_owned();
            }
        }
        AccountEvent::OrganizerApplicationSubmitted { .. } => {
            row.organizer_status = "pending".to_owned();
        }
        AccountEvent::OrganizerApproved { .. } => {
            row.organizer_status = "approved".to_owned();
            add_role(row, "organizer");
        }
        AccountEvent::OrganizerRejected { .. } => row.organizer_status = "rejected".to_owned(),
        AccountEvent::RoleGranted { role, .. } => add_role(row, role.as_str()),
        AccountEvent::RatingCredited { rating_after, .. }
        | AccountEvent::RatingAdjusted { rating_after, .. } => {
            row.rating = i32::try_from(rating_after).unwrap_or(i32::MAX);
        }
    }
}

fn add_role(row: &mut AccountRow, role: &str) {
    if !row.roles.iter().any(|r| r == role) {
        row.roles.push(role.to_owned());
    }
}

/// Writes the rows back with one multi-row upsert.
async fn upsert(tx: &mut PgConnection, rows: Vec<AccountRow>) -> anyhow::Result<()> {
    let mut c = Columns::default();
    for row in rows {
        c.id.push(row.id);
        c.name.push(row.name);
        c.email.push(row.email);
        c.phone.push(row.phone);
        c.phone_verified.push(row.phone_verified);
        c.roles.push(row.roles.join(","));
        c.organizer_status.push(row.organizer_status);
        c.rating.push(row.rating);
        c.language.push(row.language);
        c.telegram_linked.push(row.telegram_linked);
        c.blocked.push(row.blocked);
        c.created_at.push(row.created_at);
        c.updated_at.push(row.updated_at);
    }
    sqlx::query(
        "insert into accounts_view (id, name, email, phone, phone_verified, roles,
                organizer_status, rating, language, telegram_linked, blocked, created_at, updated_at)
         select id, name, email, phone, phone_verified, string_to_array(roles, ','),
                organizer_status, rating, language, telegram_linked, blocked, created_at, updated_at
           from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[],
                       $7::text[], $8::int4[], $9::text[], $10::bool[], $11::bool[],
                       $12::timestamptz[], $13::timestamptz[])
             as t (id, name, email, phone, phone_verified, roles, organizer_status, rating,
                   language, telegram_linked, blocked, created_at, updated_at)
         on conflict (id) do update set
                name = excluded.name, email = excluded.email, phone = excluded.phone,
                phone_verified = excluded.phone_verified, roles = excluded.roles,
                organizer_status = excluded.organizer_status, rating = excluded.rating,
                language = excluded.language, telegram_linked = excluded.telegram_linked,
                blocked = excluded.blocked, created_at = excluded.created_at,
                updated_at = excluded.updated_at",
    )
    .bind(c.id)
    .bind(c.name)
    .bind(c.email)
    .bind(c.phone)
    .bind(c.phone_verified)
    .bind(c.roles)
    .bind(c.organizer_status)
    .bind(c.rating)
    .bind(c.language)
    .bind(c.telegram_linked)
    .bind(c.blocked)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(tx)
    .await?;
    Ok(())
}

/// The rows as column arrays for `unnest`.
#[derive(Default)]
struct Columns {
    id: Vec<Uuid>,
    name: Vec<String>,
    email: Vec<Option<String>>,
    phone: Vec<Option<String>>,
    phone_verified: Vec<bool>,
    roles: Vec<String>,
    organizer_status: Vec<String>,
    rating: Vec<i32>,
    language: Vec<String>,
    telegram_linked: Vec<bool>,
    blocked: Vec<bool>,
    created_at: Vec<DateTime<Utc>>,
    updated_at: Vec<DateTime<Utc>>,
}
