//! Field-level validation shared by the aggregates: a failed field is `(field, code)`.
//!
//! Codes are stable and lower-case: `required`, `too_long`, `out_of_range`, `invalid`. The API
//! turns each pair into one entry of the problem body's `errors` list.

use crate::values::{BoundedText, TextError};

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
            errors.push((field, code_of(error)));
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

fn code_of(error: TextError) -> &'static str {
    match error {
        TextError::Empty => REQUIRED,
        TextError::TooLong => TOO_LONG,
        TextError::ControlCharacters => INVALID,
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
