//! Building the index files from the loaded pages (format in the module doc of `search`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{json, Value};

use super::text::{self, excerpt, Section, Stems};
use super::*;
use crate::content::{Kind, Page};
use crate::topics::Topics;

/// The index as files, and figures about it.
#[derive(Debug, Default)]
pub struct IndexFiles {
    /// (path relative to the output root, bytes), manifest first, then term and document shards.
    pub files: Vec<(String, Vec<u8>)>,
    pub docs: usize,
    pub term_shards: usize,
    pub doc_shards: usize,
}

/// The kinds of page that are searched, as numbered in documents.
const KINDS: [&str; 2] = ["article", "tip"];

/// Pages read per task: each task numbers the words it meets on its own.
const CHUNK_PAGES: usize = 256;

/// Counts of one page's index words, by word number: per field of [`FIELDS`], and for
/// articles with headings, per section (heading and text, as [`SECTION_FIELDS`]).
struct DocStats {
    tf: Vec<(u32, [u32; 5])>,
    len: [u32; 5],
    sections: Vec<SectionStats>,
}

/// A section's term frequencies (word number → heading and text counts) and lengths.
type SectionStats = (Vec<(u32, [u32; 2])>, [u32; 2]);

/// A run of pages read by one task: their words (numbered in order of first use), their
/// counts in that numbering, and each page's document record (JSON).
struct Chunk {
    words: Vec<String>,
    stats: Vec<DocStats>,
    records: Vec<String>,
}

/// Something placed in a term shard by its key.
struct Entry {
    key: String,
    json: String,
}

/// Builds the index of the published articles and tips among `pages`, whose bodies as
/// HTML are `html` (in the same order), with their topics named by `topics`.
pub fn build(pages: &[Page], html: &[String], topics: &Topics) -> IndexFiles {
    index(count(pages, html, topics))
}

/// What counting reads: the pages, each page's body as HTML (in the same order), and
/// the topic registry, which gives each topic's page.
#[derive(Clone, Copy)]
struct Corpus<'a> {
    pages: &'a [Page],
    html: &'a [String],
    topics: &'a Topics,
}

/// The words of every indexed page counted, and each page's record: the part of the
/// build that reads the pages, and the part that [`index`] needs of them.
pub struct Counted {
    topic_table: Vec<(String, String, String)>,
    chunks: Vec<Chunk>,
}

/// Reads and counts the words of the published articles and tips among `pages`, in
/// parallel; `html` and `topics` are as for [`build`].
pub fn count(pages: &[Page], html: &[String], topics: &Topics) -> Counted {
    let corpus = Corpus {
        pages,
        html,
        topics,
    };
    let topic_table: Vec<(String, String, String)> = corpus
        .topics
        .iter()
        .map(|(slug, i)| {
            let p = &corpus.pages[i];
            (slug.to_string(), p.meta.title.clone(), p.url.clone())
        })
        .collect();
    let topic_number: HashMap<&str, usize> = topic_table
        .iter()
        .enumerate()
        .map(|(n, (slug, _, _))| (slug.as_str(), n))
        .collect();

    let indexed: Vec<usize> = (0..corpus.pages.len())
        .filter(|&i| {
            let p = &corpus.pages[i];
            matches!(p.kind, Kind::Article | Kind::Tip) && !p.meta.draft
        })
        .collect();
    let chunks: Vec<Chunk> = indexed
        .par_chunks(CHUNK_PAGES)
        .map(|pages| read_chunk(corpus, pages, &topic_number))
        .collect();
    Counted {
        topic_table,
        chunks,
    }
}

