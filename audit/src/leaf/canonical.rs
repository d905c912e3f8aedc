//! The canonical JSON writer used inside a line.
//!
//! - **Objects**: members sorted by the UTF-8 bytes of their keys (= Unicode code point order;
//!   RFC 8785 JCS sorts by UTF-16 code units instead, which differs only for keys with
//!   characters above U+FFFF next to characters U+E000–U+FFFF), written `{"k":v,…}`.
//! - **Arrays**: in order, `[a,b]`.
//! - **Numbers**: an integer that fits in `i64` or `u64` is written exactly in plain decimal
//!   (`-5`, `0`, `18446744073709551615`); any other number is an IEEE 754 double written as
//!   ECMAScript's `Number.prototype.toString` does (RFC 8785 §3.2.2.3): the shortest digits that
//!   read back as the same double, in plain notation when the decimal exponent is in
//!   [-6, 21), else as `d.ddde±x` (`43.238949`, `5`, `0.000001`, `1e-7`, `1e+21`, `-5e-324`).
//!   Our own rule, so a serde_json upgrade cannot change a leaf.
//! - **Strings**: `"` and `\` as `\"` and `\\`; U+0008, U+0009, U+000A, U+000C, U+000D as `\b`,
//!   `\t`, `\n`, `\f`, `\r`; every other character below U+0020 as `\u00XX` with lower-case hex;
//!   everything else, including `<`, `>`, `&`, `'`, U+007F, U+2028 and all non-ASCII text, as
//!   its raw UTF-8 bytes. This is exactly what serde_json writes.
//! - `true`, `false`, `null`; no whitespace anywhere outside strings.

use std::fmt::Write as _;

use serde_json::Value;

/// Appends the canonical encoding of `value`.
pub fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => out.push_str(&u.to_string()),
            (None, Some(i), _) => out.push_str(&i.to_string()),
            (None, None, Some(f)) => write_double(out, f),
            (None, None, None) => unreachable!("a serde_json number is an integer or a double"),
        },
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// Appends a finite double as ECMAScript's `Number.prototype.toString` writes it.
pub fn write_double(out: &mut String, value: f64) {
    if value == 0.0 {
        out.push('0');
        return;
    }
    if value < 0.0 {
        out.push('-');
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `d[.ddd]e<exp>`.
    let sci = format!("{:e}", value.abs());
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().expect("`{:e}` has a decimal exponent");
    let k = i32::try_from(digits.len()).expect("at most 17 digits");
    let n = exp + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        out.push_str(&(n - 1).abs().to_string());
    }
}

/// Appends `text` as a canonical JSON string (quotes included).
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < '\u{20}' => {
                write!(out, "\\u{:04x}", u32::from(c)).expect("writing to a String cannot fail");
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The canonical encoding of `value` as a string.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}
