//! Business-rule violations of the `Account` aggregate.

use crate::refusal::RefusalKind;

/// Why an account command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The account does not exist.
    #[error("account not found")]
    NotFound,
    /// Registering an account that already exists.
    #[error("account already registered")]
    AlreadyRegistered,
    /// The actor may not do this.
    #[error("not allowed")]
    Forbidden,
    /// An organizer application is already pending.
    #[error("an organizer application is already pending")]
    ApplicationPending,
    /// The account is already an approved organizer.
    #[error("already an approved organizer")]
    AlreadyOrganizer,
    /// There is no pending application to decide on.
    #[error("no pending organizer application")]
    NoPendingApplication,
    /// A rating change of zero points, or a change on an empty reason.
    #[error("invalid rating change")]
    InvalidRatingChange,
    /// The account is linked to another Telegram user.
    #[error("another Telegram account is linked")]
    TelegramAlreadyLinked,
    /// The account has no linked Telegram user.
    #[error("no Telegram account is linked")]
    TelegramNotLinked,
}

impl AccountError {
    /// The API's stable code for this refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::AlreadyRegistered => "account.already_registered",
            Self::Forbidden => "forbidden",
            Self::ApplicationPending => "organizer.application_pending",
            Self::AlreadyOrganizer => "organizer.already_approved",
            Self::NoPendingApplication => "organizer.no_pending_application",
            Self::InvalidRatingChange => "validation.failed",
            Self::TelegramAlreadyLinked => "telegram.already_linked",
            Self::TelegramNotLinked => "telegram.not_linked",
        }
    }

    /// The kind of this refusal.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::NotFound => RefusalKind::NotFound,
            Self::Forbidden => RefusalKind::Forbidden,
            Self::InvalidRatingChange => RefusalKind::Invalid,
            Self::AlreadyRegistered
            | Self::ApplicationPending
            | Self::AlreadyOrganizer
            | Self::NoPendingApplication
            | Self::TelegramAlreadyLinked
            | Self::TelegramNotLinked => RefusalKind::Conflict,
        }
    }
}
