//! Organizer onboarding: applications and their moderation by admins; admin role grants.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use birqadam_domain::Role;
use birqadam_domain::account::OrganizerApplication;
use birqadam_domain::values::BoundedText;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::account::AccountDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::{Cursor, Page};
use crate::routes::me::account_dto;
use crate::state::AppState;

/// The organizer routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizer-application", post(submit_organizer_application))
        .route(
            "/admin/organizer-applications",
            get(list_organizer_applications),
        )
        .route(
            "/admin/organizer-applications/{account_id}/approve",
            post(approve_organizer),
        )
        .route(
            "/admin/organizer-applications/{account_id}/reject",
            post(reject_organizer),
        )
        .route("/admin/accounts/{account_id}/roles", post(grant_roles))
}

#[derive(Debug, Deserialize)]
struct ApplicationBody {
    organization_name: String,
    description: String,
    city: String,
    website: Option<String>,
    contact_person: Option<String>,
}

fn optional(
    v: &mut Validator,
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|s| v.field(field, BoundedText::parse(s, max)))
        .map(BoundedText::into_string)
}

impl ApplicationBody {
    fn parse(self) -> Result<OrganizerApplication, ApiError> {
        let mut v = Validator::new();
        let organization_name = v.field(
            "organization_name",
            BoundedText::parse(&self.organization_name, 255),
        );
        let description = v.field("description", BoundedText::parse(&self.description, 5000));
        let city = v.field("city", BoundedText::parse(&self.city, 100));
        let website = optional(&mut v, "website", self.website.as_deref(), 500);
        if let Some(w) = &website
            && !(w.starts_with("https://") || w.starts_with("http://"))
        {
            v.check("website", false, "invalid");
        }
        let contact_person = optional(
            &mut v,
            "contact_person",
            self.contact_person.as_deref(),
            120,
        );
        v.finish()?;
        match (organization_name, description, city) {
            (Some(o), Some(d), Some(c)) => Ok(OrganizerApplication {
                organization_name: o.into_string(),
                description: d.into_string(),
                city: c.into_string(),
                website,
                contact_person,
            }),
            _ => Err(ApiError::internal(anyhow::anyhow!(
                "validator passed with a missing field"
            ))),
        }
    }
}

#[derive(Debug, Serialize)]
struct ApplicationStatus {
    status: &'static str,
}

async fn submit_organizer_application(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppJson(body): AppJson<ApplicationBody>,
) -> Result<(StatusCode, AppJson<ApplicationStatus>), ApiError> {
    let application = body.parse()?;
    state
        .commands
        .submit_organizer_application(&user.context(&meta), application)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        AppJson(ApplicationStatus { status: "pending" }),
    ))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    status: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize)]
struct ApplicationDto {
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

async fn list_organizer_applications(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<AppJson<Page<ApplicationDto>>, ApiError> {
    user.require(Role::Admin)?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s @ ("pending" | "approved" | "rejected")) => Some(s),
        Some(_) => return Err(Validator::single("status", "invalid")),
    };
    let limit = Page::<()>::limit(query.limit)?;
    let after = Cursor::decode_opt(query.cursor.as_deref())?;
    let rows = state
        .queries
        .organizer_applications(status, after.map(|c| (c.at, c.id)), limit + 1)
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    let page = Page::from_rows(rows, limit, |r| Cursor {
        at: r.submitted_at,
        id: r.account_id,
    });
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

async fn approve_organizer(
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
struct ReasonBody {
    reason: String,
}

async fn reject_organizer(
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

#[derive(Debug, Deserialize)]
struct RolesBody {
    add: Vec<String>,
}

async fn grant_roles(
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
