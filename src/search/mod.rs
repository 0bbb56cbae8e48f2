//! Site search: an index built at build time, written as JavaScript files that the
//! browser loads with `<script>` elements (so search works from `file://`), and a query
//! function that ranks exactly as `themes/default/static/search.js` does.
//!
//! # What is indexed
//!
//! Every published article, tip, learning path and other page, such as a note of a vault
//! (drafts never; not the home page, topic pages or folder listings). Each page is a *document* with six
//! fields, each with a BM25F weight and length normalisation `b` ([`FIELDS`]): `title`,
//! `summary`, `topics` (each topic's title, slug and aliases, so an alias counts as the
//! topic), `headings`, `body` and `names`: the page's other names, its `aliases` that are
//! not old addresses and the words of its file name that its title does not use (a file
//! is often named in plainer words than its title). Embedded cards and heading anchors are not part of the
//! body. An article (or other page, not a tip) is also split into *sections*, one per heading with an id, plus
//! section 0 for the text before the first heading; section scores pick the heading a
//! result links to (`page.html#heading`).
//!
//! # Words
//!
//! An index is in one [`language::Language`], the site's `language`; a site in several
//! languages would build one index per language. Words are split at Unicode word
//! boundaries (UAX #29) and lowercased; an elided word of the language before an
//! apostrophe is dropped (`l'entretien` → `entretien`), in English a possessive `'s`
//! too; apostrophes and periods are removed. That *lower form* is stemmed by the
//! language's Snowball stemmer (none: the word itself), an irregular form as its base
//! word (`took` as `take`: the language's list in `forms`), and only then are accents
//! folded (NFKD, combining marks dropped), from the stem and from the *surface word*
//! alike: the stemmers read accents. The language's stop words are not indexed as words.
//! The browser never stems: the word table maps every folded surface word that occurs
//! on the site to the stems of the words that fold to it, so a query finds the other
//! forms of a word the site uses. A word the site never uses matches only by completion,
//! typo or shared start, as below, and otherwise adds nothing.
//!
//! The site's synonyms (`synonyms` in `site.toml`: groups of words) are written into
//! the word table apart from a word's own stems ([`synonyms::join`]): a surface word
//! whose stems include the stem of a group's word carries the stems of the group's other
//! words the site uses, and a group's word the site never uses is added with no stems
//! of its own. A plain query word (or a form of it by the language's endings, below)
//! scores its synonyms' stems as its own; completions, typos, phrases and left-out words
//! read only a word's own stems.
//!
//! # Scores
//!
//! For a stem `t` in document `d`, the build computes the BM25F *impact*
//! `round(100 · idf(t) · tf'·(k1+1) / (k1+tf'))`, at least 1, where
//! `tf' = Σ_field weight · tf / (1 − b + b · len/avg_len)`, `k1` = [`K1`] and
//! `idf = √ln(1 + (N − df + 0.5)/(df + 0.5))`: BM25's idf, dampened, so that the rare
//! but incidental words of a question do not outweigh a common word in a title. Section impacts use the same formula over
//! the sections of all articles, with the fields heading and text ([`SECTION_FIELDS`]).
//! A word in the title (or a section's heading) adds `idf · LEAD_BONUS` ([`LEAD_BONUS`]).
//! A learning path's impact for a word not in its title or other names (a section's: not
//! in its heading) counts at [`PATH_SHARE`] percent, rounded, at least 1: its text
//! introduces the pages it lists, so a step that matches as well ranks above it.
//! Impacts are integers, so query-time arithmetic is exact in Rust and in JavaScript.
//!
//! A query (see [`Index::search`]) is read by [`syntax::parse`] into plain words, quoted
//! phrases and left-out `-words`, each folded the same way. The words that *score* are
//! the plain words and the words of one-word phrases that are not stop words. Each gets candidate
//! stems with a factor in percent: the exact surface word ([`EXACT`]); for the last word
//! (the one being typed, at least [`PREFIX_MIN`] characters) the stems of up to
//! [`MAX_EXPANSIONS`] stems of the surface words it is a prefix of, most frequent stem
//! first, from at most [`PREFIX_SHARDS`] files of postings ([`PREFIX`]);
//! and only when a word has no candidate otherwise and has at least [`FUZZY_MIN`]
//! characters, words of five characters or more one edit away (substitution, insertion,
//! deletion or swap of neighbours: [`TYPO`]); failing that, for a word of at least
//! [`TYPO_WORD_MIN`] characters, the site's words sharing the longest start with it, of at
//! least all but its last [`SHARED_SLACK`] characters and [`SHARED_MIN`] (`impatient` →
//! `impatience`), also at [`TYPO`]: the browser has no stemmer. A typo or shared-start
//! word that is a form of the query word by the language's endings (the same once one
//! ending of the manifest's `endings` is cut from each, three characters left at least,
//! or one of them the other with its ending cut: `assigns` and `assign`, `bosses` and
//! `boss`) counts at [`EXACT`] instead, with the word's synonyms. A document's score for a
//! word is its best `factor × impact` over the candidates; documents rank by the sum of
//! those scores (no word is required), then the number of query words they match, then
//! document number.
//!
//! A query runs in one of two places ([`Place`]). On the results page every stem reads
//! its full postings. In the search box, a stem that is a candidate as a word's exact
//! form or as a completion of the last word reads its *head* (see `h<i>.js`): its
//! [`HEAD_DOCS`] documents that rank best, so a prefix that completes to the most
//! frequent words, or the most frequent word typed in full, loads a bounded amount; a
//! stem that is also a typo or a shared start reads its full list, and so does a
//! left-out word. The box's best results of a one-word query are the results page's; it
//! counts fewer pages (and says so), and with other words each word adds to the pages
//! of its heads only. A stop word is dropped
//! unless it is the last word, which is then used only as a prefix. Only plain words
//! complete or forgive typos, and the last word completes only when the query ends with it.
//!
//! A phrase's words are its *phrase keys*: a stop word's folded self, any other word's
//! exact stems. With phrases, the results are the documents holding every phrase, each
//! phrase's pairs of neighbouring keys all present (an approximation of the whole
//! phrase in order; a one-word phrase is its word, read as its place reads a word: its
//! head in the search box), whether or not they score; when no document holds them, no
//! postings are read. A phrase of two words or more scores as one word matched, adding
//! to a document `strength · pair · exact` ([`PAIR_IMPACT`], [`EXACT`]), where
//! `strength` is the sum over its pairs of the pair's strength in the document
//! (`score::pair_strength`; of a word's several stems, the strongest pair). So its
//! documents rank from the phrase shards alone, with no postings of its words, and it
//! links to the page, not a section. A left-out word removes every document holding
//! any of its exact stems.
//!
//! The search box reads its text as still being typed ([`syntax::parse_typed`]): the last
//! word of an unclosed phrase, when nothing follows it, is left out; it joins the phrase
//! once a space follows it (the box trims its text, so there: once the next word is
//! begun) or the phrase is closed. A phrase asks for whole words, and each prefix of a
//! word being typed would make another pair, in another phrase shard; so a phrase typed
//! letter by letter loads one phrase shard per pair, when the pair is complete, and the
//! box waits while the only word it has is a phrase's first ([`box_searches`]). The
//! results page reads every phrase whole.
//!
//! # Files (all under `search/`)
//!
//! Every file is one statement, `(self.ladderSearch=self.ladderSearch||[]).push([NAME,DATA]);`,
//! where `DATA` is JSON and `NAME` is the file name without `.js`. Lists of numbers in
//! postings and phrase shards are *digit strings* ([`digits`]): each number most
//! significant digit first, a character per digit, in mixed radix: the last digit
//! (`n mod 57`) from `#` (0x23 + digit), the ones before it (`n div 57` in base 34) from
//! `]` (0x5D + digit); about half the bytes of a JSON list for the small numbers they hold.
//!
//! - `index.js`, the manifest: `{"format":5, "v": fingerprint, "docs": N, "wordShards":
//!   keys, "headShards": number of head shards, "shards": number of postings shards,
//!   "typoShards": keys, "docShards": number of document
//!   shards, "docsPerShard": [`DOC_SHARD_DOCS`], "topics": [[slug, title, url,
//!   [alias…]]], "kinds": ["article","tip","page","path"], "lang": language code,
//!   "stop": [stop words], "elisions": [elided words], "possessive": bool, "endings":
//!   [word endings, longest first], "phraseBits":
//!   bits, "params": {…}}`. The fingerprint, which the browser adds to every file's
//!   address so that no file of an older index is read with this one, is sixteen hex
//!   digits: FNV-1a of each other file's path and bytes, then of those, in path order.
//!   Each set's shard keys, sorted, are one string: each key after a space, as the
//!   number of characters it shares with the key before (one digit) and the rest.
//!   The manifest does not list the keys of head and postings shards: the word shards
//!   that name their stems do.
//! - `w<i>.js`, word shard `i` (key `wordShards[i]`): `[heads, fulls, [surface, df] or
//!   [surface, df, stem…]…]`, the folded surface words, sorted, each with the stems of
//!   the words that fold to it; the stem is left out when it is the word itself; `df`
//!   is the stem's document frequency, or with several stems (or none) the list of each
//!   one's. A word with synonyms ends with `[[stem, df]…]`, their stems.
//!   `heads` names the head shards its stems are in, `fulls` the postings shards of
//!   those of its stems in more than [`HEAD_DOCS`] documents (*long* stems): each
//!   `[n, keys, n, keys…]`, a run of consecutive shard numbers from `n` with their keys
//!   written as the manifest's; a stem is in the shard of the run whose key is the
//!   longest prefix of it (as every shard's key would place it).
//! - `h<i>.js`, head shard `i`: `{stem: "digits"}` for every stem, in postings as
//!   below: a long stem's head, its [`HEAD_DOCS`] documents of highest rank (the greater
//!   of the document's impact and its best section's; the lower document first among
//!   equals) in document order, and any other stem's whole list.
//! - `t<i>.js`, postings shard `i`: `{stem: "digits"}`, each long stem's full
//!   postings: for each document, in increasing order, `Δdoc, impact, n` and then `n`
//!   pairs `section, section impact` (sections increasing), written with a small number
//!   packed beside a larger one: `Δdoc`, `impact·8 + min(n, 7)` (then `n − 7` when
//!   `n ≥ 7`), and per section `section impact·8 + min(gap, 7)` (then `gap − 7` when
//!   `gap ≥ 7`), where `gap` is the number of sections skipped since the document's
//!   previous one (for its first, the section's number). A very frequent word (small
//!   impacts) takes two characters a page and one a section.
//! - `x<i>.js`, typo shard `i` (key `typoShards[i]`): `[[variant, word…]]`, every string
//!   made by deleting one character of a surface word of [`TYPO_WORD_MIN`] or more
//!   characters, with the words it comes from. Read only for a word that has no match.
//! - `p<i>.js`, phrase shard `i`, one of `2^phraseBits` ([`phrases`]): one digit string;
//!   for every pair of neighbouring words in a document (field by field, stop words
//!   included), the pair's 32-bit hash (`pair_hash` of the keys' FNV-1a hashes) with
//!   the documents holding it, each with the pair's strength in it (1 to
//!   `score::PAIR_STRENGTH_MAX`, one digit); a pair is in the shard of its hash's top `phraseBits`
//!   bits, as many bits as keep a shard to about [`phrases::SHARD_ENTRIES`] entries
//!   (some 9 KB). Read only for a phrase.
//! - `d<i>.js`, document shard `i`: the rows of documents `i·docsPerShard` on (a few
//!   documents a file, so a result shown loads its own row and few others, while a large
//!   site does not need a file per page), each
//!   `[url, title, kind, [topic numbers], summary, [[id, heading, text]…]]`, where `url`
//!   is relative to the site root and `text` is the section's text cut to
//!   [`SNIPPET_CHARS`] (the browser builds snippets from it). A summary that is the start
//!   of the first text (a tip's first paragraph) is written as a number: `n`, the first
//!   `n` UTF-16 units of that text, or `−n − 1`, those and `…`. A page with two sections
//!   or more has empty texts there and a last element `1`: its texts are in `s<i>.js`.
//! - `s<i>.js`, the section texts of document shard `i`, written when one of its pages
//!   has them: for each of its documents `[text…]` in section order, or `0`. Only the
//!   results page reads them; the search box shows such a page's summary.
//! - `f.js`, the facets ([`facets`]): `[[[kind, topic…]…], codes]`, the distinct
//!   pairs of a kind number and topic numbers (*classes*), most frequent first, and a
//!   string of one fixed-width code per document, in document order, naming its class;
//!   each character is a digit from `#` up, `\` skipped. The results page reads it to
//!   filter by kind and topic and count each filter; the header box never does.
//!
//! # Shards
//!
//! Surface words, heads, long postings and deletion variants each form their own set of shards, and
//! each entry is placed by its key (the word, the stem or the variant) in the shard of its
//! set whose key is the longest prefix of it. Shards
//! start as one (key `""`); a shard larger than [`SHARD_BYTES`] ([`HEAD_SHARD_BYTES`]
//! for heads, [`POSTINGS_SHARD_BYTES`] for long postings) is split by the next
//! character of its keys, down to [`MAX_KEY_CHARS`]. So a small site has one file of
//! each, and a one-word query on a large site loads the manifest, a word shard, the
//! head shard of its stem (a long stem's postings shard instead, on the results page)
//! and the rows of the results shown.
//!
//! # Bytes as a reader types
//!
//! The search box waits for [`BOX_MIN_CHARS`] characters: one or two letters complete to
//! the most frequent words of the site, whose postings are the largest. From there every
//! key typed is a query, and the browser keeps every file it loaded, so a word typed
//! letter by letter costs the manifest, the word shard, the head shards its prefixes
//! choose (at most [`PREFIX_SHARDS`] each), the head of the word once typed in full
//! and the rows of the results shown on the way; a phrase typed so costs its words'
//! word shards and heads once each is finished, one phrase shard a pair, and the rows
//! shown. `examples/typed_bytes.rs` measures it.
//!
//! Everything is written in sorted order, so the same site gives byte-identical files.

