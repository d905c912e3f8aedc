//! Commands of the `Assignment` aggregate. Facts about the task and project are resolved by the
//! handler from read models and arrive here as plain values.

use uuid::Uuid;

use crate::Actor;

use super::PhotoRef;

/// What can be asked of one volunteer's assignment to one task.
#[derive(Debug, Clone)]
pub enum AssignmentCommand {
    /// Offer the task to a targeted member (a no-op once the assignment exists).
    Offer {
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// The member.
        volunteer: Uuid,
    },
    /// The volunteer takes the task (also after a decline, or without a prior offer).
    Accept {
        /// The volunteer.
        actor: Actor,
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// Whether the task is open.
        task_open: bool,
        /// Whether the volunteer is a member the task targets.
        eligible: bool,
    },
    /// The volunteer turns the task down (only before a report was sent).
    Decline {
        /// The volunteer.
        actor: Actor,
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// Whether the task is open.
        task_open: bool,
        /// Whether the volunteer is a member the task targets.
        eligible: bool,
    },
    /// The volunteer sends a photo report of the finished work.
    SubmitReport {
        /// The volunteer.
        actor: Actor,
        /// The task.
        task_id: Uuid,
        /// The task's project.
        project_id: Uuid,
        /// 1..=5 stored photos.
        photos: Vec<PhotoRef>,
        /// Optional comment, up to 1000 characters.
        comment: Option<String>,
    },
    /// The project owner or an admin approves the report they looked at; refused unless it is
    /// the pending attempt.
    Approve {
        /// The moderator.
        actor: Actor,
        /// The project's owner.
        project_owner: Uuid,
        /// The report (attempt) being decided, as the moderator saw it.
        report_id: Uuid,
        /// 1..=5 stars (rating points); none approves without points.
        stars: Option<u8>,
        /// Moderator's comment; required when stars ≤ 3.
        comment: Option<String>,
    },
    /// The project owner or an admin rejects the report they looked at; refused unless it is
    /// the pending attempt.
    Reject {
        /// The moderator.
        actor: Actor,
        /// The project's owner.
        project_owner: Uuid,
        /// The report (attempt) being decided, as the moderator saw it.
        report_id: Uuid,
        /// Why, 1..=1000 characters.
        reason: String,
    },
}
