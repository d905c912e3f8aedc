//! A report as the app's `PhotoReport.fromJson` reads it (models/photo_report.dart:38-60): one
//! entry per report (the old server had one per photo; a report's photos are its `photos[]`
//! gallery and its first photo is `image_url`), integer ids, absolute signed image URLs.

use std::collections::HashMap;

use birqadam_projections::assignments::ReportRow;
use birqadam_projections::legacy_ids::LegacyKind;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::media::{Origin, signed_url};
use crate::error::ApiError;
use crate::state::AppState;

/// `PhotoData.fromJson` (models/photo_report.dart:136): `id` int, `image_url`, `uploaded_at`.
#[derive(Debug, Serialize)]
pub(super) struct LegacyPhoto {
    id: i64,
    image_url: String,
    uploaded_at: String,
}

/// `PhotoReport.fromJson`.
#[derive(Debug, Serialize)]
pub(super) struct LegacyReport {
    pub(super) id: i64,
    task_id: Option<i64>,
    project_id: i64,
    volunteer_id: i64,
    task_text: String,
    project_title: String,
    volunteer_name: String,
    image_url: String,
    volunteer_comment: String,
    organizer_comment: String,
    rejection_reason: String,
    pub(super) status: String,
    pub(super) rating: Option<i32>,
    uploaded_at: String,
    moderated_at: Option<String>,
    photos: Vec<LegacyPhoto>,
}

#[derive(Deserialize)]
struct StoredPhoto {
    id: Uuid,
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The numbers of several kinds at once.
async fn numbers(
    state: &AppState,
    kind: LegacyKind,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, i64>, ApiError> {
    let ids: Vec<Uuid> = ids.collect();
    Ok(state.queries.legacy_numbers(kind, &ids).await?)
}

/// Reports the caller may see (checked by the query that read them), shaped for the app; a
/// report the numbering view has not reached yet is left out until it has.
pub(super) async fn legacy_reports(
    state: &AppState,
    origin: &Origin,
    rows: Vec<ReportRow>,
) -> Result<Vec<LegacyReport>, ApiError> {
    let photos: Vec<(Uuid, Vec<Uuid>)> = rows
        .iter()
        .map(|r| {
            let list: Vec<StoredPhoto> =
                serde_json::from_value(r.photos.clone()).unwrap_or_default();
            (r.id, list.into_iter().map(|p| p.id).collect())
        })
        .collect();
    let report_no = numbers(state, LegacyKind::Report, rows.iter().map(|r| r.id)).await?;
    let photo_ids = photos.iter().flat_map(|(_, p)| p.iter().copied());
    let photo_no = numbers(state, LegacyKind::Photo, photo_ids).await?;
    let task_no = numbers(state, LegacyKind::Task, rows.iter().map(|r| r.task_id)).await?;
    let project_no = numbers(
        state,
        LegacyKind::Project,
        rows.iter().map(|r| r.project_id),
    )
    .await?;
    let account_no = numbers(
        state,
        LegacyKind::Account,
        rows.iter().map(|r| r.volunteer_id),
    )
    .await?;
    let mut task_text: HashMap<Uuid, String> = HashMap::new();
    let mut project_title: HashMap<Uuid, String> = HashMap::new();
    for r in &rows {
        if !task_text.contains_key(&r.task_id)
            && let Some(task) = state.queries.task(r.task_id).await?
        {
            task_text.insert(r.task_id, task.text);
        }
        if !project_title.contains_key(&r.project_id)
            && let Some(project) = state.queries.project(r.project_id, None).await?
        {
            project_title.insert(r.project_id, project.title);
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for (r, (_, photo_ids)) in rows.into_iter().zip(photos) {
        let Some(&id) = report_no.get(&r.id) else {
            tracing::warn!(report = %r.id, "report not numbered yet; left out");
            continue;
        };
        let uploaded_at = stamp(r.submitted_at);
        let mut gallery = Vec::new();
        for photo in photo_ids {
            if let Some(&number) = photo_no.get(&photo) {
                gallery.push(LegacyPhoto {
                    id: number,
                    image_url: signed_url(state, origin, photo, number)?,
                    uploaded_at: uploaded_at.clone(),
                });
            }
        }
        out.push(LegacyReport {
            id,
            task_id: task_no.get(&r.task_id).copied(),
            project_id: project_no.get(&r.project_id).copied().unwrap_or(0),
            volunteer_id: account_no.get(&r.volunteer_id).copied().unwrap_or(0),
            task_text: task_text.get(&r.task_id).cloned().unwrap_or_default(),
            project_title: project_title
                .get(&r.project_id)
                .cloned()
                .unwrap_or_default(),
            volunteer_name: r.volunteer_name.unwrap_or_default(),
            image_url: gallery
                .first()
                .map(|p| p.image_url.clone())
                .unwrap_or_default(),
            volunteer_comment: r.comment.unwrap_or_default(),
            organizer_comment: r.moderator_comment.unwrap_or_default(),
            rejection_reason: r.rejection_reason.unwrap_or_default(),
            status: r.status,
            rating: r.stars,
            uploaded_at,
            moderated_at: r.moderated_at.map(stamp),
            photos: gallery,
        });
    }
    Ok(out)
}

impl LegacyReport {
    /// The moderator's comment, if there is one.
    pub(super) fn organizer_comment_text(&self) -> Option<String> {
        (!self.organizer_comment.is_empty()).then(|| self.organizer_comment.clone())
    }

    /// Why it was rejected, if it was.
    pub(super) fn rejection_reason_text(&self) -> Option<String> {
        (!self.rejection_reason.is_empty()).then(|| self.rejection_reason.clone())
    }

    /// How many photos it has.
    pub(super) fn photo_count(&self) -> usize {
        self.photos.len()
    }
}
