//! Counting: every indexed page's words, per field and per section, read in parallel
//! chunks that each number their words on their own; and each page's document record.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;

use super::facets::Facet;
use super::files::{doc_record, Record, TopicRow};
use super::language::Language;
use super::packed::{Packed, PackedPairs};
use super::score;
use super::text;
use super::*;
use crate::content::{Kind, Page, Text};
use crate::topics::Topics;

/// A count per field of [`FIELDS`].
pub(super) type FieldCounts = [u32; FIELDS.len()];
/// A count per field of [`SECTION_FIELDS`].
pub(super) type SectionCounts = [u32; SECTION_FIELDS.len()];
/// A word's count per field of [`FIELDS`] in one page. Sixteen bits (saturating) where
/// lengths have thirty-two: a site holds one per distinct word of each page, and a
/// word said 65,535 times in one field scores as its saturation already would.
pub(super) type TermCounts = [u16; FIELDS.len()];
/// A word's count per field of [`SECTION_FIELDS`] in one section, as [`TermCounts`].
pub(super) type SectionTermCounts = [u16; SECTION_FIELDS.len()];

/// Pages read per task: each task numbers the words it meets on its own.
const CHUNK_PAGES: usize = 256;

/// Counts of one page's index words, by word number: per field of [`super::FIELDS`], and for
/// articles with headings, per section (heading and text, as [`super::SECTION_FIELDS`]).
pub(super) struct DocStats {
    pub(super) tf: Packed<{ FIELDS.len() }>,
    pub(super) len: FieldCounts,
    pub(super) sections: Vec<SectionStats>,
    /// Each pair of neighbouring words, stop words included, once: the pair of a
    /// [`pair_key`], whose words [`pair_words`] gives back, with its strength in the
    /// page (`score::pair_strength`).
    pub(super) pairs: PackedPairs,
    /// What the impacts of the page's words that do not name it count for, in percent
    /// ([`PATH_SHARE`] for a path, else 100).
    pub(super) share: u32,
}

/// A section's term frequencies (word number → heading and text counts) and lengths.
pub(super) type SectionStats = (Packed<{ SECTION_FIELDS.len() }>, SectionCounts);

/// A run of pages read by one task: their words (lower forms, numbered in order of first
/// use), the stop words met (folded, numbered apart), their counts in that numbering, and
/// each page's document record (JSON).
pub(super) struct Chunk {
    pub(super) words: Vec<String>,
    pub(super) stops: Vec<String>,
    pub(super) stats: Vec<DocStats>,
    pub(super) records: Vec<Record>,
    /// Each page's kind and topic numbers, for filters.
    pub(super) facets: Vec<Facet>,
}

/// What counting reads: the pages, each page's body as HTML (in the same order), and
/// the topic registry, which gives each topic's page.
#[derive(Clone, Copy)]
struct Corpus<'a> {
    pages: &'a [Page],
    html: &'a [Text],
    topics: &'a Topics,
    language: &'a Language,
}

/// The words of every indexed page counted, and each page's record: the part of the
/// build that reads the pages, and the part that [`super::index`] needs of them.
pub(crate) struct Counted {
    pub(super) topic_table: Vec<TopicRow>,
    pub(super) chunks: Vec<Chunk>,
    pub(super) language: Language,
}

