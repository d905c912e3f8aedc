//! `/api/v1/me*`: the caller's own account, Telegram link code and devices.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use birqadam_commands::{Platform, ProfileChanges};
use birqadam_domain::values::{Email, Language, PersonName, PhoneNumber};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::account::AccountDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, Validator};
use crate::state::AppState;

/// The `/me` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(get_me).patch(update_me))
        .route("/me/telegram-link-code", post(create_telegram_link_code))
        .route("/me/devices", post(register_device))
        .route("/me/devices/{token}", delete(remove_device))
}

/// Reads an account from the view (after a command, the view has caught up).
pub async fn account_dto(state: &AppState, id: Uuid) -> Result<AccountDto, ApiError> {
    match state.queries.account(id).await? {
        Some(row) => Ok(row.into()),
        None => {
            tracing::warn!(account = %id, "the accounts view has not caught up with this account");
            Err(ApiError::catching_up())
        }
    }
}

async fn get_me(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<AccountDto>, ApiError> {
    Ok(AppJson(account_dto(&state, user.id).await?))
}

/// `PATCH /me`: every field optional (absent = unchanged). The legacy door reuses it.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PatchMe {
    pub(crate) name: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) language: Option<String>,
}

impl PatchMe {
    /// The changes as value objects; every bad field is reported at once (422).
    pub(crate) fn parse(self) -> Result<ProfileChanges, ApiError> {
        let mut v = Validator::new();
        let changes = ProfileChanges {
            name: self
                .name
                .as_deref()
                .and_then(|n| v.field("name", PersonName::parse(n))),
            email: self
                .email
                .as_deref()
                .and_then(|e| v.field("email", Email::parse(e))),
            phone: self
                .phone
                .as_deref()
                .and_then(|p| v.field("phone", PhoneNumber::parse(p))),
            language: self
                .language
                .as_deref()
                .and_then(|l| v.field("language", Language::parse(l))),
        };
        v.finish()?;
        Ok(changes)
    }
}

async fn update_me(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppJson(body): AppJson<PatchMe>,
) -> Result<AppJson<AccountDto>, ApiError> {
    let changes = body.parse()?;
    state
        .commands
        .update_profile(&user.context(&meta), user.id, changes)
        .await?;
    Ok(AppJson(account_dto(&state, user.id).await?))
}

#[derive(Debug, Serialize)]
struct LinkCode {
    code: String,
    expires_at: DateTime<Utc>,
}

async fn create_telegram_link_code(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<(StatusCode, AppJson<LinkCode>), ApiError> {
    let (code, expires_at) = state.commands.telegram_link_code(user.id).await?;
    Ok((StatusCode::CREATED, AppJson(LinkCode { code, expires_at })))
}

/// A device token of push notifications (the legacy door deserialises the app's body into it).
#[derive(Debug, Deserialize)]
pub(crate) struct DeviceBody {
    token: String,
    platform: String,
}

pub(crate) async fn register_device(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(body): AppJson<DeviceBody>,
) -> Result<StatusCode, ApiError> {
    let mut v = Validator::new();
    let token = body.token.trim();
    if token.is_empty() || token.len() > 4096 {
        v.check("token", false, "invalid");
    }
    let platform = match body.platform.as_str() {
        "android" => Some(Platform::Android),
        "ios" => Some(Platform::Ios),
        _ => {
            v.check("platform", false, "invalid");
            None
        }
    };
    v.finish()?;
    if let Some(platform) = platform {
        state
            .commands
            .register_device(user.id, token, platform)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_device(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(token): AppPath<String>,
) -> Result<StatusCode, ApiError> {
    state.commands.remove_device(user.id, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}
