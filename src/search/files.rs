//! Writing the index files (format in the module doc of `search`): word, postings and
//! typo shards split by key prefix, document shards of records, and the manifest.

use std::collections::BTreeSet;
use std::io;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::digits;
use super::heads;
use super::language::Language;
use super::text::{self, excerpt, Section};
use super::vocabulary::Vocabulary;
use super::*;
use crate::content::Page;

/// The index as files, and figures about it.
#[derive(Debug, Default)]
pub struct IndexFiles {
    /// (path relative to the output root, bytes), the manifest first.
    pub files: Vec<(String, Vec<u8>)>,
    /// Documents indexed.
    pub docs: usize,
    /// Postings shards.
    pub term_shards: usize,
    /// Document shards.
    pub doc_shards: usize,
}

/// Where each index file goes once made, as (path, bytes).
pub(super) type Out<'a> = dyn FnMut((String, Vec<u8>)) -> io::Result<()> + 'a;

/// A topic as the manifest names it: slug, title, URL and aliases.
pub(super) type TopicRow = (String, String, String, Vec<String>);

/// Something placed in a term shard by its key.
pub(super) struct Entry {
    key: String,
    json: String,
}

/// The entries of the four sets of shards, each list in key order.
pub(super) struct Entries {
    words: Vec<Entry>,
    /// The stems of each word, by number, beside `words`.
    word_stems: Vec<Vec<u32>>,
    typos: Vec<Entry>,
    heads: Vec<Entry>,
    terms: Vec<Entry>,
    /// Whether each stem, by number, has a full list in `terms` apart from its head.
    long: Vec<bool>,
}

/// The head and full postings entries of a run of stems, beside their document
/// frequencies `df` and their flat postings `lists`: every stem's head (its whole list
/// when short), and the full lists of long stems. Each list is freed once written out.
pub(super) fn posting_entries(
    stems: &[&str],
    df: &[u32],
    lists: Vec<Vec<u32>>,
) -> (Vec<Entry>, Vec<Entry>) {
    let mut heads = Vec::with_capacity(lists.len());
    let mut terms = Vec::new();
    let mut scratch = String::new();
    for ((stem, list), &df) in stems.iter().zip(lists).zip(df) {
        let mut entry = |list: &[u32]| {
            scratch.clear();
            scratch.push_str(&js(stem));
            scratch.push_str(":\"");
            digits::push_postings(&mut scratch, list);
            scratch.push('"');
            Entry {
                key: stem.to_string(),
                // Held until its shard is written: no spare room.
                json: String::from(scratch.as_str()),
            }
        };
        let long = df as usize > HEAD_DOCS;
        match (long, heads::head(&list)) {
            (true, Some(head)) => {
                heads.push(entry(&head));
                terms.push(entry(&list));
            }
            (true, None) => {
                heads.push(entry(&list));
                terms.push(entry(&list));
            }
            (false, _) => heads.push(entry(&list)),
        }
    }
    (heads, terms)
}

