//! Finding pages whose titles are the same, or nearly, without comparing every pair.
//!
//! Titles are compared as words: Unicode words, lowercased and folded as search folds
//! them (so case, accents and punctuation do not count). Two titles are *the same* when
//! their words are. They are *nearly the same* when their sets of word stems overlap by
//! [`JACCARD`] or more (intersection over union: `Asking for feedback early` and `Ask early
//! for feedback` are), or when their words are a few typos apart: an edit distance of at
//! most one per [`CHARS_PER_EDIT`] characters, for titles of at least that length.
//!
//! Candidates for nearness are the titles sharing one of their rarest stems (the prefix
//! of the stem set ordered by rarity that any pair over the threshold must share, and at
//! least [`MIN_PREFIX`] stems). A stem found in more than [`BUCKET_CAP`] titles is too
//! common to suggest anything and proposes no candidates; this bounds the work to a
//! constant per title, so 50,000 pages cost about as much as reading their titles.

use std::collections::{BTreeSet, HashMap};

use crate::search::text::{tokenize_in, Stems};
use crate::search::Language;
use crate::suggest::edit_distance;

/// Least stem-set overlap (intersection over union) of nearly the same titles.
const JACCARD: f64 = 0.8;
/// Titles this long or longer may differ by one edit per this many characters.
const CHARS_PER_EDIT: usize = 12;
/// At least this many of a title's rarest stems propose candidates.
const MIN_PREFIX: usize = 3;
/// A stem in more titles than this proposes no candidates.
const BUCKET_CAP: usize = 64;

/// A title like an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Likeness {
    /// The later title's position in the input.
    pub title: usize,
    /// The first title of its group, which it resembles.
    pub like: usize,
    /// The same words, not just nearly.
    pub same: bool,
}

/// Every title that is the same as, or nearly the same as, an earlier one; each points to
/// the first title of its group. Sorted by `title`. Words are read and stemmed in
/// `language`, the site's.
pub(super) fn similar(titles: &[&str], language: &Language) -> Vec<Likeness> {
    let mut stems = Stems::new(language);
    let words: Vec<Vec<String>> = titles.iter().map(|t| tokenize_in(t, language)).collect();

    // The same words: one representative per distinct key, the first title having it.
    let mut first_with: HashMap<String, usize> = HashMap::new();
    let mut found = Vec::new();
    let mut reps = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        match first_with.entry(w.join(" ")) {
            std::collections::hash_map::Entry::Occupied(e) => found.push(Likeness {
                title: i,
                like: *e.get(),
                same: true,
            }),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
                reps.push(i);
            }
        }
    }

    // Nearly the same, among representatives.
    let sets: Vec<BTreeSet<String>> = reps
        .iter()
        .map(|&i| words[i].iter().map(|w| stems.stem(w)).collect())
        .collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for set in &sets {
        for s in set {
            *df.entry(s.as_str()).or_insert(0) += 1;
        }
    }
    let mut buckets: HashMap<&str, Vec<usize>> = HashMap::new();
    for (r, set) in sets.iter().enumerate() {
        let mut rarest: Vec<&str> = set.iter().map(String::as_str).collect();
        rarest.sort_by_key(|s| (df[s], *s));
        let n = rarest.len();
        let needed = n - (JACCARD * n as f64).ceil() as usize + 1;
        for s in rarest.into_iter().take(needed.max(MIN_PREFIX)) {
            if df[s] <= BUCKET_CAP {
                buckets.entry(s).or_default().push(r);
            }
        }
    }
    let joined: Vec<String> = reps.iter().map(|&i| words[i].join(" ")).collect();
    let mut groups = UnionFind::new(reps.len());
    let mut bucket_list: Vec<&Vec<usize>> = buckets.values().collect();
    bucket_list.sort();
    for bucket in bucket_list {
        for (k, &a) in bucket.iter().enumerate() {
            for &b in &bucket[k + 1..] {
                // A pair met in an earlier bucket, or joined through others, is settled.
                if groups.first(a) != groups.first(b)
                    && near(&sets[a], &sets[b], &joined[a], &joined[b])
                {
                    groups.join(a, b);
                }
            }
        }
    }
    for r in 0..reps.len() {
        let root = groups.first(r);
        if root != r {
            found.push(Likeness {
                title: reps[r],
                like: reps[root],
                same: false,
            });
        }
    }
    found.sort_by_key(|l| l.title);
    found
}