/// Reads and counts the words of the published articles and tips among `pages`, in
/// parallel, in the language tagged `language`; `html` and `topics` are as for
/// [`super::build`].
pub(crate) fn count(pages: &[Page], html: &[Text], topics: &Topics, language: &str) -> Counted {
    let language = Language::of(language);
    let corpus = Corpus {
        pages,
        html,
        topics,
        language: &language,
    };
    let topic_table: Vec<TopicRow> = corpus
        .topics
        .iter()
        .map(|(slug, i)| {
            let p = &corpus.pages[i];
            let aliases = p.meta.aliases.clone();
            (
                slug.to_string(),
                p.meta.title.clone(),
                p.url.clone(),
                aliases,
            )
        })
        .collect();
    let topic_number: HashMap<&str, usize> = topic_table
        .iter()
        .enumerate()
        .map(|(n, (slug, ..))| (slug.as_str(), n))
        .collect();

    let indexed: Vec<usize> = (0..corpus.pages.len())
        .filter(|&i| {
            let p = &corpus.pages[i];
            matches!(p.kind, Kind::Article | Kind::Tip | Kind::Page | Kind::Path) && !p.meta.draft
        })
        .collect();
    let chunks: Vec<Chunk> = indexed
        .par_chunks(CHUNK_PAGES)
        .map(|pages| read_chunk(corpus, pages, &topic_number))
        .collect();
    Counted {
        topic_table,
        chunks,
        language,
    }
}

/// Reads a run of pages: numbers their words and counts them, and makes their records.
fn read_chunk(corpus: Corpus, pages: &[usize], topic_number: &HashMap<&str, usize>) -> Chunk {
    let mut counter = Counter::new(corpus.language);
    let mut stats = Vec::with_capacity(pages.len());
    let mut records = Vec::with_capacity(pages.len());
    let mut facets = Vec::with_capacity(pages.len());
    for &i in pages {
        let (s, record, facet) = read_page(corpus, i, topic_number, &mut counter);
        stats.push(s);
        records.push(record);
        facets.push(facet);
    }
    Chunk {
        words: counter.words,
        stops: counter.stops,
        stats,
        records,
        facets,
    }
}

/// Reads one page: counts its words into `counter`, and makes its record.
fn read_page(
    corpus: Corpus,
    i: usize,
    topic_number: &HashMap<&str, usize>,
    counter: &mut Counter,
) -> (DocStats, Record, Facet) {
    let page = &corpus.pages[i];
    let sections = text::sections(&corpus.html[i].text());
    let mut topic_text = String::new();
    let mut topics = Vec::new();
    for slug in &page.topics {
        if let Some(&n) = topic_number.get(slug.as_str()) {
            topics.push(n);
        }
        if let Some(t) = corpus.topics.page_of(slug) {
            let tp = &corpus.pages[t];
            topic_text.push_str(&tp.meta.title);
            topic_text.push(' ');
            for alias in &tp.meta.aliases {
                topic_text.push_str(alias);
                topic_text.push(' ');
            }
        }
    }
    let kind = match page.kind {
        Kind::Article => ARTICLE,
        Kind::Tip => TIP,
        Kind::Path => PATH,
        _ => NOTE,
    };
    let summary = text::squash(page.summary());
    let mut len: FieldCounts = [0; FIELDS.len()];
    len[FIELD_TITLE] = counter.count(&page.meta.title, FIELD_TITLE, None);
    len[FIELD_SUMMARY] = counter.count(page.summary(), FIELD_SUMMARY, None);
    len[FIELD_TOPICS] = counter.count(&topic_text, FIELD_TOPICS, None);
    len[FIELD_NAMES] = counter.count_apart(&other_names(page, corpus.language), FIELD_NAMES);
    // Sections get counts of their own only on articles and notes with headings.
    let by_section = kind != TIP && sections.len() >= 2;
    let mut section_stats = Vec::new();
    for s in &sections {
        let heading = counter.count(
            &s.heading,
            FIELD_HEADINGS,
            by_section.then_some(SECTION_HEADING),
        );
        // Squashing leaves an ASCII text's words as they are; elsewhere a space may join
        // words (U+202F does), so other text is counted squashed, as it is shown.
        let squashed;
        let body = if s.text.is_ascii() {
            s.text.as_str()
        } else {
            squashed = text::squash(&s.text);
            squashed.as_str()
        };
        let text = counter.count(body, FIELD_BODY, by_section.then_some(SECTION_TEXT));
        len[FIELD_HEADINGS] += heading;
        len[FIELD_BODY] += text;
        if by_section {
            // In the order of `SECTION_HEADING`, `SECTION_TEXT`.
            section_stats.push((counter.take_section(), [heading, text]));
        }
    }
    let share = if kind == PATH { PATH_SHARE } else { 100 };
    let pairs = counter.take_pairs(share);
    let stats = DocStats {
        tf: counter.take_doc(),
        len,
        sections: section_stats,
        pairs,
        share,
    };
    let record = doc_record(page, kind, &topics, &summary, &sections);
    let mut facet_topics = topics;
    facet_topics.sort_unstable();
    facet_topics.dedup();
    (stats, record, (kind, facet_topics))
}

