//! Submitting a report: the multipart upload of its photos and comment.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use birqadam_projections::QueryError;
use bytes::Bytes;
use uuid::Uuid;

use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::dto::report::ReportDto;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, Validator};
use crate::state::AppState;

/// Largest photo part accepted (the photo pipeline re-checks the decoded content).
const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// Most photos per report.
const MAX_PHOTOS: usize = 5;

/// Longest comment.
const MAX_COMMENT: usize = 1000;

fn bad_multipart(e: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(
        "request.malformed_multipart",
        format!("the multipart body is not valid: {e}"),
    )
}

/// Reads the multipart body. A refusal (too many or too large photos) is decided at once, but the
/// rest of the body is still read and discarded, so the client gets the 4xx instead of a connection
/// reset halfway through its upload (slow mobile networks retry resets).
pub(crate) async fn read_upload(
    mut multipart: Multipart,
) -> Result<(Vec<Bytes>, Option<String>), ApiError> {
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

pub(super) async fn submit_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(task_id): AppPath<Uuid>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, AppJson<ReportDto>), ApiError> {
    let multipart =
        multipart.map_err(|_| ApiError::unsupported_media("request.unsupported_media_type"))?;
    let (photos, comment) = read_upload(multipart).await?;
    let submitted = state
        .commands
        .submit_report(&user.context(&meta), task_id, photos, comment)
        .await?;
    // Appended means succeeded (docs/decisions/0012): a view that lags gives the command's own values.
    let report = match state.queries.report_for(&user.viewer(), submitted.id).await {
        Ok(row) => row.into(),
        Err(QueryError::NotFound) => {
            let name = state.queries.account(user.id).await?.map(|a| a.name);
            ReportDto::submitted(&submitted, name.unwrap_or_default())
        }
        Err(e) => return Err(e.into()),
    };
    Ok((StatusCode::CREATED, AppJson(report)))
}