/// Whether two distinct titles are nearly the same (see the module doc).
fn near(a: &BTreeSet<String>, b: &BTreeSet<String>, text_a: &str, text_b: &str) -> bool {
    // Titles numbered differently (`Step 1`, `Step 2`) are a series, not a repeat.
    let numbers = |set: &BTreeSet<String>| -> Vec<String> {
        set.iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .cloned()
            .collect()
    };
    if numbers(a) != numbers(b) {
        return false;
    }
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union > 0 && shared as f64 >= JACCARD * union as f64 {
        return true;
    }
    let (la, lb) = (text_a.chars().count(), text_b.chars().count());
    let edits = la.min(lb) / CHARS_PER_EDIT;
    edits > 0 && la.abs_diff(lb) <= edits && edit_distance(text_a, text_b) <= edits
}

/// Disjoint sets whose representative is always the smallest member, so each group
/// points at its first title.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    fn first(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.first(a), self.first(b));
        let (low, high) = (ra.min(rb), ra.max(rb));
        self.0[high] = low;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(titles: &[&str]) -> Vec<(usize, usize, bool)> {
        pairs_in(titles, "en")
    }

    fn pairs_in(titles: &[&str], language: &str) -> Vec<(usize, usize, bool)> {
        similar(titles, &Language::of(language))
            .into_iter()
            .map(|l| (l.title, l.like, l.same))
            .collect()
    }

    #[test]
    fn case_and_punctuation_do_not_count() {
        assert_eq!(
            pairs(&["Ask for feedback!", "ask for FEEDBACK", "Find a mentor"]),
            [(1, 0, true)]
        );
    }

    #[test]
    fn reordered_and_inflected_words_are_near() {
        assert_eq!(
            pairs(&[
                "Asking for feedback early",
                "Ask early for feedback",
                "Other"
            ]),
            [(1, 0, false)]
        );
    }

    #[test]
    fn typos_in_long_titles_are_near_but_short_differences_are_not() {
        assert_eq!(
            pairs(&[
                "Receive honest feedback from your peers",
                "Recieve honest feedback from your peers"
            ]),
            [(1, 0, false)]
        );
        assert!(pairs(&["Find a mentor", "Find a mentee"]).is_empty());
        assert!(pairs(&["Ask for feedback", "Ask for help"]).is_empty());
    }

    #[test]
    fn differently_numbered_titles_are_a_series() {
        assert!(pairs(&["Feedback tip 1", "Feedback tip 2"]).is_empty());
        assert!(pairs(&[
            "Part 1 of the long plan for your next promotion",
            "Part 2 of the long plan for your next promotion"
        ])
        .is_empty());
    }

    #[test]
    fn groups_point_at_their_first_title() {
        let found = pairs(&[
            "Keep your boss informed",
            "Set goals",
            "Keep your boss informed!",
            "Keeping your boss informed",
        ]);
        assert_eq!(found, [(2, 0, true), (3, 0, false)]);
    }

    #[test]
    fn titles_sharing_only_common_words_are_not_near() {
        // 3,000 distinct titles that share the words "how to", too common to propose
        // candidates; the rarer words tell each apart.
        let titles: Vec<String> = (0..3000).map(|i| format!("How to w{i} x{i}")).collect();
        let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
        assert!(similar(&refs, &Language::english()).is_empty());
    }

    #[test]
    fn titles_are_read_in_the_site_language() {
        // French forms and an elision: the same stems once read as French, not as English.
        let titles = [
            "L'entretien annuel",
            "Prévoir un budget",
            "Entretiens annuels",
        ];
        assert_eq!(pairs_in(&titles, "fr"), [(2, 0, false)]);
        assert!(pairs_in(&titles, "en").is_empty());
    }

    #[test]
    fn empty_titles_are_skipped() {
        assert!(pairs(&["", "!!", ""]).is_empty());
    }
}