/// Four sets of shards, each split by key prefix on its own: surface words, heads of
/// postings, long postings in full, and deletion variants. Each list is built in key order;
/// `postings` holds the entries of [`posting_entries`], run after run of stems.
pub(super) fn entries(
    vocabulary: &Vocabulary,
    synonyms: &[Vec<u32>],
    df: &[u32],
    postings: Vec<(Vec<Entry>, Vec<Entry>)>,
) -> Entries {
    let Vocabulary { stems, folded, .. } = vocabulary;
    let words: Vec<Entry> = folded
        .par_iter()
        .zip(synonyms)
        .map(|((w, ids), synonyms)| {
            // A word that is its own stem, and the only one folding to it, needs no stem;
            // a word of several stems (or none) has the document frequency of each.
            let mut json = match ids.as_slice() {
                [s] if stems[*s as usize] == w => format!("[{},{}", js(w), df[*s as usize]),
                [s] => format!("[{},{},{}", js(w), df[*s as usize], js(stems[*s as usize])),
                _ => {
                    let dfs: Vec<String> =
                        ids.iter().map(|&s| df[s as usize].to_string()).collect();
                    let names: Vec<String> = ids.iter().map(|&s| js(stems[s as usize])).collect();
                    let mut row = format!("[{},[{}]", js(w), dfs.join(","));
                    for name in names {
                        row.push(',');
                        row.push_str(&name);
                    }
                    row
                }
            };
            // Its synonyms' stems last, each with its document frequency.
            if !synonyms.is_empty() {
                let list: Vec<String> = synonyms
                    .iter()
                    .map(|&s| format!("[{},{}]", js(stems[s as usize]), df[s as usize]))
                    .collect();
                json.push_str(&format!(",[{}]", list.join(",")));
            }
            json.push(']');
            Entry {
                key: w.clone(),
                json,
            }
        })
        .collect();
    // A word shard names the shards of its words' stems, synonyms included.
    let word_stems = folded
        .iter()
        .zip(synonyms)
        .map(|((_, ids), synonyms)| ids.iter().chain(synonyms).copied().collect())
        .collect();
    // Every (variant, word) once, sorted: each variant's words in order, as a map of sets
    // would give them, but made and sorted in parallel.
    let mut variants: Vec<(String, &str)> = folded
        .par_iter()
        .flat_map_iter(|(w, _)| deletions(w).into_iter().map(move |v| (v, w.as_str())))
        .collect();
    variants.par_sort_unstable();
    variants.dedup();
    let groups: Vec<&[(String, &str)]> = variants.chunk_by(|a, b| a.0 == b.0).collect();
    let typos: Vec<Entry> = groups
        .par_iter()
        .map(|group| {
            let v = &group[0].0;
            let mut json = format!("[{}", js(v));
            for (_, w) in group.iter() {
                json.push(',');
                json.push_str(&js(w));
            }
            json.push(']');
            Entry {
                key: v.clone(),
                json,
            }
        })
        .collect();
    let long: Vec<bool> = df.iter().map(|&d| d as usize > HEAD_DOCS).collect();
    let (heads, terms): (Vec<Vec<Entry>>, Vec<Vec<Entry>>) = postings.into_iter().unzip();
    Entries {
        words,
        word_stems,
        typos,
        heads: heads.into_iter().flatten().collect(),
        terms: terms.into_iter().flatten().collect(),
        long,
    }
}

/// Each set's shards, as (key, number of entries).
pub(super) struct Shards {
    words: Vec<(String, usize)>,
    heads: Vec<(String, usize)>,
    terms: Vec<(String, usize)>,
    typos: Vec<(String, usize)>,
}

impl Shards {
    /// How many postings shards there are.
    pub(super) fn postings(&self) -> usize {
        self.terms.len()
    }

    /// How `entries` are split into shards.
    pub(super) fn of(entries: &Entries) -> Self {
        Shards {
            words: shard_set(&entries.words, SHARD_BYTES),
            typos: shard_set(&entries.typos, SHARD_BYTES),
            heads: shard_set(&entries.heads, HEAD_SHARD_BYTES),
            terms: shard_set(&entries.terms, POSTINGS_SHARD_BYTES),
        }
    }
}

/// The shard number of each entry of a set split into `shards`.
fn numbers(shards: &[(String, usize)]) -> Vec<usize> {
    let each = shards.iter().enumerate();
    each.flat_map(|(n, (_, count))| std::iter::repeat_n(n, *count))
        .collect()
}