/// A page's other names, beside its title: its `aliases` that are names rather than old
/// addresses (as in Obsidian), and the words of its file name that its title does not
/// use. Authors often name a file for what a page is about in plainer words than its
/// title (`check-whether-your-boss-backs-you.md`, titled "Find out whether your boss is
/// on your side"), and a reader searches in plain words.
fn other_names(page: &Page, language: &Language) -> String {
    let mut buf = String::new();
    let mut title = std::collections::HashSet::new();
    text::each_word(&page.meta.title, language, &mut buf, |w| {
        title.insert(w.to_string());
    });
    let mut names = String::new();
    text::each_word(&page.slug, language, &mut buf, |w| {
        if !title.contains(w) {
            names.push_str(w);
            names.push(' ');
        }
    });
    for alias in &page.meta.aliases {
        if !crate::urls::is_url_alias(alias) {
            names.push_str(alias);
            names.push(' ');
        }
    }
    names
}

/// Set in the number [`Counter`] gives a stop word: stop words are numbered apart
/// (in [`Chunk::stops`]), and not counted, only paired.
pub(super) const STOP_BIT: u32 = 1 << 31;
/// Bits of a word's number in a [`pair_key`]: the top one tells a stop word.
pub(super) const PAIR_WORD_BITS: u32 = 30;
/// Bits of a field's number in a [`pair_key`].
const FIELD_BITS: u32 = 4;
const _: () = assert!(FIELDS.len() < 1 << FIELD_BITS && 2 * PAIR_WORD_BITS + FIELD_BITS <= 64);

/// A pair of neighbouring words (numbered as [`Counter`] numbers them) and the field it
/// is in, as one integer that sorts by pair, so that a page's pairs sort as integers;
/// `None` when a number has more bits than a key holds, which takes a chunk of pages with
/// hundreds of millions of distinct words: such a pair is not indexed for phrases.
fn pair_key(a: u32, b: u32, field: usize) -> Option<u64> {
    let word = |id: u32| {
        let (stop, n) = (id & STOP_BIT != 0, id & !STOP_BIT);
        let top = 1 << (PAIR_WORD_BITS - 1);
        (n < top).then(|| u64::from(if stop { top | n } else { n }))
    };
    Some((word(a)? << (PAIR_WORD_BITS + FIELD_BITS)) | (word(b)? << FIELD_BITS) | field as u64)
}

/// The words of a pair in [`DocStats::pairs`], numbered as [`Counter`] numbers them.
pub(super) fn pair_words(pair: u64) -> (u32, u32) {
    let top = 1 << (PAIR_WORD_BITS - 1);
    let word = |part: u64| {
        let n = (part & (top - 1)) as u32;
        if part & top != 0 {
            STOP_BIT | n
        } else {
            n
        }
    };
    (word(pair >> PAIR_WORD_BITS), word(pair))
}

/// The number of a word that is not indexed at all (nothing left once folded, or too long).
const SKIP: u32 = u32::MAX;

