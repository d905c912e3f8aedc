//! `CommandError` and `QueryError` → `ApiError`: every domain refusal carries its stable code
//! (`DomainError::code`), whose status comes from `crate::problems` and whose titles from `birqadam-texts`.

use birqadam_commands::{AuthError, CommandError, DomainError};
use birqadam_photos::PhotoError;
use birqadam_projections::QueryError;

use super::{ApiError, FieldError};

impl From<CommandError> for ApiError {
    fn from(e: CommandError) -> Self {
        match e {
            CommandError::Rejected(rejection) => rejection.into(),
            CommandError::Auth(auth) => auth.into(),
            CommandError::Upload { index, error } => {
                Self::from(error).with_detail(format!("photo {}", index + 1))
            }
            CommandError::Conflict => Self::conflict("conflict"),
            CommandError::Busy { retry_after } => Self::busy(retry_after.as_secs()),
            CommandError::NotFound => Self::not_found(),
            CommandError::Infrastructure(cause) => Self::internal(cause),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e.field_errors() {
            Some(fields) if fields.is_empty() => {
                Self::validation(vec![FieldError::new("body", "invalid")])
            }
            Some(fields) => Self::validation(
                fields
                    .into_iter()
                    .map(|(f, c)| FieldError::new(f, c))
                    .collect(),
            ),
            None => Self::from_code(e.code()),
        }
    }
}

impl From<PhotoError> for ApiError {
    fn from(e: PhotoError) -> Self {
        Self::from_code(e.code())
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        Self::unauthenticated(match e {
            AuthError::InvalidCredentials => "auth.invalid_credentials",
            AuthError::InvalidToken => "auth.invalid_token",
            AuthError::TokenExpired => "auth.token_expired",
            AuthError::RefreshReused => "auth.refresh_reused",
        })
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        match e {
            QueryError::NotFound => Self::not_found(),
            QueryError::Forbidden => Self::forbidden(),
            QueryError::OutOfRange { field } => {
                Self::validation(vec![FieldError::new(field, "out_of_range")])
            }
            QueryError::Database(cause) => Self::internal(cause.into()),
            QueryError::Audit(cause) => Self::internal(cause.into()),
        }
    }
}
