//! Plain-text passwords as typed by a user, before hashing.

use crate::validation::{FieldCode, TOO_LONG, TOO_SHORT};

/// A password of 8..=128 characters. It is never serialised or logged.
#[derive(Clone)]
pub struct Password(String);

/// Why a password was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than 8 characters.
    #[error("password must have at least 8 characters")]
    TooShort,
    /// More than 128 characters.
    #[error("password must have at most 128 characters")]
    TooLong,
}

impl Password {
    /// Checks the length rules.
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        match input.chars().count() {
            n if n < 8 => Err(PasswordError::TooShort),
            n if n > 128 => Err(PasswordError::TooLong),
            _ => Ok(Self(input.to_owned())),
        }
    }

    /// The secret text, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl FieldCode for PasswordError {
    fn field_code(&self) -> &'static str {
        match self {
            Self::TooShort => TOO_SHORT,
            Self::TooLong => TOO_LONG,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules_hold_and_debug_hides_the_secret() {
        assert_eq!(
            Password::parse("1234567").err(),
            Some(PasswordError::TooShort)
        );
        assert_eq!(
            Password::parse(&"x".repeat(129)).err(),
            Some(PasswordError::TooLong)
        );
        let ok = Password::parse("correct horse").map(|p| format!("{p:?}"));
        assert_eq!(ok, Ok("Password(***)".to_owned()));
    }
}
