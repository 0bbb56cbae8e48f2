//! Reading the index files back and querying them, step for step as `search.js` does.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use super::text::tokenize;
use super::DIR;
use crate::suggest::within_one;

/// A document as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Relative to the site root.
    pub url: String,
    pub title: String,
    /// `article` or `tip`.
    pub kind: String,
    /// Topic slugs.
    pub topics: Vec<String>,
    pub summary: String,
    /// (heading id, heading, text excerpt); the first is the text before any heading.
    pub sections: Vec<(String, String, String)>,
}

/// One result of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Document number.
    pub doc: usize,
    /// The page's URL relative to the site root, with `#heading` when a section matched best.
    pub url: String,
    pub title: String,
    pub kind: String,
    /// The heading of the section the result leads to.
    pub section: Option<String>,
    /// How many query words the document matches.
    pub matched: usize,
    pub score: i64,
}

/// The results of a query and the index files it had to read.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Names of the files read (`index`, `t3`, …), documents not included.
    pub files: BTreeSet<String>,
}

/// One set of shards: their keys, and each shard's data.
#[derive(Debug)]
struct ShardSet<T> {
    /// `w`, `t` or `x`: the file names' first letter.
    letter: char,
    keys: Vec<String>,
    index: HashMap<String, usize>,
    data: Vec<T>,
}

impl<T> ShardSet<T> {
    /// Reads the shards listed under `field` in the manifest.
    fn read(
        manifest: &Value,
        field: &str,
        letter: char,
        read: &impl Fn(&str) -> Result<Vec<u8>, IndexError>,
        sizes: &mut BTreeMap<String, usize>,
        parse: impl Fn(Value) -> T,
    ) -> Result<ShardSet<T>, IndexError> {
        let keys: Vec<String> = manifest[field]
            .as_array()
            .ok_or_else(|| format!("manifest has no {field}"))?
            .iter()
            .map(str_of)
            .collect();
        let mut data = Vec::with_capacity(keys.len());
        for n in 0..keys.len() {
            let name = format!("{letter}{n}");
            let bytes = read(&name)?;
            sizes.insert(name, bytes.len());
            data.push(parse(unwrap(&bytes)?.1));
        }
        let index = keys
            .iter()
            .enumerate()
            .map(|(n, k)| (k.clone(), n))
            .collect();
        Ok(ShardSet {
            letter,
            keys,
            index,
            data,
        })
    }

    /// The number of the shard whose key is the longest prefix of `key`.
    fn number(&self, key: &str, max_key: usize) -> Option<usize> {
        let chars: Vec<char> = key.chars().collect();
        (0..=chars.len().min(max_key)).rev().find_map(|len| {
            let prefix: String = chars[..len].iter().collect();
            self.index.get(&prefix).copied()
        })
    }

    /// The shard holding `key`, noted as loaded.
    fn get(&self, key: &str, max_key: usize, loaded: &mut BTreeSet<String>) -> Option<&T> {
        let n = self.number(key, max_key)?;
        loaded.insert(format!("{}{n}", self.letter));
        Some(&self.data[n])
    }
}

#[derive(Debug, Clone, Copy)]
struct Params {
    exact: i64,
    prefix: i64,
    typo: i64,
    prefix_min: usize,
    max_expansions: usize,
    prefix_shards: usize,
    prefix_word_shards: usize,
    fuzzy_min: usize,
    typo_word_min: usize,
    max_key: usize,
}

/// A built site's search index, read from its files.
#[derive(Debug)]
pub struct Index {
    /// Surface word → (stem, document frequency of the stem).
    words: ShardSet<BTreeMap<String, (String, u32)>>,
    /// Stem → flat postings.
    postings: ShardSet<HashMap<String, Vec<i64>>>,
    /// Deletion variant → the words it comes from.
    typos: ShardSet<HashMap<String, Vec<String>>>,
    doc_starts: Vec<usize>,
    /// Every indexed page's record, in document order.
    pub docs: Vec<Doc>,
    stop: BTreeSet<String>,
    params: Params,
    /// File name (`index`, `t0`, `d0`, …) → size in bytes.
    pub sizes: BTreeMap<String, usize>,
}

/// Why a built search index could not be read back: a file missing or not as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError(String);

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read the search index: {}", self.0)
    }
}

impl std::error::Error for IndexError {}

