//! Reading the index files back and querying them, step for step as `search.js` does.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use super::digits;
use super::facets::{self, Counts, Facet, Filter};
use super::files;
use super::language::Language;
use super::phrases;
use super::syntax::{self, Part};
use super::{DIR, SHARED_MIN, SHARED_SLACK};
use crate::suggest::within_one;

/// A document as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Relative to the site root.
    pub url: String,
    pub title: String,
    /// `article`, `tip`, `path` or `page`.
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
    /// The page's title.
    pub title: String,
    /// The page's kind name.
    pub kind: String,
    /// The heading of the section the result leads to.
    pub section: Option<String>,
    /// How many query words the document matches.
    pub matched: usize,
    /// The document's score: the sum of its words' best impacts times their factors.
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
        mut parse: impl FnMut(Value) -> T,
    ) -> Result<ShardSet<T>, IndexError> {
        let keys = front_decoded(
            manifest[field]
                .as_str()
                .ok_or_else(|| format!("manifest has no {field}"))?,
        );
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

/// Where a stem's postings are: its document frequency, its head shard, and for a long
/// list (more than `headDocs` documents) the postings shard holding it in full.
#[derive(Debug, Clone, Copy)]
struct StemAt {
    df: u32,
    head: usize,
    full: Option<usize>,
}

/// How a candidate stem's postings are read: the head only (the exact word or a
/// completion in the search box) or in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reading {
    Head,
    Full,
}

/// Where a query runs: the search box, whose words and completions read heads only, or
/// the results page, which reads every list in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The search box in every page's header, which reads its text as still being typed
    /// (an open phrase's last word waits until it is finished; see `syntax`).
    Box,
    /// The results page.
    Page,
}

/// The documents of `a` also in `b`, each with its strengths in both added.
fn both(a: BTreeMap<usize, i64>, b: &BTreeMap<usize, i64>) -> BTreeMap<usize, i64> {
    a.into_iter()
        .filter_map(|(d, s)| Some((d, s + b.get(&d)?)))
        .collect()
}

/// Keys of the shards of a word shard's header, `[n, "front-coded keys", …]`, each to its number.
fn header_keys(runs: &Value) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for pair in runs
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .chunks(2)
    {
        let first = pair[0].as_u64().unwrap_or_default() as usize;
        let keys = pair.get(1).and_then(Value::as_str).unwrap_or_default();
        for (k, key) in front_decoded(keys).into_iter().enumerate() {
            out.insert(key, first + k);
        }
    }
    out
}

/// The number of the key in `keys` that is the longest prefix of `key`.
fn longest(keys: &HashMap<String, usize>, key: &str, max_key: usize) -> Option<usize> {
    let chars: Vec<char> = key.chars().collect();
    (0..=chars.len().min(max_key)).rev().find_map(|len| {
        let prefix: String = chars[..len].iter().collect();
        keys.get(&prefix).copied()
    })
}

#[derive(Debug, Clone, Copy)]
struct Params {
    exact: i64,
    pair: i64,
    prefix: i64,
    typo: i64,
    prefix_min: usize,
    max_expansions: usize,
    head_docs: u32,
    prefix_shards: usize,
    prefix_word_shards: usize,
    fuzzy_min: usize,
    typo_word_min: usize,
    max_key: usize,
}

