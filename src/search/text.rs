//! Text handling shared by the index builder and the query side: word segmentation,
//! folding, stop words and stemming, and plain text out of rendered HTML.
//!
//! `themes/default/static/search.js` mirrors [`tokenize`] (its `tokenize` function),
//! and reads the stop words from the manifest, so both sides agree on every word.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this (in characters) are not indexed: they are URLs, hashes or noise.
pub(crate) const MAX_WORD_CHARS: usize = 32;

/// English stop words, folded the way [`fold`] folds (apostrophes removed).
/// Sorted, so it can be searched by bisection and written as is into the manifest.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "arent",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "cannot",
    "cant",
    "could",
    "couldnt",
    "did",
    "didnt",
    "do",
    "does",
    "doesnt",
    "doing",
    "dont",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadnt",
    "has",
    "hasnt",
    "have",
    "havent",
    "having",
    "he",
    "hed",
    "hell",
    "her",
    "here",
    "heres",
    "hers",
    "herself",
    "hes",
    "him",
    "himself",
    "his",
    "how",
    "hows",
    "i",
    "id",
    "if",
    "ill",
    "im",
    "in",
    "into",
    "is",
    "isnt",
    "it",
    "its",
    "itself",
    "ive",
    "lets",
    "me",
    "more",
    "most",
    "mustnt",
    "my",
    "myself",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shant",
    "she",
    "shed",
    "shell",
    "shes",
    "should",
    "shouldnt",
    "so",
    "some",
    "such",
    "than",
    "that",
    "thats",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "theres",
    "these",
    "they",
    "theyd",
    "theyll",
    "theyre",
    "theyve",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "wasnt",
    "we",
    "wed",
    "well",
    "were",
    "werent",
    "weve",
    "what",
    "whats",
    "when",
    "whens",
    "where",
    "wheres",
    "which",
    "while",
    "who",
    "whom",
    "whos",
    "why",
    "whys",
    "will",
    "with",
    "wont",
    "would",
    "wouldnt",
    "you",
    "youd",
    "youll",
    "your",
    "youre",
    "yours",
    "yourself",
    "yourselves",
    "youve",
];

/// Whether a folded word is a stop word.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Folds one word: lowercase, compatibility decomposition with every combining mark
/// dropped (`Café` → `cafe`), a trailing possessive `'s` removed, then apostrophes and
/// periods removed (`don't` → `dont`, `e.g` → `eg`), and underscores trimmed from both ends.
#[cfg(test)]
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::new();
    fold_into(word, &mut out);
    out
}

/// [`fold`], into a buffer that is reused from word to word.
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Fast path: nothing to decompose.
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.to_lowercase().nfkd() {
            match c {
                '\u{2019}' | '\u{2018}' => out.push('\''),
                c if is_combining_mark(c) => {}
                c => out.push(c),
            }
        }
    }
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
    out.retain(|c| c != '\'' && c != '.');
    let end = out.trim_end_matches('_').len();
    out.truncate(end);
    let start = out.len() - out.trim_start_matches('_').len();
    out.drain(..start);
}

/// The words of `text`, segmented by Unicode's word boundaries and folded. Stop words
/// are kept (the caller decides); empty and over-long words are dropped.
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    each_word(text, &mut String::new(), |w| words.push(w.to_string()));
    words
}

/// Calls `f` with each word of `text` as [`tokenize`] gives it, folding into `buf`
/// instead of allocating a string per word.
pub(crate) fn each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for word in text.unicode_words() {
        fold_into(word, buf);
        // A word has at most as many characters as bytes.
        if !buf.is_empty() && (buf.len() <= MAX_WORD_CHARS || buf.chars().count() <= MAX_WORD_CHARS)
        {
            f(buf);
        }
    }
}

/// The words of `text` that are not stop words.
pub fn index_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    each_index_word(text, &mut String::new(), |w| words.push(w.to_string()));
    words
}