impl From<String> for IndexError {
    fn from(reason: String) -> Self {
        IndexError(reason)
    }
}

impl From<&str> for IndexError {
    fn from(reason: &str) -> Self {
        IndexError(reason.to_string())
    }
}

/// Splits `(self.ladderSearch=…).push(["name",DATA]);` into its name and data.
fn unwrap(bytes: &[u8]) -> Result<(String, Value), IndexError> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let start = text.find(".push(").ok_or("not an index file")? + ".push(".len();
    let end = text.rfind(");").ok_or("not an index file")?;
    let value: Value = serde_json::from_str(&text[start..end]).map_err(|e| e.to_string())?;
    match value {
        Value::Array(mut items) if items.len() == 2 => {
            let data = items.pop().unwrap_or_default();
            let name = items
                .pop()
                .and_then(|n| n.as_str().map(String::from))
                .ok_or("no name")?;
            Ok((name, data))
        }
        _ => Err("not an index file".into()),
    }
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn num(v: &Value) -> i64 {
    v.as_i64().unwrap_or_default()
}

impl Index {
    /// Reads the index of the site built in `out`.
    pub fn read(out: &Path) -> Result<Index, IndexError> {
        Index::load(|name| {
            let path = out.join(DIR).join(format!("{name}.js"));
            std::fs::read(&path).map_err(|e| IndexError(format!("{}: {e}", path.display())))
        })
    }

    /// Reads an index from in-memory files, as [`super::build`] returns them.
    pub fn from_files(files: &[(String, Vec<u8>)]) -> Result<Index, IndexError> {
        let map: HashMap<&str, &Vec<u8>> = files.iter().map(|(p, b)| (p.as_str(), b)).collect();
        Index::load(|name| {
            map.get(format!("{DIR}/{name}.js").as_str())
                .map(|b| b.to_vec())
                .ok_or_else(|| IndexError(format!("no file {name}")))
        })
    }

