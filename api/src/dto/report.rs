//! The `report` shape of the API.

use birqadam_projections::assignments::ReportRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::project::PersonRef;

/// A photo of a report with its download links.
#[derive(Debug, Serialize)]
pub struct PhotoDto {
    id: Uuid,
    url: String,
    thumb_url: String,
    content_type: String,
    width: u32,
    height: u32,
}

#[derive(Debug, Deserialize)]
struct StoredPhoto {
    id: Uuid,
    content_type: String,
    width: u32,
    height: u32,
}

/// `report` as API.md defines it.
#[derive(Debug, Serialize)]
pub struct ReportDto {
    id: Uuid,
    task_id: Uuid,
    project_id: Uuid,
    volunteer: PersonRef,
    attempt: i32,
    photos: Vec<PhotoDto>,
    comment: Option<String>,
    status: String,
    stars: Option<i32>,
    moderator_comment: Option<String>,
    rejection_reason: Option<String>,
    submitted_at: DateTime<Utc>,
    moderated_at: Option<DateTime<Utc>>,
}

impl From<ReportRow> for ReportDto {
    fn from(r: ReportRow) -> Self {
        let stored: Vec<StoredPhoto> = serde_json::from_value(r.photos).unwrap_or_default();
        let photos = stored
            .into_iter()
            .map(|p| PhotoDto {
                url: format!("/api/v1/photos/{}", p.id),
                thumb_url: format!("/api/v1/photos/{}?size=thumb", p.id),
                id: p.id,
                content_type: p.content_type,
                width: p.width,
                height: p.height,
            })
            .collect();
        Self {
            id: r.id,
            task_id: r.task_id,
            project_id: r.project_id,
            volunteer: PersonRef {
                id: r.volunteer_id,
                name: r.volunteer_name.unwrap_or_default(),
            },
            attempt: r.attempt,
            photos,
            comment: r.comment,
            status: r.status,
            stars: r.stars,
            moderator_comment: r.moderator_comment,
            rejection_reason: r.rejection_reason,
            submitted_at: r.submitted_at,
            moderated_at: r.moderated_at,
        }
    }
}
