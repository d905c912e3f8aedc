//! Commands of the `Task` aggregate.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use crate::Actor;

/// What can be asked of a task.
#[derive(Debug, Clone)]
pub enum TaskCommand {
    /// Create a task in a project; project facts are resolved by the handler.
    Create {
        /// The project owner or an admin.
        actor: Actor,
        /// The project.
        project_id: Uuid,
        /// The project's owner, who becomes the task's owner.
        project_owner: Uuid,
        /// Whether the project is approved.
        project_approved: bool,
        /// Whether the project is soft-deleted.
        project_deleted: bool,
        /// What to do, 1..=2000 characters.
        text: String,
        /// Last day (Almaty date), not before today.
        deadline_date: Option<NaiveDate>,
        /// Start time on the deadline day (Almaty).
        start_time: Option<NaiveTime>,
        /// End time on the deadline day (Almaty): the deadline itself.
        end_time: Option<NaiveTime>,
        /// Targeted members; none means every member.
        assignees: Option<Vec<Uuid>>,
        /// Today's date in Asia/Almaty, resolved by the handler.
        today: NaiveDate,
    },
    /// Cancel an open task.
    Cancel {
        /// The owner or an admin.
        actor: Actor,
    },
    /// Close the task if its deadline has passed at `now` (a no-op otherwise).
    CloseIfExpired {
        /// The current instant, resolved by the scheduler.
        now: DateTime<Utc>,
    },
}