    fn load(read: impl Fn(&str) -> Result<Vec<u8>, IndexError>) -> Result<Index, IndexError> {
        let mut sizes = BTreeMap::new();
        let bytes = read("index")?;
        sizes.insert("index".to_string(), bytes.len());
        let (_, manifest) = unwrap(&bytes)?;
        let p = &manifest["params"];
        let param = |k: &str| p[k].as_i64().unwrap_or_default();
        let params = Params {
            exact: param("exact"),
            prefix: param("prefix"),
            typo: param("typo"),
            prefix_min: param("prefixMin") as usize,
            max_expansions: param("maxExpansions") as usize,
            prefix_shards: param("prefixShards") as usize,
            prefix_word_shards: param("prefixWordShards") as usize,
            fuzzy_min: param("fuzzyMin") as usize,
            typo_word_min: param("typoWordMin") as usize,
            max_key: param("maxKey") as usize,
        };
        let topics: Vec<String> = manifest["topics"]
            .as_array()
            .map(|t| t.iter().map(|t| str_of(&t[0])).collect())
            .unwrap_or_default();
        let kinds: Vec<String> = manifest["kinds"]
            .as_array()
            .map(|k| k.iter().map(str_of).collect())
            .unwrap_or_default();
        let stop = manifest["stop"]
            .as_array()
            .map(|s| s.iter().map(str_of).collect())
            .unwrap_or_default();
        let doc_starts: Vec<usize> = manifest["docShards"]
            .as_array()
            .map(|d| d.iter().map(|v| num(v) as usize).collect())
            .unwrap_or_default();

        let words = ShardSet::read(&manifest, "wordShards", 'w', &read, &mut sizes, |data| {
            let mut words = BTreeMap::new();
            for w in data.as_array().into_iter().flatten() {
                let word = str_of(&w[0]);
                let stem = if w.get(2).is_some() {
                    str_of(&w[2])
                } else {
                    word.clone()
                };
                words.insert(word, (stem, num(&w[1]) as u32));
            }
            words
        })?;
        let postings = ShardSet::read(&manifest, "shards", 't', &read, &mut sizes, |data| {
            let mut postings = HashMap::new();
            for (stem, list) in data.as_object().into_iter().flatten() {
                let list = list
                    .as_array()
                    .map(|l| l.iter().map(num).collect())
                    .unwrap_or_default();
                postings.insert(stem.clone(), list);
            }
            postings
        })?;
        let typos = ShardSet::read(&manifest, "typoShards", 'x', &read, &mut sizes, |data| {
            let mut variants = HashMap::new();
            for x in data.as_array().into_iter().flatten() {
                let items = x.as_array().cloned().unwrap_or_default();
                if let Some((variant, words)) = items.split_first() {
                    variants.insert(str_of(variant), words.iter().map(str_of).collect());
                }
            }
            variants
        })?;

        let mut docs = Vec::new();
        for n in 0..doc_starts.len() {
            let name = format!("d{n}");
            let bytes = read(&name)?;
            sizes.insert(name, bytes.len());
            let (_, data) = unwrap(&bytes)?;
            for d in data.as_array().into_iter().flatten() {
                docs.push(Doc {
                    url: str_of(&d[0]),
                    title: str_of(&d[1]),
                    kind: kinds.get(num(&d[2]) as usize).cloned().unwrap_or_default(),
                    topics: d[3]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|t| topics.get(num(t) as usize).cloned())
                        .collect(),
                    summary: str_of(&d[4]),
                    sections: d[5]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|s| (str_of(&s[0]), str_of(&s[1]), str_of(&s[2])))
                        .collect(),
                });
            }
        }
        Ok(Index {
            words,
            postings,
            typos,
            doc_starts,
            docs,
            stop,
            params,
            sizes,
        })
    }

    /// A surface word's stem and document frequency.
    fn word(&self, w: &str, loaded: &mut BTreeSet<String>) -> Option<(String, u32)> {
        let max = self.params.max_key;
        self.words.get(w, max, loaded)?.get(w).cloned()
    }

    /// The words that deleting one character turns into `v`.
    fn variants(&self, v: &str, loaded: &mut BTreeSet<String>) -> Vec<String> {
        let max = self.params.max_key;
        self.typos
            .get(v, max, loaded)
            .and_then(|s| s.get(v).cloned())
            .unwrap_or_default()
    }

    /// Word shards that may hold words starting with `p`, or `None` when there are too many.
    fn prefix_shards(&self, p: &str) -> Option<Vec<usize>> {
        let set = &self.words;
        let mut found: BTreeSet<usize> = set.number(p, self.params.max_key).into_iter().collect();
        for (n, k) in set.keys.iter().enumerate() {
            if k.starts_with(p) {
                found.insert(n);
            }
        }
        (found.len() <= self.params.prefix_word_shards).then(|| found.into_iter().collect())
    }

    /// Words of at least five characters one edit away from `w`.
    fn typo_words(&self, w: &str, loaded: &mut BTreeSet<String>) -> BTreeSet<String> {
        let chars: Vec<char> = w.chars().collect();
        let mut out = BTreeSet::new();
        for word in self.variants(w, loaded) {
            out.insert(word);
        }
        let dels: BTreeSet<String> = (0..chars.len())
            .map(|j| chars[..j].iter().chain(&chars[j + 1..]).collect())
            .collect();
        for d in &dels {
            if d.chars().count() >= self.params.typo_word_min && self.word(d, loaded).is_some() {
                out.insert(d.clone());
            }
            for word in self.variants(d, loaded) {
                let wc: Vec<char> = word.chars().collect();
                if within_one(&chars, &wc) {
                    out.insert(word);
                }
            }
        }
        out.remove(w);
        out
    }

    /// Candidate stems of each query word, with their factors.
    fn candidates(&self, text: &str, loaded: &mut BTreeSet<String>) -> Vec<BTreeMap<String, i64>> {
        let p = self.params;
        let mut words: Vec<String> = Vec::new();
        for w in tokenize(text) {
            if !words.contains(&w) {
                words.push(w);
            }
        }
        let mut terms = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let last = i + 1 == words.len();
            let stop = self.stop.contains(w);
            if stop && !last {
                continue;
            }
            let mut cands: BTreeMap<String, i64> = BTreeMap::new();
            if !stop {
                if let Some((stem, _)) = self.word(w, loaded) {
                    cands.insert(stem, p.exact);
                }
            }
            let len = w.chars().count();
            if last && len >= p.prefix_min {
                if let Some(shards) = self.prefix_shards(w) {
                    let mut completions: BTreeMap<String, u32> = BTreeMap::new();
                    for n in shards {
                        loaded.insert(format!("w{n}"));
                        for (word, (stem, df)) in self.words.data[n].range(w.clone()..) {
                            if !word.starts_with(w.as_str()) {
                                break;
                            }
                            if word != w {
                                completions.insert(stem.clone(), *df);
                            }
                        }
                    }
                    let mut list: Vec<(String, u32)> = completions.into_iter().collect();
                    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                    // The most frequent completions choose the postings shards to read.
                    let mut chosen: BTreeSet<usize> = BTreeSet::new();
                    let mut taken = 0;
                    for (stem, _) in list {
                        if taken == p.max_expansions {
                            break;
                        }
                        let Some(n) = self.postings.number(&stem, p.max_key) else {
                            continue;
                        };
                        if chosen.contains(&n) || chosen.len() < p.prefix_shards {
                            chosen.insert(n);
                            taken += 1;
                            let f = cands.entry(stem).or_insert(0);
                            *f = (*f).max(p.prefix);
                        }
                    }
                }
            }
            if cands.is_empty() && !stop && len >= p.fuzzy_min {
                for word in self.typo_words(w, loaded) {
                    if let Some((stem, _)) = self.word(&word, loaded) {
                        let f = cands.entry(stem).or_insert(0);
                        *f = (*f).max(p.typo);
                    }
                }
            }
            if !cands.is_empty() {
                terms.push(cands);
            }
        }
        terms
    }

    /// Runs a query: every matching document, best first.
    pub fn search(&self, text: &str) -> Results {
        let mut loaded = BTreeSet::from(["index".to_string()]);
        let terms = self.candidates(text, &mut loaded);
        // doc → (matched words, score, section → score)
        let mut acc: BTreeMap<usize, (usize, i64, BTreeMap<usize, i64>)> = BTreeMap::new();
        for cands in &terms {
            let mut best: BTreeMap<usize, i64> = BTreeMap::new();
            let mut best_sec: BTreeMap<(usize, usize), i64> = BTreeMap::new();
            for (stem, factor) in cands {
                let Some(list) = self
                    .postings
                    .get(stem, self.params.max_key, &mut loaded)
                    .and_then(|s| s.get(stem))
                else {
                    continue;
                };
                let mut i = 0;
                let mut doc = 0i64;
                while i + 2 < list.len() {
                    doc += list[i];
                    let imp = list[i + 1] * factor;
                    let n = list[i + 2] as usize;
                    let d = doc as usize;
                    let b = best.entry(d).or_insert(0);
                    *b = (*b).max(imp);
                    for k in 0..n {
                        let sec = list[i + 3 + 2 * k] as usize;
                        let simp = list[i + 4 + 2 * k] * factor;
                        let b = best_sec.entry((d, sec)).or_insert(0);
                        *b = (*b).max(simp);
                    }
                    i += 3 + 2 * n;
                }
            }
            for (d, s) in best {
                let e = acc.entry(d).or_default();
                e.0 += 1;
                e.1 += s;
            }
            for ((d, sec), s) in best_sec {
                *acc.entry(d).or_default().2.entry(sec).or_insert(0) += s;
            }
        }
        let mut ranked: Vec<(usize, usize, i64, Option<usize>)> = acc
            .into_iter()
            .map(|(d, (matched, score, secs))| {
                let mut pick: Option<(usize, i64)> = None;
                for (sec, s) in secs {
                    if pick.is_none_or(|(_, b)| s > b) {
                        pick = Some((sec, s));
                    }
                }
                // A section is linked when it matches better than the page as a whole.
                let section = pick
                    .filter(|&(sec, s)| sec > 0 && s > score)
                    .map(|(sec, _)| sec);
                let score = score.max(pick.map_or(0, |(_, s)| s));
                (d, matched, score, section)
            })
            .collect();
        ranked.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
        let hits = ranked
            .into_iter()
            .filter_map(|(d, matched, score, section)| {
                let doc = self.docs.get(d)?;
                let sec = section.and_then(|s| doc.sections.get(s));
                Some(Hit {
                    doc: d,
                    url: match sec {
                        Some((id, _, _)) => format!("{}#{id}", doc.url),
                        None => doc.url.clone(),
                    },
                    title: doc.title.clone(),
                    kind: doc.kind.clone(),
                    section: sec.map(|(_, h, _)| h.clone()),
                    matched,
                    score,
                })
            })
            .collect();
        Results {
            hits,
            files: loaded,
        }
    }

    /// The document shard holding document `doc`.
    pub fn doc_shard(&self, doc: usize) -> usize {
        self.doc_starts
            .partition_point(|&s| s <= doc)
            .saturating_sub(1)
    }

    /// Bytes the browser loads for `results` showing the first `shown` hits: the manifest,
    /// the term shards read, and the document shards of those hits.
    pub fn bytes_loaded(&self, results: &Results, shown: usize) -> usize {
        let mut files = results.files.clone();
        for h in results.hits.iter().take(shown) {
            files.insert(format!("d{}", self.doc_shard(h.doc)));
        }
        files
            .iter()
            .map(|f| self.sizes.get(f).copied().unwrap_or(0))
            .sum()
    }

    /// Total size of the index files.
    pub fn total_bytes(&self) -> usize {
        self.sizes.values().sum()
    }

    /// Number of shards of words, postings and typo variants.
    pub fn shard_counts(&self) -> (usize, usize, usize) {
        (
            self.words.keys.len(),
            self.postings.keys.len(),
            self.typos.keys.len(),
        )
    }
}

