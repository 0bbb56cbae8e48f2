//! Escaping text for HTML and XML.

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
}
