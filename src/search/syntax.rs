//! The query syntax: plain words, quoted phrases and left-out words, read into folded
//! words of the index's language. `search.js` reads queries the same way (its `parse`).
//!
//! - A quote (`"`, `“`, `”`, `„`, `«` or `»`) opens a phrase and the next one closes it;
//!   an unclosed phrase runs to the end. Inside, every word counts, stop words too.
//! - Outside phrases, a word written right after a `-` that starts the query or follows
//!   whitespace is left out (`-salary`); in `one-to-one` nothing is.
//! - Every other word is a plain word.
//!
//! The search box reads a query still being typed ([`parse_typed`]): the last word of an
//! unclosed phrase, with nothing after it, is being typed and is left out until a space
//! follows it or the phrase is closed. A phrase asks for its words as written, so a
//! prefix would find pages without the phrase; and its words are looked up as pairs,
//! each prefix of a word being typed another pair in another phrase shard. So the box
//! waits while the only word it has is the first word of a phrase ([`box_searches`]).

use unicode_segmentation::UnicodeSegmentation;

use super::language::Language;
use super::text::fold_word;

/// One part of a query, in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// A plain word, folded.
    Word(String),
    /// A quoted phrase's words, folded, stop words included.
    Phrase(Vec<String>),
    /// A word whose pages are left out.
    Exclude(String),
}

/// Whether `c` opens or closes a phrase.
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}'
    )
}

/// Whether the search box searches for `text`: once it has [`super::BOX_MIN_CHARS`]
/// characters, its quotes aside (`"ma` is two letters, which complete to too much), and
/// something besides a phrase's first word being typed (`"manag`).
pub fn box_searches(text: &str) -> bool {
    let text = text.trim();
    if text.chars().filter(|&c| !is_quote(c)).count() < super::BOX_MIN_CHARS {
        return false;
    }
    let pieces: Vec<&str> = text.split(is_quote).collect();
    // An even number of pieces: the last is an unclosed phrase.
    let typing_first_word = pieces.len().is_multiple_of(2)
        && pieces[..pieces.len() - 1]
            .iter()
            .all(|p| !p.chars().any(char::is_alphanumeric))
        && !pieces[pieces.len() - 1]
            .trim()
            .contains(char::is_whitespace);
    !typing_first_word
}

/// The parts of the query `text`, words folded in `lang`.
pub(crate) fn parse(text: &str, lang: &Language) -> Vec<Part> {
    read(text, lang, false)
}

/// The parts of the query `text` as the search box reads it while it is typed: an
/// unclosed phrase's last word, when the text ends with it, is left out.
pub(crate) fn parse_typed(text: &str, lang: &Language) -> Vec<Part> {
    read(text, lang, true)
}

/// The parts of `text`; `typed`: as [`parse_typed`] reads them.
fn read(text: &str, lang: &Language, typed: bool) -> Vec<Part> {
    let mut parts = Vec::new();
    let pieces: Vec<&str> = text.split(is_quote).collect();
    for (n, &piece) in pieces.iter().enumerate() {
        let words = piece
            .unicode_word_indices()
            .filter_map(|(at, w)| fold_word(w, lang).map(|f| (at, w.len(), f)));
        if n % 2 == 1 {
            let mut words: Vec<(usize, usize, String)> = words.collect();
            // The last piece is an unclosed phrase; its last word is being typed when
            // nothing follows it.
            let typing = typed
                && n + 1 == pieces.len()
                && words
                    .last()
                    .is_some_and(|(at, len, _)| at + len == piece.len());
            if typing {
                words.pop();
            }
            if !words.is_empty() {
                parts.push(Part::Phrase(words.into_iter().map(|(_, _, w)| w).collect()));
            }
            continue;
        }
        for (at, _, w) in words {
            let mut before = piece[..at].chars().rev();
            let excluded =
                before.next() == Some('-') && before.next().is_none_or(char::is_whitespace);
            parts.push(if excluded {
                Part::Exclude(w)
            } else {
                Part::Word(w)
            });
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use Part::*;

    fn en(text: &str) -> Vec<Part> {
        parse(text, &Language::english())
    }

    #[test]
    fn phrases_exclusions_and_words() {
        assert_eq!(
            en("\"Managing up\" -salary tips"),
            [
                Phrase(vec!["managing".into(), "up".into()]),
                Exclude("salary".into()),
                Word("tips".into())
            ]
        );
        // Hyphens inside words do not exclude; an unclosed phrase runs to the end.
        assert_eq!(
            en("one-to-one “ask for"),
            [
                Word("one".into()),
                Word("to".into()),
                Word("one".into()),
                Phrase(vec!["ask".into(), "for".into()])
            ]
        );
        assert_eq!(en("-"), []);
        assert_eq!(en("\"\" x"), [Word("x".into())]);
    }

    #[test]
    fn the_box_leaves_out_an_open_phrase_s_word_being_typed() {
        let typed = |text: &str| parse_typed(text, &Language::english());
        let phrase = |ws: &[&str]| Phrase(ws.iter().map(|w| w.to_string()).collect());
        assert_eq!(typed("\"man"), []);
        assert_eq!(typed("\"managing u"), [phrase(&["managing"])]);
        assert_eq!(
            typed("x “ask for a ra"),
            [Word("x".into()), phrase(&["ask", "for", "a"])]
        );
        // A space after it, or the closing quote, and it is the phrase's.
        assert_eq!(typed("\"managing up "), [phrase(&["managing", "up"])]);
        assert_eq!(typed("\"managing up\""), [phrase(&["managing", "up"])]);
        assert_eq!(typed("\"managing up\" x"), en("\"managing up\" x"));
        assert_eq!(typed("\"managing up."), [phrase(&["managing", "up"])]);
        // The results page reads the whole phrase.
        assert_eq!(en("\"managing u"), [phrase(&["managing", "u"])]);
    }

    #[test]
    fn the_box_waits_for_more_than_a_phrase_s_first_word() {
        for waits in [
            "ma",
            "\"ma",
            " «ma» ",
            "\"manag",
            " \"managing ",
            "“managing",
        ] {
            assert!(!box_searches(waits), "{waits}");
        }
        for searches in [
            "man",
            "\"man\"",
            "\"managing u",
            "boss \"manag",
            "\"a b\" \"c",
        ] {
            assert!(box_searches(searches), "{searches}");
        }
    }

    #[test]
    fn phrases_follow_the_language() {
        assert_eq!(
            parse("«l'entretien d'embauche» -salaire", &Language::of("fr")),
            [
                Phrase(vec!["entretien".into(), "embauche".into()]),
                Exclude("salaire".into())
            ]
        );
    }
}
