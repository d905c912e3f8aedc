//! Cursor pagination on the wire: `?limit=` (default 20, 1..=100) and `?cursor=` become a
//! [`Keyset`], answered with a [`Page`] `{items, next_cursor}`. The rules and the cursor format
//! live below the adapters (`birqadam_projections::keyset`, shared with the bot); this module
//! only maps their refusals to the API's problem responses.

pub use birqadam_projections::keyset::{Keyset, KeysetError, Page, SortKey};

use crate::error::ApiError;
use crate::extract::Validator;

impl From<KeysetError> for ApiError {
    fn from(error: KeysetError) -> Self {
        match error {
            KeysetError::InvalidCursor => {
                Self::bad_request("request.invalid_cursor", "the cursor is not valid")
            }
            KeysetError::LimitOutOfRange => Validator::single("limit", "out_of_range"),
        }
    }
}

/// The page a list request asks for (`?cursor=`, `?limit=`); a bad limit is a 422
/// `validation.failed` on `limit`, a bad cursor a 400 `request.invalid_cursor`.
pub fn keyset<K: SortKey>(cursor: Option<&str>, limit: Option<i64>) -> Result<Keyset<K>, ApiError> {
    Ok(Keyset::parse(cursor, limit)?)
}

/// A `?limit=` alone (a list without a cursor, such as the leaderboard).
pub fn limit(limit: Option<i64>) -> Result<i64, ApiError> {
    Ok(birqadam_projections::keyset::limit(limit)?)
}
