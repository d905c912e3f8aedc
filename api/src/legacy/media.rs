//! Photos for the app's `Image.network`, which sends no `Authorization` header
//! (screens/other/photo_reports_tab.dart:266, widgets/dialogs/view_photo_report_dialog.dart:181):
//! the report answers carry absolute, signed, expiring URLs (docs/decisions/0031). A URL is made
//! only for a caller who may see the photo (the report reads check that first); it names the
//! photo's integer id, an expiry and an HMAC-SHA256 over the photo's uuid and that expiry, keyed
//! with `PHOTO_URL_SECRET`. Loading it needs nothing else; a changed, expired or foreign URL is 404.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use birqadam_photos::PhotoSize;
use birqadam_projections::legacy_ids::LegacyKind;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use uuid::Uuid;

use super::ids;
use crate::error::ApiError;
use crate::extract::{AppPath, AppQuery};
use crate::state::AppState;

/// How long a handed-out URL loads (the app re-reads its lists, and so gets fresh URLs, whenever
/// a screen opens).
const URL_TTL_SECS: i64 = 3600;

/// The path of a signed photo under the app's prefix.
pub(super) const PHOTO_PATH: &str = "/custom-admin/api/media/photos/{id}/";

/// The scheme and host the app reached us by (`X-Forwarded-Proto` behind a proxy).
#[derive(Debug, Clone)]
pub(super) struct Origin(String);

impl Origin {
    /// From the request's `Host` and `X-Forwarded-Proto` headers.
    pub(super) fn of(headers: &HeaderMap) -> Self {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let scheme = headers
            .get("x-forwarded-proto")
            .and_then(|h| h.to_str().ok())
            .filter(|p| matches!(*p, "http" | "https"))
            .unwrap_or("http");
        Self(format!("{scheme}://{host}"))
    }
}

fn signature(state: &AppState, photo: Uuid, expires: i64) -> Result<Hmac<Sha256>, ApiError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(state.settings.photo_url_secret.expose())
        .map_err(|e| ApiError::internal(anyhow::anyhow!("photo url key: {e}")))?;
    mac.update(photo.as_bytes());
    mac.update(&expires.to_be_bytes());
    Ok(mac)
}

/// The signed URL of a photo the caller may see (its number from `legacy_ids_view`).
pub(super) fn signed_url(
    state: &AppState,
    origin: &Origin,
    photo: Uuid,
    number: i64,
) -> Result<String, ApiError> {
    let expires = state.commands.clock().now().timestamp() + URL_TTL_SECS;
    let sig = hex::encode(signature(state, photo, expires)?.finalize().into_bytes());
    let path = PHOTO_PATH.replace("{id}", &number.to_string());
    Ok(format!(
        "{}{path}?expires={expires}&signature={sig}",
        origin.0
    ))
}

#[derive(Debug, Deserialize)]
pub(super) struct Signed {
    expires: Option<i64>,
    signature: Option<String>,
}

/// GET `media/photos/{id}/?expires=…&signature=…` → the JPEG, no token needed.
pub(super) async fn download_signed_photo(
    State(state): State<AppState>,
    AppPath(number): AppPath<i64>,
    AppQuery(query): AppQuery<Signed>,
) -> Result<Response, ApiError> {
    let id = ids::entity(&state, LegacyKind::Photo, number).await?;
    let (Some(expires), Some(given)) = (query.expires, query.signature) else {
        return Err(ApiError::not_found());
    };
    let given = hex::decode(given).map_err(|_| ApiError::not_found())?;
    let expired = expires < state.commands.clock().now().timestamp();
    if expired
        || signature(&state, id, expires)?
            .verify_slice(&given)
            .is_err()
    {
        return Err(ApiError::not_found());
    }
    let photo = state
        .queries
        .photo(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let bytes = state
        .commands
        .photo_bytes(&photo.sha256, PhotoSize::Full)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Response::builder()
        .header(header::CONTENT_TYPE, "image/jpeg")
        .header(header::CACHE_CONTROL, "private, max-age=3600, immutable")
        .body(Body::from(bytes))
        .map_err(|e| ApiError::internal(e.into()))
}
