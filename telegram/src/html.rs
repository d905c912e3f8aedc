//! HTML parse mode: escaping user text and cutting it to a limit.
//!
//! Telegram measures limits on the text *after* entity parsing, in UTF-16 code units. Cut a user's
//! text first (plain, measured as Telegram measures), then escape it: the visible length is then
//! the cut length, whatever the escaping adds to the bytes.

use std::borrow::Cow;

/// Escapes `&`, `<`, `>` and `"` (the last for attribute values), so user text shows literally.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The length of plain text as Telegram counts it (UTF-16 code units).
pub fn visible_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Cuts plain `text` to at most `max` UTF-16 units at a character boundary, ending in `…` when
/// cut; text within the limit is returned as it is.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    if visible_len(text) <= max {
        return Cow::Borrowed(text);
    }
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    for (index, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = index + c.len_utf8();
    }
    Cow::Owned(format!("{}…", text[..end].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_is_shown_literally() {
        assert_eq!(
            escape("<b>Tom & Jerry</b> \"x\""),
            "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; &quot;x&quot;"
        );
    }

    #[test]
    fn short_text_is_not_cut_and_long_text_ends_in_an_ellipsis() {
        assert!(matches!(cut("Парк", 4), Cow::Borrowed("Парк")));
        assert_eq!(cut("Парк Горького", 6), "Парк…");
    }

    #[test]
    fn emoji_count_as_two_units_and_are_never_split() {
        assert_eq!(visible_len("🌳"), 2);
        assert_eq!(cut("🌳🌳🌳", 4), "🌳…");
    }

    #[test]
    fn a_cut_text_fits_its_limit_and_is_a_prefix() {
        let alphabet: Vec<char> = "aЖ🌳 &<ә".chars().collect();
        let mut seed = 7u64;
        for _ in 0..2000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 33) as usize % 80;
            let text: String = (0..len)
                .map(|i| alphabet[(seed >> (i % 40)) as usize % alphabet.len()])
                .collect();
            let max = 1 + (seed >> 20) as usize % 60;
            let cut = cut(&text, max);
            assert!(visible_len(&cut) <= max, "{text:?} cut to {max}: {cut:?}");
            assert!(text.starts_with(cut.trim_end_matches('…').trim_end()));
        }
    }
}
