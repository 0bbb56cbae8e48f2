//! Bytes the browser loads for the one-word queries of `scripts/bench-search.mjs` on a
//! generated site, as `ladder::search` simulates them (a measure, not a test):
//!
//! `cargo run --example typed_bytes -- <built site> <site sources>`
//!
//! For each query: typed letter by letter into the search box (each text it searches, as
//! `box_searches` tells, the documents of the 8 results shown at each step), on a fresh page and
//! after typing the query before it; and submitted whole on the results page (20 results, their
//! section texts). Then the median and the largest of each, and for each phrase its bytes
//! beside the mean of the one-word queries of its own words.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ladder::search::{box_searches, Index, Place};

/// Results the search box shows, and the results page.
const BOX_SHOWN: usize = 8;
const PAGE_SHOWN: usize = 20;

/// A title's words as the benchmark picks them: lowercased, longer than two characters,
/// each once.
fn title_words(title: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in title.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() > 2 && !out.iter().any(|x| x == w) {
            out.push(w.to_string());
        }
    }
    out
}

/// The one-word queries of `scripts/bench-search.mjs` (`generatedQueries`), and a
/// quoted phrase of the first two title words of each page they come from.
fn queries(sources: &Path) -> (Vec<String>, Vec<String>) {
    let mut pages: Vec<(String, Vec<String>)> = Vec::new();
    for kind in ["tips", "articles"] {
        let dir = sources.join("content").join(kind);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("the generated content reads")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| f.ends_with(".md"))
            .collect();
        names.sort();
        for f in names {
            let text = std::fs::read_to_string(dir.join(&f)).unwrap_or_default();
            let title = text
                .lines()
                .find_map(|l| l.strip_prefix("title:"))
                .map(|t| t.trim().trim_matches('"').to_string())
                .unwrap_or_default();
            pages.push((kind.to_string(), title_words(&title)));
        }
    }
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, words) in &pages {
        for w in words {
            *df.entry(w).or_default() += 1;
        }
    }
    let rarest = |words: &[String]| {
        let mut w: Vec<&String> = words.iter().collect();
        w.sort_by(|a, b| df[a.as_str()].cmp(&df[b.as_str()]).then(a.cmp(b)));
        w.first().map(|w| w.to_string())
    };
    let tips: Vec<&(String, Vec<String>)> = pages.iter().filter(|p| p.0 == "tips").collect();
    let articles: Vec<&(String, Vec<String>)> =
        pages.iter().filter(|p| p.0 == "articles").collect();
    let mut out = Vec::new();
    let mut phrases = Vec::new();
    let sampled = (0..8)
        .map(|k| &tips[(2 * k + 1) * tips.len() / 16].1)
        .chain((0..4).map(|k| &articles[(2 * k + 1) * articles.len() / 8].1));
    for words in sampled {
        out.extend(rarest(words));
        if let [a, b, ..] = words.as_slice() {
            phrases.push(format!("\"{a} {b}\""));
        }
    }
    let mut by_df: Vec<(&str, usize)> = df.into_iter().collect();
    by_df.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for i in [0, by_df.len() / 2, by_df.len() - 1] {
        out.push(by_df[i].0.to_string());
    }
    (out, phrases)
}

/// Bytes of the files of `new` not in `have`, which then holds them.
fn take(index: &Index, have: &mut BTreeSet<String>, new: BTreeSet<String>) -> usize {
    let mut bytes = 0;
    for f in new {
        if !have.contains(&f) {
            bytes += index.sizes.get(&f).copied().unwrap_or(0);
            have.insert(f);
        }
    }
    bytes
}

/// Files the box loads as `word` is typed into it.
fn typed(index: &Index, word: &str) -> BTreeSet<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut files = BTreeSet::new();
    for n in 1..=chars.len() {
        let prefix: String = chars[..n].iter().collect();
        if !box_searches(&prefix) {
            continue;
        }
        let results = index.search_in(&prefix, Place::Box);
        files.extend(results.files);
        for h in results.hits.iter().take(BOX_SHOWN) {
            files.insert(format!("d{}", index.doc_shard(h.doc)));
        }
    }
    files
}