/// Runs `text` against `index`: every matching page, best first.
pub fn query(index: &Index, text: &str) -> Vec<Hit> {
    index.search(text).hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Site};

    /// A three-page site, its index built in memory and read back.
    fn tiny() -> Index {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/tips")).unwrap();
        std::fs::create_dir_all(root.join("content/articles")).unwrap();
        std::fs::write(
            root.join("site.toml"),
            "title = \"T\"\n[[topics]]\nslug = \"craft\"\naliases = [\"woodwork\"]\n",
        )
        .unwrap();
        std::fs::write(root.join("content/tips/plane.md"), "---\ntitle: Sharpen the plane\ntopics: [craft]\n---\nA sharp plane cuts cleanly through oak.\n").unwrap();
        std::fs::write(root.join("content/tips/glue.md"), "---\ntitle: Clamp while the glue sets\ntopics: [craft]\n---\nGlue needs pressure; a plane is no help here.\n").unwrap();
        std::fs::write(
            root.join("content/articles/bench.md"),
            "---\ntitle: Building a workbench\ntopics: [craft]\n---\nA bench is the heart of a shop.\n\n## Choosing timber\n\nPick dry oak or beech.\n\n## Flattening the top\n\nUse a long plane, diagonally, then along the grain. Plane again.\n",
        )
        .unwrap();
        let (site, _) = Site::load(root, &Options::default()).unwrap();
        Index::from_files(&super::super::build(&site.pages, &site.html, &site.topics).files)
            .unwrap()
    }

    #[test]
    fn ranking_prefers_titles_and_finds_prefixes_typos_and_sections() {
        let index = tiny();
        let urls =
            |q: &str| -> Vec<String> { query(&index, q).into_iter().map(|h| h.url).collect() };
        // "plane" is in one title, and in two bodies.
        assert_eq!(urls("plane")[0], "tips/plane.html");
        assert_eq!(urls("plane").len(), 3);
        // "planes" is not on the site, but one edit from "plane".
        assert_eq!(urls("planes")[0], "tips/plane.html");
        // The last word completes as it is typed.
        assert_eq!(urls("shar")[0], "tips/plane.html");
        // One typo in a long word.
        assert_eq!(urls("sharpne")[0], "tips/plane.html");
        assert!(urls("zzzzzz").is_empty());
        // A topic alias counts as the topic.
        assert_eq!(urls("woodwork").len(), 3);
        // A result leads to the section where the words are.
        assert_eq!(
            urls("flattening")[0],
            "articles/bench.html#flattening-the-top"
        );
        assert_eq!(
            urls("timber beech")[0],
            "articles/bench.html#choosing-timber"
        );
        // Stop words alone find nothing; with other words they are ignored.
        assert!(urls("the").iter().all(|u| !u.is_empty()));
        assert_eq!(urls("the glue"), urls("glue"));
    }

    #[test]
    fn words_matched_count_and_ties_keep_document_order() {
        let index = tiny();
        let hits = query(&index, "oak plane");
        assert_eq!(hits[0].matched, 2);
        let mut sorted = hits.clone();
        sorted.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(b.matched.cmp(&a.matched))
                .then(a.doc.cmp(&b.doc))
        });
        assert_eq!(hits, sorted);
    }
}