/// The shards of `set` numbered in `used` (sorted), as the header of a word shard
/// writes them: for each run of consecutive numbers, its first and its keys front-coded.
fn runs(set: &[(String, usize)], used: &BTreeSet<usize>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let used: Vec<usize> = used.iter().copied().collect();
    let mut i = 0;
    while i < used.len() {
        let mut j = i + 1;
        while j < used.len() && used[j] == used[j - 1] + 1 {
            j += 1;
        }
        parts.push(used[i].to_string());
        parts.push(js(&front_coded(&set[used[i]..=used[j - 1]])));
        i = j;
    }
    format!("[{}]", parts.join(","))
}

/// The word, head, postings and typo shard files, as (path, bytes), each handed to `out`
/// once made. Each word shard starts with the keys of the head and postings shards its
/// words' stems are in.
pub(super) fn term_files(entries: Entries, shards: &Shards, out: &mut Out) -> io::Result<()> {
    let Entries {
        words,
        word_stems,
        typos,
        heads,
        terms,
        long,
    } = entries;
    let head_of = numbers(&shards.heads);
    // Long stems are numbered among themselves in `terms`.
    let mut term_of = vec![usize::MAX; long.len()];
    let mut term_numbers = numbers(&shards.terms).into_iter();
    for (s, &l) in long.iter().enumerate() {
        if l {
            term_of[s] = term_numbers.next().unwrap_or(usize::MAX);
        }
    }

    // Each entry is dropped once copied into its file, so the index is never held twice
    // over.
    let mut stems_of = word_stems.into_iter();
    let mut entries = words.into_iter().map(|e| e.json);
    for (n, (_, count)) in shards.words.iter().enumerate() {
        let ids: Vec<Vec<u32>> = stems_of.by_ref().take(*count).collect();
        let ids = ids.iter().flatten().map(|&s| s as usize);
        let used_heads: BTreeSet<usize> = ids.clone().map(|s| head_of[s]).collect();
        let used_terms: BTreeSet<usize> = ids.filter(|&s| long[s]).map(|s| term_of[s]).collect();
        let header = [
            runs(&shards.heads, &used_heads),
            runs(&shards.terms, &used_terms),
        ];
        let parts = header.into_iter().chain(entries.by_ref().take(*count));
        let name = format!("w{n}");
        out((format!("{DIR}/{name}.js"), wrap(&name, "[", parts, "]")))?;
    }
    for (prefix, open, close, entries, set) in [
        ("h", "{", "}", heads, &shards.heads),
        ("t", "{", "}", terms, &shards.terms),
        ("x", "[", "]", typos, &shards.typos),
    ] {
        let mut entries = entries.into_iter().map(|e| e.json);
        for (n, (_, count)) in set.iter().enumerate() {
            let name = format!("{prefix}{n}");
            let parts = entries.by_ref().take(*count);
            out((format!("{DIR}/{name}.js"), wrap(&name, open, parts, close)))?;
        }
    }
    Ok(())
}

/// Hands `out` the document shards of `records`, [`DOC_SHARD_DOCS`] rows each, and
/// beside each shard holding a document with texts apart, its text file `s<i>`.
pub(super) fn doc_files(records: Vec<Record>, out: &mut Out) -> io::Result<()> {
    let shards = records.len().div_ceil(DOC_SHARD_DOCS);
    // Each record is dropped once copied into its file.
    let mut records = records.into_iter();
    for n in 0..shards {
        let mut rows = Vec::with_capacity(DOC_SHARD_DOCS);
        let mut texts = Vec::with_capacity(DOC_SHARD_DOCS);
        for record in records.by_ref().take(DOC_SHARD_DOCS) {
            rows.push(record.row);
            texts.push(record.texts);
        }
        let name = format!("d{n}");
        out((format!("{DIR}/{name}.js"), wrap(&name, "[", rows, "]")))?;
        if texts.iter().any(Option::is_some) {
            let name = format!("s{n}");
            let parts = texts.into_iter().map(|t| t.unwrap_or_else(|| "0".into()));
            out((format!("{DIR}/{name}.js"), wrap(&name, "[", parts, "]")))?;
        }
    }
    Ok(())
}

