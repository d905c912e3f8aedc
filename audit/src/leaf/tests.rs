//! The canonical line: exact bytes, round trips, escapes, numbers, refusals.

use chrono::TimeZone;
use serde_json::json;

use super::canonical::{self, write_double};
use super::*;

mod refusals;
mod values;

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
