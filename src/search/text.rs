//! Text handling shared by the index builder and the query side: word segmentation,
//! folding and stemming in a site's [`Language`], and plain text out of rendered HTML.
//!
//! `themes/default/static/search.js` mirrors [`fold_word`] (its `fold` function), and
//! reads the language's stop words and elisions from the manifest, so both sides agree
//! on every word.

use std::borrow::Cow;

use rust_stemmers::Stemmer;

use super::language::Language;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this (in characters) are not indexed: they are URLs, hashes or noise.
pub(crate) const MAX_WORD_CHARS: usize = 32;

/// Whether a folded word is an English stop word (for reports about English titles).
pub(crate) fn is_stop_word(word: &str) -> bool {
    Language::english().is_stop(word)
}

/// Folds one word of English the way the index and the browser do (see [`fold_word`]).
#[cfg(test)]
pub(crate) fn fold(word: &str) -> String {
    fold_word(word, &Language::english()).unwrap_or_default()
}

/// The *lower form* of a word, the stemmer's input: lowercase, compatibility-composed
/// (NFKC), curly apostrophes made straight; an elided word before the first apostrophe
/// dropped when `lang` lists it (`l'entretien` → `entretien`); a trailing possessive
/// `'s` removed when `lang` has one; then apostrophes and periods removed (`don't` →
/// `dont`, `e.g` → `eg`) and underscores trimmed from both ends.
pub(crate) fn lower_into(word: &str, lang: &Language, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Fast path: nothing to compose.
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.to_lowercase().nfkc() {
            match c {
                '\u{2019}' | '\u{2018}' => out.push('\''),
                c => out.push(c),
            }
        }
    }
    if !lang.elisions.is_empty() {
        if let Some(i) = out.find('\'') {
            let mut head = String::new();
            fold_marks(&out[..i], &mut head);
            if lang.is_elision(&head) {
                out.drain(..=i);
            }
        }
    }
    if lang.possessive && out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
    if out.contains(['\'', '.']) {
        out.retain(|c| c != '\'' && c != '.');
    }
    let end = out.trim_end_matches('_').len();
    out.truncate(end);
    let start = out.len() - out.trim_start_matches('_').len();
    out.drain(..start);
}

/// Accents folded: compatibility decomposition (NFKD) with every combining mark dropped
/// (`entretién` → `entretien`, `ﬁnd` → `find`), into `out`.
pub(crate) fn fold_marks(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
    } else {
        out.extend(word.nfkd().filter(|&c| !is_combining_mark(c)));
    }
}

/// A word of `lang` folded as the index's word tables hold it: its lower form with accents
/// folded (what `search.js` computes in its `fold`); `None` when that leaves nothing or
/// more than [`MAX_WORD_CHARS`] characters.
pub(crate) fn fold_word(word: &str, lang: &Language) -> Option<String> {
    let mut lower = String::new();
    lower_into(word, lang, &mut lower);
    let mut folded = String::new();
    fold_marks(&lower, &mut folded);
    indexable(&folded).then_some(folded)
}

/// Whether a folded word is kept: not empty, and not so long it is a URL, hash or noise.
pub(crate) fn indexable(folded: &str) -> bool {
    // A word has at most as many characters as bytes.
    !folded.is_empty()
        && (folded.len() <= MAX_WORD_CHARS || folded.chars().count() <= MAX_WORD_CHARS)
}

/// The words of English `text`, segmented by Unicode's word boundaries and folded. Stop
/// words are kept (the caller decides); empty and over-long words are dropped.
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    tokenize_in(text, &Language::english())
}

/// The words of `text` in `lang`, as [`tokenize`] reads English (elisions of the
/// language dropped).
pub(crate) fn tokenize_in(text: &str, lang: &Language) -> Vec<String> {
    text.unicode_words()
        .filter_map(|w| fold_word(w, lang))
        .collect()
}

