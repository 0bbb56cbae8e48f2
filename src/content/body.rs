//! A page's body, its Markdown rendered as HTML, held compressed. Every body is made
//! when the site loads and read when its page is rendered and when the search index
//! counts its words; in between, at 10,000 pages, the bodies are 47 MB as text and
//! about half that as LZ4 blocks, which unpack at gigabytes a second.

use std::borrow::Cow;
use std::fmt;

/// Below this size a body is kept as it is: compressing it would save next to nothing.
const SMALL: usize = 256;

/// A page's body (HTML), compressed when that makes it smaller.
#[derive(Clone, PartialEq, Eq)]
pub struct Body(Held);

#[derive(Clone, PartialEq, Eq)]
enum Held {
    /// The text as it is.
    Plain(Box<str>),
    /// The text as an LZ4 block, and its length in bytes.
    Compressed { bytes: Box<[u8]>, len: usize },
}

impl Body {
    /// Holds `html`, compressed when that makes it smaller. The same text always makes
    /// the same body, so bodies compare as their texts do.
    pub fn new(html: &str) -> Body {
        if html.len() >= SMALL {
            let compressed = lz4_flex::block::compress(html.as_bytes());
            if compressed.len() < html.len() {
                return Body(Held::Compressed {
                    // A copy gives back the slack of the buffer, sized for the worst case.
                    bytes: Box::from(compressed.as_slice()),
                    len: html.len(),
                });
            }
        }
        Body(Held::Plain(Box::from(html)))
    }

    /// The HTML.
    pub fn html(&self) -> Cow<'_, str> {
        match &self.0 {
            Held::Plain(text) => Cow::Borrowed(text),
            Held::Compressed { bytes, len } => {
                // Only `new` makes these bytes, from text: they unpack to text.
                let unpacked = lz4_flex::block::decompress(bytes, *len)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .expect("a body unpacks to the text it was packed from");
                Cow::Owned(unpacked)
            }
        }
    }

    /// The length of the HTML in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Held::Plain(text) => text.len(),
            Held::Compressed { len, .. } => *len,
        }
    }

    /// Whether the body has no HTML at all.
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

impl Default for Body {
    fn default() -> Body {
        Body(Held::Plain(Box::from("")))
    }
}

impl From<String> for Body {
    fn from(html: String) -> Body {
        Body::new(&html)
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.html(), f)
    }
}

impl PartialEq<str> for Body {
    fn eq(&self, other: &str) -> bool {
        self.len() == other.len() && self.html() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_body_is_held_compressed_and_comes_back_whole() {
        let html = "<p>Ask for the raise in writing, and say what you did.</p>\n".repeat(100);
        let body = Body::new(&html);
        assert!(body.held() < html.len() / 4, "{} bytes held", body.held());
        assert_eq!(body.len(), html.len());
        assert_eq!(body.html(), html);
        assert_eq!(body, Body::from(html.clone()));
        assert!(body == *html.as_str());
        assert!(body != *html.replace("raise", "rise").as_str());
    }

    #[test]
    fn short_or_incompressible_bodies_are_held_as_they_are() {
        for html in [
            String::new(),
            "<p>Short.</p>".to_string(),
            // Text that LZ4 cannot shrink: no four bytes repeat.
            (0u32..400)
                .map(|n| char::from_u32(0x4e00 + n * 7).unwrap_or('x'))
                .collect(),
        ] {
            let body = Body::new(&html);
            assert_eq!(body.held(), html.len());
            assert_eq!(body.html(), html);
            assert!(matches!(body.html(), Cow::Borrowed(_)));
            assert_eq!(body.is_empty(), html.is_empty());
        }
        assert_eq!(Body::default(), Body::new(""));
    }

    #[test]
    fn bodies_of_different_texts_differ() {
        let a = "<p>One.</p>".repeat(50);
        let b = "<p>Two.</p>".repeat(50);
        assert_ne!(Body::new(&a), Body::new(&b));
        assert_ne!(Body::new(&a), Body::new(&a[..a.len() - 1]));
    }
}
