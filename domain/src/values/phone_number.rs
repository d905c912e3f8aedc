//! The one phone normaliser of the platform (the API and the bot share it).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validation::{FieldCode, INVALID_PHONE, REQUIRED};

/// A phone number in E.164 form (`+77011234567`). Kazakh spellings (`8 701 …`, `+7 (701) …`,
/// `7701…`, `701…`) all parse to the same value; foreign numbers keep their country.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a phone number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneNumberError {
    /// Nothing was given.
    #[error("phone number is empty")]
    Empty,
    /// Not a phone number at all, or not a valid one for its country.
    #[error("phone number is not valid")]
    Invalid,
}

impl PhoneNumber {
    /// Parses any common spelling; the default region is Kazakhstan.
    pub fn parse(input: &str) -> Result<Self, PhoneNumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneNumberError::Empty);
        }
        if trimmed.len() > 32
            || !trimmed
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        {
            return Err(PhoneNumberError::Invalid);
        }
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        // Kazakh habits the library does not know: a bare 10-digit national number, and an
        // 11-digit number starting with 7 written without the plus sign.
        let candidate = if trimmed.starts_with('+') {
            format!("+{digits}")
        } else if digits.len() == 10 && !digits.starts_with('8') {
            format!("+7{digits}")
        } else if digits.len() == 11 && digits.starts_with('7') {
            format!("+{digits}")
        } else if digits.len() == 11 && digits.starts_with('8') {
            format!("+7{}", &digits[1..])
        } else {
            trimmed.to_owned()
        };
        let parsed = phonenumber::parse(Some(phonenumber::country::Id::KZ), &candidate)
            .map_err(|_| PhoneNumberError::Invalid)?;
        if !phonenumber::is_valid(&parsed) {
            return Err(PhoneNumberError::Invalid);
        }
        Ok(Self(
            parsed.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    /// The E.164 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FieldCode for PhoneNumberError {
    fn field_code(&self) -> &'static str {
        match self {
            Self::Empty => REQUIRED,
            Self::Invalid => INVALID_PHONE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_spellings_normalise_to_one_value() {
        for input in [
            "+7 701 123 45 67",
            "87011234567",
            "8 (701) 123-45-67",
            "7011234567",
            "77011234567",
            "+7(701)1234567",
            "  +77011234567 ",
        ] {
            assert_eq!(
                PhoneNumber::parse(input).map(String::from),
                Ok("+77011234567".to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn foreign_numbers_keep_their_country() {
        assert_eq!(
            PhoneNumber::parse("+49 30 901820").map(String::from),
            Ok("+4930901820".to_owned())
        );
        assert_eq!(
            PhoneNumber::parse("+7 916 123-45-67").map(String::from),
            Ok("+79161234567".to_owned())
        );
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(PhoneNumber::parse(""), Err(PhoneNumberError::Empty));
        for input in [
            "abc",
            "12",
            "+7 701",
            "8701123456789012",
            "7011234567; drop",
            "+0000000000",
        ] {
            assert_eq!(
                PhoneNumber::parse(input),
                Err(PhoneNumberError::Invalid),
                "{input}"
            );
        }
    }

    #[test]
    fn parsing_is_idempotent_for_many_numbers() {
        for n in 0..500u32 {
            let national = format!("70{:08}", n * 199_999 % 100_000_000);
            if let Ok(p) = PhoneNumber::parse(&national) {
                assert_eq!(PhoneNumber::parse(p.as_str()), Ok(p.clone()));
                assert_eq!(PhoneNumber::parse(&format!("8{national}")), Ok(p));
            }
        }
    }
}
