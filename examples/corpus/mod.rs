//! A deterministic synthetic knowledge base, shared by the examples that measure ladder.
//!
//! The shape follows a real career-advice site: 80% tips of 80 to 250 words and 20%
//! articles of 600 to 2,000 words with headings, lists and 2 to 5 internal links, on 12
//! topics declared in `site.toml`. Text is drawn from 4,000 generated words with a Zipf
//! law, so a search index sees a realistic spread of frequent and rare terms. The same
//! page count and seed always give byte-identical files.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Topic slugs; their titles are the slugs with spaces.
pub const TOPICS: [&str; 12] = [
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

/// The seed used when none is given.
pub const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// What was written: the slugs of the tips and of the articles.
pub struct Corpus {
    pub tips: Vec<String>,
    pub articles: Vec<String>,
}

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: usize) -> bool {
        self.range(1, 100) <= percent
    }

    /// A float in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Pronounceable words, and cumulative Zipf weights for drawing them.
struct Words {
    list: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new(rng: &mut Rng, count: usize) -> Words {
        const ONSETS: &[&str] = &[
            "b", "br", "c", "ch", "d", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl",
            "r", "s", "st", "t", "tr", "v", "w", "z",
        ];
        const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        const CODAS: &[&str] = &["", "n", "r", "s", "t", "l", "nd", "rk", "st", "m"];
        const SUFFIXES: &[&str] = &["", "", "", "ing", "ed", "er", "s", "ion", "ly", "ment"];
        let mut list = Vec::with_capacity(count);
        let mut seen = std::collections::HashSet::new();
        while list.len() < count {
            let mut w = String::new();
            for _ in 0..rng.range(1, 3) {
                w.push_str(ONSETS[rng.range(0, ONSETS.len() - 1)]);
                w.push_str(VOWELS[rng.range(0, VOWELS.len() - 1)]);
                w.push_str(CODAS[rng.range(0, CODAS.len() - 1)]);
            }
            w.push_str(SUFFIXES[rng.range(0, SUFFIXES.len() - 1)]);
            if w.len() >= 3 && seen.insert(w.clone()) {
                list.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..list.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 2.0);
                total
            })
            .collect();
        Words { list, cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> &str {
        let x = rng.unit() * self.cumulative.last().copied().unwrap_or(1.0);
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.list[i.min(self.list.len() - 1)]
    }

    /// `count` words, the first capitalised, without a full stop.
    fn phrase(&self, rng: &mut Rng, count: usize) -> String {
        let mut s = String::new();
        for k in 0..count {
            let w = self.pick(rng);
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
        s
    }

    /// Paragraphs of about `total` words in all, each of at most about 60.
    fn paragraphs(&self, rng: &mut Rng, total: usize) -> Vec<String> {
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
                p.push_str(&self.phrase(rng, n));
                p.push('.');
                in_p += n;
                left -= n;
            }
            out.push(p);
        }
        out
    }
}

/// Writes a site of `pages` pages into `root` (which may exist but should be empty).
pub fn generate(root: &Path, pages: usize, seed: u64) -> io::Result<Corpus> {
    let (files, corpus) = site(pages, seed);
    for (path, text) in files {
        let path = root.join(path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, text)?;
    }
    Ok(corpus)
}

/// The files of a site of `pages` pages, `site.toml` first, by path relative to the
/// site's folder; and what they hold.
pub fn site(pages: usize, seed: u64) -> (Vec<(String, String)>, Corpus) {
    let mut rng = Rng(seed | 1);
    let words = Words::new(&mut rng, 4000);
    let mut toml =
        String::from("title = \"Synthetic\"\ndescription = \"A generated knowledge base.\"\n");
    for t in TOPICS {
        let _ = write!(
            toml,
            "\n[[topics]]\nslug = \"{t}\"\ntitle = \"{}\"\ndescription = \"{}.\"\naliases = [\"{}\"]\n",
            t.replace('-', " "),
            words.phrase(&mut rng, 8),
            words.pick(&mut rng)
        );
    }
    let mut files = vec![("site.toml".to_string(), toml)];

    let n_articles = pages / 5;
    let n_tips = pages - n_articles;
    let corpus = Corpus {
        tips: (0..n_tips).map(|i| format!("tip-{i:05}")).collect(),
        articles: (0..n_articles).map(|i| format!("article-{i:05}")).collect(),
    };
    let topics = |rng: &mut Rng| -> String {
        let mut list: Vec<&str> = (0..rng.range(1, 3))
            .map(|_| TOPICS[rng.range(0, TOPICS.len() - 1)])
            .collect();
        list.sort_unstable();
        list.dedup();
        list.join(", ")
    };

    for slug in &corpus.tips {
        let n = rng.range(3, 7);
        let mut text = format!(
            "---\ntitle: \"{}\"\ntopics: [{}]\n",
            words.phrase(&mut rng, n),
            topics(&mut rng)
        );
        if rng.chance(50) {
            let n = rng.range(10, 20);
            let _ = writeln!(text, "summary: \"{}.\"", words.phrase(&mut rng, n));
        }
        text.push_str("---\n\n");
        let n = rng.range(80, 250);
        let mut body = words.paragraphs(&mut rng, n);
        if rng.chance(30) && !corpus.articles.is_empty() {
            // Many tips point back to the article their advice comes from.
            let source = &corpus.articles[rng.range(0, corpus.articles.len() - 1)];
            let _ = write!(body[0], " More in [[{source}]].");
        }
        text.push_str(&body.join("\n\n"));
        text.push('\n');
        files.push((format!("content/tips/{slug}.md"), text));
    }

    for (i, slug) in corpus.articles.iter().enumerate() {
        let n = rng.range(4, 9);
        let mut text = format!(
            "---\ntitle: \"{}\"\ndate: 20{:02}-{:02}-{:02}\ntopics: [{}]\n",
            words.phrase(&mut rng, n),
            10 + i % 16,
            1 + i % 12,
            1 + i % 28,
            topics(&mut rng)
        );
        let n = rng.range(12, 24);
        let _ = writeln!(text, "summary: \"{}.\"\n---\n", words.phrase(&mut rng, n));
        let n = rng.range(600, 2000);
        let mut body = words.paragraphs(&mut rng, n);
        for _ in 0..rng.range(2, 5) {
            let at = rng.range(0, body.len() - 1);
            let link = if rng.chance(30) && corpus.articles.len() > 1 {
                let target = &corpus.articles[rng.range(0, corpus.articles.len() - 1)];
                if target == slug {
                    continue;
                }
                format!(" See [{}]({target}.md).", words.phrase(&mut rng, 2))
            } else if !corpus.tips.is_empty() {
                let target = &corpus.tips[rng.range(0, corpus.tips.len() - 1)];
                format!(" Try [[{target}]].")
            } else {
                continue;
            };
            body[at].push_str(&link);
        }
        for (k, p) in body.iter().enumerate() {
            if k > 0 && k % 3 == 0 {
                let n = rng.range(2, 5);
                let _ = write!(text, "## {}\n\n", words.phrase(&mut rng, n));
            }
            text.push_str(p);
            text.push_str("\n\n");
            if k % 3 == 1 && rng.chance(50) {
                for _ in 0..rng.range(3, 5) {
                    let n = rng.range(3, 9);
                    let _ = writeln!(text, "- {}", words.phrase(&mut rng, n));
                }
                text.push('\n');
            }
        }
        files.push((format!("content/articles/{slug}.md"), text));
    }
    (files, corpus)
}