/// Calls `f` with each word of `text` that [`index_words`] gives, reusing `buf`.
pub(crate) fn each_index_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    each_word(text, buf, |w| {
        if !is_stop_word(w) {
            f(w)
        }
    });
}

/// English Snowball (Porter2) stemming of folded words.
pub(crate) struct Stems(Stemmer);

impl Default for Stems {
    fn default() -> Self {
        Stems(Stemmer::create(Algorithm::English))
    }
}

impl Stems {
    /// The stem of a folded word (`mentoring` → `mentor`).
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        self.0.stem(word)
    }
}

/// One heading section of a rendered body: the heading's id and text, and the text under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// Splits a rendered body into plain-text sections at each heading that has an id.
/// Embedded cards (`<aside>`), scripts, styles and heading anchor links are left out.
pub(crate) fn sections(html: &str) -> Vec<Section> {
    let mut out = vec![Section::default()];
    let mut skip_depth = 0usize;
    let mut skip_tag = String::new();
    let mut in_heading: Option<String> = None;
    let mut anchor_depth = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip_depth == 0 && anchor_depth == 0 {
            push_text(&mut out, in_heading.is_some(), text);
        }
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name_end = body
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        if skip_depth > 0 {
            if name == skip_tag {
                if closing {
                    skip_depth -= 1;
                } else {
                    skip_depth += 1;
                }
            }
            continue;
        }
        if !closing && matches!(name.as_str(), "script" | "style" | "aside" | "template") {
            skip_depth = 1;
            skip_tag = name;
            continue;
        }
        let heading_tag =
            name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit();
        if heading_tag {
            if closing {
                if let Some(id) = in_heading.take() {
                    let last = out.last_mut().expect("a section");
                    last.id = id;
                }
            } else if let Some(id) = attribute(body, "id") {
                out.push(Section::default());
                in_heading = Some(id);
                continue;
            }
        }
        if name == "a" && in_heading.is_some() {
            if closing {
                anchor_depth = anchor_depth.saturating_sub(1);
            } else if attribute(body, "class").is_some_and(|c| c.split(' ').any(|c| c == "anchor"))
            {
                anchor_depth += 1;
            }
            continue;
        }
        if is_block(&name) {
            push_text(&mut out, in_heading.is_some(), " ");
        }
    }
    if skip_depth == 0 {
        push_text(&mut out, in_heading.is_some(), rest);
    }
    for s in &mut out {
        s.heading = squash(&s.heading);
        s.text = squash(&s.text);
    }
    out
}

fn push_text(out: &mut [Section], heading: bool, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let last = out.last_mut().expect("a section");
    let decoded = decode_entities(raw);
    if heading {
        last.heading.push_str(&decoded);
    } else {
        last.text.push_str(&decoded);
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "li"
            | "ul"
            | "ol"
            | "div"
            | "blockquote"
            | "pre"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "section"
            | "dt"
            | "dd"
            | "hr"
            | "figcaption"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// The value of attribute `name` in a tag's text (`h2 id="x"`), entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = &rest[i + name.len()..];
        if before_ok {
            if let Some(value) = after.trim_start().strip_prefix('=') {
                let value = value.trim_start();
                let (quote, inner) = match value.chars().next() {
                    Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
                    _ => (None, value),
                };
                let end = match quote {
                    Some(q) => inner.find(q).unwrap_or(inner.len()),
                    None => inner.find(char::is_whitespace).unwrap_or(inner.len()),
                };
                return Some(decode_entities(&inner[..end]));
            }
        }
        rest = after;
    }
    None
}

