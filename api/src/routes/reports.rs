//! Photo reports: multipart upload, my reports, moderation queue, approve/reject, photo download.

mod moderation;
mod photos;
mod reading;
mod upload;

use axum::Router;
use axum::routing::{get, post};
use birqadam_projections::assignments::ReportRow;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::report::ReportDto;
use crate::error::ApiError;
use crate::state::AppState;
use moderation::{approve_report, list_moderation_queue, reject_report};
use photos::download_photo;
use reading::{get_report, list_my_reports};
pub(crate) use upload::read_upload;
use upload::submit_report;

/// The report upload route (rate-limited separately).
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/tasks/{id}/reports", post(submit_report))
}

/// The other report routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/reports", get(list_my_reports))
        .route("/moderation/reports", get(list_moderation_queue))
        .route("/reports/{id}", get(get_report))
        .route("/reports/{id}/approve", post(approve_report))
        .route("/reports/{id}/reject", post(reject_report))
        .route("/photos/{id}", get(download_photo))
}

/// Reads a report the caller may see (its volunteer, the project owner, an admin), else 404.
async fn visible_report(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<ReportRow, ApiError> {
    Ok(state.queries.report_for(&user.viewer(), id).await?)
}

async fn report_dto(state: &AppState, user: &AuthUser, id: Uuid) -> Result<ReportDto, ApiError> {
    Ok(visible_report(state, user, id).await?.into())
}
