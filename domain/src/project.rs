//! The `Project` aggregate: a clean-up project, its moderation status and its members.
//!
//! Moderation: `pending` → `approved` or `rejected` by an admin; a rejected project may be approved
//! later, and an update of a rejected project puts it back to `pending` (the state change follows
//! from `ProjectUpdated` alone). Updating an approved project keeps it approved. Deletion is soft
//! and reversible; a deleted project refuses everything but `Restore` and `Leave`.

mod command;
mod details;
mod error;
mod event;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::guard::owner_or_admin;
use crate::{Actor, Role, validation};

pub use command::ProjectCommand;
pub use details::{
    MAX_CAPACITY, MAX_DESCRIPTION, MAX_TAG, MAX_TAGS, MAX_TITLE, ProjectDetails, VolunteerType,
};
pub use error::ProjectError;
pub use event::ProjectEvent;

/// Where a project stands in moderation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// Waiting for an admin.
    #[default]
    Pending,
    /// Visible and open for joining.
    Approved,
    /// Refused by an admin; may be edited and approved later.
    Rejected,
}

impl ProjectStatus {
    /// The stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

/// State of one project, folded from its events.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Project {
    owner: Option<Uuid>,
    details: Option<ProjectDetails>,
    status: ProjectStatus,
    deleted: bool,
    members: BTreeSet<Uuid>,
}

impl Project {
    /// The owning organizer (none before creation).
    pub fn owner(&self) -> Option<Uuid> {
        self.owner
    }

    /// The current description (none before creation).
    pub fn details(&self) -> Option<&ProjectDetails> {
        self.details.as_ref()
    }

    /// Moderation status.
    pub fn status(&self) -> ProjectStatus {
        self.status
    }

    /// Whether the project exists.
    pub fn is_created(&self) -> bool {
        self.owner.is_some()
    }

    /// Whether the project is soft-deleted.
    pub fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// Whether volunteers can see it and work in it: approved and not deleted.
    pub fn is_open(&self) -> bool {
        self.status == ProjectStatus::Approved && !self.deleted
    }

    /// Current members.
    pub fn members(&self) -> &BTreeSet<Uuid> {
        &self.members
    }

    /// Whether `id` is a member.
    pub fn is_member(&self, id: Uuid) -> bool {
        self.members.contains(&id)
    }

    fn capacity(&self) -> Option<u32> {
        self.details.as_ref().and_then(|d| d.capacity)
    }

    fn end_date(&self) -> Option<NaiveDate> {
        self.details.as_ref().and_then(|d| d.end_date)
    }

