//! The organizer's screens: own projects (screens/main/organizer_page.dart:190, parsed as a bare
//! array at :201; providers/organizer_projects_provider.dart:152 reads `{projects}` instead, and
//! one shape cannot satisfy both: the page is what users see), creating one (:1504 and provider
//! :221, `latitude`/`longitude` sent as strings), editing and deleting it (`PUT`/`DELETE
//! projects/{id}/manage/`, provider :278 and :307), and its participants (provider :335). Each is
//! the `/api/v1` handler itself (`POST /projects`, `PATCH /projects/{id}`, `DELETE
//! /projects/{id}`, `GET /projects/{id}/members`) with the app's ids and shapes at the edge.

use axum::extract::State;
use axum::http::StatusCode;
use birqadam_projections::Keyset;
use birqadam_projections::legacy_ids::LegacyKind;
use birqadam_projections::queries::ProjectFilter;
use chrono::{NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::dto::{LegacyProject, Message};
use super::ids;
use crate::RequestMeta;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, Validator};
use crate::routes::projects::{ProjectBody, create_project, delete_project, update_project};
use crate::state::AppState;

/// Page size of the reads behind one list of the app.
const PAGE: i64 = 100;

/// At most this many pages (the app has no paging).
const MAX_PAGES: usize = 10;

/// GET `organizer/projects/` → a bare array of the caller's own projects (any status, not
/// deleted), newest first.
pub(super) async fn list_own_projects(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<AppJson<Vec<LegacyProject>>, ApiError> {
    let viewer = user.viewer();
    let mut rows = Vec::new();
    let mut keyset = Keyset::first(PAGE);
    for _ in 0..MAX_PAGES {
        let page = state
            .queries
            .projects_for(&viewer, &ProjectFilter::default(), &keyset)
            .await?;
        let last = page.items.last().map(|p| (p.created_at, p.id));
        let more = page.next_cursor.is_some();
        rows.extend(
            page.items
                .into_iter()
                .filter(|p| p.owner_id == user.id && !p.deleted),
        );
        match last {
            Some(key) if more => keyset = Keyset::after(key, PAGE),
            _ => break,
        }
    }
    let ids: Vec<uuid::Uuid> = rows.iter().map(|p| p.id).collect();
    let numbers = state
        .queries
        .legacy_numbers(LegacyKind::Project, &ids)
        .await?;
    let tasks = state.queries.task_counts(&ids).await?;
    let list = rows
        .into_iter()
        .filter_map(|p| {
            let number = *numbers.get(&p.id)?;
            let count = tasks.get(&p.id).copied().unwrap_or(0);
            Some(LegacyProject::new(p, number, count))
        })
        .collect();
    Ok(AppJson(list))
}

/// A coordinate as the app sends it (`latitude.toString()`), or as a number.
fn coordinate(v: &mut Validator, field: &'static str, value: Option<&Value>) -> Option<f64> {
    let parsed = match value? {
        Value::Null => return None,
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    v.check(field, parsed.is_some(), "invalid");
    parsed
}

/// What the create form and the edit dialog send; absent fields keep their value on an edit.
#[derive(Debug, Deserialize)]
pub(super) struct LegacyProjectBody {
    title: Option<String>,
    description: Option<String>,
    city: Option<String>,
    volunteer_type: Option<String>,
    latitude: Option<Value>,
    longitude: Option<Value>,
    address: Option<String>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
}

impl LegacyProjectBody {
    /// Into the `/api/v1` body, over `base` (the current project on an edit).
    fn into_body(self, base: ProjectBody) -> Result<ProjectBody, ApiError> {
        let mut v = Validator::new();
        let latitude = coordinate(&mut v, "latitude", self.latitude.as_ref());
        let longitude = coordinate(&mut v, "longitude", self.longitude.as_ref());
        v.finish()?;
        Ok(ProjectBody {
            title: self.title.unwrap_or(base.title),
            description: self.description.unwrap_or(base.description),
            volunteer_type: self.volunteer_type.unwrap_or(base.volunteer_type),
            city: self.city.unwrap_or(base.city),
            address: self.address.or(base.address),
            latitude: latitude.or(base.latitude),
            longitude: longitude.or(base.longitude),
            start_date: self.start_date.or(base.start_date),
            end_date: self.end_date.or(base.end_date),
            ..base
        })
    }
}

/// A new project's base: nothing but the app's default type.
fn empty_body() -> ProjectBody {
    ProjectBody {
        title: String::new(),
        description: String::new(),
        volunteer_type: "environmental".to_owned(),
        city: String::new(),
        address: None,
        latitude: None,
        longitude: None,
        start_date: None,
        end_date: None,
        capacity: None,
        contact_phone: None,
        contact_email: None,
        contact_telegram: None,
        tags: Vec::new(),
    }
}

/// `{message, project}` after a create or an edit.
#[derive(Debug, Serialize)]
pub(super) struct Saved {
    message: &'static str,
    project: Option<LegacyProject>,
}

/// The project as the caller sees it, shaped (none while the numbering view lags).
async fn shaped(
    state: &AppState,
    user: &AuthUser,
    id: uuid::Uuid,
) -> Result<Option<LegacyProject>, ApiError> {
    let Some(number) = ids::number(state, LegacyKind::Project, id).await? else {
        return Ok(None);
    };
    let row = state.queries.project_for(&user.viewer(), id).await?;
    let tasks = state.queries.task_counts(&[id]).await?;
    let count = tasks.get(&id).copied().unwrap_or(0);
    Ok(Some(LegacyProject::new(row, number, count)))
}

/// POST `organizer/projects/` → 201 `{message, project}` (it waits for moderation, as in `/api/v1`).
pub(super) async fn create_own_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppJson(body): AppJson<LegacyProjectBody>,
) -> Result<(StatusCode, AppJson<Saved>), ApiError> {
    let body = body.into_body(empty_body())?;
    let (status, AppJson(dto)) =
        create_project(State(state.clone()), user.clone(), meta, AppJson(body)).await?;
    let project = shaped(&state, &user, dto.id()).await?;
    let message = "Project created";
    Ok((status, AppJson(Saved { message, project })))
}

/// The current project as an `/api/v1` body (the base of an edit).
fn body_of(r: birqadam_projections::projects::ProjectRow) -> ProjectBody {
    ProjectBody {
        title: r.title,
        description: r.description,
        volunteer_type: r.volunteer_type,
        city: r.city,
        address: r.address,
        latitude: r.latitude,
        longitude: r.longitude,
        start_date: r.start_date,
        end_date: r.end_date,
        capacity: r.capacity.and_then(|c| u32::try_from(c).ok()),
        contact_phone: r.contact_phone,
        contact_email: r.contact_email,
        contact_telegram: r.contact_telegram,
        tags: r.tags,
    }
}

/// PUT `projects/{id}/manage/` `{title, description, city}` → 200 `{message, project}`.
pub(super) async fn edit_own_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
    AppJson(body): AppJson<LegacyProjectBody>,
) -> Result<AppJson<Saved>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Project, number).await?;
    let current = state.queries.project_for(&user.viewer(), id).await?;
    let body = body.into_body(body_of(current))?;
    update_project(
        State(state.clone()),
        user.clone(),
        meta,
        AppPath(id),
        AppJson(body),
    )
    .await?;
    let project = shaped(&state, &user, id).await?;
    let message = "Project updated";
    Ok(AppJson(Saved { message, project }))
}