/// Calls `f` with the lower form of each word of `text` (segmented by Unicode's word
/// boundaries), made in `buf` rather than a string per word; empty ones are skipped.
/// The caller folds and checks the length once per distinct word.
pub(crate) fn each_word(text: &str, lang: &Language, buf: &mut String, mut f: impl FnMut(&str)) {
    for word in text.unicode_words() {
        lower_into(word, lang, buf);
        if !buf.is_empty() {
            f(buf);
        }
    }
}

/// Calls `f` with each word of ASCII `text`, as `unicode_words` splits it (UAX #29)
/// but without its general machinery, which costs more than the rest of counting a
/// word: in ASCII a word is a run of letters, digits and underscores, joined across one
/// `:`, `.` or `'` between two letters, or one `,`, `;`, `.` or `'` between two digits,
/// and holding a letter or digit.
pub(crate) fn ascii_words<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
            let (Some(&mid), Some(&next)) = (bytes.get(i), bytes.get(i + 1)) else {
                break;
            };
            let before = bytes[i - 1];
            let letters = before.is_ascii_alphabetic()
                && next.is_ascii_alphabetic()
                && matches!(mid, b':' | b'.' | b'\'');
            let digits = before.is_ascii_digit()
                && next.is_ascii_digit()
                && matches!(mid, b',' | b';' | b'.' | b'\'');
            if !(letters || digits) {
                break;
            }
            i += 2;
        }
        let word = &text[start..i];
        if word.bytes().any(|b| b.is_ascii_alphanumeric()) {
            f(word);
        }
    }
}

/// The words of English `text` that are not stop words, folded.
pub fn index_words(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|w| !is_stop_word(w))
        .collect()
}

/// Snowball stemming of lower forms, in the stemmer's language; the stem's accents are
/// folded after stemming, since the French, German and Spanish stemmers read them.
/// A language without a stemmer keeps its words whole.
pub(crate) struct Stems {
    stemmer: Option<Stemmer>,
    forms: &'static [(&'static str, &'static str)],
    buf: String,
}

impl Default for Stems {
    fn default() -> Self {
        Stems::new(&Language::english())
    }
}

impl Stems {
    /// The stemmer of `lang`, if it has one.
    pub(crate) fn new(lang: &Language) -> Self {
        Stems {
            stemmer: lang.stemmer.map(Stemmer::create),
            forms: lang.forms,
            buf: String::new(),
        }
    }

    /// The folded stem of a word's lower form (`mentoring` → `mentor`, `entretiens` →
    /// `entretien`); an irregular form is stemmed as its base word (`took` → `take`).
    pub(crate) fn stem(&mut self, lower: &str) -> String {
        let lower = super::forms::base(self.forms, lower);
        let stem = match &self.stemmer {
            Some(s) => s.stem(lower),
            None => Cow::Borrowed(lower),
        };
        fold_marks(&stem, &mut self.buf);
        self.buf.clone()
    }
}

