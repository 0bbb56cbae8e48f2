//! Generated files held compressed: the search index, the generated list pages, the
//! feeds (pages themselves are rendered at each request). Compressed with LZ4 against a
//! dictionary of a few list pages, what the pages repeat costs next to nothing. Each
//! request unpacks the file it asks for (in microseconds), and browsers get the same
//! bytes as ever. LZ4 rather than deflate: it packs four times as fast, so that neither
//! the first build nor the search index is held up.

use std::io;
use std::sync::Arc;

/// Below this size a file is kept as it is: compressing it would save next to nothing.
const SMALL: usize = 256;
/// How much of the sampled pages a dictionary holds: all that LZ4 looks back over.
const DICTIONARY: usize = 64 * 1024;
/// How many pages a dictionary is sampled from.
const SAMPLES: usize = 6;

/// Text that every packed file may refer back to as if it came first: a few pages, so
/// that what all pages repeat (the head, the menus, the footer) costs next to nothing.
/// Each packed file holds the dictionary it was packed with.
#[derive(Clone, Default)]
pub(super) struct Dictionary(Arc<[u8]>);

impl Dictionary {
    /// A dictionary of [`SAMPLES`] of the HTML pages among `files` (output path, bytes),
    /// spread over them in the order of their paths.
    pub(super) fn sample<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> Dictionary {
        let mut pages: Vec<_> = files.filter(|(path, _)| path.ends_with(".html")).collect();
        pages.sort_unstable_by_key(|(path, _)| *path);
        let step = (pages.len() / SAMPLES).max(1);
        let mut text = Vec::new();
        for (_, bytes) in pages.iter().step_by(step).take(SAMPLES) {
            text.extend_from_slice(bytes);
        }
        let start = text.len().saturating_sub(DICTIONARY);
        Dictionary(Arc::from(&text[start..]))
    }
}

/// A file's bytes, compressed when that makes them smaller.
pub(super) enum Packed {
    /// The bytes as they are.
    Plain(Box<[u8]>),
    /// The bytes compressed (an LZ4 block against `dictionary`), and how many there are
    /// unpacked.
    Compressed {
        bytes: Box<[u8]>,
        len: usize,
        dictionary: Dictionary,
    },
}

impl Packed {
    /// Packs `bytes` against `dictionary`, each kind in an allocation of its own size.
    pub(super) fn new(bytes: Vec<u8>, dictionary: &Dictionary) -> Packed {
        if bytes.len() >= SMALL {
            let compressed = lz4_flex::block::compress_with_dict(&bytes, &dictionary.0);
            if compressed.len() < bytes.len() {
                return Packed::Compressed {
                    // A copy gives back the slack of the buffer, sized for the worst
                    // case, which the allocator would keep if the buffer were shrunk.
                    bytes: Box::from(compressed.as_slice()),
                    len: bytes.len(),
                    dictionary: dictionary.clone(),
                };
            }
        }
        // Rendered text grows by doubling, so its buffer may be twice its length.
        Packed::Plain(Box::from(bytes.as_slice()))
    }

    /// The bytes as they were given.
    pub(super) fn unpack(&self) -> io::Result<Vec<u8>> {
        match self {
            Packed::Plain(bytes) => Ok(bytes.to_vec()),
            Packed::Compressed {
                bytes,
                len,
                dictionary,
            } => match lz4_flex::block::decompress_with_dict(bytes, *len, &dictionary.0) {
                Ok(out) if out.len() == *len => Ok(out),
                Ok(_) => Err(io::Error::new(io::ErrorKind::InvalidData, "wrong length")),
                Err(e) => Err(io::Error::new(io::ErrorKind::InvalidData, e)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of the kind a theme renders: the same frame around its own text.
    fn page(n: usize) -> Vec<u8> {
        format!(
            "<!DOCTYPE html><html><head><title>Tip {n}</title><link rel=stylesheet href=/style.css></head><body><nav><a href=/>Home</a> <a href=/tips/>Tips</a> <a href=/topics/>Topics</a> <a href=/search.html>Search</a></nav><main><h1>Tip {n}</h1><p>Ask for feedback {n} times, and write down what you hear number {n}.</p></main><footer>Made with ladder. Every page has this footer.</footer></body></html>"
        )
        .into_bytes()
    }

    #[test]
    fn text_is_compressed_and_comes_back_whole() {
        let text = "<p>Ask for the raise in writing.</p>\n"
            .repeat(200)
            .into_bytes();
        let packed = Packed::new(text.clone(), &Dictionary::default());
        match &packed {
            Packed::Compressed { bytes, len, .. } => {
                assert!(bytes.len() < text.len() / 4, "{} bytes", bytes.len());
                assert_eq!(*len, text.len());
            }
            Packed::Plain(_) => panic!("repetitive text was not compressed"),
        }
        assert_eq!(packed.unpack().unwrap(), text);
    }

    #[test]
    fn a_dictionary_of_pages_shrinks_the_frame_they_share() {
        let pages: Vec<(String, Vec<u8>)> = (0..20)
            .map(|n| (format!("tips/t{n}.html"), page(n)))
            .collect();
        let files = pages.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
        let dictionary = Dictionary::sample(files.chain([("search/x.js", &b"not a page"[..])]));
        assert!(!dictionary.0.is_empty());
        assert!(!dictionary.0.windows(10).any(|w| w == b"not a page"));
        let size = |packed: &Packed| match packed {
            Packed::Compressed { bytes, .. } => bytes.len(),
            Packed::Plain(bytes) => bytes.len(),
        };
        let other = page(1234);
        let with = Packed::new(other.clone(), &dictionary);
        let without = Packed::new(other.clone(), &Dictionary::default());
        assert!(
            size(&with) * 2 < size(&without),
            "{} and {}",
            size(&with),
            size(&without)
        );
        assert_eq!(with.unpack().unwrap(), other);
        assert_eq!(without.unpack().unwrap(), other);
        // No pages, no dictionary: files are packed all the same.
        let empty = Dictionary::sample(std::iter::empty());
        assert_eq!(Packed::new(other.clone(), &empty).unpack().unwrap(), other);
    }

    #[test]
    fn small_or_incompressible_bytes_are_kept_as_they_are() {
        let none = Dictionary::default();
        let small = b"User-agent: *\n".to_vec();
        assert!(matches!(
            Packed::new(small.clone(), &none),
            Packed::Plain(_)
        ));
        assert_eq!(Packed::new(small.clone(), &none).unpack().unwrap(), small);
        // Bytes that LZ4 cannot shrink (a xorshift sequence).
        let mut x: u32 = 2463534242;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        let packed = Packed::new(noise.clone(), &none);
        assert!(matches!(packed, Packed::Plain(_)));
        assert_eq!(packed.unpack().unwrap(), noise);
        assert_eq!(
            Packed::new(Vec::new(), &none).unpack().unwrap(),
            Vec::<u8>::new()
        );
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let dictionary = Dictionary::sample([("a.html", &page(1)[..])].into_iter());
        for dictionary in [Dictionary::default(), dictionary] {
            let packed = Packed::Compressed {
                bytes: Box::from(&b"\xff\xfe not lz4"[..]),
                len: 100,
                dictionary: dictionary.clone(),
            };
            assert!(packed.unpack().is_err());
            // A length that is wrong for the bytes.
            let mut good = Packed::new(page(2), &dictionary);
            if let Packed::Compressed { len, .. } = &mut good {
                *len -= 10;
            }
            assert!(good.unpack().is_err());
        }
    }
}
