//! `CommandError` → `ApiError`: one match arm per domain error variant, so a new variant is a
//! compile error here until it gets its code (the core loop adds `project.*`, `task.*`, `report.*`,
//! `upload.*` arms the same way).

use birqadam_commands::{AuthError, CommandError, DomainError};
use birqadam_domain::account::AccountError;
use birqadam_domain::identity_claim::IdentityKind;

use super::{ApiError, FieldError};

impl From<CommandError> for ApiError {
    fn from(e: CommandError) -> Self {
        match e {
            CommandError::Rejected(rejection) => rejection.into(),
            CommandError::Auth(auth) => auth.into(),
            CommandError::Conflict => Self::conflict("conflict"),
            CommandError::NotFound => Self::not_found(),
            CommandError::Infrastructure(cause) => Self::internal(cause),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Account(account) => account.into(),
            DomainError::IdentityTaken(IdentityKind::Email) => {
                Self::conflict("account.email_taken")
            }
            DomainError::IdentityTaken(IdentityKind::Phone) => {
                Self::conflict("account.phone_taken")
            }
            DomainError::IdentityTaken(IdentityKind::Telegram) => {
                Self::conflict("account.telegram_taken")
            }
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::NotFound => Self::not_found(),
            AccountError::AlreadyRegistered => Self::conflict("conflict"),
            AccountError::Forbidden => Self::forbidden(),
            AccountError::ApplicationPending => Self::conflict("organizer.application_pending"),
            AccountError::AlreadyOrganizer => Self::conflict("organizer.already_approved"),
            AccountError::NoPendingApplication => {
                Self::conflict("organizer.no_pending_application")
            }
            AccountError::InvalidRatingChange => {
                Self::validation(vec![FieldError::new("delta", "invalid")])
            }
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        Self::unauthenticated(match e {
            AuthError::InvalidCredentials => "auth.invalid_credentials",
            AuthError::InvalidToken => "auth.invalid_token",
            AuthError::TokenExpired => "auth.token_expired",
            AuthError::RefreshReused => "auth.refresh_reused",
        })
    }
}