/// Files the results page loads for `text`.
fn submitted(index: &Index, text: &str) -> BTreeSet<String> {
    let results = index.search_in(text, Place::Page);
    let mut files = results.files;
    for h in results.hits.iter().take(PAGE_SHOWN) {
        let n = index.doc_shard(h.doc);
        files.insert(format!("d{n}"));
        files.insert(format!("s{n}"));
    }
    files
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn summary(label: &str, mut list: Vec<usize>) {
    list.sort_unstable();
    let median = list.get(list.len() / 2).copied().unwrap_or(0);
    let max = list.last().copied().unwrap_or(0);
    println!("{label:<28} median {:>9}, max {:>9}", kb(median), kb(max));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, sources] = args.as_slice() else {
        eprintln!("usage: typed_bytes <built site> <site sources>");
        std::process::exit(2);
    };
    let index = Index::read(Path::new(out)).expect("the index reads");
    let (mut first, mut next, mut page) = (Vec::new(), Vec::new(), Vec::new());
    let mut before = BTreeSet::new();
    let (words, phrases) = queries(Path::new(sources));
    for q in &words {
        let files = typed(&index, q);
        let fresh = take(&index, &mut BTreeSet::new(), files.clone());
        let after = take(&index, &mut before, files.clone());
        before = files;
        let at_once = take(&index, &mut BTreeSet::new(), submitted(&index, q));
        println!(
            "{q:>16}: typed {:>9}, next {:>9}; results page {:>9}",
            kb(fresh),
            kb(after),
            kb(at_once)
        );
        first.push(fresh);
        next.push(after);
        page.push(at_once);
    }
    println!("manifest {}", kb(index.sizes["index"]));
    summary("typed, first query", first);
    summary("typed, next query", next);
    summary("results page, first query", page.clone());
    // A phrase typed into the box and submitted on the results page, beside a one-word
    // query in each place.
    // Each phrase is also set beside the one-word queries of its own two words (their
    // mean), as well as beside the medians above, which are of other, rarer words.
    let (mut quoted_typed, mut quoted) = (Vec::new(), Vec::new());
    let (mut own_typed, mut own_page) = (Vec::new(), Vec::new());
    for q in &phrases {
        let typed_bytes = take(&index, &mut BTreeSet::new(), typed(&index, q));
        let bytes = take(&index, &mut BTreeSet::new(), submitted(&index, q));
        let words: Vec<&str> = q.trim_matches('"').split(' ').collect();
        let mean = |f: &dyn Fn(&str) -> usize| {
            words.iter().map(|w| f(w)).sum::<usize>() as f64 / words.len().max(1) as f64
        };
        let word_typed = mean(&|w| take(&index, &mut BTreeSet::new(), typed(&index, w)));
        let word_page = mean(&|w| take(&index, &mut BTreeSet::new(), submitted(&index, w)));
        own_typed.push(typed_bytes as f64 / word_typed.max(1.0));
        own_page.push(bytes as f64 / word_page.max(1.0));
        println!(
            "{q:>32}: typed {:>9} ({:.2}x its words); results page {:>9} ({:.2}x)",
            kb(typed_bytes),
            own_typed.last().copied().unwrap_or(0.0),
            kb(bytes),
            own_page.last().copied().unwrap_or(0.0)
        );
        quoted_typed.push(typed_bytes);
        quoted.push(bytes);
    }
    summary("phrase, typed", quoted_typed);
    summary("phrase, results page", quoted);
    for (label, mut ratios) in [
        ("phrase / its words, typed", own_typed),
        ("phrase / its words, page", own_page),
    ] {
        ratios.sort_by(f64::total_cmp);
        let median = ratios.get(ratios.len() / 2).copied().unwrap_or(0.0);
        let max = ratios.last().copied().unwrap_or(0.0);
        println!("{label:<28} median {median:>8.2}x, max {max:>8.2}x");
    }
}
