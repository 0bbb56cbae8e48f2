//! Search benchmark on synthetic sites of 1,000 and 10,000 pages (a benchmark, not a test).
//!
//! `cargo run --release --example search_bench [-- --out DIR] [--pages N,N…]`
//!
//! For each size it generates the site of `examples/gen_corpus`, builds it, and prints:
//! the whole build's time, the index build time, the total index size and file count, and for one-word queries (a frequent, a middling and a rare word)
//! the bytes the browser loads to show the first 8 results, and Rust's query time.
//! With `--out DIR` the built sites are kept in `DIR/pages-N/public`, for
//! `node tests/browser/bench/search_query.mjs DIR/pages-N/public` (query time in Chromium).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ladder::search::{self, Index};
use ladder::{Options, Site};

#[path = "corpus/mod.rs"]
mod corpus;

/// Results shown by the header box, whose documents the browser loads.
const SHOWN: usize = 8;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// What kinds of file `files` are, with their bytes: the manifest, word, postings,
/// typo, phrase and document shards (named by their first letter).
fn by_kind(index: &Index, files: &std::collections::BTreeSet<String>) -> String {
    let kinds = [
        ("manifest", "i"),
        ("words", "w"),
        ("postings", "t"),
        ("typos", "x"),
        ("phrases", "p"),
        ("documents", "d"),
    ];
    let mut out = Vec::new();
    for (label, letter) in kinds {
        let of_kind: Vec<&String> = files.iter().filter(|f| f.starts_with(letter)).collect();
        if of_kind.is_empty() {
            continue;
        }
        let bytes: usize = of_kind
            .iter()
            .map(|f| index.sizes.get(*f).copied().unwrap_or(0))
            .sum();
        out.push(format!("{label} {} in {}", kb(bytes), of_kind.len()));
    }
    out.join(", ")
}

/// A frequent, a middling and a rare word of the index, by document frequency.
fn probe_words(index: &Index) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for d in &index.docs {
        for w in search::index_words(&d.title) {
            *seen.entry(w).or_insert(0usize) += 1;
        }
    }
    counts.extend(seen);
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let picks = [0, counts.len() / 2, counts.len().saturating_sub(1)];
    picks
        .iter()
        .filter_map(|&i| counts.get(i).cloned())
        .collect()
}

fn bench(dir: &Path, pages: usize) {
    let root = dir.join("site");
    let out = dir.join("public");
    corpus::generate(&root, pages, corpus::SEED).expect("generate the site");

    let t = Instant::now();
    let report =
        ladder::build(&root, &out, &Options::default()).expect("the synthetic site builds");
    let build_time = t.elapsed();

    let (site, _) = Site::load(&root, &Options::default()).expect("the site loads");
    let mut times = Vec::new();
    let mut files = search::IndexFiles::default();
    for _ in 0..5 {
        let t = Instant::now();
        files = search::build(
            &site.pages,
            &site.html,
            &site.topics,
            &site.config.language,
            &site.config.synonym_groups(),
        );
        times.push(t.elapsed());
    }
    times.sort();
    let index = Index::read(&out).expect("the index reads back");

    println!(
        "## {pages} pages ({} pages built, {} documents indexed)",
        report.pages, files.docs
    );
    println!("whole build                 {}", ms(build_time));
    println!(
        "index build (median of 5)   {} (best {})",
        ms(times[2]),
        ms(times[0])
    );
    let (word_shards, postings_shards, typo_shards) = index.shard_counts();
    println!(
        "index size                  {} in {} files ({word_shards} word, {postings_shards} postings, {typo_shards} typo, {} document shards)",
        kb(index.total_bytes()),
        index.sizes.len(),
        files.doc_shards
    );
    println!("manifest                    {}", kb(index.sizes["index"]));
    for (word, df) in probe_words(&index) {
        let t = Instant::now();
        let results = index.search(&word);
        let took = t.elapsed();
        println!(
            "one-word query {word:>12} (in {df:>4} titles, {:>5} hits): loads {:>9} (manifest, {} index file(s), documents of the first {SHOWN}), Rust query {}",
            results.hits.len(),
            kb(index.bytes_loaded(&results, SHOWN)),
            results.files.len() - 1,
            ms(took)
        );
    }
    // Typed letter by letter into the header box: every prefix the box searches (from
    // `BOX_MIN_CHARS` on) is a query, and the browser keeps what it loaded, so the bytes
    // are those of all the files together.
    for (word, _) in probe_words(&index) {
        let mut files = std::collections::BTreeSet::new();
        let chars: Vec<char> = word.chars().collect();
        for n in search::BOX_MIN_CHARS.min(chars.len()).max(1)..=chars.len() {
            let prefix: String = chars[..n].iter().collect();
            let results = index.search(&prefix);
            files.extend(results.files.iter().cloned());
            for h in results.hits.iter().take(SHOWN) {
                files.insert(format!("d{}", index.doc_shard(h.doc)));
            }
        }
        let bytes: usize = files
            .iter()
            .map(|f| index.sizes.get(f).copied().unwrap_or(0))
            .sum();
        println!(
            "typed letter by letter {word:>12}: loads {:>9} in {} files ({})",
            kb(bytes),
            files.len(),
            by_kind(&index, &files)
        );
    }
    // A phrase: the first two words of the first title that has two, against one of them.
    if let Some(words) = index
        .docs
        .iter()
        .map(|d| search::index_words(&d.title))
        .find(|w| w.len() >= 2)
    {
        let phrase = format!("\"{} {}\"", words[0], words[1]);
        let one = index.search(&words[0]);
        let two = index.search(&phrase);
        println!(
            "phrase query {phrase:>16} ({:>5} hits): loads {:>9}; the one-word query {} loads {}",
            two.hits.len(),
            kb(index.bytes_loaded(&two, SHOWN)),
            words[0],
            kb(index.bytes_loaded(&one, SHOWN))
        );
    }
    let typo = {
        let (w, _) = probe_words(&index)[1].clone();
        let mut c: Vec<char> = w.chars().collect();
        if c.len() >= 5 {
            c.swap(2, 3);
        }
        c.into_iter().collect::<String>()
    };
    let results = index.search(&typo);
    println!(
        "typo query     {typo:>12} ({:>5} hits): loads {:>9}",
        results.hits.len(),
        kb(index.bytes_loaded(&results, SHOWN))
    );
    println!();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut keep: Option<PathBuf> = None;
    let mut sizes = vec![1_000, 10_000];
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--out" => {
                keep = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--pages" => {
                sizes = args
                    .get(i + 1)
                    .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
                    .unwrap_or_default();
                i += 1;
            }
            other => {
                eprintln!(
                    "unknown argument {other}; usage: search_bench [--out DIR] [--pages N,N…]"
                );
                std::process::exit(2);
            }
        }
        i += 1;
    }
    let temp = tempfile::tempdir().expect("a temporary folder");
    let base = keep.unwrap_or_else(|| temp.path().to_path_buf());
    println!(
        "# ladder search benchmark (shard thresholds {} KB, postings {} KB)\n",
        search::SHARD_BYTES / 1024,
        search::POSTINGS_SHARD_BYTES / 1024
    );
    for pages in sizes {
        let dir = base.join(format!("pages-{pages}"));
        let _ = fs::remove_dir_all(&dir);
        bench(&dir, pages);
    }
}