mod build;
mod count;
mod digits;
mod facets;
mod files;
mod forms;
mod heads;
mod language;
mod packed;
mod phrases;
mod query;
mod score;
mod stop_words;
mod synonyms;
mod syntax;
pub(crate) mod text;
mod vocabulary;

pub use build::build;
pub(crate) use build::{write, Sink, ORIGIN};
pub(crate) use count::{count, Counted};
pub use facets::{Counts, Filter};
pub use files::IndexFiles;
pub(crate) use language::Language;
pub use query::{query, query_filtered, query_in, Hit, Index, IndexError, Place};
pub use syntax::box_searches;
pub use text::index_words;

/// Folder of the output that holds the index and the results page.
pub(crate) const DIR: &str = "search";
/// The results page, relative to the output root.
pub(crate) const PAGE: &str = "search/index.html";
/// Version of the file format, written in the manifest.
pub(crate) const FORMAT: u32 = 5;

/// A word or typo shard larger than this (bytes of JSON) is split by the next character.
pub const SHARD_BYTES: usize = 64 * 1024;
/// A postings shard larger than this is split by the next character: a query loads a
/// whole shard for each stem it reads, so these are smaller.
pub const POSTINGS_SHARD_BYTES: usize = 32 * 1024;
/// A head shard larger than this is split by the next character: the search box reads
/// one or two of them for the word being typed.
pub const HEAD_SHARD_BYTES: usize = 16 * 1024;
/// A stem in more documents than this has a *head*, its documents that rank best, written
/// apart from its full list: the search box's results for a completion come from it.
pub(crate) const HEAD_DOCS: usize = 20;
/// Shard keys are at most this many characters long.
pub(crate) const MAX_KEY_CHARS: usize = 8;
/// A document shard holds this many consecutive documents: a result shown loads its
/// own record and few others, and a site of many pages is not written as a file per page.
pub(crate) const DOC_SHARD_DOCS: usize = 2;
/// Section text kept for snippets, in characters.
pub(crate) const SNIPPET_CHARS: usize = 320;
/// Summary text kept, in characters.
pub(crate) const SUMMARY_CHARS: usize = 240;