/// Numbers, scores and writes out what [`count`] read.
pub fn index(counted: Counted) -> IndexFiles {
    let Counted {
        topic_table,
        mut chunks,
    } = counted;

    // Vocabulary: every surface word, its stem, and stems numbered in sorted order.
    let chunk_words: Vec<Vec<String>> = chunks
        .iter_mut()
        .map(|c| std::mem::take(&mut c.words))
        .collect();
    let mut surfaces: Vec<&str> = chunk_words.iter().flatten().map(String::as_str).collect();
    surfaces.par_sort_unstable();
    surfaces.dedup();
    let surface_stems: Vec<String> = surfaces
        .par_iter()
        .map_init(Stems::default, |s, w| s.stem(w).into_owned())
        .collect();
    let mut stems: Vec<&str> = surface_stems.iter().map(String::as_str).collect();
    stems.par_sort_unstable();
    stems.dedup();
    let stem_of_surface: Vec<u32> = surface_stems.iter().map(|s| position(&stems, s)).collect();

    // Each page's counts, renumbered from its chunk's words to stems.
    let (stats, records): (Vec<Vec<DocStats>>, Vec<Vec<String>>) = chunks
        .into_par_iter()
        .zip(&chunk_words)
        .map(|(chunk, words)| {
            let to_stem: Vec<u32> = words
                .iter()
                .map(|w| stem_of_surface[position(&surfaces, w) as usize])
                .collect();
            let stats = chunk
                .stats
                .into_iter()
                .map(|s| renumber(s, &to_stem))
                .collect();
            (stats, chunk.records)
        })
        .unzip();
    let stats: Vec<DocStats> = stats.into_iter().flatten().collect();
    let records: Vec<String> = records.into_iter().flatten().collect();

    let n_docs = stats.len();
    let mut df = vec![0u32; stems.len()];
    let mut total_len = [0f64; 5];
    let mut section_total = [0f64; 2];
    let mut section_count = 0usize;
    for s in &stats {
        for (id, _) in &s.tf {
            df[*id as usize] += 1;
        }
        for (total, len) in total_len.iter_mut().zip(s.len) {
            *total += f64::from(len);
        }
        for (_, len) in &s.sections {
            section_total[0] += f64::from(len[0]);
            section_total[1] += f64::from(len[1]);
            section_count += 1;
        }
    }
    let avg: Vec<f64> = total_len.iter().map(|t| t / n_docs.max(1) as f64).collect();
    let section_avg: Vec<f64> = section_total
        .iter()
        .map(|t| t / section_count.max(1) as f64)
        .collect();
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + (n_docs as f64 - f64::from(d) + 0.5) / (f64::from(d) + 0.5)).ln())
        .collect();

    // Postings: each document's entries, then appended per stem in document order.
    // Each document's counts are freed once scored.
    let impacts: Vec<Vec<u32>> = stats
        .into_par_iter()
        .map(|s| doc_impacts(&s, &idf, &avg, &section_avg))
        .collect();
    // Each list is made at its final size, so that no list is copied as it grows.
    let mut sizes = vec![0usize; stems.len()];
    for flat in &impacts {
        let mut rest = flat.as_slice();
        while let [id, _, n, more @ ..] = rest {
            sizes[*id as usize] += 3 + 2 * *n as usize;
            rest = &more[2 * *n as usize..];
        }
    }
    let mut postings: Vec<Vec<u32>> = sizes.into_iter().map(Vec::with_capacity).collect();
    let mut last_doc: Vec<u32> = vec![0; stems.len()];
    // Each document's entries are freed once placed, so the two never both hold all.
    for (doc, flat) in impacts.into_iter().enumerate() {
        let doc = doc as u32;
        let mut rest = flat.as_slice();
        while let [id, impact, n, more @ ..] = rest {
            let (sections, after) = more.split_at(2 * *n as usize);
            let id = *id as usize;
            let list = &mut postings[id];
            list.extend([doc - last_doc[id], *impact, *n]);
            list.extend_from_slice(sections);
            last_doc[id] = doc;
            rest = after;
        }
    }

    // Three sets of shards, each split by key prefix on its own: surface words,
    // postings, and deletion variants. Each list is built in key order.
    let words: Vec<Entry> = surfaces
        .iter()
        .zip(&stem_of_surface)
        .map(|(w, &stem)| {
            let d = df[stem as usize];
            let stem = stems[stem as usize];
            let json = if *w == stem {
                format!("[{},{d}]", js(w))
            } else {
                format!("[{},{d},{}]", js(w), js(stem))
            };
            Entry {
                key: w.to_string(),
                json,
            }
        })
        .collect();
    let mut variants: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for w in &surfaces {
        for v in deletions(w) {
            variants.entry(v).or_default().insert(w);
        }
    }
    let typos: Vec<Entry> = variants
        .into_iter()
        .map(|(v, words)| {
            let mut json = format!("[{}", js(&v));
            for w in words {
                json.push(',');
                json.push_str(&js(w));
            }
            json.push(']');
            Entry { key: v, json }
        })
        .collect();
    // Each list is freed once written out.
    let terms: Vec<Entry> = stems
        .par_iter()
        .zip(postings)
        .map(|(stem, list)| {
            let mut json = String::with_capacity(stem.len() + 4 + list.len() * 4);
            json.push_str(&js(stem));
            json.push_str(":[");
            let mut digits = itoa::Buffer::new();
            for (n, v) in list.iter().enumerate() {
                if n > 0 {
                    json.push(',');
                }
                json.push_str(digits.format(*v));
            }
            json.push(']');
            Entry {
                key: stem.to_string(),
                json,
            }
        })
        .collect();

    let word_shards = shard_set(&words);
    let typo_shards = shard_set(&typos);
    let shards = shard_set(&terms);

    // Each entry and record is dropped once copied into its file, so the index is
    // never held twice over.
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (prefix, open, close, entries, set) in [
        ("w", "[", "]", words, &word_shards),
        ("t", "{", "}", terms, &shards),
        ("x", "[", "]", typos, &typo_shards),
    ] {
        let mut entries = entries.into_iter().map(|e| e.json);
        for (n, (_, count)) in set.iter().enumerate() {
            let name = format!("{prefix}{n}");
            let parts = entries.by_ref().take(*count);
            files.push((format!("{DIR}/{name}.js"), wrap(&name, open, parts, close)));
        }
    }

    let mut doc_starts = Vec::new();
    let mut size = 0;
    for (n, json) in records.iter().enumerate() {
        if n == 0 || size + json.len() + 1 > DOC_SHARD_BYTES {
            doc_starts.push(n);
            size = 0;
        }
        size += json.len() + 1;
    }
    let mut records = records.into_iter();
    for (n, (start, end)) in doc_starts
        .iter()
        .zip(doc_starts.iter().skip(1).chain([&n_docs]))
        .enumerate()
    {
        let name = format!("d{n}");
        let parts = records.by_ref().take(end - start);
        files.push((format!("{DIR}/{name}.js"), wrap(&name, "[", parts, "]")));
    }

    let manifest = json!({
        "format": FORMAT,
        "v": format!("{:016x}", content_hash(&files)),
        "docs": n_docs,
        "shards": shards.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        "wordShards": word_shards.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        "typoShards": typo_shards.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        "docShards": doc_starts,
        "topics": topic_table.iter().map(|(s, t, u)| json!([s, t, u])).collect::<Vec<_>>(),
        "kinds": KINDS,
        "stop": text::STOP_WORDS,
        "params": {
            "exact": EXACT,
            "prefix": PREFIX,
            "typo": TYPO,
            "prefixMin": PREFIX_MIN,
            "maxExpansions": MAX_EXPANSIONS,
            "prefixShards": PREFIX_SHARDS,
            "prefixWordShards": PREFIX_WORD_SHARDS,
            "fuzzyMin": FUZZY_MIN,
            "typoWordMin": TYPO_WORD_MIN,
            "maxKey": MAX_KEY_CHARS,
        },
    });
    let term_shards = shards.len();
    let doc_shards = doc_starts.len();
    let manifest = manifest.to_string();
    files.insert(
        0,
        (
            format!("{DIR}/index.js"),
            wrap("index", "", [manifest.as_str()], ""),
        ),
    );
    IndexFiles {
        files,
        docs: n_docs,
        term_shards,
        doc_shards,
    }
}

