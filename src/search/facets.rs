//! Facets: each document's kind and topics, written compactly for filtering results and
//! counting them per filter (the file `f.js`, format in the module doc of `search`).
//!
//! A document's *class* is its kind with its topic numbers. Classes are numbered most
//! frequent first and each document is one fixed-width code in a string, so the file
//! costs one character a document on a site of up to [`BASE`] classes, two up to `BASE²`.
//! Only the results page loads it, and it loads it for every query, filtered or not.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

/// A document's kind number and sorted topic numbers.
pub(crate) type Facet = (usize, Vec<usize>);

/// Characters of a code: printable ASCII from `#`, without `\` (which JSON would escape).
const FIRST: u8 = b'#';
/// How many values one character of a code holds.
pub(crate) const BASE: usize = (b'~' - FIRST) as usize; // `#` to `~` is 92, less `\`

/// The character for `digit` (below [`BASE`]).
fn digit_char(digit: usize) -> char {
    let c = FIRST as usize + digit;
    char::from((c + usize::from(c >= b'\\' as usize)) as u8)
}

/// The digit a character of a code stands for, if it is one.
fn char_digit(c: u8) -> Option<usize> {
    if !(FIRST..=b'~').contains(&c) || c == b'\\' {
        return None;
    }
    Some((c - FIRST) as usize - usize::from(c > b'\\'))
}

/// The facet file's data, `[[class…], codes]`, for documents in order.
pub(super) fn data(facets: &[Facet]) -> String {
    let mut freq: BTreeMap<&Facet, usize> = BTreeMap::new();
    for f in facets {
        *freq.entry(f).or_insert(0) += 1;
    }
    let mut classes: Vec<(&Facet, usize)> = freq.into_iter().collect();
    classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let number: BTreeMap<&Facet, usize> = classes
        .iter()
        .enumerate()
        .map(|(n, (f, _))| (*f, n))
        .collect();
    let width = width_for(classes.len());
    let mut codes = String::with_capacity(facets.len() * width);
    for f in facets {
        let mut n = number[f];
        let mut digits = vec![0; width];
        for d in digits.iter_mut().rev() {
            *d = n % BASE;
            n /= BASE;
        }
        codes.extend(digits.into_iter().map(digit_char));
    }
    let classes: Vec<Value> = classes
        .iter()
        .map(|((kind, topics), _)| {
            let mut class = vec![json!(kind)];
            class.extend(topics.iter().map(|t| json!(t)));
            Value::Array(class)
        })
        .collect();
    json!([classes, codes]).to_string()
}

/// Characters per code for `classes` classes: at least one.
fn width_for(classes: usize) -> usize {
    let mut width = 1;
    let mut room = BASE;
    while room < classes {
        width += 1;
        room = room.saturating_mul(BASE);
    }
    width
}

/// Reads the facet file's data back: each document's facet, for `docs` documents.
pub(super) fn read(data: &Value, docs: usize) -> Result<Vec<Facet>, String> {
    let classes: Vec<Facet> = data[0]
        .as_array()
        .ok_or("facets without classes")?
        .iter()
        .map(|c| {
            let nums: Vec<usize> = c
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_u64().unwrap_or_default() as usize)
                .collect();
            let (kind, topics) = nums.split_first().map_or((0, &[][..]), |(k, t)| (*k, t));
            (kind, topics.to_vec())
        })
        .collect();
    let codes = data[1].as_str().ok_or("facets without codes")?.as_bytes();
    if docs == 0 {
        return Ok(Vec::new());
    }
    let width = codes.len() / docs;
    if width == 0 || width * docs != codes.len() {
        return Err("facet codes do not match the documents".into());
    }
    codes
        .chunks(width)
        .map(|code| {
            let mut n = 0;
            for &c in code {
                n = n * BASE + char_digit(c).ok_or("not a facet code")?;
            }
            classes.get(n).cloned().ok_or("no such facet class".into())
        })
        .collect()
}

/// Which results a filtered query keeps: those of one of `kinds` (any kind when empty)
/// and of at least one of `topics` (any topic when empty). Names the index does not
/// know are left out, so an old link with a topic that is gone still finds results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Kind names: `article`, `tip`, `path`, `page`.
    pub kinds: Vec<String>,
    /// Topic slugs.
    pub topics: Vec<String>,
}

/// How many results each filter value would keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Per kind name, the results of that kind among those the topic filter keeps.
    pub kinds: Vec<(String, usize)>,
    /// Per topic slug, the results with that topic among those the kind filter keeps.
    pub topics: Vec<(String, usize)>,
}

/// A [`Filter`] in numbers: the kinds and topics chosen, `None` for any.
pub(super) struct Chosen {
    kinds: Option<BTreeSet<usize>>,
    topics: Option<BTreeSet<usize>>,
}

impl Chosen {
    /// `filter` against the index's tables of kind names and topic slugs.
    pub(super) fn of(filter: &Filter, kinds: &[String], topics: &[String]) -> Chosen {
        let numbers = |names: &[String], table: &[String]| {
            let set: BTreeSet<usize> = names
                .iter()
                .filter_map(|n| table.iter().position(|t| t == n))
                .collect();
            (!set.is_empty()).then_some(set)
        };
        Chosen {
            kinds: numbers(&filter.kinds, kinds),
            topics: numbers(&filter.topics, topics),
        }
    }