/// The paths of the document shards of `records` (with their text files), the phrase
/// shards of `phrase_bits` bits and the facets: the index's files that are known before
/// its words are scored.
pub(super) fn early_paths(records: &[Record], phrase_bits: u32) -> Vec<String> {
    let mut paths = Vec::new();
    for (n, shard) in records.chunks(DOC_SHARD_DOCS).enumerate() {
        paths.push(format!("{DIR}/d{n}.js"));
        if shard.iter().any(|r| r.texts.is_some()) {
            paths.push(format!("{DIR}/s{n}.js"));
        }
    }
    paths.extend((0..1usize << phrase_bits).map(|n| format!("{DIR}/p{n}.js")));
    paths.push(format!("{DIR}/f.js"));
    paths
}

/// The paths of the manifest and of the word, head, postings and typo shards of
/// `shards`: the rest of the index's files.
pub(super) fn term_paths(shards: &Shards) -> Vec<String> {
    let mut paths = vec![format!("{DIR}/index.js")];
    for (prefix, set) in [
        ("w", &shards.words),
        ("h", &shards.heads),
        ("t", &shards.terms),
        ("x", &shards.typos),
    ] {
        paths.extend((0..set.len()).map(|n| format!("{DIR}/{prefix}{n}.js")));
    }
    paths
}

/// The facet file `f.js`: each document's kind and topics (see [`super::facets`]).
pub(super) fn facet_file(facets: &[super::facets::Facet]) -> Vec<u8> {
    wrap("f", "", [super::facets::data(facets)], "")
}

/// What the manifest says besides the term shards.
pub(super) struct About<'a> {
    /// How many document shards there are.
    pub(super) doc_shards: usize,
    pub(super) n_docs: usize,
    /// Each topic's slug, title, URL and aliases.
    pub(super) topic_table: &'a [TopicRow],
    /// The word rules the browser applies to queries.
    pub(super) language: &'a Language,
    /// How many bits of a pair's hash choose its phrase shard.
    pub(super) phrase_bits: u32,
}

/// The manifest, which describes the `shards`, the documents, the topics and the
/// language (`about`), with `hash`, the [`Fingerprint`] of every other file.
pub(super) fn manifest(shards: &Shards, about: About, hash: u64) -> (String, Vec<u8>) {
    let About {
        doc_shards,
        n_docs,
        topic_table,
        language,
        phrase_bits,
    } = about;
    let manifest = json!({
        "format": FORMAT,
        "v": format!("{hash:016x}"),
        "docs": n_docs,
        "headShards": shards.heads.len(),
        "shards": shards.terms.len(),
        "wordShards": front_coded(&shards.words),
        "typoShards": front_coded(&shards.typos),
        "docShards": doc_shards,
        "docsPerShard": DOC_SHARD_DOCS,
        "topics": topic_table.iter().map(|(s, t, u, a)| {
            if a.is_empty() { json!([s, t, u]) } else { json!([s, t, u, a]) }
        }).collect::<Vec<_>>(),
        "kinds": KINDS,
        "lang": language.code,
        "stop": language.stop,
        "elisions": language.elisions,
        "possessive": language.possessive,
        "endings": language.endings,
        "phraseBits": phrase_bits,
        "params": {
            "exact": EXACT,
            "pair": PAIR_IMPACT,
            "prefix": PREFIX,
            "typo": TYPO,
            "prefixMin": PREFIX_MIN,
            "maxExpansions": MAX_EXPANSIONS,
            "headDocs": HEAD_DOCS,
            "prefixShards": PREFIX_SHARDS,
            "prefixWordShards": PREFIX_WORD_SHARDS,
            "fuzzyMin": FUZZY_MIN,
            "typoWordMin": TYPO_WORD_MIN,
            "maxKey": MAX_KEY_CHARS,
            "boxMin": BOX_MIN_CHARS,
        },
    });
    let manifest = manifest.to_string();
    (
        format!("{DIR}/index.js"),
        wrap("index", "", [manifest.as_str()], ""),
    )
}