/// Sorted entries split into shards by key prefix, as (prefix, number of entries): each
/// shard is the run of entries after the last. At least one shard, perhaps empty.
fn shard_set(list: &[Entry]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    split(String::new(), 0, list, SHARD_BYTES, &mut out);
    if out.is_empty() {
        out.push((String::new(), 0));
    }
    out
}

/// Where `item` is in the sorted, deduplicated `list` it is known to be in.
fn position(list: &[&str], item: &str) -> u32 {
    list.binary_search(&item).unwrap_or_else(|i| i) as u32
}

/// FNV-1a over the files, eight bytes at a time: a fingerprint of the index's content.
fn content_hash(files: &[(String, Vec<u8>)]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |bytes: &[u8]| {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let w: [u8; 8] = w.try_into().unwrap_or_default();
            hash ^= u64::from_le_bytes(w);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        for &b in words.remainder() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (path, bytes) in files {
        mix(path.as_bytes());
        mix(bytes);
    }
    hash
}

/// Reads a run of pages: numbers their words and counts them, and makes their records.
fn read_chunk(corpus: Corpus, pages: &[usize], topic_number: &HashMap<&str, usize>) -> Chunk {
    let mut counter = Counter::default();
    let mut stats = Vec::with_capacity(pages.len());
    let mut records = Vec::with_capacity(pages.len());
    for &i in pages {
        let (s, record) = read_page(corpus, i, topic_number, &mut counter);
        stats.push(s);
        records.push(record);
    }
    Chunk {
        words: counter.words,
        stats,
        records,
    }
}

fn read_page(
    corpus: Corpus,
    i: usize,
    topic_number: &HashMap<&str, usize>,
    counter: &mut Counter,
) -> (DocStats, String) {
    let page = &corpus.pages[i];
    let sections = text::sections(&corpus.html[i]);
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
    let kind = if page.kind == Kind::Article { 0 } else { 1 };
    let summary = text::squash(page.summary());
    let mut len = [0u32; 5];
    len[0] = counter.count(&page.meta.title, 0, None);
    len[1] = counter.count(page.summary(), 1, None);
    len[2] = counter.count(&topic_text, 2, None);
    // Sections get counts of their own only on articles with headings.
    let by_section = kind == 0 && sections.len() >= 2;
    let mut section_stats = Vec::new();
    for s in &sections {
        let heading = counter.count(&s.heading, 3, by_section.then_some(0));
        let text = counter.count(&s.text, 4, by_section.then_some(1));
        len[3] += heading;
        len[4] += text;
        if by_section {
            section_stats.push((counter.take_section(), [heading, text]));
        }
    }
    let stats = DocStats {
        tf: counter.take_doc(),
        len,
        sections: section_stats,
    };
    let record = doc_record(page, kind, &topics, &summary, &sections);
    (stats, record)
}

/// The number [`Counter`] gives every stop word: they are not indexed.
const STOP: u32 = u32::MAX;

/// Numbers words in order of first use and counts them per page and per section, with
/// dense tables (a word's number indexes its counts) rather than a map per page.
/// Words are hashed with Fx: they come from the site's own pages, so SipHash's slower
/// guard against chosen keys buys nothing here.
#[derive(Default)]
struct Counter {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    doc: Vec<[u32; 5]>,
    doc_seen: Vec<u32>,
    section: Vec<[u32; 2]>,
    section_seen: Vec<u32>,
    buf: String,
}

impl Counter {
    /// Counts the index words of `text` in a page field and, optionally, a section
    /// field; returns how many there were.
    fn count(&mut self, text: &str, field: usize, section_field: Option<usize>) -> u32 {
        let Counter {
            ids,
            words,
            doc,
            doc_seen,
            section,
            section_seen,
            buf,
        } = self;
        let mut n = 0;
        text::each_word(text, buf, |w| {
            let id = match ids.get(w) {
                Some(&id) => id,
                None => {
                    // Stop words are numbered too, as `STOP`, so each is looked up once.
                    let id = if text::is_stop_word(w) {
                        STOP
                    } else {
                        words.push(w.to_string());
                        doc.push([0; 5]);
                        section.push([0; 2]);
                        words.len() as u32 - 1
                    };
                    ids.insert(w.to_string(), id);
                    id
                }
            };
            if id == STOP {
                return;
            }
            n += 1;
            let counts = &mut doc[id as usize];
            if counts.iter().all(|&c| c == 0) {
                doc_seen.push(id);
            }
            counts[field] += 1;
            if let Some(f) = section_field {
                let counts = &mut section[id as usize];
                if counts.iter().all(|&c| c == 0) {
                    section_seen.push(id);
                }
                counts[f] += 1;
            }
        });
        n
    }

    /// The page's counts so far, by word number; resets them for the next page.
    fn take_doc(&mut self) -> Vec<(u32, [u32; 5])> {
        let doc = &mut self.doc;
        self.doc_seen
            .drain(..)
            .map(|id| (id, std::mem::take(&mut doc[id as usize])))
            .collect()
    }

    /// The section's counts so far, by word number; resets them for the next section.
    fn take_section(&mut self) -> Vec<(u32, [u32; 2])> {
        let section = &mut self.section;
        self.section_seen
            .drain(..)
            .map(|id| (id, std::mem::take(&mut section[id as usize])))
            .collect()
    }
}

/// Moves counts from a chunk's word numbers to stem numbers, merging the words that
/// share a stem, in stem order.
fn renumber(s: DocStats, to_stem: &[u32]) -> DocStats {
    fn merge<const N: usize>(list: Vec<(u32, [u32; N])>, to_stem: &[u32]) -> Vec<(u32, [u32; N])> {
        let mut list: Vec<(u32, [u32; N])> = list
            .into_iter()
            .map(|(id, c)| (to_stem[id as usize], c))
            .collect();
        list.sort_unstable_by_key(|(id, _)| *id);
        let mut out: Vec<(u32, [u32; N])> = Vec::with_capacity(list.len());
        for (id, counts) in list {
            match out.last_mut() {
                Some((last, sum)) if *last == id => {
                    for (s, c) in sum.iter_mut().zip(counts) {
                        *s += c;
                    }
                }
                _ => out.push((id, counts)),
            }
        }
        out
    }
    DocStats {
        tf: merge(s.tf, to_stem),
        len: s.len,
        sections: s
            .sections
            .into_iter()
            .map(|(stf, len)| (merge(stf, to_stem), len))
            .collect(),
    }
}

/// BM25F impact, as an integer.
fn impact(idf: f64, tf: &[u32], len: &[u32], avg: &[f64], fields: &[Field]) -> u32 {
    let mut t = 0.0;
    for (f, field) in fields.iter().enumerate() {
        if tf[f] == 0 || avg[f] <= 0.0 {
            continue;
        }
        let norm = 1.0 - field.b + field.b * f64::from(len[f]) / avg[f];
        t += field.weight * f64::from(tf[f]) / norm;
    }
    let mut score = idf * t * (K1 + 1.0) / (K1 + t);
    if tf[0] > 0 {
        // A word of the title (or heading) counts beyond saturation.
        score += idf * LEAD_BONUS;
    }
    (score * 100.0).round().max(1.0) as u32
}

/// A document's posting entries, flat and in stem order: for each stem,
/// `stem, impact, n`, then `n` pairs `section, section impact`.
fn doc_impacts(s: &DocStats, idf: &[f64], avg: &[f64], section_avg: &[f64]) -> Vec<u32> {
    // (stem, section, impact) for every section hit, grouped by stem below.
    let mut hits: Vec<(u32, u32, u32)> = Vec::new();
    for (n, (stf, slen)) in s.sections.iter().enumerate() {
        for (id, counts) in stf {
            let imp = impact(
                idf[*id as usize],
                counts,
                slen,
                section_avg,
                &SECTION_FIELDS,
            );
            hits.push((*id, n as u32, imp));
        }
    }
    hits.sort_unstable();
    let mut out = Vec::with_capacity(s.tf.len() * 3 + hits.len() * 2);
    let mut hits = hits.as_slice();
    for (id, counts) in &s.tf {
        let n = hits.iter().take_while(|(h, _, _)| h == id).count();
        out.extend([
            *id,
            impact(idf[*id as usize], counts, &s.len, avg, &FIELDS),
            n as u32,
        ]);
        for (_, section, imp) in &hits[..n] {
            out.extend([*section, *imp]);
        }
        hits = &hits[n..];
    }
    out
}

fn doc_record(
    page: &Page,
    kind: usize,
    topics: &[usize],
    summary: &str,
    sections: &[Section],
) -> String {
    let sections: Vec<Value> = if kind == 0 {
        sections
            .iter()
            .map(|s| json!([s.id, s.heading, excerpt(&s.text, SNIPPET_CHARS)]))
            .collect()
    } else {
        let all = sections.iter().map(|s| s.text.as_str());
        vec![json!(["", "", text::excerpt_of(all, SNIPPET_CHARS)])]
    };
    json!([
        page.url,
        page.meta.title,
        kind,
        topics,
        excerpt(summary, SUMMARY_CHARS),
        sections
    ])
    .to_string()
}

/// A JSON string literal.
fn js(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// One index file: a statement that hands its data (`open`, the parts joined by commas,
/// then `close`) to `search.js`.
fn wrap(
    name: &str,
    open: &str,
    parts: impl IntoIterator<Item = impl AsRef<str>>,
    close: &str,
) -> Vec<u8> {
    let mut out = format!("(self.ladderSearch=self.ladderSearch||[]).push([\"{name}\",{open}");
    for (n, part) in parts.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(part.as_ref());
    }
    out.push_str(close);
    out.push_str("]);\n");
    out.into_bytes()
}

/// Every string made by deleting one character of `word`, when it is long enough for
/// typo tolerance.
pub(super) fn deletions(word: &str) -> BTreeSet<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = BTreeSet::new();
    if chars.len() < TYPO_WORD_MIN {
        return out;
    }
    for i in 0..chars.len() {
        let v: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
        out.insert(v);
    }
    out
}