/// Decodes the character references pulldown-cmark and hand-written HTML use.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    // As the page's own text was, a control character is replaced.
                    char::from_u32(code).map(|c| {
                        if crate::html::is_forbidden_char(c) {
                            '\u{FFFD}'
                        } else {
                            c
                        }
                    })
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`excerpt`] of the `parts` joined by spaces and [`squash`]ed, reading no further
/// than the excerpt needs.
pub(crate) fn excerpt_of<'a>(parts: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in parts.into_iter().flat_map(str::split_whitespace) {
        if chars > max {
            // Already longer than `max`: more words cannot change where it is cut.
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
    }
    excerpt(&out, max)
}

/// At most `max` characters of `text`, cut at a word boundary, with `…` when cut.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_folded() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(STOP_WORDS.iter().all(|w| fold(w) == *w));
        assert!(is_stop_word("the") && is_stop_word("youre") && !is_stop_word("mentor"));
    }

    #[test]
    fn folding_lowercases_strips_marks_and_possessives() {
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("NAÏVE"), "naive");
        assert_eq!(fold("boss’s"), "boss");
        assert_eq!(fold("Boss's"), "boss");
        assert_eq!(fold("don’t"), "dont");
        assert_eq!(fold("ﬁnd"), "find");
        assert_eq!(fold("Ångström"), "angstrom");
        assert_eq!(fold("__proto__"), "proto");
    }

    #[test]
    fn tokenizing_uses_unicode_word_boundaries() {
        assert_eq!(
            tokenize("Ask your boss's boss — one-to-ones, e.g. “SMART” goals!"),
            ["ask", "your", "boss", "boss", "one", "to", "ones", "eg", "smart", "goals"]
        );
        assert_eq!(tokenize("Crème brûlée, 2026"), ["creme", "brulee", "2026"]);
        assert_eq!(index_words("How to find a mentor"), ["find", "mentor"]);
        assert!(tokenize(&"x".repeat(40)).is_empty());
    }

    #[test]
    fn stemming_is_english_snowball() {
        let s = Stems::default();
        for (word, stem) in [
            ("mentoring", "mentor"),
            ("mentors", "mentor"),
            ("promotion", "promot"),
            ("promoted", "promot"),
            ("negotiating", "negoti"),
            ("feedback", "feedback"),
            ("generously", "generous"),
        ] {
            assert_eq!(s.stem(word), stem, "{word}");
        }
    }

    #[test]
    fn sections_split_at_headings_and_skip_cards_and_anchors() {
        let html = "<p>Intro &amp; more.</p>\n<aside class=\"card\"><p>Card text</p></aside>\n\
            <h2 id=\"why\">Why it <em>works</em> <a class=\"anchor\" href=\"#why\">#</a></h2>\n\
            <p>Because.</p><ul><li>One</li><li>Two</li></ul>\n<h3 id=\"how\">How</h3><p>Like this.</p>";
        let s = sections(html);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[0],
            Section {
                id: "".into(),
                heading: "".into(),
                text: "Intro & more.".into()
            }
        );
        assert_eq!(s[1].id, "why");
        assert_eq!(s[1].heading, "Why it works");
        assert_eq!(s[1].text, "Because. One Two");
        assert_eq!(s[2].id, "how");
        assert_eq!(s[2].text, "Like this.");
    }

    #[test]
    fn excerpt_of_parts_equals_excerpt_of_the_whole() {
        let parts = ["  one two\nthree ", "", "four   five six seven"];
        let whole = squash(&parts.join(" "));
        for max in [3, 7, 12, 19, 30, 100] {
            assert_eq!(excerpt_of(parts, max), excerpt(&whole, max), "max {max}");
        }
    }

    #[test]
    fn entities_and_excerpts() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#39;c&#x27; &bogus; &"),
            "a <b> 'c' &bogus; &"
        );
        assert_eq!(
            decode_entities("x&#27;y&#x7f;z&#0;"),
            "x\u{fffd}y\u{fffd}z\u{fffd}"
        );
        assert_eq!(excerpt("one two three four", 100), "one two three four");
        assert_eq!(excerpt("one two three four five six", 14), "one two three…");
    }
}