/// One heading section of a rendered body: the heading's id and text, and the text under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub id: String,
    /// The heading, [`squash`]ed.
    pub heading: String,
    /// The text, with its whitespace as it comes: a body is long, and only the start of
    /// it is shown ([`excerpt_of`] squashes as it reads), while an ASCII text's words
    /// are the same squashed or not.
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
    if text.is_ascii() {
        // The same, a byte at a time: in ASCII, whitespace is tab to carriage return and space.
        let is_space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && !is_space(bytes[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
            }
        }
        return out;
    }
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
    fn english_stop_words() {
        assert!(is_stop_word("the") && is_stop_word("youre") && !is_stop_word("mentor"));
        // A question's adverbs and indefinite pronouns ask about nothing.
        assert!(["even", "really", "anyone", "someone", "can"]
            .iter()
            .all(|w| is_stop_word(w)));
    }

    #[test]
    fn elisions_split_where_the_language_elides() {
        let fr = Language::of("fr");
        let it = Language::of("it");
        let w = |word: &str, lang: &Language| fold_word(word, lang).unwrap_or_default();
        assert_eq!(w("l'entretien", &fr), "entretien");
        assert_eq!(w("L’Entretien", &fr), "entretien");
        assert_eq!(w("qu'il", &fr), "il");
        assert_eq!(w("jusqu'à", &fr), "a");
        // Not an elision: the apostrophe goes, the word stays whole.
        assert_eq!(w("aujourd'hui", &fr), "aujourdhui");
        assert_eq!(w("dell'azienda", &it), "azienda");
        assert_eq!(w("un'offerta", &it), "offerta");
        // English elides nothing: `l'entretien` stays one word; a possessive goes.
        assert_eq!(w("l'entretien", &Language::english()), "lentretien");
        assert_eq!(w("boss's", &Language::english()), "boss");
        assert_eq!(w("boss's", &fr), "bosss");
    }

    #[test]
    fn stems_come_before_folding() {
        let mut fr = Stems::new(&Language::of("fr"));
        // Folded first, `évaluées` would lose the `é` the stemmer reads.
        assert_eq!(fr.stem("évaluées"), fr.stem("évaluation"));
        assert_eq!(fr.stem("entretiens"), "entretien");
        let mut de = Stems::new(&Language::of("de"));
        assert_eq!(de.stem("gespräche"), de.stem("gespräch"));
        let mut es = Stems::new(&Language::of("es"));
        assert_eq!(es.stem("negociación"), es.stem("negociaciones"));
        // No stemmer: the word, folded.
        assert_eq!(
            Stems::new(&Language::of("ca")).stem("negociació"),
            "negociacio"
        );
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
        let mut s = Stems::default();
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
        assert_eq!((s[0].id.as_str(), s[0].heading.as_str()), ("", ""));
        assert_eq!(squash(&s[0].text), "Intro & more.");
        assert_eq!(s[1].id, "why");
        assert_eq!(s[1].heading, "Why it works");
        assert_eq!(squash(&s[1].text), "Because. One Two");
        assert_eq!(s[2].id, "how");
        assert_eq!(squash(&s[2].text), "Like this.");
    }

    #[test]
    fn squash_reads_ascii_as_unicode_whitespace_does() {
        for text in [
            "",
            "  ",
            " a\tb\n\x0bc\x0c d\r\ne  ",
            "one",
            "x\x1cy",
            "a  b\u{a0}c \u{2003}d",
        ] {
            let slow: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(squash(text), slow.join(" "), "{text:?}");
        }
    }

    #[test]
    fn ascii_words_are_the_same_squashed_but_a_narrow_space_joins_words() {
        for text in [
            " Don't  stop:\tthe\x0bboss's\r\n1,000.5 a.b_ c ",
            "e.g.\n\nwell-known __init__ x . y",
        ] {
            let raw: Vec<&str> = text.unicode_words().collect();
            let squashed = squash(text);
            let words: Vec<&str> = squashed.unicode_words().collect();
            assert_eq!(raw, words, "{text:?}");
        }
        // Hence other text is counted squashed.
        assert_eq!("a\u{202f}b".unicode_words().count(), 1);
        assert_eq!(squash("a\u{202f}b").unicode_words().count(), 2);
    }

    #[test]
    fn ascii_words_are_unicode_words() {
        let words = |text: &str| {
            let mut out = Vec::new();
            ascii_words(text, |w| out.push(w.to_string()));
            out
        };
        for text in [
            "Don't stop: the boss's 1,000.50 e.g. a.b_ __init__ x_1 1_x 3:4 a:b 1;2 a;b",
            "a.1 1.a a'b' '1'2 ..a.. a..b 1,,2 _._ a_.b 1_,2 \"q\" end.",
            "",
            "_",
            "'",
            "a",
            "ab'",
            "12,",
            "x\r\ny\u{b}z",
        ] {
            let unicode: Vec<&str> = text.unicode_words().collect();
            assert_eq!(words(text), unicode, "{text:?}");
        }
        // Every string of the characters that matter, up to five long.
        let alphabet = ['a', 'B', '1', '_', ':', '.', '\'', ',', ';', ' ', '-', '\n'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for text in &longer {
                let unicode: Vec<&str> = text.unicode_words().collect();
                assert_eq!(words(text), unicode, "{text:?}");
            }
            texts = longer;
        }
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
