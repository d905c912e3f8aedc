//! Business-rule violations of the `AchievementCatalogue` aggregate.

use crate::refusal::RefusalKind;
use crate::validation::FieldError;

/// Why a catalogue command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AchievementCatalogueError {
    /// A definition is invalid: `(field, code)` for each failure.
    #[error("invalid achievement definition")]
    Invalid(Vec<FieldError>),
}

impl AchievementCatalogueError {
    /// The stable API error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "validation.failed",
        }
    }

    /// The kind of this refusal.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::Invalid(_) => RefusalKind::Invalid,
        }
    }
}
