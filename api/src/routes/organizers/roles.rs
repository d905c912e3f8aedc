//! Admin role grants.

use axum::extract::State;
use birqadam_domain::Role;
use serde::Deserialize;
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::account::AccountDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, Validator};
use crate::routes::me::account_dto;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct RolesBody {
    add: Vec<String>,
}

pub(super) async fn grant_roles(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(account_id): AppPath<Uuid>,
    AppJson(body): AppJson<RolesBody>,
) -> Result<AppJson<AccountDto>, ApiError> {
    user.require(Role::Admin)?;
    let mut roles = Vec::new();
    for name in &body.add {
        match name.as_str() {
            "auditor" => roles.push(Role::Auditor),
            "admin" => roles.push(Role::Admin),
            _ => return Err(Validator::single("add", "invalid")),
        }
    }
    if roles.is_empty() {
        return Err(Validator::single("add", "required"));
    }
    state
        .commands
        .grant_roles(&user.context(&meta), account_id, &roles)
        .await?;
    Ok(AppJson(account_dto(&state, account_id).await?))
}

/// How many refresh tokens a revocation ended.
#[derive(Debug, serde::Serialize)]
pub(super) struct Revoked {
    revoked: u64,
}

/// `POST /admin/accounts/{id}/revoke-sessions`: ends every session of the account, of both
/// doors (docs/decisions/0019); its access tokens run out within their ~15 minutes.
pub(super) async fn revoke_sessions(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(account_id): AppPath<Uuid>,
) -> Result<AppJson<Revoked>, ApiError> {
    user.require(Role::Admin)?;
    if state.queries.account(account_id).await?.is_none() {
        return Err(ApiError::not_found());
    }
    let revoked = state
        .commands
        .revoke_sessions(&user.context(&meta), account_id)
        .await?;
    Ok(AppJson(Revoked { revoked }))
}
