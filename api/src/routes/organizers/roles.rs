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
