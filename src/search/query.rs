//! Reading the index files back and querying them, step for step as `search.js` does.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use super::text::tokenize;
use super::DIR;

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

#[derive(Debug, Default)]
struct Shard {
    /// Surface word → (stem, document frequency of the stem).
    words: BTreeMap<String, (String, u32)>,
    /// Stem → flat postings.
    postings: HashMap<String, Vec<i64>>,
}

#[derive(Debug, Clone, Copy)]
struct Params {
    exact: i64,
    prefix: i64,
    typo: i64,
    prefix_min: usize,
    max_expansions: usize,
    prefix_shards: usize,
    fuzzy_min: usize,
    typo_word_min: usize,
    max_key: usize,
}

/// A built site's search index, read from its files.
#[derive(Debug)]
pub struct Index {
    keys: Vec<String>,
    key_index: HashMap<String, usize>,
    shards: Vec<Shard>,
    typo_index: HashMap<String, usize>,
    /// Per typo shard: deletion variant → the words it comes from.
    typo_shards: Vec<HashMap<String, Vec<String>>>,
    doc_starts: Vec<usize>,
    pub docs: Vec<Doc>,
    stop: BTreeSet<String>,
    params: Params,
    /// File name (`index`, `t0`, `d0`, …) → size in bytes.
    pub sizes: BTreeMap<String, usize>,
}

