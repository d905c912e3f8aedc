//! The in-memory fold of assignment events over the rows a batch touches.

use std::collections::HashMap;

use birqadam_domain::assignment::AssignmentEvent;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AssignmentRow, ReportRow};

/// A photo row: `(photo, report, project, volunteer, the photo as stored)`.
pub(super) type PhotoEntry = (Uuid, Uuid, Uuid, birqadam_domain::assignment::PhotoRef);

/// The rows a batch touches, in memory.
pub(super) struct State {
    pub(super) assignments: HashMap<Uuid, AssignmentRow>,
    pub(super) reports: HashMap<Uuid, ReportRow>,
    pub(super) photos: Vec<PhotoEntry>,
}

impl State {
    /// Applies one event in memory.
    pub(super) fn fold(&mut self, id: Uuid, event: AssignmentEvent, at: DateTime<Utc>) {
        use AssignmentEvent as E;
        let (task_id, project_id, volunteer_id, status) = match &event {
            E::TaskOffered {
                task_id,
                project_id,
                volunteer,
            } => (*task_id, *project_id, *volunteer, "offered"),
            E::TaskAccepted {
                task_id,
                project_id,
                volunteer,
            } => (*task_id, *project_id, *volunteer, "accepted"),
            E::TaskDeclined {
                task_id,
                project_id,
                volunteer,
            } => (*task_id, *project_id, *volunteer, "declined"),
            E::ReportSubmitted {
                task_id,
                project_id,
                volunteer,
                ..
            } => (*task_id, *project_id, *volunteer, "submitted"),
            E::ReportApproved {
                task_id,
                project_id,
                volunteer,
                ..
            } => (*task_id, *project_id, *volunteer, "approved"),
            E::ReportRejected {
                task_id,
                project_id,
                volunteer,
                ..
            } => (*task_id, *project_id, *volunteer, "rejected"),
        };
        let assignment = self.assignments.entry(id).or_insert_with(|| AssignmentRow {
            id,
            task_id,
            project_id,
            volunteer_id,
            status: String::new(),
            attempt: 0,
            report_id: None,
            updated_at: at,
        });
        assignment.status = status.to_owned();
        assignment.updated_at = at;
        match event {
            E::TaskOffered { .. } | E::TaskAccepted { .. } | E::TaskDeclined { .. } => {}
            E::ReportSubmitted {
                report_id,
                attempt,
                photos,
                comment,
                ..
            } => {
                let attempt = i32::try_from(attempt).unwrap_or(i32::MAX);
                assignment.attempt = attempt;
                assignment.report_id = Some(report_id);
                for photo in &photos {
                    self.photos
                        .push((report_id, project_id, volunteer_id, photo.clone()));
                }
                self.reports.insert(
                    report_id,
                    ReportRow {
                        id: report_id,
                        assignment_id: id,
                        task_id,
                        project_id,
                        volunteer_id,
                        attempt,
                        photos: serde_json::to_value(&photos).unwrap_or_default(),
                        comment,
                        status: "pending".to_owned(),
                        stars: None,
                        moderator_comment: None,
                        rejection_reason: None,
                        moderator_id: None,
                        submitted_at: at,
                        moderated_at: None,
                        volunteer_name: None,
                        project_owner_id: None,
                    },
                );
            }
            E::ReportApproved {
                report_id,
                stars,
                comment,
                moderator,
                ..
            } => self.moderate(report_id, at, moderator, |report| {
                report.status = "approved".to_owned();
                report.stars = stars.map(i32::from);
                report.moderator_comment = comment;
            }),
            E::ReportRejected {
                report_id,
                reason,
                moderator,
                ..
            } => self.moderate(report_id, at, moderator, |report| {
                report.status = "rejected".to_owned();
                report.rejection_reason = Some(reason);
            }),
        }
    }

    fn moderate(
        &mut self,
        report_id: Uuid,
        at: DateTime<Utc>,
        moderator: Option<Uuid>,
        decide: impl FnOnce(&mut ReportRow),
    ) {
        let Some(report) = self.reports.get_mut(&report_id) else {
            tracing::warn!(report = %report_id, "decision on a report never submitted; skipped");
            return;
        };
        decide(report);
        report.moderator_id = moderator;
        report.moderated_at = Some(at);
    }
}
