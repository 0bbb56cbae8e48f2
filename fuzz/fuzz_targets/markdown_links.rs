//! Markdown rendering and link resolution on arbitrary input: the fuzzed page is loaded
//! beside a few fixed pages, then the site is assembled (topics, links, bodies, graph)
//! as a build does.
//! The input's length picks where the page lives, so any page file is a good seed.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use ladder::config::Config;
use ladder::content::{self, Page};
use ladder::{Diagnostic, Failure, Options, Site};
use libfuzzer_sys::fuzz_target;

const SITE_TOML: &str = "title = \"Fuzz\"\n\n[[topics]]\nslug = \"feedback\"\ntitle = \"Feedback\"\naliases = [\"asking\"]\n";

const FIXED: &[(&str, &str)] = &[
    (
        "tips/a.md",
        "---\ntitle: Tip A\ntopics: [feedback]\n---\n## Why it works\n\nBecause [[b]].\n",
    ),
    (
        "tips/b.md",
        "---\ntitle: Tip B\ntopics: [asking]\n---\nSee [a](a.md#why-it-works).\n",
    ),
    (
        "articles/guide.md",
        "---\ntitle: Guide\ntopics: [feedback]\n---\n# Start\n\n![[a]]\n\n## Start\n",
    ),
    (
        "articles/Deep Dive/café.md",
        "---\ntitle: Café\n---\nUp to [the guide](../guide.md#start-1).\n",
    ),
    (
        "tips/later.md",
        "---\ntitle: Later\ndraft: true\ntopics: [feedback]\n---\nNot yet.\n",
    ),
    (
        "topics/feedback.md",
        "---\ntitle: Feedback\naliases: [asking for feedback]\n---\nAbout feedback.\n",
    ),
];

const PLACES: &[&str] = &[
    "tips/x.md",
    "articles/x.md",
    "topics/x.md",
    "x.md",
    "_index.md",
    "tips/sub/a.md",
    "articles/Deep Dive/Upper.MD",
    "tips/Été à Paris/naïve tip.md",
];

/// The site settings and the fixed pages, read once: with plain and with pretty URLs.
fn fixed() -> &'static (Config, [Vec<Page>; 2]) {
    static FIXED_SITE: OnceLock<(Config, [Vec<Page>; 2])> = OnceLock::new();
    FIXED_SITE.get_or_init(|| {
        let config = Config::parse(SITE_TOML).expect("site.toml");
        let pages = [false, true].map(|pretty| {
            FIXED
                .iter()
                .map(|(rel, text)| {
                    let file = Path::new("content").join(rel);
                    let (page, problems) =
                        content::parse_page(file, Path::new(rel), text.as_bytes(), pretty, 200);
                    assert!(problems.is_empty(), "{problems:?}");
                    page.expect("a fixed page")
                })
                .collect()
        });
        (config, pages)
    })
}

fuzz_target!(|data: &[u8]| {
    let bytes = data;
    let place = PLACES[data.len() % PLACES.len()];
    let pretty = data.len() / PLACES.len() % 2 == 1;
    let (config, fixed_pages) = fixed();
    let mut pages: Vec<Page> = fixed_pages[usize::from(pretty)].clone();
    let mut problems = Vec::new();
    let file = Path::new("content").join(place);
    let (page, found) = content::parse_page(file, Path::new(place), bytes, pretty, 200);
    pages.extend(page);
    problems.extend(found);
    let loaded = content::Loaded {
        pages,
        assets: Vec::new(),
        problems,
    };
    let problems: Vec<Diagnostic> =
        match Site::assemble(Path::new("."), &Options::default(), config.clone(), loaded) {
            Ok((_, diagnostics)) | Err(Failure::Content(diagnostics)) => {
                diagnostics.into_iter().collect()
            }
            Err(Failure::Io(e)) => panic!("{e}"),
        };

    // Every position reported in the fuzzed file lies inside it.
    let file = Path::new("content").join(place);
    let ends = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    for d in problems.iter().filter(|d| d.file == file) {
        if let Some(line) = d.line {
            assert!((1..=ends + 1).contains(&line), "line {line}: {d}");
        }
    }
});
