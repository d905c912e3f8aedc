//! Admin rating adjustments.

use axum::extract::State;
use birqadam_domain::Role;
use birqadam_domain::values::BoundedText;
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
pub(super) struct AdjustmentBody {
    delta: i32,
    reason: String,
}

pub(super) async fn adjust_rating(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AdjustmentBody>,
) -> Result<AppJson<AccountDto>, ApiError> {
    user.require(Role::Admin)?;
    let mut v = Validator::new();
    let reason = v.field("reason", BoundedText::parse(&body.reason, 1000));
    v.check(
        "delta",
        body.delta != 0 && body.delta.abs() <= 750,
        "out_of_range",
    );
    v.finish()?;
    let reason = reason.map(BoundedText::into_string).unwrap_or_default();
    state
        .commands
        .adjust_rating(&user.context(&meta), id, body.delta, reason)
        .await?;
    Ok(AppJson(account_dto(&state, id).await?))
}
