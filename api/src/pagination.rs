//! Cursor pagination: `{items, next_cursor}` with `?limit=` (default 20, max 100) and `?cursor=`.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::Validator;

/// A keyset cursor: the sort instant and id of the last item of a page (opaque to clients).
#[derive(Debug, Clone, Copy)]
pub struct Cursor {
    /// Sort instant of the last item.
    pub at: DateTime<Utc>,
    /// Id of the last item.
    pub id: Uuid,
}

impl Cursor {
    /// Encodes as URL-safe base64 of `micros:uuid`.
    pub fn encode(&self) -> String {
        let raw = format!("{}:{}", self.at.timestamp_micros(), self.id);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    }

    /// Decodes an optional cursor; a malformed one is a 400.
    pub fn decode_opt(input: Option<&str>) -> Result<Option<Self>, ApiError> {
        let Some(input) = input.filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let bad = || ApiError::bad_request("request.invalid_cursor", "the cursor is not valid");
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(input)
            .map_err(|_| bad())?;
        let raw = String::from_utf8(raw).map_err(|_| bad())?;
        let (micros, id) = raw.split_once(':').ok_or_else(bad)?;
        let at = micros
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_micros)
            .ok_or_else(bad)?;
        let id = Uuid::parse_str(id).map_err(|_| bad())?;
        Ok(Some(Self { at, id }))
    }
}

/// A page of items.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The cursor of the next page, if there is one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Checks `?limit=` (1..=100, default 20).
    pub fn limit(limit: Option<i64>) -> Result<i64, ApiError> {
        match limit {
            None => Ok(20),
            Some(n @ 1..=100) => Ok(n),
            Some(_) => Err(Validator::single("limit", "out_of_range")),
        }
    }

    /// Builds a page from `limit + 1` fetched rows.
    pub fn from_rows(mut rows: Vec<T>, limit: i64, cursor: impl Fn(&T) -> Cursor) -> Self {
        let limit = usize::try_from(limit).unwrap_or(20);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| cursor(r).encode())
        } else {
            None
        };
        Self {
            items: rows,
            next_cursor,
        }
    }

    /// Maps the items.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}
