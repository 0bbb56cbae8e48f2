//! Ranks the reader questions of `scripts/search-questions.tsv` on the bundled site with
//! `ladder::search::query`, as the browser ranks them, and prints each question's rank of
//! its expected page, the top-3 rate and the mean reciprocal rank (a measure, not a test).
//!
//! `cargo run --example search_questions [-- --all]`: every third question (the 3rd, 6th,
//! …) is held out of tuning and its figures are printed apart; `--all` lists every hit.

use std::path::Path;

use ladder::search::{self, Index};
use ladder::{Options, Site};

/// How deep a rank is looked for; beyond it a question counts as not found.
const DEPTH: usize = 20;

#[path = "questions/mod.rs"]
mod questions;

/// Top-3 count and reciprocal-rank sum of `ranks`.
fn figures(ranks: &[Option<usize>]) -> String {
    let top3 = ranks.iter().filter(|r| r.is_some_and(|r| r <= 3)).count();
    let mrr: f64 = ranks
        .iter()
        .map(|r| r.map_or(0.0, |r| 1.0 / r as f64))
        .sum::<f64>()
        / ranks.len().max(1) as f64;
    format!(
        "top-3 {top3}/{} ({:.0}%), MRR {mrr:.3}",
        ranks.len(),
        100.0 * top3 as f64 / ranks.len().max(1) as f64
    )
}

fn main() {
    let all = std::env::args().any(|a| a == "--all");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("scripts/search-questions.tsv"))
        .expect("scripts/search-questions.tsv reads");
    let (site, _) = Site::load(root, &Options::default()).expect("the bundled site loads");
    let files = search::build(
        &site.pages,
        &site.html,
        &site.topics,
        &site.config.language,
        &site.config.synonym_groups(),
    );
    let index = Index::from_files(&files.files).expect("the index reads back");
    if let Some(q) = std::env::args().skip_while(|a| a != "--explain").nth(1) {
        explain(&index, &q, &[]);
        return;
    }
    if std::env::args().any(|a| a == "--unknown") {
        for (q, _) in questions::reader_questions(&text) {
            let unknown: Vec<String> = search::index_words(&q)
                .into_iter()
                .filter(|w| index.search(&format!("\"{w}\"")).hits.is_empty())
                .collect();
            println!("{q:<60} {}", unknown.join(" "));
        }
        return;
    }
    let (mut tuned, mut held) = (Vec::new(), Vec::new());
    for (n, (q, expected)) in questions::reader_questions(&text).into_iter().enumerate() {
        let results = index.search(&q);
        let rank = results
            .hits
            .iter()
            .take(DEPTH)
            .position(|h| expected.iter().any(|e| h.url.split('#').next() == Some(e)))
            .map(|r| r + 1);
        let out = (n + 1) % 3 == 0;
        println!(
            "{:>2}{} {:>3} {:>6}B {q}",
            n + 1,
            if out { "h" } else { " " },
            rank.map_or(">20".to_string(), |r| r.to_string()),
            index.bytes_loaded(&results, 8),
        );
        if all || rank.is_none_or(|r| r > 3) {
            explain(&index, &q, &expected);
        }
        if out { &mut held } else { &mut tuned }.push(rank);
    }
    let every: Vec<_> = tuned.iter().chain(&held).copied().collect();
    println!("tuned    {}", figures(&tuned));
    println!("held out {}", figures(&held));
    println!("all      {}", figures(&every));
}

/// Prints the top pages of `q`, and the `expected` ones, with each word's share of their
/// scores (each word queried alone as a one-word phrase, so without completion).
fn explain(index: &Index, q: &str, expected: &[String]) {
    let words = search::index_words(q);
    let alone: Vec<_> = words
        .iter()
        .map(|w| index.search(&format!("\"{w}\"")).hits)
        .collect();
    println!(
        "{:>3} {:>7} {:>2} {:<50} {}",
        "#",
        "score",
        "m",
        "page",
        words.join(" ")
    );
    let hits = index.search(q).hits;
    let shown = hits
        .iter()
        .enumerate()
        .filter(|(n, h)| *n < 5 || expected.iter().any(|e| h.url.split('#').next() == Some(e)));
    for (n, h) in shown {
        let shares: Vec<String> = alone
            .iter()
            .map(|hits| {
                let s = hits.iter().find(|x| x.doc == h.doc).map_or(0, |x| x.score);
                format!("{s:>6}")
            })
            .collect();
        println!(
            "{:>3} {:>7} {:>2} {:<50} {}",
            n + 1,
            h.score,
            h.matched,
            h.url,
            shares.join(" ")
        );
    }
}
