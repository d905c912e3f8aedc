//! Projects: catalogue, detail, create/update/delete/restore, moderation, join/leave, members.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use birqadam_domain::Role;
use birqadam_domain::project::{ProjectDetails, VolunteerType};
use birqadam_projections::projects::ProjectRow;
use birqadam_projections::queries::{MemberRow, ProjectFilter, Visibility};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::project::ProjectDto;
use crate::error::{ApiError, FieldError};
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::{Cursor, Page};
use crate::state::AppState;

/// The project routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list_projects).post(create_project))
        .route(
            "/projects/{id}",
            get(get_project)
                .patch(update_project)
                .delete(delete_project),
        )
        .route("/projects/{id}/restore", post(restore_project))
        .route("/projects/{id}/join", post(join_project))
        .route("/projects/{id}/leave", post(leave_project))
        .route("/projects/{id}/members", get(list_members))
        .route("/admin/projects/{id}/approve", post(approve_project))
        .route("/admin/projects/{id}/reject", post(reject_project))
}

/// The request body of create and update.
#[derive(Debug, Deserialize)]
pub struct ProjectBody {
    title: String,
    description: String,
    volunteer_type: String,
    city: String,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    capacity: Option<u32>,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    contact_telegram: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

fn parse_type(s: &str) -> Option<VolunteerType> {
    match s {
        "social" => Some(VolunteerType::Social),
        "environmental" => Some(VolunteerType::Environmental),
        "cultural" => Some(VolunteerType::Cultural),
        _ => None,
    }
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

/// Reads a project as `viewer` may see it: approved and not deleted for everyone, any state for
/// its owner and admins; otherwise 404.
pub async fn visible_project(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<ProjectRow, ApiError> {
    let row = state
        .queries
        .project(id, Some(user.id))
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    match row {
        Some(p)
            if (p.status == "approved" && !p.deleted)
                || p.owner_id == user.id
                || user.has(Role::Admin) =>
        {
            Ok(p)
        }
        _ => Err(ApiError::not_found()),
    }
}

async fn project_dto(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<AppJson<ProjectDto>, ApiError> {
    Ok(AppJson(visible_project(state, user, id).await?.into()))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    status: Option<String>,
    city: Option<String>,
    volunteer_type: Option<String>,
    q: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn list_projects(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<AppJson<Page<ProjectDto>>, ApiError> {
    let limit = Page::<()>::limit(query.limit)?;
    let after = Cursor::decode_opt(query.cursor.as_deref())?;
    if let Some(s) = query.status.as_deref()
        && !matches!(s, "pending" | "approved" | "rejected")
    {
        return Err(Validator::single("status", "invalid"));
    }
    if let Some(t) = query.volunteer_type.as_deref()
        && parse_type(t).is_none()
    {
        return Err(Validator::single("volunteer_type", "invalid"));
    }
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(Validator::single("q", "too_long"));
    }
    let filter = ProjectFilter {
        status: query.status,
        city: query.city.filter(|c| !c.is_empty()),
        volunteer_type: query.volunteer_type,
        q: query.q.filter(|q| !q.trim().is_empty()),
    };
    let visible_to = if user.has(Role::Admin) {
        Visibility::Admin
    } else {
        Visibility::Owner(user.id)
    };
    let rows = state
        .queries
        .projects(
            &filter,
            visible_to,
            Some(user.id),
            after.map(|c| (c.at, c.id)),
            limit + 1,
        )
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    Ok(AppJson(
        Page::from_rows(rows, limit, |r| Cursor {
            at: r.created_at,
            id: r.id,
        })
        .map(ProjectDto::from),
    ))
}

async fn create_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppJson(body): AppJson<ProjectBody>,
) -> Result<(StatusCode, AppJson<ProjectDto>), ApiError> {
    let details = body.parse()?;
    let id = state
        .commands
        .create_project(&user.context(&meta), details)
        .await?;
    Ok((StatusCode::CREATED, project_dto(&state, &user, id).await?))
}

async fn get_project(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    project_dto(&state, &user, id).await
}

async fn update_project(
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

async fn delete_project(
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

async fn restore_project(
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

async fn join_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    visible_project(&state, &user, id).await?;
    state
        .commands
        .join_project(&user.context(&meta), id)
        .await?;
    project_dto(&state, &user, id).await
}

async fn leave_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    visible_project(&state, &user, id).await?;
    state
        .commands
        .leave_project(&user.context(&meta), id)
        .await?;
    project_dto(&state, &user, id).await
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn list_members(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<Uuid>,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<MemberRow>>, ApiError> {
    let project = visible_project(&state, &user, id).await?;
    if project.owner_id != user.id && !user.has(Role::Admin) {
        return Err(ApiError::forbidden());
    }
    let limit = Page::<()>::limit(query.limit)?;
    let after = Cursor::decode_opt(query.cursor.as_deref())?;
    let rows = state
        .queries
        .project_members(id, after.map(|c| (c.at, c.id)), limit + 1)
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    Ok(AppJson(Page::from_rows(rows, limit, |m| Cursor {
        at: m.joined_at,
        id: m.account_id,
    })))
}

async fn approve_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    user.require(Role::Admin)?;
    state
        .commands
        .approve_project(&user.context(&meta), id)
        .await?;
    project_dto(&state, &user, id).await
}

#[derive(Debug, Deserialize)]
struct ReasonBody {
    reason: String,
}

async fn reject_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ReasonBody>,
) -> Result<AppJson<ProjectDto>, ApiError> {
    user.require(Role::Admin)?;
    let mut v = Validator::new();
    let reason = v.field(
        "reason",
        birqadam_domain::values::BoundedText::parse(&body.reason, 1000),
    );
    v.finish()?;
    let reason = reason.map(|r| r.into_string()).unwrap_or_default();
    state
        .commands
        .reject_project(&user.context(&meta), id, reason)
        .await?;
    project_dto(&state, &user, id).await
}