/// A built site's search index, read from its files.
#[derive(Debug)]
pub struct Index {
    /// Folded surface word → (its stems, the highest document frequency of them).
    words: ShardSet<BTreeMap<String, (Vec<String>, u32)>>,
    /// Where each stem's lists are, as its word shards tell.
    stems: HashMap<String, StemAt>,
    /// The stems of each word's synonyms (only words of the site's synonym groups).
    synonyms: HashMap<String, Vec<String>>,
    /// Each head shard: stem → flat postings of its head (its whole list when short).
    heads: Vec<HashMap<String, Vec<i64>>>,
    /// Each postings shard: stem → flat postings of a long list in full.
    postings: Vec<HashMap<String, Vec<i64>>>,
    /// Deletion variant → the words it comes from.
    typos: ShardSet<HashMap<String, Vec<String>>>,
    /// Each phrase shard's flat list of pairs and documents.
    phrases: Vec<Vec<u64>>,
    /// How many bits of a pair's hash choose its phrase shard.
    phrase_bits: u32,
    /// How many consecutive documents each document shard holds.
    docs_per_shard: usize,
    /// Every indexed page's record, in document order.
    pub docs: Vec<Doc>,
    /// The word rules of the index's language.
    language: Language,
    /// Each document's kind and topic numbers, from `f.js`.
    facets: Vec<Facet>,
    /// Kind names and topic slugs, as numbered in facets.
    kinds: Vec<String>,
    topics: Vec<String>,
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

/// The numbers of a phrase shard, one string of digits, read without building a JSON
/// tree: at 10,000 pages the phrase shards hold millions of them.
fn flat_numbers(bytes: &[u8]) -> Result<Vec<u64>, IndexError> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let start = text.find("\",\"").ok_or("not a phrase shard")? + 3;
    let end = text.rfind("\"]").ok_or("not a phrase shard")?;
    digits::read(text.get(start..end).unwrap_or_default())
        .ok_or_else(|| IndexError::from("not a phrase shard"))
}

