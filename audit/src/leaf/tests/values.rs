//! How values are written: raw UTF-8 text, the few escapes, sorted keys, exact integers and
//! ECMAScript doubles.

use super::*;

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
