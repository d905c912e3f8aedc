//! Submitting an organizer application.

use axum::extract::State;
use axum::http::StatusCode;
use birqadam_domain::account::OrganizerApplication;
use birqadam_domain::values::BoundedText;
use serde::{Deserialize, Serialize};

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, Validator};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct ApplicationBody {
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
pub(super) struct ApplicationStatus {
    status: &'static str,
}

pub(super) async fn submit_organizer_application(
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
