//! What a language changes in search: its stemmer, its stop words, the elided words
//! split off the front of a word (`l'entretien` → `entretien`), and whether a trailing
//! possessive `'s` is dropped, and the irregular forms read as their base word before
//! stemming ([`super::forms`]). An index is built in one language; a site written in
//! several would build one index per language, each with its own [`Language`].

use rust_stemmers::Algorithm;

use super::{forms, stop_words};

/// The word rules of one language.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    /// The primary subtag of the site's language tag, lowercase (`fr` for `fr-CA`).
    pub(crate) code: String,
    /// The Snowball stemmer, for the languages `rust-stemmers` covers.
    pub(crate) stemmer: Option<Algorithm>,
    /// Folded stop words, sorted: not indexed as words, but kept in phrases.
    pub(crate) stop: &'static [&'static str],
    /// Folded words that are written elided before an apostrophe (`l`, `qu`, `dell`),
    /// sorted: a word `X'Y` whose `X` is one of them is indexed as `Y`.
    pub(crate) elisions: &'static [&'static str],
    /// Whether a trailing `'s` is a possessive to drop (`boss's` → `boss`).
    pub(crate) possessive: bool,
    /// Irregular forms and their base words (`took` → `take`), sorted by form: each is
    /// stemmed as its base word.
    pub(crate) forms: &'static [(&'static str, &'static str)],
    /// Inflectional endings, longest first: two words that are the same once one ending
    /// is cut from each are forms of one word (see [`Language::same_word`]).
    pub(crate) endings: &'static [&'static str],
}

/// French elisions: articles, pronouns and conjunctions that drop their vowel.
const FRENCH_ELISIONS: &[&str] = &[
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "puisqu", "qu", "quoiqu", "s", "t",
];
/// Italian elisions: articles, articulated prepositions and demonstratives.
const ITALIAN_ELISIONS: &[&str] = &[
    "all", "c", "coll", "d", "dall", "dell", "l", "m", "nell", "quell", "quest", "s", "sull", "t",
    "un", "v",
];
/// English endings: plurals and verb forms, and a final `e` (`promote`, `promoted`).
const ENGLISH_ENDINGS: &[&str] = &["ing", "es", "ed", "e", "s"];
/// French endings: plurals and feminines.
const FRENCH_ENDINGS: &[&str] = &["es", "e", "s", "x"];
/// German endings: plurals and declensions.
const GERMAN_ENDINGS: &[&str] = &["en", "er", "es", "em", "e", "n", "s"];
/// Spanish endings: plurals.
const SPANISH_ENDINGS: &[&str] = &["es", "s"];
/// Catalan elisions: articles, the preposition `de` and weak pronouns.
const CATALAN_ELISIONS: &[&str] = &["d", "l", "m", "n", "s", "t"];

impl Language {
    /// The rules for a BCP 47 tag (`en`, `fr-CA`, `pt_BR`); a language without a stemmer
    /// gets its words unstemmed, and no stop words unless listed.
    pub(crate) fn of(tag: &str) -> Language {
        let code = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let stemmer = match code.as_str() {
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "nl" => Some(Algorithm::Dutch),
            "en" => Some(Algorithm::English),
            "fi" => Some(Algorithm::Finnish),
            "fr" => Some(Algorithm::French),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "no" | "nb" | "nn" => Some(Algorithm::Norwegian),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "es" => Some(Algorithm::Spanish),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        let elisions: &[&str] = match code.as_str() {
            "fr" => FRENCH_ELISIONS,
            "it" => ITALIAN_ELISIONS,
            "ca" => CATALAN_ELISIONS,
            _ => &[],
        };
        let endings: &[&str] = match code.as_str() {
            "en" => ENGLISH_ENDINGS,
            "fr" => FRENCH_ENDINGS,
            "de" => GERMAN_ENDINGS,
            "es" => SPANISH_ENDINGS,
            _ => &[],
        };
        Language {
            stop: stop_words::of(&code),
            endings,
            possessive: code == "en",
            forms: forms::of(&code),
            stemmer,
            elisions,
            code,
        }
    }

    /// English, the language of a site that names none.
    pub(crate) fn english() -> Language {
        Language::of("en")
    }

    /// Whether a folded word is a stop word.
    pub(crate) fn is_stop(&self, folded: &str) -> bool {
        self.stop.binary_search(&folded).is_ok()
    }

    /// Whether two folded words are forms of one word by the language's endings
    /// (`assigns`, `assign`; `promoted`, `promote`; `bosses`, `boss`): the same once the
    /// first ending of [`Language::endings`] each has is cut, leaving three characters at
    /// least, or one of them the other with its ending cut. The
    /// browser has no stemmer; this is how it knows a word the site never uses.
    pub(crate) fn same_word(&self, a: &str, b: &str) -> bool {
        if self.endings.is_empty() {
            return false;
        }
        let (x, y) = (self.without_ending(a), self.without_ending(b));
        x == y || x == b || a == y
    }

    /// `word` without the first of the language's endings it has, when three characters
    /// at least are left.
    fn without_ending<'w>(&self, word: &'w str) -> &'w str {
        for ending in self.endings {
            if let Some(rest) = word.strip_suffix(ending) {
                if rest.chars().count() >= 3 {
                    return rest;
                }
            }
        }
        word
    }

    /// Whether a folded word is written elided before an apostrophe.
    pub(crate) fn is_elision(&self, folded: &str) -> bool {
        self.elisions.binary_search(&folded).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_choose_the_rules() {
        assert_eq!(Language::of("fr-CA").stemmer, Some(Algorithm::French));
        assert_eq!(Language::of("pt_BR").code, "pt");
        assert_eq!(Language::of("EN").stemmer, Some(Algorithm::English));
        let ca = Language::of("ca");
        assert!(ca.stemmer.is_none() && ca.is_elision("l") && ca.stop.is_empty());
        assert!(Language::of("").stemmer.is_none());
        assert!(Language::english().possessive && !Language::of("fr").possessive);
    }

    #[test]
    fn endings_make_forms_of_one_word() {
        let en = Language::english();
        assert!(en.same_word("assigns", "assign"));
        assert!(en.same_word("promoted", "promote"));
        assert!(en.same_word("notices", "noticed"));
        assert!(en.same_word("thank", "thanks"));
        assert!(en.same_word("bosses", "boss"));
        // Three characters stay: `uses` is not a form of `us`.
        assert!(!en.same_word("uses", "us"));
        assert!(!en.same_word("assigns", "assist"));
        assert!(Language::of("fr").same_word("grandes", "grand"));
        assert!(Language::of("de").same_word("kollegen", "kollege"));
        // A language without endings knows no forms beyond the word itself.
        assert!(!Language::of("fi").same_word("talot", "talo"));
    }

    #[test]
    fn elision_lists_are_sorted() {
        for list in [FRENCH_ELISIONS, ITALIAN_ELISIONS, CATALAN_ELISIONS] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list);
        }
    }
}
