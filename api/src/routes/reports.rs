//! Photo reports: multipart upload, my reports, moderation queue, approve/reject, photo download.

use axum::Router;
use axum::body::Body;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use birqadam_domain::Role;
use birqadam_photos::PhotoSize;
use birqadam_projections::assignments::ReportRow;
use birqadam_projections::queries::ModerationFilter;
use bytes::Bytes;
use serde::Deserialize;
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::report::ReportDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::pagination::{Cursor, Page};
use crate::state::AppState;

/// Largest photo part accepted (the photo pipeline re-checks the decoded content).
const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// Most photos per report.
const MAX_PHOTOS: usize = 5;
/// Longest comment.
const MAX_COMMENT: usize = 1000;

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

fn bad_multipart(e: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(
        "request.malformed_multipart",
        format!("the multipart body is not valid: {e}"),
    )
}

/// Reads the multipart body. A refusal (too many or too large photos) is decided at once, but the
/// rest of the body is still read and discarded, so the client gets the 4xx instead of a connection
/// reset halfway through its upload (slow mobile networks retry resets).
async fn read_upload(mut multipart: Multipart) -> Result<(Vec<Bytes>, Option<String>), ApiError> {
    let mut photos = Vec::new();
    let mut comment = None;
    let mut refusal: Option<ApiError> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(bad_multipart)? {
        match field.name() {
            Some("photos") if refusal.is_none() && photos.len() == MAX_PHOTOS => {
                refusal = Some(ApiError::from_code("upload.too_many_files"));
            }
            Some("photos") if refusal.is_none() => {
                let mut data = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(bad_multipart)? {
                    if refusal.is_some() {
                        continue;
                    }
                    if data.len() + chunk.len() > MAX_PHOTO_BYTES {
                        refusal = Some(
                            ApiError::too_large("upload.too_large")
                                .with_detail(format!("photo {} is over 10 MB", photos.len() + 1)),
                        );
                        data = Vec::new();
                        continue;
                    }
                    data.extend_from_slice(&chunk);
                }
                if refusal.is_none() {
                    photos.push(Bytes::from(data));
                }
            }
            Some("comment") if refusal.is_none() => {
                let text = field.text().await.map_err(bad_multipart)?;
                let text = text.trim().to_owned();
                if text.chars().count() > MAX_COMMENT {
                    refusal = Some(Validator::single("comment", "too_long"));
                }
                comment = (!text.is_empty()).then_some(text);
            }
            _ => while field.chunk().await.map_err(bad_multipart)?.is_some() {},
        }
    }
    if let Some(refusal) = refusal {
        return Err(refusal);
    }
    if photos.is_empty() {
        return Err(Validator::single("photos", "required"));
    }
    Ok((photos, comment))
}

async fn submit_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(task_id): AppPath<Uuid>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, AppJson<ReportDto>), ApiError> {
    let multipart =
        multipart.map_err(|_| ApiError::unsupported_media("request.unsupported_media_type"))?;
    let (photos, comment) = read_upload(multipart).await?;
    let id = state
        .commands
        .submit_report(&user.context(&meta), task_id, photos, comment)
        .await?;
    Ok((
        StatusCode::CREATED,
        AppJson(report_dto(&state, &user, id).await?),
    ))
}

/// Reads a report the caller may see (its volunteer, the project owner, an admin), else 404.
async fn visible_report(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<ReportRow, ApiError> {
    let row = state
        .queries
        .report(id)
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    match row {
        Some(r)
            if r.volunteer_id == user.id
                || r.project_owner_id == Some(user.id)
                || user.has(Role::Admin) =>
        {
            Ok(r)
        }
        _ => Err(ApiError::not_found()),
    }
}

async fn report_dto(state: &AppState, user: &AuthUser, id: Uuid) -> Result<ReportDto, ApiError> {
    Ok(visible_report(state, user, id).await?.into())
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn list_my_reports(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<AppJson<Page<ReportDto>>, ApiError> {
    let limit = Page::<()>::limit(query.limit)?;
    let after = Cursor::decode_opt(query.cursor.as_deref())?;
    let rows = state
        .queries
        .my_reports(user.id, after.map(|c| (c.at, c.id)), limit + 1)
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    Ok(AppJson(
        Page::from_rows(rows, limit, |r| Cursor {
            at: r.submitted_at,
            id: r.id,
        })
        .map(ReportDto::from),
    ))
}

#[derive(Debug, Deserialize)]
struct QueueQuery {
    status: Option<String>,
    project_id: Option<Uuid>,
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn list_moderation_queue(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<QueueQuery>,
) -> Result<AppJson<Page<ReportDto>>, ApiError> {
    if !user.has(Role::Organizer) && !user.has(Role::Admin) {
        return Err(ApiError::forbidden());
    }
    let status = match query.status.as_deref() {
        None | Some("") => Some("pending".to_owned()),
        Some("all") => None,
        Some(s @ ("pending" | "approved" | "rejected")) => Some(s.to_owned()),
        Some(_) => return Err(Validator::single("status", "invalid")),
    };
    let limit = Page::<()>::limit(query.limit)?;
    let after = Cursor::decode_opt(query.cursor.as_deref())?;
    let owner = (!user.has(Role::Admin)).then_some(user.id);
    let filter = ModerationFilter {
        status,
        project_id: query.project_id,
        owner,
    };
    let rows = state
        .queries
        .moderation_queue(&filter, after.map(|c| (c.at, c.id)), limit + 1)
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    Ok(AppJson(
        Page::from_rows(rows, limit, |r| Cursor {
            at: r.submitted_at,
            id: r.id,
        })
        .map(ReportDto::from),
    ))
}

async fn get_report(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<AppJson<ReportDto>, ApiError> {
    Ok(AppJson(report_dto(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
struct ApproveBody {
    stars: Option<u8>,
    comment: Option<String>,
}

async fn approve_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ApproveBody>,
) -> Result<AppJson<ReportDto>, ApiError> {
    visible_report(&state, &user, id).await?;
    let comment = body
        .comment
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    state
        .commands
        .approve_report(&user.context(&meta), id, body.stars, comment)
        .await?;
    Ok(AppJson(report_dto(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
struct RejectBody {
    reason: String,
}

async fn reject_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<RejectBody>,
) -> Result<AppJson<ReportDto>, ApiError> {
    visible_report(&state, &user, id).await?;
    state
        .commands
        .reject_report(&user.context(&meta), id, body.reason)
        .await?;
    Ok(AppJson(report_dto(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
struct PhotoQuery {
    size: Option<String>,
}

async fn download_photo(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(id): AppPath<Uuid>,
    AppQuery(query): AppQuery<PhotoQuery>,
) -> Result<Response, ApiError> {
    let size = match query.size.as_deref() {
        None | Some("full") => PhotoSize::Full,
        Some("thumb") => PhotoSize::Thumb,
        Some(_) => return Err(Validator::single("size", "invalid")),
    };
    let photo = state
        .queries
        .photo(id)
        .await
        .map_err(|e| ApiError::internal(e.into()))?
        .ok_or_else(ApiError::not_found)?;
    let allowed = photo.volunteer_id == user.id
        || photo.project_owner_id == Some(user.id)
        || user.has(Role::Admin);
    if !allowed {
        return Err(ApiError::not_found());
    }
    let bytes = state
        .commands
        .photo_bytes(&photo.sha256, size)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Response::builder()
        .header(header::CONTENT_TYPE, "image/jpeg")
        .header(header::CACHE_CONTROL, "private, max-age=86400, immutable")
        .body(Body::from(bytes))
        .map_err(|e| ApiError::internal(e.into()))
}
