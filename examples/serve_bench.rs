//! Edit-to-reload-signal latency of `ladder serve` on a synthetic 10,000-page site.
//!
//! ```sh
//! cargo run --release --example serve_bench            # 10,000 pages, 20 edits
//! cargo run --release --example serve_bench -- 2000 10 # pages, edits
//! cargo run --release --example serve_bench -- 10000 5 2000 # …, ms between edits
//! cargo run --release --example serve_bench -- --generate DIR 10000  # only write the site
//! ```
//!
//! Generates a deterministic site in a temp folder (80% tips of 80–250 words, 20%
//! articles of 600–2,000 words with headings and 2–5 internal links, 12 topics declared
//! in `site.toml`, words from a generated list of 3,000), starts the server with
//! `ladder::serve::start`, holds an event stream open like a browser tab, then edits one
//! tip's body again and again and times each file write to the `event: reload` arriving.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use ladder::serve::{start, ServeOptions};

const TOPICS: [&str; 12] = [
    "mentoring",
    "feedback",
    "managing-up",
    "self-promotion",
    "networking",
    "negotiation",
    "goal-setting",
    "taking-initiative",
    "leadership",
    "career-change",
    "communication",
    "patience-and-timing",
];

/// A small deterministic generator (xorshift64*), so every run builds the same site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

fn word_list(rng: &mut Rng, n: usize) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ra", "tu", "sa", "vo", "pe", "di", "go", "ha", "ju", "be", "fa",
        "zi", "mo", "re", "ta", "lu", "ni", "so", "we", "ya",
    ];
    let mut words = std::collections::BTreeSet::new();
    while words.len() < n {
        let mut w = String::new();
        for _ in 0..rng.range(1, 4) {
            w.push_str(SYLLABLES[rng.range(0, SYLLABLES.len() - 1)]);
        }
        words.insert(w);
    }
    words.into_iter().collect()
}

fn sentence(rng: &mut Rng, words: &[String], count: usize) -> String {
    let mut s = String::new();
    for k in 0..count {
        let w = &words[rng.range(0, words.len() - 1)];
        if k == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// Body paragraphs of about `total` words.
fn paragraphs(rng: &mut Rng, words: &[String], total: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut left = total;
    while left > 0 {
        let mut p = String::new();
        let mut in_p = 0;
        while in_p < 60 && left > 0 {
            let n = rng.range(6, 16).min(left);
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&sentence(rng, words, n));
            in_p += n;
            left -= n;
        }
        out.push(p);
    }
    out
}

/// Writes the synthetic site; returns the slugs of its tips.
pub fn generate(root: &Path, pages: usize) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let words = word_list(&mut rng, 3000);
    let mut toml = String::from("title = \"Synthetic\"\ndescription = \"A generated site.\"\n");
    for t in TOPICS {
        let _ = write!(
            toml,
            "\n[[topics]]\nslug = \"{t}\"\ntitle = \"{}\"\ndescription = \"About {t}.\"\n",
            t.replace('-', " ")
        );
    }
    std::fs::write(root.join("site.toml"), toml).unwrap();
    let tips_dir = root.join("content/tips");
    let articles_dir = root.join("content/articles");
    std::fs::create_dir_all(&tips_dir).unwrap();
    std::fs::create_dir_all(&articles_dir).unwrap();

    let n_articles = pages / 5;
    let n_tips = pages - n_articles;
    let tip_slugs: Vec<String> = (0..n_tips).map(|i| format!("tip-{i:05}")).collect();
    let article_slugs: Vec<String> = (0..n_articles).map(|i| format!("article-{i:05}")).collect();
    let topics = |rng: &mut Rng| -> String {
        let mut list: Vec<&str> = (0..rng.range(1, 3))
            .map(|_| TOPICS[rng.range(0, TOPICS.len() - 1)])
            .collect();
        list.sort_unstable();
        list.dedup();
        list.join(", ")
    };

    for slug in &tip_slugs {
        let n = rng.range(3, 7);
        let title = sentence(&mut rng, &words, n);
        let title = title.trim_end_matches('.');
        let mut text = format!(
            "---\ntitle: \"{title}\"\ntopics: [{}]\n---\n\n",
            topics(&mut rng)
        );
        let n = rng.range(80, 250);
        text.push_str(&paragraphs(&mut rng, &words, n).join("\n\n"));
        text.push('\n');
        std::fs::write(tips_dir.join(format!("{slug}.md")), text).unwrap();
    }
    for (i, slug) in article_slugs.iter().enumerate() {
        let n = rng.range(4, 9);
        let title = sentence(&mut rng, &words, n);
        let title = title.trim_end_matches('.');
        let date = format!("20{:02}-{:02}-{:02}", 10 + i % 16, 1 + i % 12, 1 + i % 28);
        let mut text = format!(
            "---\ntitle: \"{title}\"\ndate: {date}\ntopics: [{}]\n---\n\n",
            topics(&mut rng)
        );
        let n = rng.range(600, 2000);
        let mut body = paragraphs(&mut rng, &words, n);
        let links = rng.range(2, 5);
        for _ in 0..links {
            let target = if rng.range(0, 3) == 0 && article_slugs.len() > 1 {
                &article_slugs[rng.range(0, article_slugs.len() - 1)]
            } else {
                &tip_slugs[rng.range(0, tip_slugs.len() - 1)]
            };
            if target == slug {
                continue;
            }
            let at = rng.range(0, body.len() - 1);
            body[at].push_str(&format!(" See [[{target}]]."));
        }
        for (k, p) in body.iter().enumerate() {
            if k > 0 && k % 3 == 0 {
                let _ = write!(text, "## {}\n\n", sentence(&mut rng, &words, 3));
            }
            text.push_str(p);
            text.push_str("\n\n");
        }
        std::fs::write(articles_dir.join(format!("{slug}.md")), text).unwrap();
    }
    tip_slugs
}