/// Numbers words in order of first use and counts them per page and per section, with
/// dense tables (a word's number indexes its counts) rather than a map per page; and
/// notes each page's pairs of neighbouring words.
/// Words are hashed with Fx: they come from the site's own pages, so SipHash's slower
/// guard against chosen keys buys nothing here.
struct Counter<'l> {
    language: &'l Language,
    /// The number of each word as written (before lowering), when it is short enough to
    /// be a [`short_key`]: most words are, and most recur, so a recurring word costs one
    /// integer lookup, neither lowered nor compared as a string.
    written: FxHashMap<u128, u32>,
    /// The number of each lower form.
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    stops: Vec<String>,
    doc: Vec<TermCounts>,
    doc_seen: Vec<u32>,
    section: Vec<SectionTermCounts>,
    section_seen: Vec<u32>,
    /// The page's pairs so far, each with the field it is in ([`pair_key`]).
    pairs: Vec<u64>,
    /// Room for the strengths of a page's pairs.
    strengths: Vec<u8>,
    /// Room for packing a page's or a section's counts.
    packing: Vec<u8>,
    buf: String,
    folded: String,
}

/// A word of at most 15 bytes as one integer: its bytes, and its length in the last byte,
/// so that no two words share one.
fn short_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 15 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(key))
}

impl<'l> Counter<'l> {
    fn new(language: &'l Language) -> Self {
        Counter {
            language,
            // Room for the words of a chunk of a large site, so that few maps grow.
            written: FxHashMap::with_capacity_and_hasher(1 << 13, Default::default()),
            ids: FxHashMap::with_capacity_and_hasher(1 << 13, Default::default()),
            words: Vec::new(),
            stops: Vec::new(),
            doc: Vec::new(),
            doc_seen: Vec::new(),
            section: Vec::new(),
            section_seen: Vec::new(),
            pairs: Vec::new(),
            strengths: Vec::new(),
            packing: Vec::new(),
            buf: String::new(),
            folded: String::new(),
        }
    }

    /// The number of a word as written: its lower form's, [`SKIP`] when it has none.
    /// A lower form is folded and classified once, when first met.
    fn number(&mut self, word: &str) -> u32 {
        let Counter {
            language,
            ids,
            words,
            stops,
            doc,
            section,
            buf,
            folded,
            ..
        } = self;
        text::lower_into(word, language, buf);
        if buf.is_empty() {
            return SKIP;
        }
        if let Some(&id) = ids.get(buf.as_str()) {
            return id;
        }
        text::fold_marks(buf, folded);
        let id = if !text::indexable(folded) {
            SKIP
        } else if language.is_stop(folded) {
            stops.push(folded.clone());
            STOP_BIT | (stops.len() as u32 - 1)
        } else {
            words.push(buf.clone());
            doc.push([0; FIELDS.len()]);
            section.push([0; SECTION_FIELDS.len()]);
            words.len() as u32 - 1
        };
        ids.insert(buf.clone(), id);
        id
    }

    /// Counts the index words of `text` in a page field and, optionally, a section
    /// field, and notes its pairs of neighbouring words; returns how many words were counted.
    fn count(&mut self, text: &str, field: usize, section_field: Option<usize>) -> u32 {
        let mut n = 0;
        let mut prev = SKIP;
        if text.is_ascii() {
            text::ascii_words(text, |word| {
                self.add(word, field, section_field, &mut prev, &mut n);
            });
        } else {
            for word in text.unicode_words() {
                self.add(word, field, section_field, &mut prev, &mut n);
            }
        }
        n
    }

