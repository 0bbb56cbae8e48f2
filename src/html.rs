//! Text made safe for HTML and XML: escaping markup, and replacing the characters
//! neither may hold.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Copies the runs between escaped bytes whole; every escaped byte is ASCII, so each
    // run ends on a character boundary.
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// Whether `c` must not reach any output: C0 controls but tab and line ends, DEL, C1
/// controls, and the noncharacters U+FFFE and U+FFFF. XML forbids most of them (a feed or
/// sitemap holding one is not XML at all), and a terminal obeys them.
pub(crate) fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Whether `text` holds a [forbidden](is_forbidden_char) character. Each one is a byte
/// below 0x20 (but tab and line ends) or 0x7F, or starts with 0xC2 (C1 controls) or 0xEF
/// (U+FFFE, U+FFFF), so a scan of bytes clears most texts without decoding a character:
/// every page's whole text passes through here.
pub(crate) fn has_forbidden(text: &str) -> bool {
    // Whole chunks folded without an early exit, so that the compiler can vectorise them.
    let suspect = |chunk: &[u8]| {
        chunk.iter().fold(false, |seen, &b| {
            seen | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
                | (b == 0x7F)
                | (b == 0xC2)
                | (b == 0xEF)
        })
    };
    text.as_bytes().chunks(64).any(suspect) && text.contains(is_forbidden_char)
}

/// Replaces every [forbidden](is_forbidden_char) character of `text` with U+FFFD, and
/// returns the byte offset of the first one, or `None` when there was none.
pub(crate) fn replace_forbidden(text: &mut String) -> Option<usize> {
    if !has_forbidden(text) {
        return None;
    }
    let first = text.find(is_forbidden_char)?;
    let replaced: String = text
        .chars()
        .map(|c| if is_forbidden_char(c) { '\u{FFFD}' } else { c })
        .collect();
    *text = replaced;
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_escapes_markup_and_keeps_other_text() {
        assert_eq!(
            escape(r#"Café <b>"x" & 'ü'</b> — ok"#),
            "Café &lt;b&gt;&quot;x&quot; &amp; &#39;ü&#39;&lt;/b&gt; — ok"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn forbidden_characters_become_replacement_characters() {
        let mut text =
            "tab\tline\nesc\x1b del\x7f c1\u{85}\u{9f} \u{fffe}\u{ffff} ok é".to_string();
        assert_eq!(replace_forbidden(&mut text), Some(12));
        assert_eq!(
            text,
            "tab\tline\nesc\u{fffd} del\u{fffd} c1\u{fffd}\u{fffd} \u{fffd}\u{fffd} ok é"
        );
        let mut clean = "nothing here".to_string();
        assert_eq!(replace_forbidden(&mut clean), None);
        assert_eq!(clean, "nothing here");
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_scan() {
        let samples = [
            "plain",
            "tab\tand\nlines\r\n",
            "esc \u{1b}[31m",
            "del \u{7f}",
            "c1 \u{85}",
            "nbsp\u{a0}© «»",
            "\u{feff}bom",
            "ﬁ ligature",
            "\u{fffe}",
            "\u{ffff}",
            "\u{fffd}",
            "café — 日本語",
            "",
        ];
        for text in samples {
            assert_eq!(
                has_forbidden(text),
                text.contains(is_forbidden_char),
                "{text:?}"
            );
        }
    }
}