/// The shard keys of a string `files::front_coded` wrote.
fn front_decoded(text: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for part in text.split(' ') {
        let mut chars = part.chars();
        let shared = chars.next().and_then(|c| c.to_digit(10)).unwrap_or(0) as usize;
        let mut key: String = keys
            .last()
            .map(|k| k.chars().take(shared).collect())
            .unwrap_or_default();
        key.extend(chars);
        keys.push(key);
    }
    keys
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
            pair: param("pair"),
            prefix: param("prefix"),
            typo: param("typo"),
            prefix_min: param("prefixMin") as usize,
            max_expansions: param("maxExpansions") as usize,
            head_docs: param("headDocs") as u32,
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
        let language = Language::of(manifest["lang"].as_str().unwrap_or("en"));
        let phrase_bits = manifest["phraseBits"].as_u64().unwrap_or(0).min(24) as u32;
        let doc_shards = manifest["docShards"].as_u64().unwrap_or(0) as usize;
        let docs_per_shard = (manifest["docsPerShard"].as_u64().unwrap_or(1) as usize).max(1);

        let mut stems: HashMap<String, StemAt> = HashMap::new();
        let mut synonyms: HashMap<String, Vec<String>> = HashMap::new();
        let words = ShardSet::read(&manifest, "wordShards", 'w', &read, &mut sizes, |data| {
            let items = data.as_array().map(Vec::as_slice).unwrap_or_default();
            let (head_keys, full_keys) = match items {
                [h, t, ..] => (header_keys(h), header_keys(t)),
                _ => Default::default(),
            };
            let mut words = BTreeMap::new();
            for w in items.iter().skip(2) {
                let word = str_of(&w[0]);
                let items = w.as_array().map(Vec::as_slice).unwrap_or_default();
                let mut names: Vec<String> = items
                    .iter()
                    .skip(2)
                    .filter(|v| v.is_string())
                    .map(str_of)
                    .collect();
                // One stem's document frequency, or each one's of several stems (or none).
                let mut dfs: Vec<u32> = match &w[1] {
                    Value::Array(list) => list.iter().map(|d| num(d) as u32).collect(),
                    d => vec![num(d) as u32],
                };
                if names.is_empty() && !w[1].is_array() {
                    names.push(word.clone());
                }
                // The synonyms' stems, each with its document frequency, come last.
                let mut own = names.len();
                if let Some(Value::Array(list)) = items.get(2..).and_then(<[Value]>::last) {
                    for pair in list {
                        names.push(str_of(&pair[0]));
                        dfs.push(num(&pair[1]) as u32);
                    }
                    synonyms.insert(word.clone(), names.split_off(own));
                    own = names.len();
                }
                let all = names
                    .iter()
                    .chain(synonyms.get(&word).into_iter().flatten());
                for (stem, &df) in all.zip(&dfs) {
                    let head = longest(&head_keys, stem, params.max_key).unwrap_or(usize::MAX);
                    let full = (df > params.head_docs)
                        .then(|| longest(&full_keys, stem, params.max_key))
                        .flatten();
                    stems.insert(stem.clone(), StemAt { df, head, full });
                }
                dfs.truncate(own);
                let df = dfs.iter().copied().max().unwrap_or(0);
                words.insert(word, (names, df));
            }
            words
        })?;
        let mut lists =
            |field: &str, letter: char| -> Result<Vec<HashMap<String, Vec<i64>>>, IndexError> {
                let count = manifest[field].as_u64().unwrap_or(0) as usize;
                let mut shards = Vec::with_capacity(count);
                for n in 0..count {
                    let name = format!("{letter}{n}");
                    let bytes = read(&name)?;
                    sizes.insert(name, bytes.len());
                    let mut postings = HashMap::new();
                    for (stem, list) in unwrap(&bytes)?.1.as_object().into_iter().flatten() {
                        let list = digits::read_postings(list.as_str().unwrap_or_default())
                            .unwrap_or_default()
                            .into_iter()
                            .map(|n| n as i64)
                            .collect();
                        postings.insert(stem.clone(), list);
                    }
                    shards.push(postings);
                }
                Ok(shards)
            };
        let heads = lists("headShards", 'h')?;
        let postings = lists("shards", 't')?;
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

        let mut phrases = Vec::new();
        for n in 0..1usize << phrase_bits {
            let name = format!("p{n}");
            let bytes = read(&name)?;
            sizes.insert(name, bytes.len());
            phrases.push(flat_numbers(&bytes)?);
        }

        let mut docs = Vec::new();
        for n in 0..doc_shards {
            let name = format!("d{n}");
            let bytes = read(&name)?;
            sizes.insert(name, bytes.len());
            let (_, data) = unwrap(&bytes)?;
            let rows = data.as_array().cloned().unwrap_or_default();
            // A page with several sections has their texts in the shard's text file.
            let texts = if rows.iter().any(|d| d[6].as_u64() == Some(1)) {
                let name = format!("s{n}");
                let bytes = read(&name)?;
                sizes.insert(name, bytes.len());
                unwrap(&bytes)?.1
            } else {
                Value::Null
            };
            for (k, d) in rows.iter().enumerate() {
                let texts: Vec<String> = if d[6].as_u64() == Some(1) {
                    texts[k]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(str_of)
                        .collect()
                } else {
                    Vec::new()
                };
                let sections: Vec<(String, String, String)> = d[5]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(n, s)| {
                        let text = texts.get(n).cloned().unwrap_or_else(|| str_of(&s[2]));
                        (str_of(&s[0]), str_of(&s[1]), text)
                    })
                    .collect();
                let first = sections.first().map(|s| s.2.as_str()).unwrap_or_default();
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
                    summary: files::summary_from(&d[4], first),
                    sections,
                });
            }
        }
        let bytes = read("f")?;
        sizes.insert("f".to_string(), bytes.len());
        let facets = facets::read(&unwrap(&bytes)?.1, docs.len())?;
        Ok(Index {
            words,
            stems,
            synonyms,
            heads,
            postings,
            typos,
            phrases,
            phrase_bits,
            docs_per_shard,
            docs,
            language,
            facets,
            kinds,
            topics,
            params,
            sizes,
        })
    }

    /// A folded surface word's stems and document frequency.
    fn word(&self, w: &str, loaded: &mut BTreeSet<String>) -> Option<(Vec<String>, u32)> {
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

    /// Candidate stems of each word that scores, with their factors. The words that
    /// score are the plain words and the words of one-word phrases that are not stop
    /// words, each once, in the order written (a longer phrase scores by its pairs); only
    /// plain words complete or forgive a typo, and only the last word completes, when the
    /// query ends with it.
    /// In the search box (`place`), the exact word's stems and its completions read
    /// heads.
    fn candidates(
        &self,
        parts: &[Part],
        place: Place,
        loaded: &mut BTreeSet<String>,
    ) -> Vec<BTreeMap<String, (i64, Reading)>> {
        let p = self.params;
        let lang = &self.language;
        let ends_with_word = matches!(parts.last(), Some(Part::Word(_)));
        // (word, plain)
        let mut words: Vec<(&String, bool)> = Vec::new();
        for part in parts {
            let (list, plain) = match part {
                Part::Word(w) => (std::slice::from_ref(w), true),
                Part::Phrase(ws) if ws.len() == 1 => (ws.as_slice(), false),
                Part::Phrase(_) | Part::Exclude(_) => continue,
            };
            for w in list {
                if (plain || !lang.is_stop(w)) && !words.iter().any(|(x, _)| *x == w) {
                    words.push((w, plain));
                }
            }
        }
        let reading = match place {
            Place::Box => Reading::Head,
            Place::Page => Reading::Full,
        };
        let mut terms = Vec::new();
        for (i, &(w, plain)) in words.iter().enumerate() {
            let last = plain && ends_with_word && i + 1 == words.len();
            let stop = lang.is_stop(w);
            if stop && !last {
                continue;
            }
            let mut cands: BTreeMap<String, (i64, Reading)> = BTreeMap::new();
            if !stop {
                if let Some((stems, _)) = self.word(w, loaded) {
                    for stem in stems {
                        cands.insert(stem, (p.exact, reading));
                    }
                }
                // A plain word finds its synonyms' pages as its own.
                if plain {
                    for stem in self.synonyms.get(w.as_str()).into_iter().flatten() {
                        cands.insert(stem.clone(), (p.exact, reading));
                    }
                }
            }
            let len = w.chars().count();
            if last && len >= p.prefix_min {
                if let Some(shards) = self.prefix_shards(w) {
                    let mut completions: BTreeSet<String> = BTreeSet::new();
                    for n in shards {
                        loaded.insert(format!("w{n}"));
                        for (word, (stems, _)) in self.words.data[n].range(w.clone()..) {
                            if !word.starts_with(w.as_str()) {
                                break;
                            }
                            if word != w {
                                completions.extend(stems.iter().cloned());
                            }
                        }
                    }
                    self.choose(completions, p.prefix, reading, &mut cands);
                }
            }
            if cands.is_empty() && plain && !stop && len >= p.fuzzy_min {
                for word in self.typo_words(w, loaded) {
                    // A form of the word typed counts as the word itself.
                    let factor = if lang.same_word(w, &word) {
                        p.exact
                    } else {
                        p.typo
                    };
                    for stem in self.word(&word, loaded).map(|(s, _)| s).unwrap_or_default() {
                        raise(&mut cands, stem, factor, Reading::Full);
                    }
                    // A form of a word of the site's synonyms has them too.
                    if factor == p.exact {
                        for stem in self.synonyms.get(&word).into_iter().flatten() {
                            raise(&mut cands, stem.clone(), factor, Reading::Full);
                        }
                    }
                }
            }
            if cands.is_empty() && plain && !stop && len >= p.typo_word_min {
                self.shared_start(w, &mut cands, loaded);
            }
            if !cands.is_empty() {
                terms.push(cands);
            }
        }
        terms
    }

    /// Adds the stems of `found` to `cands` at `factor`, read as `reading`: the most
    /// frequent first, at most [`super::MAX_EXPANSIONS`], from at most
    /// [`super::PREFIX_SHARDS`] files of postings, which the most frequent choose.
    fn choose(
        &self,
        found: BTreeSet<String>,
        factor: i64,
        reading: Reading,
        cands: &mut BTreeMap<String, (i64, Reading)>,
    ) {
        let p = self.params;
        let mut list: Vec<(u32, String)> = found
            .into_iter()
            .filter_map(|stem| Some((self.stems.get(&stem)?.df, stem)))
            .collect();
        list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut chosen: BTreeSet<String> = BTreeSet::new();
        let mut taken = 0;
        for (_, stem) in list {
            if taken == p.max_expansions {
                break;
            }
            let Some(file) = self.file_of(&stem, reading) else {
                continue;
            };
            if chosen.contains(&file) || chosen.len() < p.prefix_shards {
                chosen.insert(file);
                taken += 1;
                raise(cands, stem, factor, reading);
            }
        }
    }

    /// The file (`h3`, `t12`) that holds `stem`'s postings read as `reading`: a long
    /// list's in full, or else the stem's head, which is a short list's whole.
    fn file_of(&self, stem: &str, reading: Reading) -> Option<String> {
        let at = self.stems.get(stem)?;
        Some(match (reading, at.full) {
            (Reading::Full, Some(n)) => format!("t{n}"),
            _ => format!("h{}", at.head),
        })
    }

    /// `stem`'s flat postings read as `reading`, noting their file as loaded.
    fn list(
        &self,
        stem: &str,
        reading: Reading,
        loaded: &mut BTreeSet<String>,
    ) -> Option<&Vec<i64>> {
        let at = self.stems.get(stem)?;
        let file = self.file_of(stem, reading)?;
        loaded.insert(file);
        match (reading, at.full) {
            (Reading::Full, Some(n)) => self.postings.get(n)?.get(stem),
            _ => self.heads.get(at.head)?.get(stem),
        }
    }

    /// For a word the site never uses, the stems of the site's words that share the
    /// longest start with it, all but its last [`super::SHARED_SLACK`] characters at least
    /// and never fewer than [`super::SHARED_MIN`] (`impatient` finds `impatience`,
    /// `nervous` finds `nerves`): the browser has no stemmer, and a word's other forms
    /// mostly differ in their ending. They count as a typo does.
    fn shared_start(
        &self,
        w: &str,
        cands: &mut BTreeMap<String, (i64, Reading)>,
        loaded: &mut BTreeSet<String>,
    ) {
        let chars: Vec<char> = w.chars().collect();
        let least = chars.len().saturating_sub(SHARED_SLACK).max(SHARED_MIN);
        if least >= chars.len() {
            return;
        }
        let start: String = chars[..least].iter().collect();
        let Some(shards) = self.prefix_shards(&start) else {
            return;
        };
        // (shared characters, word, stem) of every word with that start.
        let mut words: Vec<(usize, &String, &String)> = Vec::new();
        for n in shards {
            loaded.insert(format!("w{n}"));
            for (word, (stems, _)) in self.words.data[n].range(start.clone()..) {
                if !word.starts_with(start.as_str()) {
                    break;
                }
                let shared = word
                    .chars()
                    .zip(&chars)
                    .take_while(|(a, b)| a == *b)
                    .count();
                words.extend(stems.iter().map(|stem| (shared, word, stem)));
            }
        }
        let most = words.iter().map(|x| x.0).max().unwrap_or(0);
        // The words that are forms of `w` count as it does; the others as a typo.
        let (mut forms, mut others) = (BTreeSet::new(), BTreeSet::new());
        for (shared, word, stem) in words {
            if shared < most {
                continue;
            }
            if self.language.same_word(w, word) {
                forms.insert(stem.clone());
                forms.extend(
                    self.synonyms
                        .get(word.as_str())
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            } else {
                others.insert(stem.clone());
            }
        }
        others.retain(|stem| !forms.contains(stem));
        self.choose(forms, self.params.exact, Reading::Full, cands);
        self.choose(others, self.params.typo, Reading::Full, cands);
    }

    /// The documents of a stem's postings read as `reading`, noting its shard as loaded.
    fn docs_of(
        &self,
        stem: &str,
        reading: Reading,
        loaded: &mut BTreeSet<String>,
    ) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        let Some(list) = self.list(stem, reading, loaded) else {
            return out;
        };
        let (mut i, mut doc) = (0, 0i64);
        while i + 2 < list.len() {
            doc += list[i];
            out.insert(doc as usize);
            i += 3 + 2 * list[i + 2] as usize;
        }
        out
    }

    /// A word's phrase keys: a stop word's folded self, any other word's stems (none
    /// when the site does not have the word).
    fn phrase_keys(&self, w: &str, loaded: &mut BTreeSet<String>) -> Vec<String> {
        if self.language.is_stop(w) {
            return vec![w.to_string()];
        }
        self.word(w, loaded).map(|(s, _)| s).unwrap_or_default()
    }

    /// The documents holding the phrase `words`, each with the phrase's strength in it:
    /// every pair of neighbours in order, the sum of their strengths. A one-word phrase is
    /// the word itself, read as `place` reads a word (its head in the search box), of
    /// strength 0: its word scores as words do. `None` when it asks nothing (one stop word).
    fn phrase_docs(
        &self,
        words: &[String],
        place: Place,
        loaded: &mut BTreeSet<String>,
    ) -> Option<BTreeMap<usize, i64>> {
        if let [w] = words {
            if self.language.is_stop(w) {
                return None;
            }
            let reading = match place {
                Place::Box => Reading::Head,
                Place::Page => Reading::Full,
            };
            let mut docs = BTreeMap::new();
            for stem in self.phrase_keys(w, loaded) {
                docs.extend(
                    self.docs_of(&stem, reading, loaded)
                        .into_iter()
                        .map(|d| (d, 0)),
                );
            }
            return Some(docs);
        }
        let keys: Vec<Vec<u32>> = words
            .iter()
            .map(|w| {
                let keys = self.phrase_keys(w, loaded);
                keys.iter().map(|k| phrases::word_hash(k)).collect()
            })
            .collect();
        let mut found: Option<BTreeMap<usize, i64>> = None;
        for pair in keys.windows(2) {
            // A word of several stems makes several pairs: a page's strongest counts.
            let mut docs: BTreeMap<usize, i64> = BTreeMap::new();
            for &a in &pair[0] {
                for &b in &pair[1] {
                    let hash = phrases::pair_hash(a, b);
                    let n = phrases::shard_of(hash, self.phrase_bits);
                    loaded.insert(format!("p{n}"));
                    for (doc, strength) in self
                        .phrases
                        .get(n)
                        .map_or_else(Vec::new, |list| phrases::docs_in(list, hash))
                    {
                        let s = docs.entry(doc).or_insert(0);
                        *s = (*s).max(strength as i64);
                    }
                }
            }
            found = Some(match found {
                Some(f) => both(f, &docs),
                None => docs,
            });
        }
        Some(found.unwrap_or_default())
    }

    /// Runs a query as the results page does: every matching document, best first.
    pub fn search(&self, text: &str) -> Results {
        self.search_in(text, Place::Page)
    }

    /// Runs a query as `place` does: every matching document, best first.
    pub fn search_in(&self, text: &str, place: Place) -> Results {
        let mut loaded = BTreeSet::from(["index".to_string()]);
        // The box reads the text as still being typed (see `syntax`).
        let parts = match place {
            Place::Box => syntax::parse_typed(text, &self.language),
            Place::Page => syntax::parse(text, &self.language),
        };
        let terms = self.candidates(&parts, place, &mut loaded);
        // Documents every phrase holds, with their phrases' strengths, and documents with
        // a left-out word.
        let mut required: Option<BTreeMap<usize, i64>> = None;
        let mut phrases = 0;
        let mut excluded: BTreeSet<usize> = BTreeSet::new();
        for part in &parts {
            match part {
                Part::Phrase(words) => {
                    if let Some(docs) = self.phrase_docs(words, place, &mut loaded) {
                        phrases += usize::from(words.len() > 1);
                        required = Some(match required {
                            Some(r) => both(r, &docs),
                            None => docs,
                        });
                    }
                }
                Part::Exclude(w) if !self.language.is_stop(w) => {
                    for stem in self
                        .word(w, &mut loaded)
                        .map(|(s, _)| s)
                        .unwrap_or_default()
                    {
                        excluded.extend(self.docs_of(&stem, Reading::Full, &mut loaded));
                    }
                }
                _ => {}
            }
        }
        // A phrase no page holds: nothing to rank, no postings to read.
        if required.as_ref().is_some_and(BTreeMap::is_empty) {
            return Results {
                hits: Vec::new(),
                files: loaded,
            };
        }
        // doc → (matched words, score, section → score)
        let mut acc: BTreeMap<usize, (usize, i64, BTreeMap<usize, i64>)> = BTreeMap::new();
        for cands in &terms {
            let mut best: BTreeMap<usize, i64> = BTreeMap::new();
            let mut best_sec: BTreeMap<(usize, usize), i64> = BTreeMap::new();
            for (stem, &(factor, reading)) in cands {
                let Some(list) = self.list(stem, reading, &mut loaded) else {
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
        // With phrases, the documents are those that hold them all, matching a word or not;
        // each longer phrase matches as a word does, at its strength.
        if let Some(required) = &required {
            acc.retain(|d, _| required.contains_key(d));
            for (&d, &strength) in required {
                let e = acc.entry(d).or_default();
                e.0 += phrases;
                e.1 += strength * self.params.pair * self.params.exact;
            }
        }
        acc.retain(|d, _| !excluded.contains(d));
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

    /// `results` narrowed by `filter`, in the same order, with the number of results
    /// each filter value would give (see [`facets`]); the facet file is noted as read.
    pub fn filtered(&self, results: Results, filter: &Filter) -> (Results, Counts) {
        let chosen = facets::Chosen::of(filter, &self.kinds, &self.topics);
        let facet = |h: &Hit| self.facets.get(h.doc);
        let (kinds, topics) = chosen.counts(
            results.hits.iter().filter_map(facet),
            self.kinds.len(),
            self.topics.len(),
        );
        let named =
            |names: &[String], counts: Vec<usize>| names.iter().cloned().zip(counts).collect();
        let counts = Counts {
            kinds: named(&self.kinds, kinds),
            topics: named(&self.topics, topics),
        };
        let Results { hits, mut files } = results;
        files.insert("f".to_string());
        let hits = hits
            .into_iter()
            .filter(|h| facet(h).is_some_and(|f| chosen.keeps(f)))
            .collect();
        (Results { hits, files }, counts)
    }

    /// The document shard holding document `doc`.
    pub fn doc_shard(&self, doc: usize) -> usize {
        doc / self.docs_per_shard
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
            self.postings.len(),
            self.typos.keys.len(),
        )
    }
}

/// Runs `text` against `index` as the results page does: every matching page, best first.
pub fn query(index: &Index, text: &str) -> Vec<Hit> {
    index.search(text).hits
}

/// Runs `text` against `index` as `place` does: every matching page, best first.
pub fn query_in(index: &Index, text: &str, place: Place) -> Vec<Hit> {
    index.search_in(text, place).hits
}

/// Raises `stem` in `cands` to `factor` and `reading`, keeping whichever is more.
fn raise(
    cands: &mut BTreeMap<String, (i64, Reading)>,
    stem: String,
    factor: i64,
    reading: Reading,
) {
    let c = cands.entry(stem).or_insert((0, Reading::Head));
    *c = (c.0.max(factor), c.1.max(reading));
}

/// Runs `text` against `index` narrowed by `filter`: the matching pages it keeps, best
/// first, and the number of results for each kind and topic.
pub fn query_filtered(index: &Index, text: &str, filter: &Filter) -> (Vec<Hit>, Counts) {
    let (results, counts) = index.filtered(index.search(text), filter);
    (results.hits, counts)
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
        Index::from_files(
            &super::super::build(
                &site.pages,
                &site.html,
                &site.topics,
                &site.config.language,
                &site.config.synonym_groups(),
            )
            .files,
        )
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
    fn phrases_keep_order_and_stop_words_and_exclusions_leave_pages_out() {
        let index = tiny();
        let urls =
            |q: &str| -> Vec<String> { query(&index, q).into_iter().map(|h| h.url).collect() };
        // "the glue" is in one title, stop word and all; not the other way round.
        assert_eq!(urls("\"the glue\""), ["tips/glue.html"]);
        assert!(urls("\"glue the\"").is_empty());
        // Word forms count in phrases too: "planes" is not on the site, "plane" is.
        assert_eq!(urls("\"long plane\""), ["articles/bench.html"]);
        assert!(urls("\"plane long\"").is_empty());
        // Three words: both pairs in order.
        assert_eq!(urls("\"a long plane\"").len(), 1);
        assert!(urls("\"a plane long\"").is_empty());
        // A phrase narrows, other words rank.
        assert_eq!(urls("oak \"sharp plane\""), ["tips/plane.html"]);
        // Left out: every page with the word, in any form.
        let plane = urls("plane");
        let no_glue = urls("plane -glue");
        assert_eq!(no_glue.len(), plane.len() - 1);
        assert!(no_glue.iter().all(|u| !u.contains("glue")));
        assert_eq!(urls("oak -planes").len(), urls("oak").len());
        assert!(urls("oak -plane").is_empty());
        assert!(urls("-plane").is_empty());
        // Hyphenated words are not exclusions.
        assert_eq!(urls("glue-plane"), urls("glue plane"));
        // A phrase being typed (unclosed) already narrows; a word not on the site, nothing.
        assert_eq!(urls("\"sharp plane"), ["tips/plane.html"]);
        assert!(urls("\"zzz plane\"").is_empty());
    }

    #[test]
    fn the_box_leaves_an_open_phrase_s_last_word_out_and_pairs_it_once_closed() {
        let index = tiny();
        let boxed = |q: &str| index.search_in(q, Place::Box);
        let urls = |r: &Results| -> Vec<String> { r.hits.iter().map(|h| h.url.clone()).collect() };
        let phrase_files = |r: &Results| r.files.iter().filter(|f| f.starts_with('p')).count();
        // "pla" is being typed: the box shows the phrase so far, "sharp", and loads no
        // phrase shard; the results page reads the whole phrase, whose pair "sharp pla"
        // no page holds.
        let typing = boxed("\"sharp pla");
        assert_eq!(urls(&typing), urls(&boxed("\"sharp\"")));
        assert_eq!(phrase_files(&typing), 0);
        assert!(query(&index, "\"sharp pla").is_empty());
        // Closed, the pair is looked up in its shard, in the box as on the results page.
        let closed = boxed("\"sharp plane\"");
        assert_eq!(urls(&closed), ["tips/plane.html"]);
        assert_eq!(phrase_files(&closed), 1);
        assert!(urls(&boxed("\"plane sharp\"")).is_empty());
        // A phrase no page holds reads no postings to rank nothing.
        let none = index.search("\"plane sharp\" oak");
        assert!(none.hits.is_empty());
        assert!(none.files.iter().all(|f| !f.starts_with(['h', 't'])));
        // The words before the one being typed still form the phrase.
        assert_eq!(urls(&boxed("\"a long pla")), urls(&boxed("\"a long\"")));
        assert!(urls(&boxed("\"long a pla")).is_empty());
    }

    #[test]
    fn a_phrase_ranks_by_its_strength_and_reads_no_postings() {
        let index = tiny();
        // A phrase of two words or more reads the word shards and phrase shards only:
        // its pages rank by the phrase's strength in them, not by its words' postings.
        let found = index.search("\"long plane\"");
        assert_eq!(found.hits.len(), 1);
        assert!(
            found.files.iter().all(|f| !f.starts_with(['h', 't'])),
            "{:?}",
            found.files
        );
    }

    #[test]
    fn a_word_the_site_never_uses_finds_words_sharing_its_start() {
        let index = tiny();
        let urls =
            |q: &str| -> Vec<String> { query(&index, q).into_iter().map(|h| h.url).collect() };
        // "flattened" is not on the site, nor one edit from a word that is; "flattening"
        // shares its first seven characters.
        assert_eq!(
            urls("flattened"),
            ["articles/bench.html#flattening-the-top"]
        );
        assert_eq!(urls("flattened timber").len(), 1);
        assert_eq!(urls("diagonal"), ["articles/bench.html#flattening-the-top"]);
        // "flattened" and "flattening" are forms of one word (`flatten` once their
        // endings are cut): the word itself, as if the site used it.
        let exact = query(&index, "flattening");
        assert_eq!(query(&index, "flattened")[0].score, exact[0].score);
        // Any other word sharing the start counts as a typo, below the word itself.
        assert!(query(&index, "pressing")[0].score < query(&index, "pressure")[0].score);
        // The start is all but the last three characters: "pressing" shares "press" with
        // "pressure"; "timbuktu" shares only "timb" with "timber", one short.
        assert_eq!(urls("pressing"), ["tips/glue.html"]);
        assert!(urls("timbuktu").is_empty());
        // Words shorter than five characters are left alone.
        assert!(urls("oaky").is_empty());
        // A word the site uses is not widened: "plane" does not find "planes".
        assert_eq!(urls("sharp").len(), 1);
    }

    #[test]
    fn shard_keys_read_back_from_their_front_coding() {
        let keys = ["", "a", "ab", "abé", "b", "ba2024", "c"];
        let shards: Vec<(String, usize)> = keys.iter().map(|k| (k.to_string(), 1)).collect();
        let text = super::super::files::front_coded(&shards);
        assert_eq!(text, "0 0a 1b 2é 0b 1a2024 0c");
        assert_eq!(front_decoded(&text), keys);
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
