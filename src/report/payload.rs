//! What the browser loads for a typical one-word search, measured on the built index
//! with the same query code that mirrors `search.js`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::content::Kind;
use crate::search::text::{is_stop_word, tokenize};
use crate::search::Index;
use crate::site::Site;

/// Results the search box shows at once, as `search.js` does; their documents load too.
pub(super) const SHOWN: usize = 8;
/// How many of the most frequent title words join the topic names as sample queries.
const COMMON_TITLE_WORDS: usize = 5;

/// Bytes loaded by a sample of one-word queries, and their median.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchPayload {
    /// Results whose documents count as loaded.
    pub shown: usize,
    /// The median of the queries' bytes: what a typical query loads.
    pub median_bytes: usize,
    /// Every sample query, topic names first.
    pub queries: Vec<QueryPayload>,
}

/// One sample query and what it loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryPayload {
    /// The word searched for.
    pub query: String,
    /// The manifest, the index shards the query reads, and the document shards of the
    /// first [`SHOWN`] results.
    pub bytes: usize,
    /// How many pages the query finds.
    pub results: usize,
}

/// Measures the sample queries on `site`'s search index, built afresh.
/// The sample is the first word of each topic's name (the word a reader browsing by topic
/// would type) and the most frequent words of article and tip titles; stop words are
/// left out. `None` when the site has no index or nothing to sample.
pub(super) fn measure(site: &Site) -> Option<SearchPayload> {
    let index_files = crate::search::build(
        &site.pages,
        &site.html,
        &site.topics,
        &site.config.language,
        &site.config.synonym_groups(),
    )
    .files;
    let index = Index::from_files(&index_files).ok()?;
    let queries: Vec<QueryPayload> = sample(site)
        .into_iter()
        .map(|query| {
            let results = index.search_in(&query, crate::search::Place::Box);
            QueryPayload {
                bytes: index.bytes_loaded(&results, SHOWN),
                results: results.hits.len(),
                query,
            }
        })
        .collect();
    let mut bytes: Vec<usize> = queries.iter().map(|q| q.bytes).collect();
    bytes.sort_unstable();
    let median_bytes = match bytes.len() {
        0 => return None,
        n if n % 2 == 1 => bytes[n / 2],
        n => (bytes[n / 2 - 1] + bytes[n / 2]) / 2,
    };
    Some(SearchPayload {
        shown: SHOWN,
        median_bytes,
        queries,
    })
}

/// The sample queries: topic names' first words, then common title words, no repeats.
fn sample(site: &Site) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let first_word = |text: &str| tokenize(text).into_iter().find(|w| !is_stop_word(w));
    for (_, page) in site.topics.iter() {
        if let Some(word) = first_word(&site.pages[page].meta.title) {
            if seen.insert(word.clone()) {
                out.push(word);
            }
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for page in &site.pages {
        if matches!(page.kind, Kind::Article | Kind::Tip) {
            // Numbers say little about what a reader searches for.
            let words: BTreeSet<String> = tokenize(&page.meta.title)
                .into_iter()
                .filter(|w| !is_stop_word(w) && w.chars().any(char::is_alphabetic))
                .collect();
            for w in words {
                *counts.entry(w).or_insert(0) += 1;
            }
        }
    }
    let mut common: Vec<(String, usize)> = counts.into_iter().collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (word, _) in common
        .into_iter()
        .filter(|(w, _)| !seen.contains(w))
        .take(COMMON_TITLE_WORDS)
    {
        out.push(word);
    }
    out
}
