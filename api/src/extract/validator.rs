//! Collects every field error of a DTO instead of stopping at the first one.
//!
//! ```ignore
//! let mut v = Validator::new();
//! let email = v.field("email", Email::parse(&dto.email));
//! let phone = v.optional("phone", dto.phone.as_deref().map(PhoneNumber::parse));
//! v.finish()?; // 422 validation.failed listing every bad field
//! let (Some(email), Some(phone)) = (email, phone) else { unreachable!("finish() checked them") };
//! ```

use birqadam_domain::validation::FieldCode;

use crate::error::{ApiError, FieldError};

/// Accumulates field errors while a DTO is converted into domain types.
#[derive(Debug, Default)]
#[must_use = "call finish() to turn collected errors into a 422"]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    /// An empty validator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the error of a required field; `Some(value)` when it parsed.
    pub fn field<T, E: FieldCode>(&mut self, name: &str, result: Result<T, E>) -> Option<T> {
        result
            .map_err(|e| self.errors.push(FieldError::new(name, e.field_code())))
            .ok()
    }

    /// Like [`Self::field`] for an optional field: `Some(None)` when absent.
    pub fn optional<T, E: FieldCode>(
        &mut self,
        name: &str,
        result: Option<Result<T, E>>,
    ) -> Option<Option<T>> {
        match result {
            None => Some(None),
            Some(r) => self.field(name, r).map(Some),
        }
    }

    /// Like [`Self::optional`] for text where blank means absent (an app's empty form field).
    pub fn optional_nonblank<T, E: FieldCode>(
        &mut self,
        name: &str,
        value: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        self.optional(name, value.map(parse))
    }

    /// Records `code` for `name` unless `ok`.
    pub fn check(&mut self, name: &str, ok: bool, code: &'static str) {
        if !ok {
            self.errors.push(FieldError::new(name, code));
        }
    }

    /// A 422 for one bad field (query parameters and other single checks).
    pub fn single(name: &str, code: &'static str) -> ApiError {
        ApiError::validation(vec![FieldError::new(name, code)])
    }

    /// `Err(422 validation.failed)` listing every recorded error, else `Ok(())`.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use birqadam_domain::values::Email;

    #[test]
    fn validator_collects_every_bad_field() {
        let mut v = Validator::new();
        let email = v.field("email", Email::parse("not an email"));
        let age = v.field::<u8, _>("age", Err("out_of_range"));
        let phone = v.optional::<u8, &'static str>("phone", None);
        v.check("name", false, "required");
        assert!(email.is_none() && age.is_none());
        assert_eq!(phone, Some(None));
        let err = v.finish().expect_err("three bad fields");
        let codes: Vec<_> = err
            .field_errors()
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("email", "invalid_email"),
                ("age", "out_of_range"),
                ("name", "required")
            ]
        );
    }

    #[test]
    fn a_clean_validator_finishes_ok() {
        let mut v = Validator::new();
        assert_eq!(v.field::<_, &'static str>("x", Ok(1)), Some(1));
        assert!(v.finish().is_ok());
    }
}
