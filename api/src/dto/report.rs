//! The `report` shape of the API.

use birqadam_commands::reports::SubmittedReport;
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

impl ReportDto {
    /// A report just submitted, from what the command appended (when the views lag behind).
    pub fn submitted(report: &SubmittedReport, volunteer_name: String) -> Self {
        Self {
            id: report.id,
            task_id: report.task_id,
            project_id: report.project_id,
            volunteer: PersonRef {
                id: report.volunteer,
                name: volunteer_name,
            },
            attempt: i32::try_from(report.attempt).unwrap_or(i32::MAX),
            photos: report
                .photos
                .iter()
                .map(|p| PhotoDto::new(p.id, p.content_type.clone(), p.width, p.height))
                .collect(),
            comment: report.comment.clone(),
            status: "pending".to_owned(),
            stars: None,
            moderator_comment: None,
            rejection_reason: None,
            submitted_at: report.submitted_at,
            moderated_at: None,
        }
    }
}

impl PhotoDto {
    fn new(id: Uuid, content_type: String, width: u32, height: u32) -> Self {
        Self {
            url: format!("/api/v1/photos/{id}"),
            thumb_url: format!("/api/v1/photos/{id}?size=thumb"),
            id,
            content_type,
            width,
            height,
        }
    }
}

impl From<ReportRow> for ReportDto {
    fn from(r: ReportRow) -> Self {
        let stored: Vec<StoredPhoto> = serde_json::from_value(r.photos).unwrap_or_default();
        let photos = stored
            .into_iter()
            .map(|p| PhotoDto::new(p.id, p.content_type, p.width, p.height))
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