/// DELETE `projects/{id}/manage/` → 200 `{message}`.
pub(super) async fn delete_own_project(
    State(state): State<AppState>,
    user: AuthUser,
    meta: RequestMeta,
    AppPath(number): AppPath<i64>,
) -> Result<AppJson<Message>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Project, number).await?;
    delete_project(State(state), user, meta, AppPath(id)).await?;
    Ok(AppJson(Message {
        message: "Project deleted",
    }))
}

/// `ProjectParticipant.fromJson` (organizer_projects_provider.dart:92): `id` int, `name`,
/// `email` (empty: `/api/v1` shows owners no e-mails), `rating` int, `joined_at`.
#[derive(Debug, Serialize)]
pub(super) struct Participant {
    id: i64,
    name: String,
    email: String,
    rating: i32,
    joined_at: String,
}

/// `{participants}`.
#[derive(Debug, Serialize)]
pub(super) struct Participants {
    participants: Vec<Participant>,
}

/// GET `projects/{id}/participants/` → the members, for the owner and admins.
pub(super) async fn list_participants(
    State(state): State<AppState>,
    user: AuthUser,
    AppPath(number): AppPath<i64>,
) -> Result<AppJson<Participants>, ApiError> {
    let id = ids::entity(&state, LegacyKind::Project, number).await?;
    let viewer = user.viewer();
    let mut rows = Vec::new();
    let mut keyset = Keyset::first(PAGE);
    for _ in 0..MAX_PAGES {
        let page = state
            .queries
            .project_members_for(&viewer, id, &keyset)
            .await?;
        let last = page.items.last().map(|m| (m.joined_at, m.account_id));
        let more = page.next_cursor.is_some();
        rows.extend(page.items);
        match last {
            Some(key) if more => keyset = Keyset::after(key, PAGE),
            _ => break,
        }
    }
    let ids: Vec<uuid::Uuid> = rows.iter().map(|m| m.account_id).collect();
    let numbers = state
        .queries
        .legacy_numbers(LegacyKind::Account, &ids)
        .await?;
    let participants = rows
        .into_iter()
        .filter_map(|m| {
            Some(Participant {
                id: *numbers.get(&m.account_id)?,
                name: m.name,
                email: String::new(),
                rating: m.rating,
                joined_at: m.joined_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            })
        })
        .collect();
    Ok(AppJson(Participants { participants }))
}