/// Sorted entries split into shards by key prefix, as (prefix, number of entries): each
/// shard is the run of entries after the last, at most `limit` bytes unless its key has
/// [`MAX_KEY_CHARS`]. At least one shard, perhaps empty.
fn shard_set(list: &[Entry], limit: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    split(String::new(), 0, list, limit, &mut out);
    if out.is_empty() {
        out.push((String::new(), 0));
    }
    out
}

/// Sorted shard keys in one string, each after a space but the first: the number of
/// characters it shares with the key before (one digit: keys have at most
/// [`MAX_KEY_CHARS`]) and then the rest of it. Keys are words' prefixes, with no spaces.
pub(super) fn front_coded(shards: &[(String, usize)]) -> String {
    let mut out = String::new();
    let mut last: &str = "";
    for (n, (key, _)) in shards.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let shared = last
            .chars()
            .zip(key.chars())
            .take_while(|(a, b)| a == b)
            .count()
            .min(9);
        out.push(char::from(b'0' + shared as u8));
        out.extend(key.chars().skip(shared));
        last = key;
    }
    out
}

/// The manifest's `v`, a fingerprint of the index's other files: FNV-1a, eight bytes
/// at a time, of each file's path and bytes, and FNV-1a of those, in the order of the
/// paths. Files are added in any order, so each can be written as soon as it is made.
#[derive(Default)]
pub(super) struct Fingerprint(Vec<(String, u64)>);

/// FNV-1a's first state.
const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

impl Fingerprint {
    /// Adds the file at `path` holding `bytes`.
    pub(super) fn add(&mut self, path: &str, bytes: &[u8]) {
        self.0.push((
            path.to_string(),
            fnv(fnv(FNV_BASIS, path.as_bytes()), bytes),
        ));
    }

    /// The fingerprint of the files added.
    pub(super) fn value(mut self) -> u64 {
        self.0.sort_unstable();
        self.0
            .iter()
            .fold(FNV_BASIS, |hash, (_, file)| fnv(hash, &file.to_le_bytes()))
    }
}

/// FNV-1a of `bytes` from state `hash`, eight bytes at a time.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
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
    hash
}

/// A page's document record: the row a result shows, and for a page with several
/// sections, their texts apart (only the results page reads them).
pub(super) struct Record {
    /// `[url, title, kind, [topics], summary, [[id, heading, text]…]]`, each text empty
    /// when `texts` holds them, then `1`.
    pub(super) row: String,
    /// `[text…]`, the sections' texts in order.
    pub(super) texts: Option<String>,
}

/// A page's document record: its URL, title, kind, topic numbers, summary and sections.
pub(super) fn doc_record(
    page: &Page,
    kind: usize,
    topics: &[usize],
    summary: &str,
    sections: &[Section],
) -> Record {
    let summary = excerpt(summary, SUMMARY_CHARS);
    if kind == TIP || sections.len() < 2 {
        let listed: Vec<Value> = if kind != TIP {
            sections
                .iter()
                .map(|s| {
                    json!([
                        s.id,
                        s.heading,
                        text::excerpt_of([s.text.as_str()], SNIPPET_CHARS)
                    ])
                })
                .collect()
        } else {
            let all = sections.iter().map(|s| s.text.as_str());
            vec![json!(["", "", text::excerpt_of(all, SNIPPET_CHARS)])]
        };
        let summary = summary_of(&summary, &listed);
        let row = json!([page.url, page.meta.title, kind, topics, summary, listed]);
        return Record {
            row: row.to_string(),
            texts: None,
        };
    }
    let heads: Vec<Value> = sections
        .iter()
        .map(|s| json!([s.id, s.heading, ""]))
        .collect();
    let texts: Vec<String> = sections
        .iter()
        .map(|s| text::excerpt_of([s.text.as_str()], SNIPPET_CHARS))
        .collect();
    let row = json!([page.url, page.meta.title, kind, topics, summary, heads, 1]);
    Record {
        row: row.to_string(),
        texts: Some(json!(texts).to_string()),
    }
}

