//! Creating, updating, deleting and restoring a project.

use axum::extract::State;
use axum::http::StatusCode;
use birqadam_domain::project::ProjectDetails;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{parse_type, project_dto, visible_project};
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::created;
use crate::dto::project::ProjectDto;
use crate::error::{ApiError, FieldError};
use crate::extract::{AppJson, AppPath, Validator};
use crate::state::AppState;

/// The request body of create and update.
#[derive(Debug, Deserialize)]
pub struct ProjectBody {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) volunteer_type: String,
    pub(crate) city: String,
    pub(crate) address: Option<String>,
    pub(crate) latitude: Option<f64>,
    pub(crate) longitude: Option<f64>,
    pub(crate) start_date: Option<NaiveDate>,
    pub(crate) end_date: Option<NaiveDate>,
    pub(crate) capacity: Option<u32>,
    pub(crate) contact_phone: Option<String>,
    pub(crate) contact_email: Option<String>,
    pub(crate) contact_telegram: Option<String>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
}

impl ProjectBody {
    fn parse(self) -> Result<ProjectDetails, ApiError> {
        let volunteer_type = parse_type(&self.volunteer_type)
            .ok_or_else(|| Validator::single("volunteer_type", "invalid"))?;
        let details = ProjectDetails {
            title: self.title,
            description: self.description,
            volunteer_type,
            city: self.city,
            address: self.address,
            latitude: self.latitude,
            longitude: self.longitude,
            start_date: self.start_date,
            end_date: self.end_date,
            capacity: self.capacity,
            contact_phone: self.contact_phone,
            contact_email: self.contact_email,
            contact_telegram: self.contact_telegram,
            tags: self.tags,
        };
        details.validate().map_err(|errors| {
            ApiError::validation(
                errors
                    .into_iter()
                    .map(|(f, c)| FieldError::new(f, c))
                    .collect(),
            )
        })?;
        Ok(details)
    }
}

pub(crate) async fn create_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppJson(body): AppJson<ProjectBody>,
) -> Result<(StatusCode, AppJson<ProjectDto>), ApiError> {
    let details = body.parse()?;
    let id = state
        .commands
        .create_project(&user.context(&meta), details.clone())
        .await?;
    // appended: the view's row if it has caught up, else the created values (decision 0012)
    if let Ok(row) = visible_project(&state, &user, id).await {
        return Ok((StatusCode::CREATED, AppJson(row.into())));
    }
    tracing::warn!(project = %id, "the new project is not in the view yet; answering from the command");
    let organizer_name = state
        .queries
        .account(user.id)
        .await
        .ok()
        .flatten()
        .map(|a| a.name);
    let at = state.commands.clock().now();
    let row = created::project_row(id, user.id, organizer_name, details, at);
    Ok((StatusCode::CREATED, AppJson(row.into())))
}

pub(crate) async fn update_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ProjectBody>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    visible_project(&state, &user, id).await?;
    let details = body.parse()?;
    state
        .commands
        .update_project(&user.context(&meta), id, details)
        .await?;
    project_dto(&state, &user, id).await
}

pub(crate) async fn delete_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    visible_project(&state, &user, id).await?;
    state
        .commands
        .delete_project(&user.context(&meta), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn restore_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    visible_project(&state, &user, id).await?;
    state
        .commands
        .restore_project(&user.context(&meta), id)
        .await?;
    project_dto(&state, &user, id).await
}
