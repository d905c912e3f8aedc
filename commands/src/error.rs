//! Errors of the write side, as the adapters see them.

use birqadam_domain::RefusalKind;
use birqadam_domain::account::AccountError;
use birqadam_domain::achievement::AchievementCatalogueError;
use birqadam_domain::assignment::AssignmentError;
use birqadam_domain::identity_claim::{IdentityClaimError, IdentityKind};
use birqadam_domain::project::ProjectError;
use birqadam_domain::task::TaskError;
use birqadam_domain::validation::FieldError;
use birqadam_photos::PhotoError;
use birqadam_projections::QueryError;

/// A domain rule refused the command (maps to a 4xx with a stable code).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DomainError {
    /// An account rule.
    #[error(transparent)]
    Account(#[from] AccountError),
    /// The e-mail, phone or Telegram id belongs to another account.
    #[error("{} is taken", .0.as_str())]
    IdentityTaken(IdentityKind),
    /// A project rule.
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// A task rule.
    #[error(transparent)]
    Task(#[from] TaskError),
    /// An assignment or report rule.
    #[error(transparent)]
    Assignment(#[from] AssignmentError),
    /// An achievement catalogue rule.
    #[error(transparent)]
    Catalogue(#[from] AchievementCatalogueError),
}

impl DomainError {
    /// The API's stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Account(e) => e.code(),
            Self::IdentityTaken(IdentityKind::Email) => "account.email_taken",
            Self::IdentityTaken(IdentityKind::Phone) => "account.phone_taken",
            Self::IdentityTaken(IdentityKind::Telegram) => "account.telegram_taken",
            Self::Project(e) => e.code(),
            Self::Task(e) => e.code(),
            Self::Assignment(e) => e.code(),
            Self::Catalogue(e) => e.code(),
        }
    }

    /// The kind of refusal (adapters decide by it, never by the code string).
    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::Account(e) => e.kind(),
            Self::IdentityTaken(_) => RefusalKind::Conflict,
            Self::Project(e) => e.kind(),
            Self::Task(e) => e.kind(),
            Self::Assignment(e) => e.kind(),
            Self::Catalogue(e) => e.kind(),
        }
    }

    /// The failed fields of a validation failure (`Some`, possibly empty when the rule names no
    /// field); `None` for every other refusal.
    pub fn field_errors(&self) -> Option<Vec<FieldError>> {
        match self {
            Self::Project(ProjectError::Invalid(f))
            | Self::Task(TaskError::Invalid(f))
            | Self::Assignment(AssignmentError::Invalid(f))
            | Self::Catalogue(AchievementCatalogueError::Invalid(f)) => Some(f.clone()),
            Self::Account(AccountError::InvalidRatingChange) => Some(vec![]),
            _ => None,
        }
    }
}

impl From<(IdentityKind, IdentityClaimError)> for DomainError {
    fn from((kind, _): (IdentityKind, IdentityClaimError)) -> Self {
        Self::IdentityTaken(kind)
    }
}

/// Authentication failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Wrong login or password.
    #[error("invalid login or password")]
    InvalidCredentials,
    /// The token is malformed, forged, of the wrong kind, or revoked.
    #[error("invalid token")]
    InvalidToken,
    /// The token has expired.
    #[error("token expired")]
    TokenExpired,
    /// A rotated-out refresh token was presented again: its family is now revoked.
    #[error("refresh token reused")]
    RefreshReused,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A business rule refused it.
    #[error(transparent)]
    Rejected(#[from] DomainError),
    /// Authentication failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// An uploaded photo was refused (the index of the part, from 0).
    #[error("photo {index}: {error}")]
    Upload {
        /// Which photo.
        index: usize,
        /// Why.
        error: PhotoError,
    },
    /// The aggregate kept changing under us beyond the retry budget.
    #[error("concurrent modification, try again")]
    Conflict,
    /// The service is at capacity for this kind of work (password hashing): nothing was done;
    /// the caller may try again after `retry_after`.
    #[error("busy, try again in {retry_after:?}")]
    Busy {
        /// How long the caller should wait before retrying.
        retry_after: std::time::Duration,
    },
    /// The target does not exist (or the caller may not see it).
    #[error("not found")]
    NotFound,
    /// Database, serialisation or other infrastructure failure.
    #[error("infrastructure failure")]
    Infrastructure(#[source] anyhow::Error),
}

impl From<sqlx::Error> for CommandError {
    fn from(e: sqlx::Error) -> Self {
        Self::Infrastructure(e.into())
    }
}

impl From<QueryError> for CommandError {
    fn from(e: QueryError) -> Self {
        match e {
            QueryError::NotFound | QueryError::Forbidden => Self::NotFound,
            QueryError::Database(cause) => Self::Infrastructure(cause.into()),
            e @ (QueryError::OutOfRange { .. } | QueryError::Audit(_)) => {
                Self::Infrastructure(e.into())
            }
        }
    }
}

impl From<anyhow::Error> for CommandError {
    fn from(e: anyhow::Error) -> Self {
        Self::Infrastructure(e)
    }
}
