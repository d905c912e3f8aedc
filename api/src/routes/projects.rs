//! Projects: catalogue, detail, create/update/delete/restore, moderation, join/leave, members.

mod catalogue;
mod lifecycle;
mod membership;
mod moderation;

use axum::Router;
use axum::routing::{get, post};
use birqadam_domain::project::VolunteerType;
use birqadam_projections::projects::ProjectRow;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::project::ProjectDto;
use crate::error::ApiError;
use crate::extract::AppJson;
use crate::state::AppState;
use catalogue::{get_project, list_projects};
pub use lifecycle::ProjectBody;
use lifecycle::restore_project;
pub(crate) use lifecycle::{create_project, delete_project, update_project};
use membership::{join_project, leave_project, list_members};
use moderation::{approve_project, reject_project};

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

fn parse_type(s: &str) -> Option<VolunteerType> {
    match s {
        "social" => Some(VolunteerType::Social),
        "environmental" => Some(VolunteerType::Environmental),
        "cultural" => Some(VolunteerType::Cultural),
        _ => None,
    }
}

/// Reads a project as the caller may see it (approved and not deleted for everyone, any state
/// for its owner and admins), else 404.
pub async fn visible_project(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<ProjectRow, ApiError> {
    Ok(state.queries.project_for(&user.viewer(), id).await?)
}

async fn project_dto(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<AppJson<ProjectDto>, ApiError> {
    Ok(AppJson(visible_project(state, user, id).await?.into()))
}
