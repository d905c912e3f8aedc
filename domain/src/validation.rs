//! Field-level validation shared by the aggregates: a failed field is `(field, code)`.
//!
//! Codes are stable and lower-case: `required`, `too_long`, `out_of_range`, `invalid`, … Every value
//! object's error names its code through [`FieldCode`], next to the value itself, so the API, the bot
//! and the notifier share one mapping. The adapters turn each pair into one entry of their error
//! reply (the problem body's `errors` list, a bot message), with texts from `birqadam-texts`.

use crate::values::BoundedText;

/// One failed field: `(field name, code)`.
pub type FieldError = (&'static str, &'static str);

/// A missing or empty value.
pub const REQUIRED: &str = "required";
/// A value longer than allowed.
pub const TOO_LONG: &str = "too_long";
/// A number, date or count outside its range (or out of order).
pub const OUT_OF_RANGE: &str = "out_of_range";
/// A value of the wrong shape.
pub const INVALID: &str = "invalid";
/// A value shorter than allowed (passwords).
pub const TOO_SHORT: &str = "too_short";
/// Not an e-mail address.
pub const INVALID_EMAIL: &str = "invalid_email";
/// Not a phone number (of a known country).
pub const INVALID_PHONE: &str = "invalid_phone";

/// An error that names the stable field-error code of the value it refused.
pub trait FieldCode {
    /// The code, e.g. [`REQUIRED`] or [`INVALID_EMAIL`].
    fn field_code(&self) -> &'static str;
}

impl FieldCode for &'static str {
    fn field_code(&self) -> &'static str {
        self
    }
}

/// Checks required text of 1..=`max` characters and returns it trimmed.
pub(crate) fn text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    max: usize,
) -> Option<String> {
    match BoundedText::parse(value, max) {
        Ok(text) => Some(text.into_string()),
        Err(error) => {
            errors.push((field, error.field_code()));
            None
        }
    }
}

/// Checks optional text of at most `max` characters; blank text counts as absent.
pub(crate) fn optional_text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => text(errors, field, value, max),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_failures_map_to_stable_codes() {
        let mut errors = Vec::new();
        assert_eq!(text(&mut errors, "a", " x ", 3), Some("x".to_owned()));
        assert_eq!(text(&mut errors, "b", "  ", 3), None);
        assert_eq!(text(&mut errors, "c", "abcd", 3), None);
        assert_eq!(optional_text(&mut errors, "d", Some(" "), 3), None);
        assert_eq!(text(&mut errors, "e", "a\u{7}", 3), None);
        assert_eq!(
            errors,
            vec![("b", REQUIRED), ("c", TOO_LONG), ("e", INVALID)]
        );
    }
}