    /// Counts one word as written, after the word numbered `prev`; adds one to `n` when
    /// it is an index word.
    #[inline]
    fn add(
        &mut self,
        word: &str,
        field: usize,
        section_field: Option<usize>,
        prev: &mut u32,
        n: &mut u32,
    ) {
        let id = match short_key(word) {
            Some(key) => match self.written.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.number(word);
                    self.written.insert(key, id);
                    id
                }
            },
            None => self.number(word),
        };
        if id == SKIP {
            return;
        }
        if *prev != SKIP {
            if let Some(key) = pair_key(*prev, id, field) {
                self.pairs.push(key);
            }
        }
        *prev = id;
        if id & STOP_BIT != 0 {
            return;
        }
        *n += 1;
        let counts = &mut self.doc[id as usize];
        // First met in the page when all its counts are zero (an or, not a search).
        if counts.iter().fold(0, |a, &c| a | c) == 0 {
            self.doc_seen.push(id);
        }
        counts[field] = counts[field].saturating_add(1);
        if let Some(f) = section_field {
            let counts = &mut self.section[id as usize];
            if counts.iter().fold(0, |a, &c| a | c) == 0 {
                self.section_seen.push(id);
            }
            counts[f] = counts[f].saturating_add(1);
        }
    }

    /// Counts `text` as [`Counter::count`] does, in a page field only, without noting
    /// pairs of neighbouring words: its words need not stand together on the page.
    fn count_apart(&mut self, text: &str, field: usize) -> u32 {
        let before = self.pairs.len();
        let n = self.count(text, field, None);
        self.pairs.truncate(before);
        n
    }

    /// The page's pairs so far, each once (as [`DocStats::pairs`] holds them), and their
    /// strengths in a page of `share`; resets them for the next page. The page keeps its
    /// pairs packed, and the counter its room for the next page.
    fn take_pairs(&mut self, share: u32) -> PackedPairs {
        let keys = &mut self.pairs;
        keys.sort_unstable();
        let once: [u8; FIELDS.len()] = std::array::from_fn(|f| {
            let mut tf: TermCounts = [0; FIELDS.len()];
            tf[f] = 1;
            score::pair_strength(&tf, share)
        });
        let field = |key: u64| (key & ((1 << FIELD_BITS) - 1)) as usize;
        let strengths = &mut self.strengths;
        // Each pair once, written over the keys' first places.
        let mut kept = 0;
        let mut i = 0;
        while i < keys.len() {
            let first = keys[i];
            let pair = first >> FIELD_BITS;
            let mut end = i + 1;
            while end < keys.len() && keys[end] >> FIELD_BITS == pair {
                end += 1;
            }
            // Most pairs occur once in a page: their strength is their field's.
            strengths.push(if end == i + 1 {
                once[field(first)]
            } else {
                let mut tf: TermCounts = [0; FIELDS.len()];
                for &key in &keys[i..end] {
                    let count = &mut tf[field(key)];
                    *count = count.saturating_add(1);
                }
                score::pair_strength(&tf, share)
            });
            keys[kept] = pair;
            kept += 1;
            i = end;
        }
        let out = PackedPairs::new(&keys[..kept], strengths, &mut self.packing);
        keys.clear();
        strengths.clear();
        out
    }

    /// The page's counts so far, by word number; resets them for the next page.
    fn take_doc(&mut self) -> Packed<{ FIELDS.len() }> {
        let doc = &mut self.doc;
        Packed::new(
            self.doc_seen
                .drain(..)
                .map(|id| (id, std::mem::take(&mut doc[id as usize]))),
            &mut self.packing,
        )
    }

    /// The section's counts so far, by word number; resets them for the next section.
    fn take_section(&mut self) -> Packed<{ SECTION_FIELDS.len() }> {
        let section = &mut self.section;
        Packed::new(
            self.section_seen
                .drain(..)
                .map(|id| (id, std::mem::take(&mut section[id as usize]))),
            &mut self.packing,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_keys_sort_by_pair_and_give_back_their_words() {
        let stop = STOP_BIT | 7;
        let key = pair_key(stop, 12, FIELD_BODY).unwrap();
        assert_eq!(key & ((1 << FIELD_BITS) - 1), FIELD_BODY as u64);
        assert_eq!(pair_words(key >> FIELD_BITS), (stop, 12));
        // One pair in two fields sorts together, before the next pair.
        let title = pair_key(stop, 12, FIELD_TITLE).unwrap();
        let next = pair_key(stop, 13, FIELD_TITLE).unwrap();
        assert!(title < key && key < next);
        // A number too large for a key leaves the pair out rather than mixing it up.
        assert_eq!(pair_key(1 << 29, 1, FIELD_BODY), None);
        assert_eq!(pair_key(1, STOP_BIT | (1 << 29), FIELD_BODY), None);
    }
}