    fn decide(&self, command: ProjectCommand) -> Result<Vec<ProjectEvent>, ProjectError> {
        use ProjectCommand as C;
        use ProjectEvent as E;
        if let C::Create { actor, details } = command {
            if self.is_created() {
                return Err(ProjectError::AlreadyExists);
            }
            let owner = match actor.id {
                Some(id) if actor.has(Role::Organizer) => id,
                _ => return Err(ProjectError::NotApprovedOrganizer),
            };
            let details = details.normalised().map_err(ProjectError::Invalid)?;
            return Ok(vec![E::ProjectCreated { owner, details }]);
        }
        let Some(owner) = self.owner else {
            return Err(ProjectError::NotFound);
        };
        match command {
            C::Create { .. } => Err(ProjectError::AlreadyExists),
            C::Approve { actor } => {
                self.admin_on_live(&actor)?;
                if self.status == ProjectStatus::Approved {
                    return Ok(vec![]);
                }
                Ok(vec![E::ProjectApproved { by: actor.id }])
            }
            C::Reject { actor, reason } => {
                self.admin_on_live(&actor)?;
                match self.status {
                    ProjectStatus::Approved => return Err(ProjectError::AlreadyApproved),
                    ProjectStatus::Rejected => return Ok(vec![]),
                    ProjectStatus::Pending => {}
                }
                let mut errors = Vec::new();
                let reason = validation::text(&mut errors, "reason", &reason, 1000)
                    .ok_or(ProjectError::Invalid(errors))?;
                Ok(vec![E::ProjectRejected {
                    by: actor.id,
                    reason,
                }])
            }
            C::Update { actor, details } => {
                if !owner_or_admin(&actor, owner) {
                    return Err(ProjectError::Forbidden);
                }
                if self.deleted {
                    return Err(ProjectError::Deleted);
                }
                let details = details.normalised().map_err(ProjectError::Invalid)?;
                let members = u32::try_from(self.members.len()).unwrap_or(u32::MAX);
                if details.capacity.is_some_and(|c| c < members) {
                    return Err(ProjectError::Invalid(vec![(
                        "capacity",
                        validation::OUT_OF_RANGE,
                    )]));
                }
                if self.details.as_ref() == Some(&details) {
                    return Ok(vec![]);
                }
                Ok(vec![E::ProjectUpdated { details }])
            }
            C::Delete { actor } => {
                if !owner_or_admin(&actor, owner) {
                    return Err(ProjectError::Forbidden);
                }
                if self.deleted {
                    return Ok(vec![]);
                }
                Ok(vec![E::ProjectDeleted { by: actor.id }])
            }
            C::Restore { actor } => {
                if !owner_or_admin(&actor, owner) {
                    return Err(ProjectError::Forbidden);
                }
                if !self.deleted {
                    return Ok(vec![]);
                }
                Ok(vec![E::ProjectRestored { by: actor.id }])
            }
            C::Join { actor, today } => {
                let volunteer = actor.id.ok_or(ProjectError::Forbidden)?;
                if !self.is_open() || self.end_date().is_some_and(|end| end < today) {
                    return Err(ProjectError::NotOpen);
                }
                if self.is_member(volunteer) {
                    return Err(ProjectError::AlreadyMember);
                }
                let members = u32::try_from(self.members.len()).unwrap_or(u32::MAX);
                if self.capacity().is_some_and(|c| members >= c) {
                    return Err(ProjectError::Full);
                }
                Ok(vec![E::VolunteerJoined { volunteer }])
            }
            C::Leave { actor } => {
                let volunteer = actor.id.ok_or(ProjectError::Forbidden)?;
                if !self.is_member(volunteer) {
                    return Err(ProjectError::NotMember);
                }
                Ok(vec![E::VolunteerLeft { volunteer }])
            }
        }
    }

    fn admin_on_live(&self, actor: &Actor) -> Result<(), ProjectError> {
        if !actor.is_admin() {
            return Err(ProjectError::Forbidden);
        }
        if self.deleted {
            return Err(ProjectError::Deleted);
        }
        Ok(())
    }
}

impl Aggregate for Project {
    const TYPE: &'static str = "Project";
    type Command = ProjectCommand;
    type Event = ProjectEvent;
    type Error = ProjectError;
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
        match event {
            ProjectEvent::ProjectCreated { owner, details } => {
                self.owner = Some(owner);
                self.details = Some(details);
                self.status = ProjectStatus::Pending;
            }
            ProjectEvent::ProjectApproved { .. } => self.status = ProjectStatus::Approved,
            ProjectEvent::ProjectRejected { .. } => self.status = ProjectStatus::Rejected,
            ProjectEvent::ProjectUpdated { details } => {
                self.details = Some(details);
                if self.status == ProjectStatus::Rejected {
                    self.status = ProjectStatus::Pending;
                }
            }
            ProjectEvent::ProjectDeleted { .. } => self.deleted = true,
            ProjectEvent::ProjectRestored { .. } => self.deleted = false,
            ProjectEvent::VolunteerJoined { volunteer } => {
                self.members.insert(volunteer);
            }
            ProjectEvent::VolunteerLeft { volunteer } => {
                self.members.remove(&volunteer);
            }
        }
    }
}
