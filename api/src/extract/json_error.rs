//! Turns axum's JSON data-error text into a [`FieldError`].
//!
//! axum deserializes through `serde_path_to_error`, so the text reads
//! `Failed to deserialize the JSON body into the target type: b[0]: missing field `y` at line 1 column 23`
//! (no `path: ` prefix when the error is at the root). serde's own messages start with a few known
//! phrases, which tells a root error from a path.

use crate::error::FieldError;

const PREFIX: &str = "Failed to deserialize the JSON body into the target type: ";

const SERDE_PHRASES: &[&str] = &[
    "missing field",
    "invalid type",
    "invalid value",
    "invalid length",
    "unknown variant",
    "unknown field",
    "duplicate field",
];

/// The field error described by axum's `JsonDataError` body text.
pub(super) fn field_error(text: &str) -> FieldError {
    let rest = text.strip_prefix(PREFIX).unwrap_or(text);
    let (path, message) = if SERDE_PHRASES.iter().any(|p| rest.starts_with(p)) {
        ("", rest)
    } else {
        rest.split_once(": ").unwrap_or(("", rest))
    };
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next())
    {
        let field = if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        return FieldError::new(field, "required");
    }
    let code = if message.starts_with("invalid type") {
        "invalid_type"
    } else {
        "invalid"
    };
    let field = if path.is_empty() { "body" } else { path };
    FieldError::new(field, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_field_errors() {
        let cases = [
            (
                format!("{PREFIX}missing field `email` at line 1 column 2"),
                "email",
                "required",
            ),
            (
                format!("{PREFIX}b[0]: missing field `y` at line 1 column 23"),
                "b[0].y",
                "required",
            ),
            (
                format!(
                    "{PREFIX}name: invalid type: integer `5`, expected a string at line 1 column 9"
                ),
                "name",
                "invalid_type",
            ),
            (
                format!(
                    "{PREFIX}kind: unknown variant `x`, expected `a` or `b` at line 1 column 9"
                ),
                "kind",
                "invalid",
            ),
            (
                format!(
                    "{PREFIX}invalid type: string \"x\", expected struct Dto at line 1 column 3"
                ),
                "body",
                "invalid_type",
            ),
            ("something else entirely".to_owned(), "body", "invalid"),
        ];
        for (text, field, code) in cases {
            assert_eq!(field_error(&text), FieldError::new(field, code), "{text}");
        }
    }
}
