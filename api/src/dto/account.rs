//! The `account` and `tokens` shapes of the API.

use birqadam_commands::Tokens;
use birqadam_commands::accounts::Registered;
use birqadam_domain::account::level_for;
use birqadam_projections::queries::AccountRow;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// `account` as API.md defines it.
#[derive(Debug, Serialize)]
pub struct AccountDto {
    /// Account id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// Whether Telegram vouched for the phone.
    pub phone_verified: bool,
    /// Roles.
    pub roles: Vec<String>,
    /// none | pending | approved | rejected.
    pub organizer_status: String,
    /// Rating points.
    pub rating: i32,
    /// Level 1..=8.
    pub level: u32,
    /// ru | kk | en.
    pub language: String,
    /// Whether a Telegram account is linked.
    pub telegram_linked: bool,
    /// Registration time.
    pub created_at: DateTime<Utc>,
}

impl From<AccountRow> for AccountDto {
    fn from(row: AccountRow) -> Self {
        Self {
            id: row.id,
            level: level_for(u32::try_from(row.rating).unwrap_or(0)),
            name: row.name,
            email: row.email,
            phone: row.phone,
            phone_verified: row.phone_verified,
            roles: row.roles,
            organizer_status: row.organizer_status,
            rating: row.rating,
            language: row.language,
            telegram_linked: row.telegram_linked,
            created_at: row.created_at,
        }
    }
}

impl From<&Registered> for AccountDto {
    /// The account exactly as the accounts view will show it once it has applied the
    /// registration (docs/decisions/0012): built from the appended values, not read back.
    fn from(r: &Registered) -> Self {
        Self {
            id: r.id,
            name: r.name.as_str().to_owned(),
            email: Some(r.email.as_str().to_owned()),
            phone: r.phone.as_ref().map(|p| p.as_str().to_owned()),
            phone_verified: false,
            roles: r
                .roles
                .iter()
                .map(|role| role.as_str().to_owned())
                .collect(),
            organizer_status: "none".to_owned(),
            rating: 0,
            level: level_for(0),
            language: r.language.as_str().to_owned(),
            telegram_linked: false,
            created_at: r.registered_at,
        }
    }
}

/// `{account, tokens}` returned by registration and login.
#[derive(Debug, Serialize)]
pub struct SessionDto {
    /// The account.
    pub account: AccountDto,
    /// Fresh tokens.
    pub tokens: Tokens,
}

/// `{tokens}` returned by refresh.
#[derive(Debug, Serialize)]
pub struct TokensDto {
    /// Fresh tokens.
    pub tokens: Tokens,
}
