//! The three interface languages.

use serde::{Deserialize, Serialize};

use crate::validation::{FieldCode, INVALID};

/// An interface language: Russian (the default), Kazakh or English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Russian.
    #[default]
    Ru,
    /// Kazakh.
    Kk,
    /// English.
    En,
}

/// A language code other than ru, kk or en.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("language must be one of ru, kk, en")]
pub struct LanguageError;

impl Language {
    /// Parses `ru`, `kk` or `en` (case-insensitive).
    pub fn parse(input: &str) -> Result<Self, LanguageError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "ru" => Ok(Self::Ru),
            "kk" | "kz" => Ok(Self::Kk),
            "en" => Ok(Self::En),
            _ => Err(LanguageError),
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, else Russian.
    pub fn from_accept_language(header: &str) -> Self {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| tag.trim().split('-').next())
            .find_map(|primary| Self::parse(primary).ok())
            .unwrap_or_default()
    }

    /// The two-letter code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ru => "ru",
            Self::Kk => "kk",
            Self::En => "en",
        }
    }
}

impl FieldCode for LanguageError {
    fn field_code(&self) -> &'static str {
        INVALID
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_first_supported_one() {
        assert_eq!(
            Language::from_accept_language("de-DE, en-US;q=0.8, ru;q=0.5"),
            Language::En
        );
        assert_eq!(Language::from_accept_language("kk-KZ"), Language::Kk);
        assert_eq!(Language::from_accept_language("fr"), Language::Ru);
        assert_eq!(Language::parse("xx"), Err(LanguageError));
    }
}
