//! Tests of `ladder check`: which problems are reported together, diagnostic codes, the
//! source line and caret, JSON output, `--deny-warnings` and `--report`.

mod common;

use common::*;
use ladder::Diagnostic;

/// The (file, code) of each diagnostic, in the order reported.
fn codes(diagnostics: &[Diagnostic]) -> Vec<(String, &'static str)> {
    diagnostics
        .iter()
        .map(|d| (d.file.display().to_string(), d.code.name()))
        .collect()
}

#[test]
fn problems_in_every_page_and_every_stage_are_reported_together() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: [unclosed\ntopics: [feedback]\n---\nA.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntopics: [feedback]\ndate: 2024-02-30\n---\nSee [c](c.md).\n",
            ),
            (
                "content/tips/c.md",
                "---\ntitle: C\ntopics: [feedback]\n---\nC.\n",
            ),
            (
                "content/tips/d.md",
                "---\ntitle: D\ntopics: [feedback]\n---\nSee [gone](gone.md).\n",
            ),
            ("templates/tip.html", "{% extends \"base.html\" %}{{ oops"),
        ],
    );
    assert_eq!(
        codes(&site.failed()),
        [
            ("content/tips/a.md".to_string(), "yaml-syntax"),
            ("content/tips/b.md".to_string(), "invalid-date"),
            ("content/tips/d.md".to_string(), "broken-link"),
            ("templates/tip.html".to_string(), "template-error"),
        ]
    );
}

#[test]
fn links_to_a_page_that_failed_to_load_are_not_reported_again() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: A\n  bad: indent\n---\nA.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntopics: [feedback]\n---\nSee [a](a.md), [[a]] and [a](a.md#why).\n",
            ),
        ],
    );
    // The link to a.md would be fine once a.md is fixed; its own error says so.
    assert_eq!(
        codes(&site.failed()),
        [("content/tips/a.md".to_string(), "yaml-syntax")]
    );
}

#[test]
fn a_broken_link_suggests_the_page_with_the_closest_file_name() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/ask-for-feedback.md",
                "---\ntitle: Ask\ntopics: [feedback]\n---\nA.\n",
            ),
            (
                "content/tips/zebra.md",
                "---\ntitle: Z\ntopics: [feedback]\n---\nSee [a](ask-for-feedbak.md) and [b](../articles/ask-for-feedback.md) and [c](unrelated.md).\n",
            ),
        ],
    );
    let helps: Vec<Option<String>> = site.failed().into_iter().map(|d| d.help).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `ask-for-feedback.md`?".to_string()),
            Some("did you mean `ask-for-feedback.md`?".to_string()),
            // No page is named anything like it; sharing a folder is not closeness.
            None,
        ]
    );
}
