//! Photo reports as providers/photo_reports_provider.dart calls them: the multipart upload
//! (line 196, parts `photos` and `comment`), the volunteer's and the organizer's lists (line 60,
//! `{photos, new_count}`), one report (line 92), rating (line 115, `{rating, feedback}`) and
//! rejection (line 156, `{feedback}`); and the task card's photo summary
//! (screens/main/volunteer_page.dart:113). The same commands and reads as `/api/v1/reports`.

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use birqadam_projections::Keyset;
use birqadam_projections::assignments::ReportRow;
use birqadam_projections::legacy_ids::LegacyKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::dto::Message;
use super::ids;
use super::media::Origin;
use super::report_view::{LegacyReport, legacy_reports};
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery, Validator};
use crate::routes::reports::read_upload;
use crate::state::AppState;

/// Page size of the reads behind one list of the app.
const PAGE: i64 = 100;

/// At most this many pages (the app has no paging).
const MAX_PAGES: usize = 10;

/// `{message, id}` after an upload (the app checks only the 201).
#[derive(Debug, Serialize)]
pub(super) struct Uploaded {
    message: &'static str,
    id: Option<i64>,
}

/// POST `tasks/{id}/photo-reports/` (multipart `photos` × 1–5, `comment`) → 201.
pub(super) async fn upload_photo_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, AppJson<Uploaded>), ApiError> {
    let task = ids::entity(&state, LegacyKind::Task, number).await?;
    let multipart =
        multipart.map_err(|_| ApiError::unsupported_media("request.unsupported_media_type"))?;
    let (photos, comment) = read_upload(multipart).await?;
    let submitted = state
        .commands
        .submit_report(&user.context(&meta), task, photos, comment)
        .await?;
    let id = ids::number(&state, LegacyKind::Report, submitted.id).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(Uploaded {
            message: "Photo report submitted",
            id,
        }),
    ))
}

#[derive(Debug, Deserialize)]
pub(super) struct FilterQuery {
    filter: Option<String>,
}

/// `filter` of the lists: `all` (the app's default), `new` or `pending`, `approved`, `rejected`.
fn status_of(filter: Option<&str>) -> Result<Option<&'static str>, ApiError> {
    match filter {
        None | Some("" | "all") => Ok(None),
        Some("new" | "pending") => Ok(Some("pending")),
        Some("approved") => Ok(Some("approved")),
        Some("rejected") => Ok(Some("rejected")),
        Some(_) => Err(Validator::single("filter", "invalid")),
    }
}

/// `{photos, new_count}` (photo_reports_provider.dart:70-74).
#[derive(Debug, Serialize)]
pub(super) struct ReportList {
    photos: Vec<LegacyReport>,
    new_count: usize,
}

/// Newest first, filtered; `new_count` counts the pending ones of the whole list.
async fn report_list(
    state: &AppState,
    headers: &HeaderMap,
    mut rows: Vec<ReportRow>,
    filter: Option<&str>,
) -> Result<ReportList, ApiError> {
    let status = status_of(filter)?;
    rows.sort_by_key(|r| std::cmp::Reverse((r.submitted_at, r.id)));
    let new_count = rows.iter().filter(|r| r.status == "pending").count();
    rows.retain(|r| status.is_none_or(|s| r.status == s));
    let photos = legacy_reports(state, &Origin::of(headers), rows).await?;
    Ok(ReportList { photos, new_count })
}

/// GET `photo-reports/?filter=` → the caller's own reports.
pub(super) async fn list_my_photo_reports(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    AppQuery(query): AppQuery<FilterQuery>,
) -> Result<AppJson<ReportList>, ApiError> {
    status_of(query.filter.as_deref())?;
    let mut rows = Vec::new();
    let mut keyset = Keyset::first(PAGE);
    for _ in 0..MAX_PAGES {
        let page = state.queries.my_reports(user.id, &keyset).await?;
        let last = page.items.last().map(|r| (r.submitted_at, r.id));
        let more = page.next_cursor.is_some();
        rows.extend(page.items);
        match last {
            Some(key) if more => keyset = Keyset::after(key, PAGE),
            _ => break,
        }
    }
    let list = report_list(&state, &headers, rows, query.filter.as_deref()).await?;
    Ok(AppJson(list))
}

