//! Events of the `Assignment` aggregate. Each carries the task, project and volunteer, so every
//! projection can work from the event alone. People are account ids only.

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A stored, checked photo as referenced by a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    /// Photo id (download path).
    pub id: Uuid,
    /// SHA-256 of the stored bytes, lower-case hex.
    pub sha256: String,
    /// MIME type of the stored image.
    pub content_type: String,
    /// Size of the stored image in bytes.
    pub bytes: u64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Everything that can happen to a volunteer's assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentEvent {
    /// The task was offered to a member.
    TaskOffered {
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// The member.
        volunteer: Uuid,
    },
    /// The volunteer accepted the task.
    TaskAccepted {
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// The volunteer.
        volunteer: Uuid,
    },
    /// The volunteer declined the task.
    TaskDeclined {
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// The volunteer.
        volunteer: Uuid,
    },
    /// The volunteer sent a photo report; it waits for moderation.
    ReportSubmitted {
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// The volunteer.
        volunteer: Uuid,
        /// The report's id, UUIDv5(assignment, attempt).
        report_id: Uuid,
        /// Attempt number, from 1.
        attempt: u32,
        /// The photos.
        photos: Vec<PhotoRef>,
        /// The volunteer's comment.
        comment: Option<String>,
    },
    /// The report was approved; `stars` become rating points (none: approved without points).
    ReportApproved {
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// The volunteer.
        volunteer: Uuid,
        /// The approved report.
        report_id: Uuid,
        /// Its attempt number.
        attempt: u32,
        /// 1..=5 stars, or none.
        stars: Option<u8>,
        /// The moderator's comment.
        comment: Option<String>,
        /// The moderating account (none for the platform itself).
        moderator: Option<Uuid>,
    },
    /// The report was rejected; the volunteer may send a new attempt.
    ReportRejected {
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// The volunteer.
        volunteer: Uuid,
        /// The rejected report.
        report_id: Uuid,
        /// Its attempt number.
        attempt: u32,
        /// Why, as shown to the volunteer.
        reason: String,
        /// The moderating account (none for the platform itself).
        moderator: Option<Uuid>,
    },
}

impl DomainEvent for AssignmentEvent {
    fn event_type(&self) -> String {
        match self {
            Self::TaskOffered { .. } => "TaskOffered",
            Self::TaskAccepted { .. } => "TaskAccepted",
            Self::TaskDeclined { .. } => "TaskDeclined",
            Self::ReportSubmitted { .. } => "ReportSubmitted",
            Self::ReportApproved { .. } => "ReportApproved",
            Self::ReportRejected { .. } => "ReportRejected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
