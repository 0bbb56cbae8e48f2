//! Markdown rendering and link resolution on arbitrary input: the fuzzed page is loaded
//! beside a few fixed pages, then every body is linked and rendered as a build does.
//! The input's length picks where the page lives, so any page file is a good seed.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use ladder::config::Config;
use ladder::content::{self, Page};
use ladder::graph::Graph;
use ladder::links::LinkIndex;
use ladder::site::render_bodies;
use ladder::topics::Topics;
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
    let (mut pages, drafts): (Vec<Page>, Vec<Page>) =
        pages.into_iter().partition(|p| !p.meta.draft);
    let (topics, found) = Topics::collect(config, &mut pages);
    problems.extend(found);
    problems.extend(topics.assign(&mut pages));
    // A build stops before linking when two pages share an address.
    let mut paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    paths.sort_unstable();
    if paths.windows(2).any(|w| w[0] == w[1]) {
        return;
    }
    let index = LinkIndex::new(&pages, &drafts);
    let all: Vec<usize> = (0..pages.len()).collect();
    let mut links = Vec::new();
    for (_, found) in render_bodies(&pages, &topics, &index, &all) {
        problems.extend(found.problems);
        links.push(found.targets);
    }
    Graph::build(&pages, &topics, &links);

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
