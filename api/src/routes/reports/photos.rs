//! Authorised download of a report's photos.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::Response;
use birqadam_photos::PhotoSize;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppPath, AppQuery, Validator};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct PhotoQuery {
    size: Option<String>,
}

pub(super) async fn download_photo(
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
    let photo = state.queries.photo_for(&user.viewer(), id).await?;
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
