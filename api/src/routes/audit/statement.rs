//! `GET /audit/accounts/{id}/statement`: an account's rating statement for auditors and admins.

use axum::extract::State;
use birqadam_projections::queries::StatementEntry;
use serde::Serialize;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath};
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub(super) struct Statement {
    account_id: Uuid,
    items: Vec<StatementEntry>,
}

/// Every rating change of the account, oldest first, each with its receipt.
pub(super) async fn get_account_statement(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(account_id): AppPath<Uuid>,
) -> Result<AppJson<Statement>, ApiError> {
    let items = state
        .queries
        .account_statement_for(&user.viewer(), account_id)
        .await?;
    Ok(AppJson(Statement { account_id, items }))
}
