//! Commands of the `Project` aggregate.

use chrono::NaiveDate;

use crate::Actor;

use super::ProjectDetails;

/// What can be asked of a project.
#[derive(Debug, Clone)]
pub enum ProjectCommand {
    /// Create the project (status pending); the actor must be an approved organizer.
    Create {
        /// The organizer, who becomes the owner.
        actor: Actor,
        /// The description.
        details: ProjectDetails,
    },
    /// Approve a pending or rejected project (an admin).
    Approve {
        /// The admin.
        actor: Actor,
    },
    /// Reject a pending project (an admin).
    Reject {
        /// The admin.
        actor: Actor,
        /// Why, shown to the organizer (1..=1000 characters).
        reason: String,
    },
    /// Replace the description (the owner or an admin); a rejected project goes back to pending.
    Update {
        /// The owner or an admin.
        actor: Actor,
        /// The new description.
        details: ProjectDetails,
    },
    /// Soft-delete the project (the owner or an admin).
    Delete {
        /// The owner or an admin.
        actor: Actor,
    },
    /// Undo a soft delete (the owner or an admin).
    Restore {
        /// The owner or an admin.
        actor: Actor,
    },
    /// Join as a volunteer.
    Join {
        /// The volunteer.
        actor: Actor,
        /// Today's date in Asia/Almaty, resolved by the handler.
        today: NaiveDate,
    },
    /// Leave the project.
    Leave {
        /// The volunteer.
        actor: Actor,
    },
}
