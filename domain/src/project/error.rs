//! Business-rule violations of the `Project` aggregate.

use crate::refusal::RefusalKind;
use crate::validation::FieldError;

/// Why a project command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    /// The project does not exist.
    #[error("project not found")]
    NotFound,
    /// Creating a project whose stream already exists.
    #[error("project already exists")]
    AlreadyExists,
    /// The actor may not do this.
    #[error("not allowed")]
    Forbidden,
    /// Only approved organizers create projects.
    #[error("only approved organizers can create projects")]
    NotApprovedOrganizer,
    /// Some fields are invalid: `(field, code)` for each.
    #[error("invalid project data")]
    Invalid(Vec<FieldError>),
    /// The project is deleted; restore it first.
    #[error("project is deleted")]
    Deleted,
    /// Rejecting a project that is already approved.
    #[error("project is already approved")]
    AlreadyApproved,
    /// Joining a project that is not approved, deleted or over.
    #[error("project is not open for joining")]
    NotOpen,
    /// The project has reached its capacity.
    #[error("project is full")]
    Full,
    /// The volunteer is already a member.
    #[error("already a member")]
    AlreadyMember,
    /// Leaving a project one is not a member of.
    #[error("not a member")]
    NotMember,
}

impl ProjectError {
    /// The stable API error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::AlreadyExists => "project.already_exists",
            Self::Forbidden => "forbidden",
            Self::NotApprovedOrganizer => "organizer.not_approved",
            Self::Invalid(_) => "validation.failed",
            Self::Deleted => "project.deleted",
            Self::AlreadyApproved => "project.already_approved",
            Self::NotOpen => "project.not_open",
            Self::Full => "project.full",
            Self::AlreadyMember => "project.already_member",
            Self::NotMember => "project.not_member",
        }
    }

    /// The kind of this refusal.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::NotFound => RefusalKind::NotFound,
            Self::Forbidden | Self::NotApprovedOrganizer => RefusalKind::Forbidden,
            Self::Invalid(_) => RefusalKind::Invalid,
            Self::AlreadyExists
            | Self::Deleted
            | Self::AlreadyApproved
            | Self::NotOpen
            | Self::Full
            | Self::AlreadyMember
            | Self::NotMember => RefusalKind::Conflict,
        }
    }
}
