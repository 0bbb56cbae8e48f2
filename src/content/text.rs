//! Text a site holds for long, compressed: each page's body as HTML, made when the site
//! loads and read when its page is rendered and when the search index counts its words
//! (at 10,000 pages 47 MB as text, 13 MB as LZ4 blocks, which unpack at gigabytes a
//! second); and, while `ladder serve` runs, each page's Markdown source, read again only
//! for the pages an edit renders again.

use std::borrow::Cow;
use std::fmt;

/// Below this size text is kept as it is: compressing it would save next to nothing.
const SMALL: usize = 256;

/// Text held as it is or compressed, read as a whole with [`Text::text`].
#[derive(Clone)]
pub struct Text(Held);

#[derive(Clone)]
enum Held {
    /// The text as it is.
    Plain(String),
    /// The text as an LZ4 block, and its length in bytes.
    Compressed { bytes: Box<[u8]>, len: usize },
}

impl Text {
    /// Holds `text` as it is: reading it costs nothing.
    pub fn new(text: String) -> Text {
        Text(Held::Plain(text))
    }

    /// Holds `text` compressed when that makes it smaller.
    pub fn packed(text: &str) -> Text {
        match compress(text) {
            Some(held) => Text(held),
            None => Text(Held::Plain(text.to_string())),
        }
    }

    /// Compresses text held as it is, when that makes it smaller.
    pub fn pack(&mut self) {
        if let Held::Plain(text) = &self.0 {
            if let Some(held) = compress(text) {
                self.0 = held;
            }
        }
    }

    /// The text.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Held::Plain(text) => Cow::Borrowed(text),
            Held::Compressed { bytes, len } => {
                // Only `compress` makes these bytes, from text: they unpack to text.
                let unpacked = lz4_flex::block::decompress(bytes, *len)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .expect("text unpacks to the text it was packed from");
                Cow::Owned(unpacked)
            }
        }
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Held::Plain(text) => text.len(),
            Held::Compressed { len, .. } => *len,
        }
    }

    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes held: the compressed size, or the text's.
    pub fn held(&self) -> usize {
        match &self.0 {
            Held::Plain(text) => text.len(),
            Held::Compressed { bytes, .. } => bytes.len(),
        }
    }
}

/// `text` as an LZ4 block, when it is long enough and that is smaller.
fn compress(text: &str) -> Option<Held> {
    if text.len() < SMALL {
        return None;
    }
    let compressed = lz4_flex::block::compress(text.as_bytes());
    (compressed.len() < text.len()).then(|| Held::Compressed {
        // A copy gives back the slack of the buffer, sized for the worst case.
        bytes: Box::from(compressed.as_slice()),
        len: text.len(),
    })
}

impl Default for Text {
    fn default() -> Text {
        Text::new(String::new())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::new(text)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        match (&self.0, &other.0) {
            (Held::Plain(a), Held::Plain(b)) => a == b,
            // The same text always compresses to the same bytes.
            (Held::Compressed { bytes: a, len: m }, Held::Compressed { bytes: b, len: n }) => {
                m == n && a == b
            }
            _ => self.len() == other.len() && self.text() == other.text(),
        }
    }
}

impl Eq for Text {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_held_compressed_and_comes_back_whole() {
        let html = "<p>Ask for the raise in writing, and say what you did.</p>\n".repeat(100);
        let text = Text::packed(&html);
        assert!(text.held() < html.len() / 4, "{} bytes held", text.held());
        assert_eq!(text.len(), html.len());
        assert_eq!(text.text(), html);
        assert_ne!(text, Text::packed(&html.replace("raise", "rise")));
        // Held as it is and compressed, the same text is equal.
        let mut plain = Text::new(html.clone());
        assert_eq!(plain.held(), html.len());
        assert_eq!(plain, text);
        plain.pack();
        assert_eq!(plain.held(), text.held());
        assert_eq!(plain, text);
        assert_eq!(plain.text(), html);
    }

    #[test]
    fn short_or_incompressible_text_is_held_as_it_is() {
        for html in [
            String::new(),
            "<p>Short.</p>".to_string(),
            // Text that LZ4 cannot shrink: no four bytes repeat.
            (0u32..400)
                .map(|n| char::from_u32(0x4e00 + n * 7).unwrap_or('x'))
                .collect(),
        ] {
            let text = Text::packed(&html);
            assert_eq!(text.held(), html.len());
            assert_eq!(text.text(), html);
            assert!(matches!(text.text(), Cow::Borrowed(_)));
            assert_eq!(text.is_empty(), html.is_empty());
            let mut plain = Text::from(html.clone());
            plain.pack();
            assert!(matches!(plain.text(), Cow::Borrowed(_)));
        }
        assert_eq!(Text::default(), Text::packed(""));
    }

    #[test]
    fn different_texts_differ() {
        let a = "<p>One.</p>".repeat(50);
        let b = "<p>Two.</p>".repeat(50);
        assert_ne!(Text::packed(&a), Text::packed(&b));
        assert_ne!(Text::packed(&a), Text::packed(&a[..a.len() - 1]));
        assert_ne!(Text::packed(&a), Text::new(b.clone()));
        assert_ne!(Text::new(a), Text::new(b));
    }
}
