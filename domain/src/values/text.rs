//! Trimmed free text with a length limit (titles, descriptions, reasons, comments).

use serde::{Deserialize, Serialize};

use crate::validation::{FieldCode, INVALID, REQUIRED, TOO_LONG};

/// Trimmed, non-empty text of at most `max` characters, without control characters other than
/// newlines and tabs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BoundedText(String);

/// Why a text was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Empty after trimming.
    #[error("must not be empty")]
    Empty,
    /// Longer than allowed.
    #[error("is too long")]
    TooLong,
    /// Contains control characters.
    #[error("contains control characters")]
    ControlCharacters,
}

impl BoundedText {
    /// Parses text of 1..=`max` characters.
    pub fn parse(input: &str, max: usize) -> Result<Self, TextError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(TextError::Empty);
        }
        if value.chars().count() > max {
            return Err(TextError::TooLong);
        }
        if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            return Err(TextError::ControlCharacters);
        }
        Ok(Self(value.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owned text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FieldCode for TextError {
    fn field_code(&self) -> &'static str {
        match self {
            Self::Empty => REQUIRED,
            Self::TooLong => TOO_LONG,
            Self::ControlCharacters => INVALID,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(
            BoundedText::parse("  hi ", 5).map(BoundedText::into_string),
            Ok("hi".to_owned())
        );
        assert_eq!(BoundedText::parse("   ", 5), Err(TextError::Empty));
        assert_eq!(BoundedText::parse("abcdef", 5), Err(TextError::TooLong));
        assert_eq!(
            BoundedText::parse("a\u{0}b", 5),
            Err(TextError::ControlCharacters)
        );
        assert_eq!(
            BoundedText::parse("қала", 4).map(BoundedText::into_string),
            Ok("қала".to_owned())
        );
    }
}
