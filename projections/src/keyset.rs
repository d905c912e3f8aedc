//! Keyset paging shared by `Queries` and every adapter (the API, later the bot).
//!
//! A list is read `limit + 1` rows at a time, ordered by a sort key that is unique per row
//! (`(created_at, id)`, a log position, …). The page holds `limit` rows and, when there was one
//! more, an opaque cursor: URL-safe base64 (no padding) of the last row's key parts joined by
//! `:` (an instant as Unix microseconds, an id as its hyphenated text, a number in decimal).
//! The next request passes it back, and the query continues after that key. The wire format is
//! the one the API has always sent, so cursors handed out before stay valid.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// The page size when none is asked for.
pub const DEFAULT_LIMIT: i64 = 20;

/// The largest page size a client may ask for.
pub const MAX_LIMIT: i64 = 100;

/// Why a page request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeysetError {
    /// The cursor is not one this list handed out (bad base64, text or key parts).
    #[error("the cursor is not valid")]
    InvalidCursor,
    /// The limit is outside `1..=MAX_LIMIT`.
    #[error("the limit is out of range")]
    LimitOutOfRange,
}

/// One part of a sort key as it travels in a cursor.
pub trait CursorPart: Sized {
    /// The part as cursor text.
    fn to_part(&self) -> String;
    /// The part from cursor text; `None` when it is not one.
    fn from_part(text: &str) -> Option<Self>;
}

impl CursorPart for DateTime<Utc> {
    fn to_part(&self) -> String {
        self.timestamp_micros().to_string()
    }

    fn from_part(text: &str) -> Option<Self> {
        text.parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_micros)
    }
}

impl CursorPart for Uuid {
    fn to_part(&self) -> String {
        self.to_string()
    }

    fn from_part(text: &str) -> Option<Self> {
        Uuid::parse_str(text).ok()
    }
}

impl CursorPart for i64 {
    fn to_part(&self) -> String {
        self.to_string()
    }

    fn from_part(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// A list's sort key: what a cursor carries (a part, or a tuple of two or three parts).
pub trait SortKey: Sized {
    /// The key's parts as cursor text.
    fn to_parts(&self) -> Vec<String>;
    /// The key from exactly its number of parts; `None` otherwise.
    fn from_parts(parts: &[&str]) -> Option<Self>;
}

impl SortKey for i64 {
    fn to_parts(&self) -> Vec<String> {
        vec![self.to_part()]
    }

    fn from_parts(parts: &[&str]) -> Option<Self> {
        match parts {
            [a] => Self::from_part(a),
            _ => None,
        }
    }
}

impl<A, B> SortKey for (A, B)
where
    A: CursorPart,
    B: CursorPart,
{
    fn to_parts(&self) -> Vec<String> {
        vec![self.0.to_part(), self.1.to_part()]
    }

    fn from_parts(parts: &[&str]) -> Option<Self> {
        match parts {
            [a, b] => Some((A::from_part(a)?, B::from_part(b)?)),
            _ => None,
        }
    }
}

impl<A, B, C> SortKey for (A, B, C)
where
    A: CursorPart,
    B: CursorPart,
    C: CursorPart,
{
    fn to_parts(&self) -> Vec<String> {
        vec![self.0.to_part(), self.1.to_part(), self.2.to_part()]
    }

    fn from_parts(parts: &[&str]) -> Option<Self> {
        match parts {
            [a, b, c] => Some((A::from_part(a)?, B::from_part(b)?, C::from_part(c)?)),
            _ => None,
        }
    }
}

/// Checks a requested page size: `DEFAULT_LIMIT` when none, else `1..=MAX_LIMIT`.
pub fn limit(requested: Option<i64>) -> Result<i64, KeysetError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n @ 1..=MAX_LIMIT) => Ok(n),
        Some(_) => Err(KeysetError::LimitOutOfRange),
    }
}

/// Encodes a sort key as an opaque cursor.
pub fn encode<K: SortKey>(key: &K) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.to_parts().join(":"))
}

/// Decodes an opaque cursor into a sort key.
pub fn decode<K: SortKey>(cursor: &str) -> Result<K, KeysetError> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| KeysetError::InvalidCursor)?;
    let raw = String::from_utf8(raw).map_err(|_| KeysetError::InvalidCursor)?;
    let parts: Vec<&str> = raw.split(':').collect();
    K::from_parts(&parts).ok_or(KeysetError::InvalidCursor)
}

/// Where a page starts and how long it is: the key of the previous page's last row (none for
/// the first page) and the page size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyset<K> {
    after: Option<K>,
    limit: i64,
}

impl<K: SortKey> Keyset<K> {
    /// A page request from a client's `?cursor=` (empty or absent: the first page) and
    /// `?limit=` (checked first).
    pub fn parse(cursor: Option<&str>, requested_limit: Option<i64>) -> Result<Self, KeysetError> {
        let limit = limit(requested_limit)?;
        let after = match cursor.filter(|c| !c.is_empty()) {
            Some(cursor) => Some(decode(cursor)?),
            None => None,
        };
        Ok(Self { after, limit })
    }

    /// The first page of `limit` rows (at least one).
    pub fn first(limit: i64) -> Self {
        Self {
            after: None,
            limit: limit.max(1),
        }
    }

    /// The page after the row with this key.
    pub fn after(key: K, limit: i64) -> Self {
        Self {
            after: Some(key),
            limit: limit.max(1),
        }
    }

    /// The key to continue after (none: from the start).
    pub fn start(&self) -> Option<&K> {
        self.after.as_ref()
    }

    /// The page size.
    pub fn limit(&self) -> i64 {
        self.limit
    }

    /// How many rows to fetch: one more than the page, to know whether there is a next one.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// The page of `rows` (fetched with [`Keyset::fetch`]), with the cursor of its last row when
    /// more rows follow.
    pub fn page<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> K) -> Page<T> {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|row| encode(&key(row)))
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }
}

/// A page of a list: `{items, next_cursor}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// The cursor of the next page, if there is one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The same page with its rows mapped (to DTOs, replies, …).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

#[cfg(test)]
mod tests;
