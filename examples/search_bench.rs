//! Search benchmark on synthetic sites of 1,000 and 10,000 pages (a benchmark, not a test).
//!
//! `cargo run --release --example search_bench [-- --out DIR] [--pages N,N…]`
//!
//! For each size it generates a site (deterministically: ~80% tips, ~20% articles with
//! five sections, 12 topics, text drawn with a Zipf law from 4,000 generated words),
//! builds it, and prints: the whole build's time, the index build time, the total index
//! size and file count, and for one-word queries (a frequent, a middling and a rare word)
//! the bytes the browser loads to show the first 8 results, and Rust's query time.
//! With `--out DIR` the built sites are kept in `DIR/pages-N/public`, for
//! `node tests/browser/bench/search_query.mjs DIR/pages-N/public` (query time in Chromium).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ladder::search::{self, Index};
use ladder::{Options, Site};

/// Results shown by the header box, whose documents the browser loads.
const SHOWN: usize = 8;

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// 4,000 pronounceable words, and cumulative Zipf weights for drawing them.
struct Words {
    list: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new(rng: &mut Rng) -> Words {
        const ONSETS: &[&str] = &[
            "b", "br", "c", "ch", "d", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl",
            "r", "s", "st", "t", "tr", "v", "w", "z",
        ];
        const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        const CODAS: &[&str] = &["", "n", "r", "s", "t", "l", "nd", "rk", "st", "m"];
        const SUFFIXES: &[&str] = &["", "", "", "ing", "ed", "er", "s", "ion", "ly", "ment"];
        let mut list = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while list.len() < 4000 {
            let syllables = 1 + rng.below(3);
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(ONSETS[rng.below(ONSETS.len())]);
                w.push_str(VOWELS[rng.below(VOWELS.len())]);
                w.push_str(CODAS[rng.below(CODAS.len())]);
            }
            w.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
            if w.len() >= 3 && seen.insert(w.clone()) {
                list.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..list.len())
            .map(|r| {
                total += 1.0 / (r as f64 + 2.0);
                total
            })
            .collect();
        Words { list, cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> &str {
        let x = rng.unit() * self.cumulative.last().copied().unwrap_or(1.0);
        let i = self
            .cumulative
            .partition_point(|&c| c < x)
            .min(self.list.len() - 1);
        &self.list[i]
    }

    fn sentence(&self, rng: &mut Rng, min: usize, max: usize) -> String {
        let n = min + rng.below(max - min + 1);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.pick(rng));
        }
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => s,
        }
    }

    fn paragraph(&self, rng: &mut Rng) -> String {
        let n = 3 + rng.below(4);
        (0..n)
            .map(|_| format!("{}.", self.sentence(rng, 8, 16)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const TOPICS: usize = 12;

/// Writes a synthetic site of `pages` pages into `root`.
fn generate(root: &Path, pages: usize) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ pages as u64);
    let words = Words::new(&mut rng);
    fs::create_dir_all(root.join("content/tips")).unwrap();
    fs::create_dir_all(root.join("content/articles")).unwrap();
    let mut toml = String::from("title = \"Bench\"\ndescription = \"A synthetic site\"\n");
    for t in 0..TOPICS {
        let title = words.sentence(&mut rng, 1, 2);
        let _ = write!(
            toml,
            "\n[[topics]]\nslug = \"topic-{t}\"\ntitle = \"{title}\"\ndescription = \"{}.\"\naliases = [\"{}\", \"{}\"]\n",
            words.sentence(&mut rng, 6, 10),
            words.sentence(&mut rng, 1, 2).to_lowercase(),
            words.sentence(&mut rng, 1, 2).to_lowercase()
        );
    }
    fs::write(root.join("site.toml"), toml).unwrap();
    for n in 0..pages {
        let article = n % 5 == 0;
        let t1 = rng.below(TOPICS);
        let t2 = rng.below(TOPICS);
        let topics = if t1 == t2 {
            format!("topic-{t1}")
        } else {
            format!("topic-{t1}, topic-{t2}")
        };
        let mut text = format!(
            "---\ntitle: \"{}\"\nsummary: \"{}.\"\ntopics: [{topics}]\ndate: 2026-01-{:02}\n---\n\n",
            words.sentence(&mut rng, 3, 7),
            words.sentence(&mut rng, 12, 22),
            1 + n % 28
        );
        if article {
            text.push_str(&words.paragraph(&mut rng));
            text.push_str("\n\n");
            for _ in 0..5 {
                let _ = write!(text, "## {}\n\n", words.sentence(&mut rng, 2, 5));
                for _ in 0..3 {
                    text.push_str(&words.paragraph(&mut rng));
                    text.push_str("\n\n");
                }
            }
        } else {
            for _ in 0..2 {
                text.push_str(&words.paragraph(&mut rng));
                text.push_str("\n\n");
            }
        }
        let dir = if article { "articles" } else { "tips" };
        fs::write(root.join(format!("content/{dir}/page-{n:05}.md")), text).unwrap();
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// A frequent, a middling and a rare word of the index, by document frequency.
fn probe_words(index: &Index) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for d in &index.docs {
        for w in search::text::index_words(&d.title) {
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
    generate(&root, pages);

    let t = Instant::now();
    let report =
        ladder::build(&root, &out, &Options::default()).expect("the synthetic site builds");
    let build_time = t.elapsed();

    let (site, _) = Site::load(&root, &Options::default()).expect("the site loads");
    let mut best = Duration::MAX;
    let mut files = search::IndexFiles::default();
    for _ in 0..3 {
        let t = Instant::now();
        files = search::build(&site);
        best = best.min(t.elapsed());
    }
    let index = Index::read(&out).expect("the index reads back");

    println!(
        "## {pages} pages ({} pages built, {} documents indexed)",
        report.pages, files.docs
    );
    println!("whole build                 {}", ms(build_time));
    println!("index build (best of 3)     {}", ms(best));
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
        "# ladder search benchmark (shard threshold {} KB)\n",
        search::SHARD_BYTES / 1024
    );
    for pages in sizes {
        let dir = base.join(format!("pages-{pages}"));
        let _ = fs::remove_dir_all(&dir);
        bench(&dir, pages);
    }
}
