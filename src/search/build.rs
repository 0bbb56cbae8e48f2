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
    sections: Vec<(Vec<(u32, [u32; 2])>, [u32; 2])>,
}

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
    let mut surfaces: Vec<String> = docs
        .par_iter()
        .fold(BTreeSet::new, |mut set, d| {
            for w in d.fields.iter().flatten() {
                if !set.contains(w) {
                    set.insert(w.clone());
                }
            }
            set
        })
        .reduce(BTreeSet::new, |mut a, b| {
            a.extend(b);
            a
        })
        .into_iter()
        .collect();
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
        for f in 0..5 {
            total_len[f] += f64::from(s.len[f]);
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

    let mut shards: Vec<(String, Vec<&Entry>)> = Vec::new();
    let terms: Vec<&Entry> = entries.iter().filter(|e| e.kind != 1).collect();
    split(String::new(), 0, &terms, &mut shards);
    if shards.is_empty() {
        shards.push((String::new(), Vec::new()));
    }
    let mut typo_shards: Vec<(String, Vec<&Entry>)> = Vec::new();
    let typos: Vec<&Entry> = entries.iter().filter(|e| e.kind == 1).collect();
    split(String::new(), 0, &typos, &mut typo_shards);
    if typo_shards.is_empty() {
        typo_shards.push((String::new(), Vec::new()));
    }

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, (_, list)) in shards.iter().enumerate() {
        files.push((
            format!("{DIR}/t{n}.js"),
            wrap(&format!("t{n}"), &shard_json(list)),
        ));
    }
    for (n, (_, list)) in typo_shards.iter().enumerate() {
        let json: Vec<&str> = list.iter().map(|e| e.json.as_str()).collect();
        let json = format!("[{}]", json.join(","));
        files.push((format!("{DIR}/x{n}.js"), wrap(&format!("x{n}"), &json)));
    }

    let mut doc_starts = Vec::new();
    let mut current = String::new();
    let mut count = 0;
    let doc_json: Vec<String> = docs.iter().map(|d| doc_record(d)).collect();
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

/// Splits sorted entries into shards of at most [`SHARD_BYTES`], by key prefix.
fn split<'a>(
    prefix: String,
    depth: usize,
    entries: &[&'a Entry],
    out: &mut Vec<(String, Vec<&'a Entry>)>,
) {
    if entries.is_empty() {
        return;
    }
    let size: usize = entries.iter().map(|e| e.json.len() + 1).sum();
    if size <= SHARD_BYTES || depth >= MAX_KEY_CHARS {
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
        split(child, depth + 1, &longer[i..j], out);
        i = j;
    }
}

fn shard_json(entries: &[&Entry]) -> String {
    let mut out = String::from("{\"w\":[");
    for (kind, close) in [(0u8, "],\"p\":{"), (2, "}}")] {
        let mut first = true;
        for e in entries.iter().filter(|e| e.kind == kind) {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&e.json);
        }
        out.push_str(close);
    }
    out
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
    let headings: Vec<&str> = sections.iter().map(|s| s.heading.as_str()).collect();
    let body: Vec<&str> = sections.iter().map(|s| s.text.as_str()).collect();
    let kind = if page.kind == Kind::Article { 0 } else { 1 };
    let section_words = if kind == 0 && sections.len() > 1 {
        sections
            .iter()
            .map(|s| [index_words(&s.heading), index_words(&s.text)])
            .collect()
    } else {
        Vec::new()
    };
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
            index_words(&headings.join(" ")),
            index_words(&body.join(" ")),
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