/// Splits `(self.ladderSearch=…).push(["name",DATA]);` into its name and data.
fn unwrap(bytes: &[u8]) -> Result<(String, Value), String> {
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
    pub fn read(out: &Path) -> Result<Index, String> {
        Index::load(|name| {
            let path = out.join(DIR).join(format!("{name}.js"));
            std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
        })
    }

    /// Reads an index from in-memory files, as [`super::build`] returns them.
    pub fn from_files(files: &[(String, Vec<u8>)]) -> Result<Index, String> {
        let map: HashMap<&str, &Vec<u8>> = files.iter().map(|(p, b)| (p.as_str(), b)).collect();
        Index::load(|name| {
            map.get(format!("{DIR}/{name}.js").as_str())
                .map(|b| b.to_vec())
                .ok_or_else(|| format!("no file {name}"))
        })
    }

    fn load(read: impl Fn(&str) -> Result<Vec<u8>, String>) -> Result<Index, String> {
        let mut sizes = BTreeMap::new();
        let bytes = read("index")?;
        sizes.insert("index".to_string(), bytes.len());
        let (_, manifest) = unwrap(&bytes)?;
        let keys: Vec<String> = manifest["shards"]
            .as_array()
            .ok_or("manifest has no shards")?
            .iter()
            .map(str_of)
            .collect();
        let p = &manifest["params"];
        let param = |k: &str| p[k].as_i64().unwrap_or_default();
        let params = Params {
            exact: param("exact"),
            prefix: param("prefix"),
            typo: param("typo"),
            prefix_min: param("prefixMin") as usize,
            max_expansions: param("maxExpansions") as usize,
            prefix_shards: param("prefixShards") as usize,
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

        let mut shards = Vec::with_capacity(keys.len());
        for n in 0..keys.len() {
            let name = format!("t{n}");
            let bytes = read(&name)?;
            sizes.insert(name, bytes.len());
            let (_, data) = unwrap(&bytes)?;
            let mut shard = Shard::default();
            for w in data["w"].as_array().into_iter().flatten() {
                let word = str_of(&w[0]);
                let stem = if w.get(2).is_some() {
                    str_of(&w[2])
                } else {
                    word.clone()
                };
                shard.words.insert(word, (stem, num(&w[1]) as u32));
            }
            for (stem, list) in data["p"].as_object().into_iter().flatten() {
                let list = list
                    .as_array()
                    .map(|l| l.iter().map(num).collect())
                    .unwrap_or_default();
                shard.postings.insert(stem.clone(), list);
            }
            shards.push(shard);
        }

        let typo_keys: Vec<String> = manifest["typoShards"]
            .as_array()
            .map(|k| k.iter().map(str_of).collect())
            .unwrap_or_default();
        let mut typo_shards = Vec::with_capacity(typo_keys.len());
        for n in 0..typo_keys.len() {
            let name = format!("x{n}");
            let bytes = read(&name)?;
            sizes.insert(name, bytes.len());
            let (_, data) = unwrap(&bytes)?;
            let mut shard = HashMap::new();
            for x in data.as_array().into_iter().flatten() {
                let items = x.as_array().cloned().unwrap_or_default();
                if let Some((variant, words)) = items.split_first() {
                    shard.insert(str_of(variant), words.iter().map(str_of).collect());
                }
            }
            typo_shards.push(shard);
        }

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
        let key_index = keys
            .iter()
            .enumerate()
            .map(|(n, k)| (k.clone(), n))
            .collect();
        let typo_index = typo_keys
            .iter()
            .enumerate()
            .map(|(n, k)| (k.clone(), n))
            .collect();
        Ok(Index {
            keys,
            key_index,
            shards,
            typo_index,
            typo_shards,
            doc_starts,
            docs,
            stop,
            params,
            sizes,
        })
    }

    /// The number of the term shard holding `key`: the one whose key is its longest prefix.
    fn shard_number(&self, key: &str) -> Option<usize> {
        longest(&self.key_index, key, self.params.max_key)
    }

    /// The term shard holding `key`, noted as loaded.
    fn shard_for(&self, key: &str, loaded: &mut BTreeSet<String>) -> Option<&Shard> {
        let n = self.shard_number(key)?;
        loaded.insert(format!("t{n}"));
        Some(&self.shards[n])
    }

    /// A surface word's stem and document frequency.
    fn word(&self, w: &str, loaded: &mut BTreeSet<String>) -> Option<(String, u32)> {
        self.shard_for(w, loaded)?.words.get(w).cloned()
    }

    /// The words that deleting one character turns into `v`.
    fn variants(&self, v: &str, loaded: &mut BTreeSet<String>) -> Vec<String> {
        let Some(n) = longest(&self.typo_index, v, self.params.max_key) else {
            return Vec::new();
        };
        loaded.insert(format!("x{n}"));
        self.typo_shards[n].get(v).cloned().unwrap_or_default()
    }

    /// Shards that may hold words starting with `p`, or `None` when there are too many.
    fn prefix_shards(&self, p: &str) -> Option<Vec<usize>> {
        let mut found: BTreeSet<usize> = self.shard_number(p).into_iter().collect();
        let start = self.keys.partition_point(|k| k.as_str() < p);
        for (n, k) in self.keys.iter().enumerate().skip(start) {
            if !k.starts_with(p) {
                break;
            }
            found.insert(n);
        }
        (found.len() <= self.params.prefix_shards).then(|| found.into_iter().collect())
    }

    /// Words of at least five characters one edit away from `w`.
    fn typos(&self, w: &str, loaded: &mut BTreeSet<String>) -> BTreeSet<String> {
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
                        loaded.insert(format!("t{n}"));
                        for (word, (stem, df)) in self.shards[n].words.range(w.clone()..) {
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
                    list.truncate(p.max_expansions);
                    for (stem, _) in list {
                        let f = cands.entry(stem).or_insert(0);
                        *f = (*f).max(p.prefix);
                    }
                }
            }
            if cands.is_empty() && !stop && len >= p.fuzzy_min {
                for word in self.typos(w, loaded) {
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
                    .shard_for(stem, &mut loaded)
                    .and_then(|s| s.postings.get(stem))
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

    /// Number of term shards.
    pub fn term_shards(&self) -> usize {
        self.keys.len()
    }
}

/// The shard whose key is the longest prefix of `key`.
fn longest(index: &HashMap<String, usize>, key: &str, max_key: usize) -> Option<usize> {
    let chars: Vec<char> = key.chars().collect();
    (0..=chars.len().min(max_key)).rev().find_map(|len| {
        let prefix: String = chars[..len].iter().collect();
        index.get(&prefix).copied()
    })
}

/// Whether `a` and `b` are at most one edit apart: one substitution, insertion, deletion,
/// or swap of neighbouring characters.
pub fn within_one(a: &[char], b: &[char]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let Some(i) = (0..la.min(lb)).find(|&i| a[i] != b[i]) else {
        return true;
    };
    if la == lb {
        a[i + 1..] == b[i + 1..]
            || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else if la < lb {
        a[i..] == b[i + 1..]
    } else {
        a[i + 1..] == b[i..]
    }
}

/// Runs `text` against `index`: every matching page, best first.
pub fn query(index: &Index, text: &str) -> Vec<Hit> {
    index.search(text).hits
}
