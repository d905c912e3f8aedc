//! Events of the `Project` aggregate. People are account ids only.

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ProjectDetails;

/// Everything that can happen to a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProjectEvent {
    /// An approved organizer created the project; it waits for an admin.
    ProjectCreated {
        /// The owning organizer's account.
        owner: Uuid,
        /// The description, trimmed and validated.
        details: ProjectDetails,
    },
    /// An admin approved the project: volunteers can see and join it.
    ProjectApproved {
        /// The admin (none for the platform itself).
        by: Option<Uuid>,
    },
    /// An admin rejected the project.
    ProjectRejected {
        /// The admin (none for the platform itself).
        by: Option<Uuid>,
        /// Why, as shown to the organizer.
        reason: String,
    },
    /// The description was replaced; a rejected project is pending again after this.
    ProjectUpdated {
        /// The new description, trimmed and validated.
        details: ProjectDetails,
    },
    /// The project was soft-deleted.
    ProjectDeleted {
        /// Who deleted it (the owner or an admin).
        by: Option<Uuid>,
    },
    /// A soft-deleted project was restored.
    ProjectRestored {
        /// Who restored it (the owner or an admin).
        by: Option<Uuid>,
    },
    /// A volunteer joined.
    VolunteerJoined {
        /// The volunteer's account.
        volunteer: Uuid,
    },
    /// A volunteer left.
    VolunteerLeft {
        /// The volunteer's account.
        volunteer: Uuid,
    },
}

impl DomainEvent for ProjectEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ProjectCreated { .. } => "ProjectCreated",
            Self::ProjectApproved { .. } => "ProjectApproved",
            Self::ProjectRejected { .. } => "ProjectRejected",
            Self::ProjectUpdated { .. } => "ProjectUpdated",
            Self::ProjectDeleted { .. } => "ProjectDeleted",
            Self::ProjectRestored { .. } => "ProjectRestored",
            Self::VolunteerJoined { .. } => "VolunteerJoined",
            Self::VolunteerLeft { .. } => "VolunteerLeft",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1.0".to_owned()
    }
}