/// BM25 term-frequency saturation, in units of `tf'`, the weighted count over [`FIELDS`]:
/// the title's weight, so that a word said once in the title is half way to saturation.
/// BM25's usual 1.2 is set for a raw count, where one occurrence is 1; here one in the
/// title is 6 and one in the names 4, so at 1.2 a word of the title alone would be at 83%
/// of saturation, and the same word in the summary and names as well would add little:
/// the fields' weights would be saturated away.
pub(crate) const K1: f64 = FIELDS[FIELD_TITLE].weight;

/// A BM25F field: its weight and length normalisation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    /// What the field holds; read by the test that ties field numbers to names.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    /// What a word in it counts for, against one in the body.
    pub weight: f64,
    /// Length normalisation: 0 ignores the field's length, 1 divides by it in full.
    pub b: f64,
}

/// Where each document field is in [`FIELDS`], and in a page's counts.
const FIELD_TITLE: usize = 0;
const FIELD_SUMMARY: usize = 1;
const FIELD_TOPICS: usize = 2;
const FIELD_HEADINGS: usize = 3;
const FIELD_BODY: usize = 4;
const FIELD_NAMES: usize = 5;

/// Document fields, in the order the builder fills them (`FIELD_TITLE` to `FIELD_NAMES`).
pub(crate) const FIELDS: [Field; 6] = [
    Field {
        name: "title",
        weight: 6.0,
        b: 0.5,
    },
    Field {
        name: "summary",
        weight: 2.5,
        b: 0.6,
    },
    Field {
        name: "topics",
        weight: 2.5,
        b: 0.3,
    },
    Field {
        name: "headings",
        weight: 2.0,
        b: 0.5,
    },
    Field {
        name: "body",
        weight: 1.0,
        b: 0.75,
    },
    Field {
        name: "names",
        weight: 4.0,
        b: 0.3,
    },
];