/// Splits sorted entries, which all begin with `prefix` (`depth` characters), into
/// shards of at most `limit` bytes by longer prefixes, pushing (prefix, number of
/// entries) in key order.
fn split(
    prefix: String,
    depth: usize,
    entries: &[Entry],
    limit: usize,
    out: &mut Vec<(String, usize)>,
) {
    if entries.is_empty() {
        return;
    }
    let size: usize = entries.iter().map(|e| e.json.len() + 1).sum();
    if size <= limit || depth >= MAX_KEY_CHARS {
        out.push((prefix, entries.len()));
        return;
    }
    // Keys are unique and sorted: the one that is `prefix` itself comes first, then
    // the longer ones in runs that share their next character.
    let mut rest = entries;
    if rest[0].key.chars().count() == depth {
        out.push((prefix.clone(), 1));
        rest = &rest[1..];
    }
    while let Some(first) = rest.first() {
        let c = first.key.chars().nth(depth).expect("longer key");
        let run = rest
            .iter()
            .take_while(|e| e.key.chars().nth(depth) == Some(c))
            .count();
        let mut child = prefix.clone();
        child.push(c);
        split(child, depth + 1, &rest[..run], limit, out);
        rest = &rest[run..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, size: usize) -> Entry {
        Entry {
            key: key.into(),
            json: "x".repeat(size),
        }
    }

    fn shard_keys(entries: &[Entry], limit: usize) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        split(String::new(), 0, entries, limit, &mut out);
        let mut keys = entries.iter().map(|e| e.key.clone());
        let shards: Vec<_> = out
            .into_iter()
            .map(|(k, n)| (k, keys.by_ref().take(n).collect()))
            .collect();
        assert!(keys.next().is_none(), "every entry is in a shard");
        shards
    }

    #[test]
    fn a_small_index_is_one_shard() {
        let entries = [entry("apple", 10), entry("banana", 10)];
        assert_eq!(
            shard_keys(&entries, 100),
            [(String::new(), vec!["apple".into(), "banana".into()])]
        );
    }

    #[test]
    fn large_shards_split_by_prefix_and_keep_exact_keys() {
        let entries = [
            entry("ma", 30),
            entry("man", 30),
            entry("mango", 30),
            entry("mentor", 30),
            entry("zebra", 30),
        ];
        let shards = shard_keys(&entries, 70);
        let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
        // "m" is too big: split into "ma" (which keeps the word "ma" itself, then splits
        // again into "man") and "me"; "z" fits.
        assert_eq!(keys, ["ma", "man", "me", "z"]);
        assert_eq!(shards[1].1, ["man", "mango"]);
        for (key, words) in &shards {
            assert!(words.iter().all(|w| w.starts_with(key.as_str())));
        }
    }

    #[test]
    fn deletions_cover_every_position() {
        let d = deletions("mentor");
        assert_eq!(d.len(), 6);
        assert!(d.contains("entor") && d.contains("mentr") && d.contains("mento"));
        assert!(deletions("boss").is_empty(), "short words get no variants");
    }

    #[test]
    fn impacts_are_bm25f_integers() {
        let fields = &FIELDS;
        let avg = [4.0, 10.0, 3.0, 5.0, 100.0];
        let len = [4, 10, 3, 5, 100];
        let in_title = impact(2.0, &[1, 0, 0, 0, 0], &len, &avg, fields);
        let in_body = impact(2.0, &[0, 0, 0, 0, 1], &len, &avg, fields);
        let twice = impact(2.0, &[0, 0, 0, 0, 2], &len, &avg, fields);
        assert!(
            in_title > twice && twice > in_body && in_body >= 1,
            "{in_title} {twice} {in_body}"
        );
        // Saturation: a hundred occurrences are worth less than idf · (k1 + 1).
        let many = impact(2.0, &[0, 0, 0, 0, 100], &len, &avg, fields);
        assert!(many < (2.0 * (K1 + 1.0) * 100.0) as u32);
    }
}
