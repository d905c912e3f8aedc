//! The `Assignment` aggregate: one volunteer and one task — offer, accept or decline, photo
//! reports and their moderation.
//!
//! The stream id is [`assignment_id`] (UUIDv5 of task and volunteer), so every command about one
//! volunteer's work on one task meets on one stream and the store's optimistic concurrency
//! serialises them: a report is approved **at most once**, and after that nothing else can
//! happen to it. After a rejection the volunteer may submit again with `attempt + 1`.

mod command;
mod decide;
mod error;
mod event;
#[cfg(test)]
mod tests;

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids;

pub use command::AssignmentCommand;
pub use error::AssignmentError;
pub use event::{AssignmentEvent, PhotoRef};

/// Most photos in one report.
pub const MAX_PHOTOS: usize = 5;
/// Longest report or moderator comment, and longest rejection reason, in characters.
pub const MAX_COMMENT: usize = 1000;

/// The stream id of `volunteer`'s assignment to `task`.
pub fn assignment_id(task: Uuid, volunteer: Uuid) -> Uuid {
    ids::derived("assignment", &format!("{task}:{volunteer}"))
}

/// The public id of attempt `attempt` of an assignment's report.
pub fn report_id(assignment: Uuid, attempt: u32) -> Uuid {
    ids::derived("report", &format!("{assignment}:{attempt}"))
}

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// Offered, not answered.
    Offered,
    /// Accepted, no report pending.
    Accepted,
    /// Declined.
    Declined,
    /// A report waits for moderation.
    Submitted,
    /// The report was approved (final).
    Approved,
    /// The latest report was rejected; a new attempt may be sent.
    Rejected,
}

impl AssignmentStatus {
    /// The stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offered => "offered",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

/// State of one assignment, folded from its events.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Assignment {
    task_id: Uuid,
    project_id: Uuid,
    volunteer: Option<Uuid>,
    status: Option<AssignmentStatus>,
    attempt: u32,
    /// Every report id of this assignment, in attempt order (from `ReportSubmitted`).
    #[serde(default)]
    reports: Vec<Uuid>,
}

impl Assignment {
    /// Current status (none before the first event).
    pub fn status(&self) -> Option<AssignmentStatus> {
        self.status
    }

    /// The latest report's attempt number (0 before the first report).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The latest report's id, if any.
    pub fn latest_report_id(&self) -> Option<Uuid> {
        self.reports.last().copied()
    }

    /// The volunteer (none before the first event).
    pub fn volunteer(&self) -> Option<Uuid> {
        self.volunteer
    }

    /// The task (nil before the first event).
    pub fn task_id(&self) -> Uuid {
        self.task_id
    }

    /// The task's project (nil before the first event).
    pub fn project_id(&self) -> Uuid {
        self.project_id
    }
}

impl Aggregate for Assignment {
    const TYPE: &'static str = "Assignment";
    type Command = AssignmentCommand;
    type Event = AssignmentEvent;
    type Error = AssignmentError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        use AssignmentEvent as E;
        use AssignmentStatus as S;
        let (task_id, project_id, volunteer, status) = match event {
            E::TaskOffered {
                task_id,
                project_id,
                volunteer,
            } => (task_id, project_id, volunteer, S::Offered),
            E::TaskAccepted {
                task_id,
                project_id,
                volunteer,
            } => (task_id, project_id, volunteer, S::Accepted),
            E::TaskDeclined {
                task_id,
                project_id,
                volunteer,
            } => (task_id, project_id, volunteer, S::Declined),
            E::ReportSubmitted {
                task_id,
                project_id,
                volunteer,
                report_id,
                attempt,
                ..
            } => {
                self.attempt = attempt;
                self.reports.push(report_id);
                (task_id, project_id, volunteer, S::Submitted)
            }
            E::ReportApproved {
                task_id,
                project_id,
                volunteer,
                ..
            } => (task_id, project_id, volunteer, S::Approved),
            E::ReportRejected {
                task_id,
                project_id,
                volunteer,
                ..
            } => (task_id, project_id, volunteer, S::Rejected),
        };
        self.task_id = task_id;
        self.project_id = project_id;
        self.volunteer = Some(volunteer);
        self.status = Some(status);
    }
}