/// Where each section field is in [`SECTION_FIELDS`], and in a section's counts.
const SECTION_HEADING: usize = 0;
const SECTION_TEXT: usize = 1;

/// Section fields: the heading and the text under it (`SECTION_HEADING`, `SECTION_TEXT`).
pub(crate) const SECTION_FIELDS: [Field; 2] = [
    Field {
        name: "heading",
        weight: 3.0,
        b: 0.5,
    },
    Field {
        name: "text",
        weight: 1.0,
        b: 0.75,
    },
];

/// The kinds of page that are searched, as numbered in documents (`ARTICLE`, `TIP`,
/// `NOTE`, `PATH`).
const KINDS: [&str; 4] = ["article", "tip", "page", "path"];
/// The number of an article's kind in documents.
const ARTICLE: usize = 0;
/// The number of a tip's kind in documents.
const TIP: usize = 1;
/// The number of any other page's kind (a note outside `articles/` and `tips/`).
const NOTE: usize = 2;
/// The number of a learning path's kind.
const PATH: usize = 3;

/// What a word found in the first field (a document's title, a section's heading) adds
/// to its impact, times its idf, past BM25's saturation.
pub(crate) const LEAD_BONUS: f64 = 1.0;

/// What the impact of a learning path's word counts for, in percent, unless the word names
/// the path (its title, other names). A path's own text introduces the pages it leads
/// through, in their words: when a step answers a question as well as the path that
/// lists it, the step should come first; the path's name is still its own.
pub(crate) const PATH_SHARE: u32 = 75;

