//! The query syntax: plain words, quoted phrases and left-out words, read into folded
//! words of the index's language. `search.js` reads queries the same way (its `parse`).
//!
//! - A quote (`"`, `“`, `”`, `„`, `«` or `»`) opens a phrase and the next one closes it;
//!   an unclosed phrase runs to the end. Inside, every word counts, stop words too.
//! - Outside phrases, a word written right after a `-` that starts the query or follows
//!   whitespace is left out (`-salary`); in `one-to-one` nothing is.
//! - Every other word is a plain word.

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

/// The parts of the query `text`, words folded in `lang`.
pub(crate) fn parse(text: &str, lang: &Language) -> Vec<Part> {
    let mut parts = Vec::new();
    for (n, piece) in text.split(is_quote).enumerate() {
        let words = piece
            .unicode_word_indices()
            .filter_map(|(at, w)| fold_word(w, lang).map(|f| (at, f)));
        if n % 2 == 1 {
            let words: Vec<String> = words.map(|(_, w)| w).collect();
            if !words.is_empty() {
                parts.push(Part::Phrase(words));
            }
            continue;
        }
        for (at, w) in words {
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
