//! Listing, approving and rejecting organizer applications (admins).

use axum::extract::State;
use birqadam_domain::Role;
use birqadam_domain::values::BoundedText;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::account::AccountDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::{Page, keyset};
use crate::routes::me::account_dto;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    status: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct ApplicationDto {
    account_id: Uuid,
    name: String,
    organization_name: String,
    description: String,
    city: String,
    website: Option<String>,
    contact_person: Option<String>,
    status: String,
    rejection_reason: Option<String>,
    submitted_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
}

pub(super) async fn list_organizer_applications(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<AppJson<Page<ApplicationDto>>, ApiError> {
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s @ ("pending" | "approved" | "rejected")) => Some(s),
        Some(_) => return Err(Validator::single("status", "invalid")),
    };
    let keyset = keyset(query.cursor.as_deref(), query.limit)?;
    let page = state
        .queries
        .organizer_applications_for(&user.viewer(), status, &keyset)
        .await?;
    Ok(AppJson(page.map(|r| ApplicationDto {
        account_id: r.account_id,
        name: r.applicant_name.unwrap_or_default(),
        organization_name: r.organization_name,
        description: r.description,
        city: r.city,
        website: r.website,
        contact_person: r.contact_person,
        status: r.status,
        rejection_reason: r.rejection_reason,
        submitted_at: r.submitted_at,
        decided_at: r.decided_at,
    })))
}

pub(super) async fn approve_organizer(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(account_id): AppPath<Uuid>,
) -> Result<AppJson<AccountDto>, ApiError> {
    user.require(Role::Admin)?;
    state
        .commands
        .approve_organizer(&user.context(&meta), account_id)
        .await?;
    Ok(AppJson(account_dto(&state, account_id).await?))
}

#[derive(Debug, Deserialize)]
pub(super) struct ReasonBody {
    reason: String,
}

pub(super) async fn reject_organizer(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(account_id): AppPath<Uuid>,
    AppJson(body): AppJson<ReasonBody>,
) -> Result<AppJson<AccountDto>, ApiError> {
    user.require(Role::Admin)?;
    let mut v = Validator::new();
    let reason = v.field("reason", BoundedText::parse(&body.reason, 1000));
    v.finish()?;
    let reason = reason.map(BoundedText::into_string).unwrap_or_default();
    state
        .commands
        .reject_organizer(&user.context(&meta), account_id, reason)
        .await?;
    Ok(AppJson(account_dto(&state, account_id).await?))
}