    fn kind_ok(&self, f: &Facet) -> bool {
        self.kinds.as_ref().is_none_or(|k| k.contains(&f.0))
    }

    fn topic_ok(&self, f: &Facet) -> bool {
        self.topics
            .as_ref()
            .is_none_or(|t| f.1.iter().any(|n| t.contains(n)))
    }

    /// Whether a document with facet `f` is kept: its kind chosen AND one of its topics.
    pub(super) fn keeps(&self, f: &Facet) -> bool {
        self.kind_ok(f) && self.topic_ok(f)
    }

    /// Counts over the results' facets: a kind's count ignores the kind filter and a
    /// topic's the topic filter (within a facet the choices are alternatives), so each
    /// number is what ticking that box alone in its group would show.
    pub(super) fn counts<'a>(
        &self,
        results: impl Iterator<Item = &'a Facet>,
        n_kinds: usize,
        n_topics: usize,
    ) -> (Vec<usize>, Vec<usize>) {
        let mut kinds = vec![0; n_kinds];
        let mut topics = vec![0; n_topics];
        for f in results {
            if self.topic_ok(f) {
                if let Some(k) = kinds.get_mut(f.0) {
                    *k += 1;
                }
            }
            if self.kind_ok(f) {
                for &t in &f.1 {
                    if let Some(c) = topics.get_mut(t) {
                        *c += 1;
                    }
                }
            }
        }
        (kinds, topics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn codes_round_trip_in_one_and_two_characters() {
        let few: Vec<Facet> = vec![(0, vec![1, 2]), (1, vec![]), (0, vec![1, 2]), (3, vec![0])];
        let data: Value = serde_json::from_str(&super::data(&few)).unwrap();
        // The most frequent class is numbered 0, so its code is the first character.
        assert_eq!(data[1].as_str().unwrap().len(), 4);
        assert_eq!(&data[1].as_str().unwrap()[..1], "#");
        assert_eq!(read(&data, 4).unwrap(), few);

        let many: Vec<Facet> = (0..500).map(|n| (n % 4, vec![n / 4])).collect();
        let data: Value = serde_json::from_str(&super::data(&many)).unwrap();
        let codes = data[1].as_str().unwrap();
        assert_eq!(codes.len(), 1000, "two characters a document");
        assert!(!codes.contains('\\') && !codes.contains('"'));
        assert_eq!(read(&data, 500).unwrap(), many);
        assert!(
            read(&data, 499).is_err(),
            "a wrong document count is an error"
        );
    }

    #[test]
    fn every_digit_has_a_character_and_back() {
        for d in 0..BASE {
            let c = digit_char(d);
            assert!(c != '\\' && c != '"' && c.is_ascii_graphic());
            assert_eq!(char_digit(c as u8), Some(d));
        }
        assert_eq!(char_digit(b'\\'), None);
        assert_eq!(char_digit(b' '), None);
    }

    #[test]
    fn filters_combine_kind_and_topics_and_count_per_group() {
        let kinds = names(&["article", "tip", "page", "path"]);
        let topics = names(&["boss", "goals", "pay"]);
        let docs: Vec<Facet> = vec![
            (0, vec![0]),    // article, boss
            (1, vec![0, 1]), // tip, boss and goals
            (1, vec![2]),    // tip, pay
            (3, vec![1]),    // path, goals
        ];
        let filter = |k: &[&str], t: &[&str]| {
            Chosen::of(
                &Filter {
                    kinds: names(k),
                    topics: names(t),
                },
                &kinds,
                &topics,
            )
        };
        let kept = |c: &Chosen| -> Vec<usize> { (0..4).filter(|&d| c.keeps(&docs[d])).collect() };

        assert_eq!(kept(&filter(&[], &[])), [0, 1, 2, 3]);
        assert_eq!(kept(&filter(&["tip"], &[])), [1, 2]);
        // Several topics: any of them.
        assert_eq!(kept(&filter(&[], &["boss", "pay"])), [0, 1, 2]);
        // Kind and topic: both.
        assert_eq!(kept(&filter(&["tip"], &["goals"])), [1]);
        assert_eq!(kept(&filter(&["tip", "path"], &["goals"])), [1, 3]);
        // Unknown names are ignored.
        assert_eq!(kept(&filter(&["video"], &["nope"])), [0, 1, 2, 3]);

        // Counts: a kind's count follows the topic filter, not the kind filter.
        let c = filter(&["tip"], &["goals"]);
        let (k, t) = c.counts(docs.iter(), 4, 3);
        assert_eq!(k, [0, 1, 0, 1], "goals pages by kind");
        assert_eq!(t, [1, 1, 1], "tips by topic");
        let (k, t) = filter(&[], &[]).counts(docs.iter(), 4, 3);
        assert_eq!(k, [1, 2, 0, 1]);
        assert_eq!(t, [2, 2, 1]);
    }
}
