use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::*;

fn instant() -> DateTime<Utc> {
    "2026-11-30T19:00:00.123456Z".parse().expect("an instant")
}

fn id() -> Uuid {
    Uuid::parse_str("0190b1d2-7c3e-7a11-9f00-0123456789ab").expect("a uuid")
}

// The expected strings are base64url (no padding) of `micros:uuid`, `42` and `micros:17:3`,
// computed outside this code: cursors handed out before the refactor must stay valid.
const AT_ID: &str = "MTc5NjA2NTIwMDEyMzQ1NjowMTkwYjFkMi03YzNlLTdhMTEtOWYwMC0wMTIzNDU2Nzg5YWI";
const POSITION: &str = "NDI";
const AT_POSITION_SUB: &str = "MTc5NjA2NTIwMDEyMzQ1NjoxNzoz";

#[test]
fn a_time_and_id_key_keeps_the_wire_format_of_earlier_cursors() {
    assert_eq!(encode(&(instant(), id())), AT_ID);
    assert_eq!(
        decode::<(DateTime<Utc>, Uuid)>(AT_ID),
        Ok((instant(), id()))
    );
}

#[test]
fn a_position_key_keeps_the_wire_format_of_earlier_cursors() {
    assert_eq!(encode(&42_i64), POSITION);
    assert_eq!(decode::<i64>(POSITION), Ok(42));
}

#[test]
fn a_time_position_and_sub_key_keeps_the_wire_format_of_earlier_cursors() {
    assert_eq!(encode(&(instant(), 17_i64, 3_i64)), AT_POSITION_SUB);
    assert_eq!(
        decode::<(DateTime<Utc>, i64, i64)>(AT_POSITION_SUB),
        Ok((instant(), 17, 3))
    );
}

#[test]
fn a_cursor_of_another_list_or_garbage_is_an_invalid_cursor() {
    let bad = [
        "not base64!",
        "__8",                 // base64 of bytes that are not UTF-8
        POSITION,              // one part where two are expected
        AT_POSITION_SUB,       // three parts where two are expected
        "MTIzOm5vdC1hLXV1aWQ", // "123:not-a-uuid"
        "eDpmb28",             // "x:foo"
    ];
    for cursor in bad {
        assert_eq!(
            decode::<(DateTime<Utc>, Uuid)>(cursor),
            Err(KeysetError::InvalidCursor),
            "{cursor}"
        );
    }
    assert_eq!(decode::<i64>(AT_ID), Err(KeysetError::InvalidCursor));
}

#[test]
fn the_limit_defaults_to_twenty_and_allows_one_to_a_hundred() {
    assert_eq!(limit(None), Ok(20));
    assert_eq!(limit(Some(1)), Ok(1));
    assert_eq!(limit(Some(100)), Ok(100));
    for n in [0, -1, 101, i64::MAX] {
        assert_eq!(limit(Some(n)), Err(KeysetError::LimitOutOfRange), "{n}");
    }
}

#[test]
fn parsing_checks_the_limit_before_the_cursor_and_an_empty_cursor_is_the_first_page() {
    assert_eq!(
        Keyset::<i64>::parse(Some("garbage!"), Some(0)),
        Err(KeysetError::LimitOutOfRange)
    );
    assert_eq!(
        Keyset::<i64>::parse(Some("garbage!"), None),
        Err(KeysetError::InvalidCursor)
    );
    assert_eq!(Keyset::<i64>::parse(Some(""), None), Ok(Keyset::first(20)));
    assert_eq!(
        Keyset::<i64>::parse(Some(POSITION), Some(5)),
        Ok(Keyset::after(42, 5))
    );
}

#[test]
fn a_page_keeps_limit_rows_and_points_past_the_last_when_more_follow() {
    let keyset = Keyset::<i64>::first(2);
    assert_eq!(keyset.fetch(), 3);
    let page = keyset.page(vec![10_i64, 11, 12], |n| *n);
    assert_eq!(page.items, vec![10, 11]);
    let next = page.next_cursor.expect("a next page");
    assert_eq!(decode::<i64>(&next), Ok(11));

    let last = keyset.page(vec![13_i64, 14], |n| *n);
    assert_eq!(last.items, vec![13, 14]);
    assert_eq!(last.next_cursor, None);
}
