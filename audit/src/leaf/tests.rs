//! The canonical line: exact bytes, round trips, escapes, numbers, refusals.

use chrono::TimeZone;
use serde_json::json;

use super::canonical::{self, write_double};
use super::*;

fn event() -> StoredEvent {
    StoredEvent {
        position: 41,
        aggregate_type: "PhotoReport".to_owned(),
        aggregate_id: "0190f3a2-7c4e-7d2b-9a55-1f2e3d4c5b6a".to_owned(),
        sequence: 3,
        event_type: "PhotoReportApproved".to_owned(),
        event_version: "1.0".to_owned(),
        payload: json!({"stars": 5, "comment": "Жақсы жұмыс! Отлично <b>\"ok\"</b>\n", "points": -2,
                        "zeta": null, "alpha": [true, 1.5, {"b": 1, "a": 2}]}),
        metadata: [
            ("request_id", "r-1"),
            ("channel", "api"),
            ("actor_id", "a\u{1}b"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
        recorded_at: Utc
            .with_ymd_and_hms(2026, 5, 1, 12, 34, 56)
            .single()
            .expect("valid time")
            + chrono::Duration::microseconds(7),
    }
}

const LINE: &str = concat!(
    r#"{"position":41,"aggregate_type":"PhotoReport","aggregate_id":"0190f3a2-7c4e-7d2b-9a55-1f2e3d4c5b6a","#,
    r#""sequence":3,"event_type":"PhotoReportApproved","event_version":"1.0","#,
    r#""payload":{"alpha":[true,1.5,{"a":2,"b":1}],"comment":"Жақсы жұмыс! Отлично <b>\"ok\"</b>\n","#,
    r#""points":-2,"stars":5,"zeta":null},"#,
    r#""metadata":{"actor_id":"a\u0001b","channel":"api","request_id":"r-1"},"#,
    r#""recorded_at":"2026-05-01T12:34:56.000007Z"}"#
);

#[test]
fn an_event_encodes_to_exactly_the_documented_bytes() {
    assert_eq!(event().to_line(), LINE);
    assert_eq!(event().leaf_hash(), leaf_hash(LINE.as_bytes()));
}

#[test]
fn a_canonical_line_parses_back_to_the_same_event_and_the_same_bytes() {
    let parsed = StoredEvent::parse_line(LINE.as_bytes()).expect("canonical");
    assert_eq!(parsed, event());
    assert_eq!(parsed.to_line(), LINE);
}

#[test]
fn the_key_order_and_whitespace_of_the_input_do_not_matter() {
    let shuffled = r#" { "recorded_at" : "2026-05-01T14:34:56.000007+02:00", "metadata": {"request_id":"r-1",
        "channel":"api","actor_id":"a\u0001b"}, "payload": {"zeta":null,"stars":5,"points":-2,
        "comment":"\u0416\u0430\u049b\u0441\u044b \u0436\u04b1\u043c\u044b\u0441! Отлично \u003cb>\"ok\"</b>\n",
        "alpha":[true,15e-1,{"b":1,"a":2}]}, "event_version":"1.0", "event_type":"PhotoReportApproved",
        "sequence":3, "aggregate_id":"0190f3a2-7c4e-7d2b-9a55-1f2e3d4c5b6a",
        "aggregate_type":"PhotoReport", "position":41 } "#;
    let parsed = StoredEvent::from_json(shuffled.as_bytes()).expect("a stored event");
    assert_eq!(parsed.to_line(), LINE);
    assert!(matches!(
        StoredEvent::parse_line(shuffled.as_bytes()),
        Err(LeafError::NotCanonical { offset: 0 })
    ));
}

#[test]
fn kazakh_and_russian_text_stays_raw_utf8() {
    let line = event().to_line();
    assert!(line.contains("Жақсы жұмыс! Отлично"));
    assert!(!line.contains("\\u04"));
    assert!(line.as_bytes().windows(2).any(|w| w == "қ".as_bytes()));
}

#[test]
fn strings_escape_only_quote_backslash_and_control_characters() {
    let cases = [
        ("<>&'/", r#""<>&'/""#),
        ("\"\\", r#""\"\\""#),
        ("\u{8}\t\n\u{c}\r", r#""\b\t\n\f\r""#),
        ("\u{0}\u{1}\u{1f}", r#""\u0000\u0001\u001f""#),
        ("\u{7f}\u{2028}\u{2029}é😀", "\"\u{7f}\u{2028}\u{2029}é😀\""),
    ];
    for (text, want) in cases {
        let mut out = String::new();
        canonical::write_string(&mut out, text);
        assert_eq!(out, want, "{text:?}");
    }
}

#[test]
fn strings_are_escaped_exactly_as_serde_json_writes_them() {
    let text: String = (0u32..0x3000).filter_map(char::from_u32).collect();
    let mut ours = String::new();
    canonical::write_string(&mut ours, &text);
    assert_eq!(ours, serde_json::to_string(&text).expect("serialisable"));
}

#[test]
fn object_keys_are_sorted_by_their_utf8_bytes_at_every_depth() {
    let value = json!({"b": {"z": 1, "a": 2}, "a": [{"y": 0, "x": 0}], "Я": 0, "Z": 0, "\u{e000}": 0, "😀": 0});
    assert_eq!(
        canonical::to_string(&value),
        "{\"Z\":0,\"a\":[{\"x\":0,\"y\":0}],\"b\":{\"a\":2,\"z\":1},\"Я\":0,\"\u{e000}\":0,\"😀\":0}"
    );
}

#[test]
fn integers_are_exact_and_doubles_follow_ecmascript() {
    assert_eq!(
        canonical::to_string(&json!([0, -5, u64::MAX, i64::MIN])),
        "[0,-5,18446744073709551615,-9223372036854775808]"
    );
    // Expected strings: node's `String(x)` for each double.
    let cases: [(f64, &str); 19] = [
        (0.0, "0"),
        (-0.0, "0"),
        (5e-324, "5e-324"),
        (-5e-324, "-5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (1e21, "1e+21"),
        (999999999999999700000.0, "999999999999999700000"),
        (1e23, "1e+23"),
        (9.999999999999997e22, "9.999999999999997e+22"),
        (9007199254740992.0, "9007199254740992"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (333333333.3333333, "333333333.3333333"),
        (43.238949, "43.238949"),
        (5.0, "5"),
        (-12.75, "-12.75"),
        (123e-20, "1.23e-18"),
        (295147905179352830000.0, "295147905179352830000"),
    ];
    for (value, want) in cases {
        let mut out = String::new();
        write_double(&mut out, value);
        assert_eq!(out, want, "{value:e}");
    }
}

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
