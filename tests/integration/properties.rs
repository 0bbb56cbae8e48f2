//! Property tests: random bytes, random front matter and random Markdown never make
//! loading, linking or rendering panic, and every problem found points into its file.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config as Runner, FileFailurePersistence};

use ladder::{Diagnostic, Failure, Options};

use crate::fixture::{
    assemble_beside, fixed_config, fixed_pages, line_count, Fixture, FIXED_PAGES, FIXED_SITE_TOML,
};

/// Loads the fixed pages and `bytes` at `relative` (under `content/`), then assembles
/// the site (topics, links, bodies, graph) as a build does. Returns every problem found.
fn load_and_render(relative: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    assemble_beside(fixed_config(), fixed_pages(false), relative, bytes, false)
}

/// Asserts that every problem in `file` (whose text is `bytes`) lies within it.
fn assert_located(problems: &[Diagnostic], file: &Path, bytes: &[u8]) {
    let lines = line_count(bytes);
    for d in problems.iter().filter(|d| d.file == file) {
        if let Some(line) = d.line {
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {d}");
            assert!(d.column.is_some_and(|c| c >= 1), "{d}");
        }
    }
}

/// Shrunk failures are saved beside this file, in `properties.proptest-regressions`, and
/// re-run first. (proptest's default would look for a `proptest-regressions/` folder
/// beside the folder holding `main.rs`.)
fn runner(cases: u32) -> Runner {
    Runner {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Runner::default()
    }
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(items).prop_map(str::to_string)
}

/// Short runs of the characters that mean something to YAML or Markdown, and a few others.
fn noise() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        pick(&[
            "a", "Z", "0", " ", "\t", ":", "-", "#", "'", "\"", "{", "}", "[", "]", "|", ">", "&",
            "*", "!", "%", "@", "`", "\\", "<", "/", "(", ")", ".", ",", "?", "=", "~", "_", "^",
            "é", "日本", "🙂", "\u{200b}", "\u{2029}", "\u{85}", "\r", "\n",
        ]),
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn yaml_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => pick(&[
            "Tip A", "feedback", "asking", "mentoring", "2024-02-29", "2023-02-29", "2024-13-01",
            "24-1-1", "true", "false", "yes", "~", "null", "3", "-7", "1.5", "1e400", "0x1F",
            "\"quoted: yes\"", "'single'", "\"\\u0000\"", "\"\"", "!!str 5", "!custom x", "&anchor a",
            "*anchor", "*missing", "|\n  block\n  text", ">\n  folded", "\"a/b\"", "../../x",
            "/old/path/", "404", "a.md",
        ]),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => noise(),
    ]
}

fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => yaml_scalar(),
        1 => proptest::collection::vec(yaml_scalar(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        1 => proptest::collection::vec(yaml_scalar(), 0..4)
            .prop_map(|v| v.iter().map(|s| format!("\n  - {s}")).collect::<String>()),
        1 => (yaml_scalar(), yaml_scalar()).prop_map(|(k, v)| format!("{{{k}: {v}}}")),
        1 => (pick(&["title", "author", "publication", "url", "mood"]), yaml_scalar())
            .prop_map(|(k, v)| format!("\n  {k}: {v}")),
    ]
}

fn yaml_key() -> impl Strategy<Value = String> {
    prop_oneof![
        16 => pick(&[
            "title", "summary", "topics", "tags", "date", "updated", "draft", "author", "source",
            "slug", "aliases", "weight", "extra",
        ]),
        1 => pick(&["titel", "\"title\"", "'slug'", "? title", "- title", "Title", "", "x y"]),
        1 => noise(),
    ]
}

fn yaml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("{k}: {v}")),
        1 => (1..3usize, yaml_key(), yaml_value())
            .prop_map(|(indent, k, v)| format!("{}{k}: {v}", " ".repeat(indent))),
        1 => pick(&["---", "...", "--- x", "#comment", "", "  ", "%YAML 1.2", "- a"]),
        1 => noise(),
    ]
}

fn destination() -> impl Strategy<Value = String> {
    let path = prop_oneof![
        pick(&[
            "a.md",
            "b.md",
            "later.md",
            "../tips/a.md",
            "../articles/guide.md",
            "Deep%20Dive/caf%C3%A9.md",
            "<Deep Dive/café.md>",
            "../articles/Deep Dive/café.md",
            "missing.md",
            "../../x.md",
            "/tips/a.md",
            "/../x.md",
            "A.MD",
            "%zz.md",
            "%2e%2e/a.md",
            "",
            "https://example.org/x.md",
            "mailto:x@y",
            "//host/a.md",
            "pic.png",
            ".md",
            "a.md?x=1",
        ]),
        noise(),
    ];
    let fragment = prop_oneof![
        pick(&["", "#", "#why-it-works", "#start-1", "#nope", "#%C3%A9"]),
        noise().prop_map(|n| format!("#{n}")),
    ];
    (path, fragment).prop_map(|(p, f)| format!("{p}{f}"))
}

fn wiki_name() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        pick(&[
            "a",
            "b",
            "guide",
            "Tip A",
            "tip a",
            "tips/a",
            "articles/guide",
            "later",
            "feedback",
            "café",
            "Deep Dive/café",
            "missing",
            "",
            " ",
            "#why-it-works",
            "a#why-it-works",
            "a#nope",
            "a|label",
            "|",
            "a|",
            "[[a]]",
        ]),
        noise(),
    ];
    name
}