/// GET `organizer/photo-reports/?filter=` → the reports of the caller's projects (the
/// `/api/v1/moderation/reports` rules: organizers their own projects, admins all).
pub(super) async fn list_organizer_photo_reports(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    AppQuery(query): AppQuery<FilterQuery>,
) -> Result<AppJson<ReportList>, ApiError> {
    status_of(query.filter.as_deref())?;
    let viewer = user.viewer();
    let mut rows = Vec::new();
    let mut keyset = Keyset::first(PAGE);
    for _ in 0..MAX_PAGES {
        let page = state
            .queries
            .moderation_queue_for(&viewer, None, None, &keyset)
            .await?;
        let last = page.items.last().map(|r| (r.submitted_at, r.id));
        let more = page.next_cursor.is_some();
        rows.extend(page.items);
        match last {
            Some(key) if more => keyset = Keyset::after(key, PAGE),
            _ => break,
        }
    }
    let list = report_list(&state, &headers, rows, query.filter.as_deref()).await?;
    Ok(AppJson(list))
}

/// One report the caller may see, shaped.
async fn one_report(
    state: &AppState,
    user: &AuthUser,
    headers: &HeaderMap,
    id: Uuid,
) -> Result<LegacyReport, ApiError> {
    let row = state.queries.report_for(&user.viewer(), id).await?;
    legacy_reports(state, &Origin::of(headers), vec![row])
        .await?
        .pop()
        .ok_or_else(ApiError::catching_up)
}

/// GET `photo-reports/{id}/` → one `PhotoReport` with its gallery.
pub(super) async fn get_photo_report(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    AppPath(number): AppPath<i64>,
) -> Result<AppJson<LegacyReport>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Report, number).await?;
    Ok(AppJson(one_report(&state, &user, &headers, id).await?))
}

/// photo_reports_provider.dart:126-129: `{rating, feedback}`.
#[derive(Debug, Deserialize)]
pub(super) struct RateBody {
    rating: u8,
    feedback: Option<String>,
}

/// POST `photo-reports/{id}/rate/` → 200 `{message}`: approves with `rating` stars, `feedback`
/// as the moderator's comment (`POST /api/v1/reports/{id}/approve`).
pub(super) async fn rate_photo_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
    AppJson(body): AppJson<RateBody>,
) -> Result<AppJson<Message>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Report, number).await?;
    state.queries.report_for(&user.viewer(), id).await?;
    let comment = body
        .feedback
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    state
        .commands
        .approve_report(&user.context(&meta), id, Some(body.rating), comment)
        .await?;
    Ok(AppJson(Message {
        message: "Photo report rated",
    }))
}

/// photo_reports_provider.dart:167: `{feedback}`, the reason shown to the volunteer.
#[derive(Debug, Deserialize)]
pub(super) struct RejectBody {
    feedback: String,
}

/// POST `photo-reports/{id}/reject/` → 200 `{message}` (`POST /api/v1/reports/{id}/reject`).
pub(super) async fn reject_photo_report(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
    AppJson(body): AppJson<RejectBody>,
) -> Result<AppJson<Message>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Report, number).await?;
    state.queries.report_for(&user.viewer(), id).await?;
    state
        .commands
        .reject_report(&user.context(&meta), id, body.feedback)
        .await?;
    Ok(AppJson(Message {
        message: "Photo report rejected",
    }))
}

/// The task card's summary (volunteer_page.dart:1291-1295).
#[derive(Debug, Serialize)]
pub(super) struct TaskPhotos {
    has_photos: bool,
    count: usize,
    photos: Vec<LegacyReport>,
    latest_status: Option<String>,
    latest_rating: Option<i32>,
    latest_organizer_comment: Option<String>,
    latest_rejection_reason: Option<String>,
}

/// GET `tasks/{id}/photos/` → the caller's reports on that task, newest first.
pub(super) async fn get_task_photos(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    AppPath(number): AppPath<i64>,
) -> Result<AppJson<TaskPhotos>, ApiError> {
    let task = ids::entity(&state, LegacyKind::Task, number).await?;
    let latest = match state.queries.assignment(task, user.id).await? {
        Some(a) => a.report_id,
        None => None,
    };
    let photos = match latest {
        Some(id) => vec![one_report(&state, &user, &headers, id).await?],
        None => Vec::new(),
    };
    let first = photos.first();
    let reason = first.and_then(|r| r.rejection_reason_text());
    Ok(AppJson(TaskPhotos {
        has_photos: !photos.is_empty(),
        count: first.map_or(0, LegacyReport::photo_count),
        latest_status: first.map(|r| r.status.clone()),
        latest_rating: first.and_then(|r| r.rating),
        latest_organizer_comment: first.and_then(|r| r.organizer_comment_text()),
        latest_rejection_reason: reason,
        photos,
    }))
}