/// Reads event-stream lines until `event: reload` (or a problem) arrives.
fn wait_for_reload(reader: &mut BufReader<TcpStream>) -> Result<(), String> {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the event stream closed".into());
        }
        let line = line.trim_end();
        if line == "event: reload" {
            return Ok(());
        }
        if line == "event: problems" {
            return Err("the edit did not build".into());
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--generate") {
        // `--generate DIR [PAGES]`: only write the synthetic site, for other tools to use.
        args.next();
        let dir = std::path::PathBuf::from(args.next().expect("--generate DIR [PAGES]"));
        let pages = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
        std::fs::create_dir_all(&dir).unwrap();
        generate(&dir, pages);
        println!("Wrote a {pages}-page site to {}", dir.display());
        return;
    }
    let pages: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let edits: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    // Pause between edits; past SEARCH_DELAY the search index is rebuilt in between.
    let pause: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);

    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let t = Instant::now();
    let tips = generate(root, pages);
    println!(
        "Generated {pages} pages ({} tips) in {} ms",
        tips.len(),
        t.elapsed().as_millis()
    );

    let t = Instant::now();
    let running = start(&ServeOptions {
        root: root.to_path_buf(),
        bind: "127.0.0.1".into(),
        port: 0,
        open: false,
    })
    .expect("start the server");
    let initial = t.elapsed();

    let mut stream = TcpStream::connect(running.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /__ladder/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        running.addr
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    // Wait for the headers and the first event, so the stream is registered.
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
        if line.contains("event: ok") {
            break;
        }
        line.clear();
    }

    // Edit a tip in the middle of the site; its body only, so the update stays incremental.
    let tip = &tips[tips.len() / 2];
    let file = root.join(format!("content/tips/{tip}.md"));
    let original = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::with_capacity(edits);
    for n in 0..edits {
        let text = format!(
            "{}\nEdit number {n} of the benchmark.\n",
            original.trim_end()
        );
        let written = Instant::now();
        std::fs::write(&file, text).unwrap();
        if let Err(e) = wait_for_reload(&mut reader) {
            eprintln!("edit {n}: {e}");
            std::process::exit(1);
        }
        times.push(written.elapsed());
        // Let the `ok` event through and the watcher go quiet before the next edit.
        std::thread::sleep(Duration::from_millis(pause));
    }
    std::fs::write(&file, &original).unwrap();
    running.stop();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = if times.len() % 2 == 1 {
        ms(times[times.len() / 2])
    } else {
        (ms(times[times.len() / 2 - 1]) + ms(times[times.len() / 2])) / 2.0
    };
    println!("Initial build (start): {:.0} ms", ms(initial));
    println!(
        "Edit → reload signal over {edits} edits: min {:.1} ms, median {median:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
