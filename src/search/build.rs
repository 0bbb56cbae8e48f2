//! Building the index files from a loaded site (format in the module doc of `search`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::text::{self, excerpt, index_words, Section, Stems};
use super::*;
use crate::content::Kind;
use crate::Site;

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

/// One page, read and tokenized.
struct DocInput {
    url: String,
    title: String,
    kind: usize,
    topics: Vec<usize>,
    summary: String,
    sections: Vec<Section>,
    /// Surface words of each field of [`FIELDS`].
    fields: [Vec<String>; 5],
    /// For articles with headings: surface words of each section's heading and text.
    section_words: Vec<[Vec<String>; 2]>,
}

/// A document's term statistics: stem id → term frequency per field, and field lengths.
struct DocStats {
    tf: Vec<(u32, [u32; 5])>,
    len: [u32; 5],
    sections: Vec<SectionStats>,
}

/// A section's term frequencies (stem id → heading and text counts) and lengths.
type SectionStats = (Vec<(u32, [u32; 2])>, [u32; 2]);

/// Something placed in a term shard by its key.
struct Entry {
    key: String,
    /// 0 = surface word, 1 = deletion variant, 2 = postings.
    kind: u8,
    json: String,
}

/// Builds the index of `site`'s published articles and tips.
pub fn build(site: &Site) -> IndexFiles {
    let topic_table: Vec<(String, String, String)> = site
        .topics
        .iter()
        .map(|(slug, i)| {
            let p = &site.pages[i];
            (slug.to_string(), p.meta.title.clone(), p.url.clone())
        })
        .collect();
    let topic_number: HashMap<&str, usize> = topic_table
        .iter()
        .enumerate()
        .map(|(n, (slug, _, _))| (slug.as_str(), n))
        .collect();

    let indexed: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let p = &site.pages[i];
            matches!(p.kind, Kind::Article | Kind::Tip) && !p.meta.draft
        })
        .collect();
    let docs: Vec<DocInput> = indexed
        .par_iter()
        .map(|&i| read_page(site, i, &topic_number))
        .collect();

    // Vocabulary: every surface word, its stem, and stems numbered in sorted order.
    let distinct: std::collections::HashSet<&str> = docs
        .par_iter()
        .flat_map_iter(|d| d.fields.iter().flatten().map(String::as_str))
        .collect();
    let mut surfaces: Vec<String> = distinct.into_iter().map(String::from).collect();
    surfaces.sort_unstable();
    let surface_stems: Vec<String> = surfaces
        .par_iter()
        .map_init(Stems::default, |s, w| s.stem(w).into_owned())
        .collect();
    let stems: Vec<String> = surface_stems
        .iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let stem_id: HashMap<&str, u32> = stems
        .iter()
        .enumerate()
        .map(|(n, s)| (s.as_str(), n as u32))
        .collect();
    let surface_id: HashMap<&str, u32> = surfaces
        .iter()
        .zip(&surface_stems)
        .map(|(w, s)| (w.as_str(), stem_id[s.as_str()]))
        .collect();

    let stats: Vec<DocStats> = docs.par_iter().map(|d| doc_stats(d, &surface_id)).collect();
    let n_docs = docs.len();
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

    // Postings: each document's impacts, then merged per stem in document order.
    let impacts: Vec<Vec<(u32, Vec<i64>)>> = stats
        .par_iter()
        .map(|s| doc_impacts(s, &idf, &avg, &section_avg))
        .collect();
    let mut postings: Vec<Vec<i64>> = vec![Vec::new(); stems.len()];
    let mut last_doc: Vec<i64> = vec![0; stems.len()];
    for (doc, list) in impacts.into_iter().enumerate() {
        for (id, mut entry) in list {
            let id = id as usize;
            entry[0] = doc as i64 - last_doc[id];
            last_doc[id] = doc as i64;
            postings[id].extend(entry);
        }
    }

    let mut entries: Vec<Entry> = Vec::with_capacity(surfaces.len() * 4 + stems.len());
    for (w, stem) in surfaces.iter().zip(&surface_stems) {
        let d = df[stem_id[stem.as_str()] as usize];
        let json = if w == stem {
            format!("[{},{d}]", js(w))
        } else {
            format!("[{},{d},{}]", js(w), js(stem))
        };
        entries.push(Entry {
            key: w.clone(),
            kind: 0,
            json,
        });
    }
    let mut variants: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for w in &surfaces {
        for v in deletions(w) {
            variants.entry(v).or_default().insert(w);
        }
    }
    for (v, words) in variants {
        let mut json = format!("[{}", js(&v));
        for w in words {
            json.push(',');
            json.push_str(&js(w));
        }
        json.push(']');
        entries.push(Entry {
            key: v,
            kind: 1,
            json,
        });
    }
    for (stem, list) in stems.iter().zip(&postings) {
        let mut json = format!("{}:[", js(stem));
        for (n, v) in list.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            let _ = write!(json, "{v}");
        }
        json.push(']');
        entries.push(Entry {
            key: stem.clone(),
            kind: 2,
            json,
        });
    }
    entries.sort_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then(a.kind.cmp(&b.kind))
            .then(a.json.cmp(&b.json))
    });

    // Three sets of shards, each split by key prefix on its own: surface words,
    // postings, and deletion variants.
    let shard_set = |kind: u8| {
        let mut out: Vec<(String, Vec<&Entry>)> = Vec::new();
        let list: Vec<&Entry> = entries.iter().filter(|e| e.kind == kind).collect();
        split(String::new(), 0, &list, SHARD_BYTES, &mut out);
        if out.is_empty() {
            out.push((String::new(), Vec::new()));
        }
        out
    };
    let word_shards = shard_set(0);
    let typo_shards = shard_set(1);
    let shards = shard_set(2);

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (prefix, open, close, set) in [
        ("w", "[", "]", &word_shards),
        ("t", "{", "}", &shards),
        ("x", "[", "]", &typo_shards),
    ] {
        for (n, (_, list)) in set.iter().enumerate() {
            let json: Vec<&str> = list.iter().map(|e| e.json.as_str()).collect();
            let json = format!("{open}{}{close}", json.join(","));
            let name = format!("{prefix}{n}");
            files.push((format!("{DIR}/{name}.js"), wrap(&name, &json)));
        }
    }

    let mut doc_starts = Vec::new();
    let mut current = String::new();
    let mut count = 0;
    let doc_json: Vec<String> = docs.iter().map(doc_record).collect();
    for (n, json) in doc_json.iter().enumerate() {
        if count > 0 && current.len() + json.len() + 1 > DOC_SHARD_BYTES {
            let i = doc_starts.len() - 1;
            current.push(']');
            files.push((format!("{DIR}/d{i}.js"), wrap(&format!("d{i}"), &current)));
            current.clear();
            count = 0;
        }
        if count == 0 {
            doc_starts.push(n);
            current.push('[');
        } else {
            current.push(',');
        }
        current.push_str(json);
        count += 1;
    }
    if count > 0 {
        let i = doc_starts.len() - 1;
        current.push(']');
        files.push((format!("{DIR}/d{i}.js"), wrap(&format!("d{i}"), &current)));
    }

    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, bytes) in &files {
        for b in path.bytes().chain(bytes.iter().copied()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let manifest = json!({
        "format": FORMAT,
        "v": format!("{hash:016x}"),
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
    files.insert(
        0,
        (
            format!("{DIR}/index.js"),
            wrap("index", &manifest.to_string()),
        ),
    );
    IndexFiles {
        files,
        docs: n_docs,
        term_shards,
        doc_shards,
    }
}

/// A JSON string literal.
fn js(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// One index file: a statement that hands its data to `search.js`.
fn wrap(name: &str, json: &str) -> Vec<u8> {
    format!("(self.ladderSearch=self.ladderSearch||[]).push([\"{name}\",{json}]);\n").into_bytes()
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

/// Splits sorted entries into shards of at most `limit` bytes, by key prefix.
fn split<'a>(
    prefix: String,
    depth: usize,
    entries: &[&'a Entry],
    limit: usize,
    out: &mut Vec<(String, Vec<&'a Entry>)>,
) {
    if entries.is_empty() {
        return;
    }
    let size: usize = entries.iter().map(|e| e.json.len() + 1).sum();
    if size <= limit || depth >= MAX_KEY_CHARS {
        out.push((prefix, entries.to_vec()));
        return;
    }
    let own: Vec<&Entry> = entries
        .iter()
        .copied()
        .filter(|e| e.key.chars().count() == depth)
        .collect();
    if !own.is_empty() {
        out.push((prefix.clone(), own));
    }
    let mut i = 0;
    let longer: Vec<&Entry> = entries
        .iter()
        .copied()
        .filter(|e| e.key.chars().count() > depth)
        .collect();
    while i < longer.len() {
        let c = longer[i].key.chars().nth(depth).expect("longer key");
        let mut j = i;
        while j < longer.len() && longer[j].key.chars().nth(depth) == Some(c) {
            j += 1;
        }
        let mut child = prefix.clone();
        child.push(c);
        split(child, depth + 1, &longer[i..j], limit, out);
        i = j;
    }
}

fn read_page(site: &Site, i: usize, topic_number: &HashMap<&str, usize>) -> DocInput {
    let page = &site.pages[i];
    let sections = text::sections(&site.html[i]);
    let mut topic_text = String::new();
    let mut topics = Vec::new();
    for slug in &page.topics {
        if let Some(&n) = topic_number.get(slug.as_str()) {
            topics.push(n);
        }
        if let Some(t) = site.topics.page_of(slug) {
            let tp = &site.pages[t];
            topic_text.push_str(&tp.meta.title);
            topic_text.push(' ');
            for alias in &tp.meta.aliases {
                topic_text.push_str(alias);
                topic_text.push(' ');
            }
        }
    }
    // Each section is tokenized once; the headings and body fields are their concatenation.
    let mut section_words: Vec<[Vec<String>; 2]> = sections
        .iter()
        .map(|s| [index_words(&s.heading), index_words(&s.text)])
        .collect();
    let headings: Vec<String> = section_words
        .iter()
        .flat_map(|s| s[0].iter().cloned())
        .collect();
    let body: Vec<String> = section_words
        .iter()
        .flat_map(|s| s[1].iter().cloned())
        .collect();
    let kind = if page.kind == Kind::Article { 0 } else { 1 };
    if kind != 0 || sections.len() < 2 {
        section_words.clear();
    }
    DocInput {
        url: page.url.clone(),
        title: page.meta.title.clone(),
        kind,
        topics,
        summary: text::squash(page.summary()),
        fields: [
            index_words(&page.meta.title),
            index_words(page.summary()),
            index_words(&topic_text),
            headings,
            body,
        ],
        sections,
        section_words,
    }
}

fn doc_stats(d: &DocInput, surface_id: &HashMap<&str, u32>) -> DocStats {
    let mut tf: HashMap<u32, [u32; 5]> = HashMap::new();
    let mut len = [0u32; 5];
    for (f, words) in d.fields.iter().enumerate() {
        len[f] = words.len() as u32;
        for w in words {
            tf.entry(surface_id[w.as_str()]).or_default()[f] += 1;
        }
    }
    let mut tf: Vec<(u32, [u32; 5])> = tf.into_iter().collect();
    tf.sort_unstable_by_key(|(id, _)| *id);
    let sections = d
        .section_words
        .iter()
        .map(|fields| {
            let mut stf: HashMap<u32, [u32; 2]> = HashMap::new();
            let mut slen = [0u32; 2];
            for (f, words) in fields.iter().enumerate() {
                slen[f] = words.len() as u32;
                for w in words {
                    stf.entry(surface_id[w.as_str()]).or_default()[f] += 1;
                }
            }
            let mut stf: Vec<(u32, [u32; 2])> = stf.into_iter().collect();
            stf.sort_unstable_by_key(|(id, _)| *id);
            (stf, slen)
        })
        .collect();
    DocStats { tf, len, sections }
}

/// BM25F impact, as an integer.
fn impact(idf: f64, tf: &[u32], len: &[u32], avg: &[f64], fields: &[Field]) -> i64 {
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
    (score * 100.0).round().max(1.0) as i64
}

/// A document's posting entries, per stem: `[Δdoc placeholder, impact, n, sec, imp, …]`.
fn doc_impacts(
    s: &DocStats,
    idf: &[f64],
    avg: &[f64],
    section_avg: &[f64],
) -> Vec<(u32, Vec<i64>)> {
    let mut section_hits: HashMap<u32, Vec<(usize, i64)>> = HashMap::new();
    for (n, (stf, slen)) in s.sections.iter().enumerate() {
        for (id, counts) in stf {
            let imp = impact(
                idf[*id as usize],
                counts,
                slen,
                section_avg,
                &SECTION_FIELDS,
            );
            section_hits.entry(*id).or_default().push((n, imp));
        }
    }
    s.tf.iter()
        .map(|(id, counts)| {
            let imp = impact(idf[*id as usize], counts, &s.len, avg, &FIELDS);
            let mut entry = vec![0, imp];
            let secs = section_hits.remove(id).unwrap_or_default();
            entry.push(secs.len() as i64);
            for (sec, simp) in secs {
                entry.push(sec as i64);
                entry.push(simp);
            }
            (*id, entry)
        })
        .collect()
}

fn doc_record(d: &DocInput) -> String {
    let sections: Vec<Value> = if d.kind == 0 {
        d.sections
            .iter()
            .map(|s| json!([s.id, s.heading, excerpt(&s.text, SNIPPET_CHARS)]))
            .collect()
    } else {
        let all: Vec<&str> = d.sections.iter().map(|s| s.text.as_str()).collect();
        vec![json!([
            "",
            "",
            excerpt(&text::squash(&all.join(" ")), SNIPPET_CHARS)
        ])]
    };
    json!([
        d.url,
        d.title,
        d.kind,
        d.topics,
        excerpt(&d.summary, SUMMARY_CHARS),
        sections
    ])
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, size: usize) -> Entry {
        Entry {
            key: key.into(),
            kind: 0,
            json: "x".repeat(size),
        }
    }

    fn shard_keys(entries: &[Entry], limit: usize) -> Vec<(String, Vec<String>)> {
        let list: Vec<&Entry> = entries.iter().collect();
        let mut out = Vec::new();
        split(String::new(), 0, &list, limit, &mut out);
        out.into_iter()
            .map(|(k, es)| (k, es.iter().map(|e| e.key.clone()).collect()))
            .collect()
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
        assert!(many < (2.0 * (K1 + 1.0) * 100.0) as i64);
    }
}