/// A row's summary: when it is the start of the first text listed (as a tip's summary
/// taken from its first paragraph is), the number of UTF-16 units it takes there,
/// negative (less one) when `…` follows them; otherwise the summary itself.
fn summary_of(summary: &str, listed: &[Value]) -> Value {
    let text = listed
        .first()
        .and_then(|s| s.get(2))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let units = |s: &str| s.encode_utf16().count() as i64;
    if !summary.is_empty() && text.starts_with(summary) {
        return json!(units(summary));
    }
    match summary.strip_suffix('…') {
        Some(cut) if !cut.is_empty() && text.starts_with(cut) => json!(-units(cut) - 1),
        _ => json!(summary),
    }
}

/// A row's summary as [`summary_of`] wrote it, `text` being its first text listed.
pub(super) fn summary_from(value: &Value, text: &str) -> String {
    let Some(n) = value.as_i64() else {
        return value.as_str().unwrap_or_default().to_string();
    };
    let (units, ellipsis) = if n < 0 { (-n - 1, true) } else { (n, false) };
    let mut out = String::new();
    let mut taken = 0i64;
    for c in text.chars() {
        taken += c.len_utf16() as i64;
        if taken > units {
            break;
        }
        out.push(c);
    }
    if ellipsis {
        out.push('…');
    }
    out
}

/// A JSON string literal.
fn js(s: &str) -> String {
    // As `Value::String` writes it, without copying the string into one first.
    serde_json::to_string(s).unwrap_or_default()
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
fn deletions(word: &str) -> BTreeSet<String> {
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
    fn a_summary_that_starts_the_text_is_written_as_its_length() {
        let text = "Ask é early. Then wait for the answer before you go on";
        let listed = [json!(["", "", text])];
        for summary in ["Ask é early.", "Ask é early. Then…", "Other words", "", "…"] {
            let written = summary_of(summary, &listed);
            assert_eq!(summary_from(&written, text), summary, "{written}");
        }
        assert_eq!(summary_of("Ask é early.", &listed), json!(12));
        assert_eq!(summary_of("Ask é early. Then…", &listed), json!(-18));
        assert_eq!(summary_of("Other words", &listed), json!("Other words"));
    }

    #[test]
    fn the_fingerprint_is_of_the_files_in_path_order_whatever_order_they_come_in() {
        let of = |files: &[(&str, &str)]| {
            let mut fingerprint = Fingerprint::default();
            for (path, bytes) in files {
                fingerprint.add(path, bytes.as_bytes());
            }
            fingerprint.value()
        };
        let files = [
            ("search/w0.js", "[1]"),
            ("search/d0.js", "[2]"),
            ("search/p0.js", ""),
        ];
        let reversed: Vec<_> = files.iter().rev().copied().collect();
        assert_eq!(of(&files), of(&reversed));
        // A byte changed, a byte moved to the next file, a file renamed: another print.
        assert_ne!(
            of(&files),
            of(&[files[0], ("search/d0.js", "[3]"), files[2]])
        );
        assert_ne!(
            of(&files),
            of(&[files[0], ("search/d0.js", "[2"), ("search/p0.js", "]")])
        );
        assert_ne!(of(&files), of(&[files[0], files[1], ("search/p1.js", "")]));
        assert_ne!(of(&files), of(&files[..2]));
    }

    #[test]
    fn deletions_cover_every_position() {
        let d = deletions("mentor");
        assert_eq!(d.len(), 6);
        assert!(d.contains("entor") && d.contains("mentr") && d.contains("mento"));
        assert!(deletions("boss").is_empty(), "short words get no variants");
    }
}
