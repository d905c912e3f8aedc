//! Business-rule violations of the `Task` aggregate.

use crate::refusal::RefusalKind;
use crate::validation::FieldError;

/// Why a task command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaskError {
    /// The task does not exist.
    #[error("task not found")]
    NotFound,
    /// Creating a task whose stream already exists.
    #[error("task already exists")]
    AlreadyExists,
    /// The actor may not do this.
    #[error("not allowed")]
    Forbidden,
    /// The project is not approved or is deleted.
    #[error("project is not open")]
    ProjectNotOpen,
    /// The task is closed or cancelled.
    #[error("task is not open")]
    NotOpen,
    /// Some fields are invalid: `(field, code)` for each.
    #[error("invalid task data")]
    Invalid(Vec<FieldError>),
}

impl TaskError {
    /// The stable API error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::AlreadyExists => "task.already_exists",
            Self::Forbidden => "forbidden",
            Self::ProjectNotOpen => "project.not_open",
            Self::NotOpen => "task.not_open",
            Self::Invalid(_) => "validation.failed",
        }
    }

    /// The kind of this refusal.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::NotFound => RefusalKind::NotFound,
            Self::Forbidden => RefusalKind::Forbidden,
            Self::Invalid(_) => RefusalKind::Invalid,
            Self::AlreadyExists | Self::ProjectNotOpen | Self::NotOpen => RefusalKind::Conflict,
        }
    }
}
