//! E-mail addresses, compared case-insensitively.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validation::{FieldCode, INVALID_EMAIL, REQUIRED, TOO_LONG};

/// A syntactically plausible e-mail address, trimmed and lower-cased (so `A@X.kz` and `a@x.kz`
/// are one identity).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an e-mail address was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was given.
    #[error("email is empty")]
    Empty,
    /// Longer than 254 characters.
    #[error("email is too long")]
    TooLong,
    /// Not of the form local@domain.tld.
    #[error("email is not valid")]
    Invalid,
}

impl Email {
    /// Parses and normalises an address.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = value.split_once('@').ok_or(EmailError::Invalid)?;
        let ok_local = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "._%+-'".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let ok_domain = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if ok_local && ok_domain {
            Ok(Self(value))
        } else {
            Err(EmailError::Invalid)
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FieldCode for EmailError {
    fn field_code(&self) -> &'static str {
        match self {
            Self::Empty => REQUIRED,
            Self::TooLong => TOO_LONG,
            Self::Invalid => INVALID_EMAIL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_case_addresses_are_one_value() {
        assert_eq!(
            Email::parse(" Aigerim@Mail.KZ "),
            Email::parse("aigerim@mail.kz")
        );
    }

    #[test]
    fn bad_addresses_are_rejected() {
        assert_eq!(Email::parse(" "), Err(EmailError::Empty));
        for bad in [
            "plain", "@x.kz", "a@", "a@kz", "a@@x.kz", "a b@x.kz", "a@x..kz", ".a@x.kz", "a@-x.kz",
            "a@x.k",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        assert_eq!(
            Email::parse(&format!("{}@x.kz", "a".repeat(300))),
            Err(EmailError::TooLong)
        );
    }
}