fn inline() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => pick(&["word", "two words", "*em*", "**strong**", "`code`", "~~gone~~", "é", "日本語"]),
        2 => (noise(), destination()).prop_map(|(t, d)| format!("[{t}]({d})")),
        2 => wiki_name().prop_map(|n| format!("[[{n}]]")),
        1 => (wiki_name(), noise()).prop_map(|(n, l)| format!("[[{n}|{l}]]")),
        1 => destination().prop_map(|d| format!("![img]({d})")),
        1 => wiki_name().prop_map(|n| format!("![[{n}]]")),
        1 => pick(&["<a href=\"a.md\">x</a>", "<b>", "</i>", "[^1]", "[ref]", "[ref]: a.md", "\\[", "<https://e.org>"]),
        1 => noise(),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|v| v.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => inline(),
        2 => (1..8usize, inline(), prop::option::of(noise()))
            .prop_map(|(n, t, id)| match id {
                Some(id) => format!("{} {t} {{#{id}}}", "#".repeat(n)),
                None => format!("{} {t}", "#".repeat(n)),
            }),
        1 => (pick(&["", "rust", "md"]), inline(), any::<bool>())
            .prop_map(|(lang, t, closed)| format!("```{lang}\n{t}\n{}", if closed { "```" } else { "" })),
        1 => (pick(&["<div>", "<!-- ", "<script>", "<pre>", "<table><tr><td>"]), inline())
            .prop_map(|(open, t)| format!("{open}\n{t}")),
        1 => (pick(&["- ", "1. ", "> ", "    ", "* [ ] ", "[^1]: "]), inline())
            .prop_map(|(mark, t)| format!("{mark}{t}")),
        1 => wiki_name().prop_map(|n| format!("![[{n}]]")),
        1 => inline().prop_map(|t| format!("| a | b |\n|---|---|\n| {t} | x |")),
        1 => pick(&["---", "***", "===", "[ref]: ../tips/a.md#why-it-works", "[ref]: missing.md"]),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    proptest::collection::vec(block(), 0..10).prop_map(|blocks| blocks.join("\n\n"))
}

/// A page: an opening line, YAML-ish lines, a closing line and a Markdown body, each
/// sometimes missing or malformed.
fn page_text() -> impl Strategy<Value = String> {
    let open = prop_oneof![
        6 => Just("---\n".to_string()),
        1 => pick(&["", "--- \n", "----\n", "\u{feff}---\r\n", "---\r\n", " ---\n", "---"]),
    ];
    let close = prop_oneof![
        6 => Just("---\n".to_string()),
        1 => pick(&["", "...\n", "--- x\n", "---\r\n", "---"]),
    ];
    // Most pages start with a good title, so that the later fields get checked too.
    let title = prop_oneof![3 => Just("title: Random\n"), 1 => Just("")];
    (
        open,
        title,
        proptest::collection::vec(yaml_line(), 0..8),
        close,
        markdown(),
    )
        .prop_map(|(open, title, lines, close, body)| {
            let mut text = open + title;
            for line in lines {
                text.push_str(&line);
                text.push('\n');
            }
            text + &close + &body
        })
}

/// A page with good front matter and a random body.
fn page_with_body() -> impl Strategy<Value = String> {
    markdown().prop_map(|body| format!("---\ntitle: Random\ntopics: [feedback]\n---\n{body}\n"))
}

/// Where a random page goes under `content/`.
fn place() -> impl Strategy<Value = String> {
    pick(&[
        "tips/x.md",
        "articles/x.md",
        "topics/x.md",
        "x.md",
        "_index.md",
        "tips/a.md",
        "tips/Été à Paris/naïve tip.md",
        "articles/Deep Dive/Upper.MD",
        "topics/sub/feedback.md",
        "tips/_index.md",
        "tips/-.md",
    ])
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(runner(1024))]

    #[test]
    fn random_bytes_never_panic(
        place in place(),
        bytes in proptest::collection::vec(any::<u8>(), 0..1024),
    ) {
        let problems = load_and_render(&place, &bytes);
        assert_located(&problems, &Path::new("content").join(&place), &bytes);
    }

    #[test]
    fn random_front_matter_never_panics(place in place(), text in page_text()) {
        let problems = load_and_render(&place, text.as_bytes());
        assert_located(&problems, &Path::new("content").join(&place), text.as_bytes());
    }

    #[test]
    fn random_markdown_never_panics(place in place(), text in page_with_body()) {
        let problems = load_and_render(&place, text.as_bytes());
        assert_located(&problems, &Path::new("content").join(&place), text.as_bytes());
    }
}

proptest! {
    // Whole checks compile templates and build the search index: fewer cases.
    #![proptest_config(runner(64))]

    #[test]
    fn random_pages_never_panic_a_whole_check(
        pages in proptest::collection::vec((place(), page_text()), 1..4),
    ) {
        let site = fixture_with(&pages);
        match ladder::check(site.root(), &Options::default()) {
            Ok(_) => {}
            Err(Failure::Content(diagnostics)) => {
                prop_assert!(diagnostics.has_errors());
                for d in diagnostics.iter() {
                    let shown = d.file.to_string_lossy();
                    prop_assert!(
                        shown.starts_with('(') || site.root().join(&d.file).exists(),
                        "a problem in a file that does not exist: {}", d
                    );
                }
            }
            Err(Failure::Io(message)) => prop_assert!(false, "I/O failure: {}", message),
        }
    }
}

/// A temporary site with the fixed pages and `pages` (later ones replace earlier ones).
fn fixture_with(pages: &[(String, String)]) -> Fixture {
    let site = Fixture::new(FIXED_SITE_TOML, &[]);
    for (rel, text) in FIXED_PAGES {
        site.write(&format!("content/{rel}"), text);
    }
    for (rel, text) in pages {
        site.write(&format!("content/{rel}"), text);
    }
    site
}