/// What a phrase's pair adds to a page's impact per step of its strength in the page
/// (`score::pair_strength`): a pair is two words, so at full strength what its two words
/// would add at full saturation in the title, were each of idf 1.
pub(crate) const PAIR_IMPACT: i64 =
    (2.0 * 100.0 * score::PAIR_SATURATED_MAX / score::PAIR_STRENGTH_MAX as f64) as i64;

/// Factor (percent) of a word's exact match.
pub(crate) const EXACT: i64 = 100;
/// Factor of a completion of the last word.
pub(crate) const PREFIX: i64 = 70;
/// Factor of a word one typo away.
pub(crate) const TYPO: i64 = 50;
/// The last word completes from this many characters on.
pub(crate) const PREFIX_MIN: usize = 2;
/// At most this many stems complete the last word.
pub(crate) const MAX_EXPANSIONS: usize = 16;
/// Completions come from at most this many postings shards: the most frequent completions
/// choose them, and less frequent ones in other shards are left out.
pub(crate) const PREFIX_SHARDS: usize = 2;
/// Completion is skipped when it would need more word shards than this.
pub(crate) const PREFIX_WORD_SHARDS: usize = 4;
/// The search box shows results once its text has this many characters, quotes aside
/// ([`box_searches`]); the results page searches any text.
pub const BOX_MIN_CHARS: usize = 3;
/// Typo tolerance applies to query words of at least this many characters; the words it
/// finds have at least [`TYPO_WORD_MIN`].
pub(crate) const FUZZY_MIN: usize = 4;
/// Words at least this long get deletion variants, so a typo in them is forgiven.
pub(crate) const TYPO_WORD_MIN: usize = 5;
/// A query word the site never uses (of at least [`TYPO_WORD_MIN`] characters) finds the
/// site's words sharing its longest start, all but at most this many last characters…
pub(crate) const SHARED_SLACK: usize = 3;
/// …and at least this many characters.
pub(crate) const SHARED_MIN: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_and_kind_numbers_match_their_tables() {
        let names: Vec<&str> = [
            FIELD_TITLE,
            FIELD_SUMMARY,
            FIELD_TOPICS,
            FIELD_HEADINGS,
            FIELD_BODY,
            FIELD_NAMES,
        ]
        .iter()
        .map(|&f| FIELDS[f].name)
        .collect();
        assert_eq!(
            names,
            ["title", "summary", "topics", "headings", "body", "names"]
        );
        assert_eq!(SECTION_FIELDS[SECTION_HEADING].name, "heading");
        assert_eq!(SECTION_FIELDS[SECTION_TEXT].name, "text");
        assert_eq!(
            (KINDS[ARTICLE], KINDS[TIP], KINDS[NOTE], KINDS[PATH]),
            ("article", "tip", "page", "path")
        );
    }
}
