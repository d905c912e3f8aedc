//! Re-encoding and time, and what is refused: a non-canonical spelling at its first differing
//! byte, a line that is not a stored event, with the reason.

use super::*;

#[test]
fn a_line_with_doubles_re_encodes_to_the_same_bytes() {
    let mut e = event();
    e.payload = json!({"lat": 43.238949, "lon": 76.94, "whole": 5.0, "big": 1e21, "tiny": 1e-7});
    let line = e.to_line();
    assert!(
        line.contains(r#"{"big":1e+21,"lat":43.238949,"lon":76.94,"tiny":1e-7,"whole":5}"#),
        "{line}"
    );
    let again = StoredEvent::parse_line(line.as_bytes()).expect("canonical");
    assert_eq!(again.to_line(), line);
}

#[test]
fn time_is_utc_with_exactly_six_fractional_digits_and_finer_parts_are_truncated() {
    let mut e = event();
    e.recorded_at += chrono::Duration::nanoseconds(999);
    assert!(
        e.to_line()
            .ends_with(r#""recorded_at":"2026-05-01T12:34:56.000007Z"}"#)
    );
    let whole = LINE.replace(".000007Z", "Z");
    assert!(matches!(
        StoredEvent::parse_line(whole.as_bytes()),
        Err(LeafError::NotCanonical { .. })
    ));
}

#[test]
fn non_canonical_spellings_are_refused_at_the_first_differing_byte() {
    let escaped = LINE.replace("PhotoReportApproved", "PhotoReport\\u0041pproved");
    let offset = LINE.find("Approved").expect("present");
    assert_eq!(
        StoredEvent::parse_line(escaped.as_bytes()),
        Err(LeafError::NotCanonical { offset })
    );
    let spaced = LINE.replacen(",", ", ", 1);
    assert_eq!(
        StoredEvent::parse_line(spaced.as_bytes()),
        Err(LeafError::NotCanonical { offset: 15 })
    );
    let dup = LINE.replacen("\"stars\":5", "\"stars\":4,\"stars\":5", 1);
    assert!(matches!(
        StoredEvent::parse_line(dup.as_bytes()),
        Err(LeafError::NotCanonical { .. })
    ));
    let newline = format!("{LINE}\n");
    assert_eq!(
        StoredEvent::parse_line(newline.as_bytes()),
        Err(LeafError::NotCanonical { offset: LINE.len() })
    );
}

#[test]
fn lines_that_are_not_stored_events_are_refused_with_the_reason() {
    let cases = [
        LINE.replacen("\"position\":41,", "", 1),
        LINE.replacen("{", "{\"extra\":1,", 1),
        LINE.replacen("\"sequence\":3", "\"sequence\":-3", 1),
        LINE.replacen("\"request_id\":\"r-1\"", "\"request_id\":1", 1),
        LINE.replacen("2026-05-01T", "2026-13-01T", 1),
        "not json".to_owned(),
    ];
    for case in cases {
        assert!(
            matches!(
                StoredEvent::from_json(case.as_bytes()),
                Err(LeafError::Malformed(_))
            ),
            "{case}"
        );
    }
}
