//! Display names of people.

use serde::{Deserialize, Serialize};

use super::{BoundedText, TextError};
use crate::validation::FieldCode;

/// A display name: trimmed, 1..=100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonName(String);

/// Why a name was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("name {0}")]
pub struct PersonNameError(pub TextError);

impl PersonName {
    /// The longest accepted name.
    pub const MAX: usize = 100;

    /// Parses a display name.
    pub fn parse(input: &str) -> Result<Self, PersonNameError> {
        BoundedText::parse(input, Self::MAX)
            .map(|t| Self(t.into_string()))
            .map_err(PersonNameError)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FieldCode for PersonNameError {
    fn field_code(&self) -> &'static str {
        self.0.field_code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_bounded() {
        assert!(PersonName::parse("Айгерим").is_ok());
        assert_eq!(
            PersonName::parse(&"n".repeat(10_000)),
            Err(PersonNameError(TextError::TooLong))
        );
        assert_eq!(
            PersonName::parse(""),
            Err(PersonNameError(TextError::Empty))
        );
    }
}
