//! Markdown rendering and link resolution on arbitrary input: the fuzzed page is loaded
//! beside the fixed pages of the integration tests' fixture, then the site is assembled
//! (topics, links, bodies, graph) as a build does.
//! The input's length picks where the page lives, so any page file is a good seed.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use ladder::config::Config;
use ladder::content::Page;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/fixture.rs"]
mod fixture;

use fixture::{assemble_beside, fixed_config, fixed_pages, line_count};

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
    FIXED_SITE.get_or_init(|| (fixed_config(), [false, true].map(fixed_pages)))
}

fuzz_target!(|data: &[u8]| {
    let bytes = data;
    let place = PLACES[data.len() % PLACES.len()];
    let pretty = data.len() / PLACES.len() % 2 == 1;
    let (config, fixed_pages) = fixed();
    let pages = fixed_pages[usize::from(pretty)].clone();
    let problems = assemble_beside(config.clone(), pages, place, bytes, pretty);

    // Every position reported in the fuzzed file lies inside it.
    let file = Path::new("content").join(place);
    let lines = line_count(bytes);
    for d in problems.iter().filter(|d| d.file == file) {
        if let Some(line) = d.line {
            assert!((1..=lines).contains(&line), "line {line}: {d}");
        }
    }
});
