//! `accounts_view`: one row per account (profile, roles, organizer status, rating).

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
    "TelegramLinked",
    "TelegramUnreachable",
    "TelegramReachable",
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
    /// The linked Telegram user id (also the id of the private chat with the bot).
    pub telegram_id: Option<i64>,
    /// False once Telegram refused messages to the chat for good, until the person writes again.
    pub telegram_reachable: bool,
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
impl LogConsumer for AccountsProjector {
    fn name(&self) -> &'static str {
        "accounts"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["accounts_view"]
    }

    async fn apply(&self, tx: &mut PgConnection, events: &[StoredEvent]) -> anyhow::Result<()> {
        let decoded: Vec<(Uuid, AccountEvent, DateTime<Utc>)> =
            relevant(self.name(), events, "Account", EVENTS)?;
        fold_rows::<AccountRow, _>(tx, decoded, fold).await?;
        Ok(())
    }
}

impl ViewRow for AccountRow {
    const TABLE: &'static str = "accounts_view";
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn key_columns(c: &mut Columns<'_, Uuid>) {
        c.col("id", |id| *id);
    }

    fn columns(c: &mut Columns<'_, Self>) {
        c.col("id", |r| r.id)
            .col("name", |r| r.name.clone())
            .col("email", |r| r.email.clone())
            .col("phone", |r| r.phone.clone())
            .col("phone_verified", |r| r.phone_verified)
            .list("roles", "text", |r| r.roles.clone())
            .col("organizer_status", |r| r.organizer_status.clone())
            .col("rating", |r| r.rating)
            .col("language", |r| r.language.clone())
            .col("telegram_linked", |r| r.telegram_linked)
            .col("telegram_id", |r| r.telegram_id)
            .col("telegram_reachable", |r| r.telegram_reachable)
            .col("blocked", |r| r.blocked)
            .col("created_at", |r| r.created_at)
            .col("updated_at", |r| r.updated_at);
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
                telegram_id: None,
                telegram_reachable: true,
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
        AccountEvent::TelegramLinked { telegram_id } => {
            row.telegram_linked = true;
            row.telegram_id = Some(telegram_id);
            row.telegram_reachable = true;
        }
        AccountEvent::TelegramUnreachable { .. } => row.telegram_reachable = false,
        AccountEvent::TelegramReachable => row.telegram_reachable = true,
    }
}

fn add_role(row: &mut AccountRow, role: &str) {
    if !row.roles.iter().any(|r| r == role) {
        row.roles.push(role.to_owned());
    }
}
