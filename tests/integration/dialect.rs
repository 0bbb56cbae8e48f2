//! Obsidian's Markdown dialect on built sites: callouts, highlights, comments, inline
//! `#tags` as topics, and `![[…]]` embeds of images, files, notes and sections.

use crate::fixture::*;
use crate::html::*;
use ladder::{Failure, Options};

const TOML: &str = r#"title = "Dialect"
base_url = "https://example.org/"

[[topics]]
slug = "feedback"
title = "Feedback"

[[topics]]
slug = "career"
title = "Career"

[[topics]]
slug = "career-promotion"
title = "Career / promotion"
aliases = ["career/promotion"]
"#;

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2024-05-01\n---\n{body}")
}

/// A site whose notes use the dialect; the notes are plain pages outside `tips/`.
fn site(files: &[(&str, String)]) -> Fixture {
    let fixture = Fixture::new(TOML, &[]);
    for (path, text) in files {
        fixture.write(path, text);
    }
    fixture
}

fn messages(fixture: &Fixture) -> Vec<String> {
    fixture.failed().iter().map(|d| d.to_string()).collect()
}

#[test]
fn callouts_render_as_notes_and_foldable_details() {
    let s = site(&[(
        "content/articles/callouts.md",
        page(
            "Callouts",
            "> [!tip] Ask *early*\n> Show rough work.\n\n> [!NOTE]\n> A GitHub alert.\n\n> [!faq]- Why?\n> Because.\n\n> [!danger]+\n> Open by default.\n",
        ),
    )]);
    s.built();
    let html = s.read("articles/callouts.html");
    assert!(html.contains("<div class=\"callout callout-tip\" data-callout=\"tip\" role=\"note\">\n<p class=\"callout-title\">Ask <em>early</em></p>\n<div class=\"callout-body\">\n<p>Show rough work.</p>\n</div>\n</div>"), "{html}");
    assert!(html.contains("<div class=\"callout callout-note\" data-callout=\"note\" role=\"note\">\n<p class=\"callout-title\">Note</p>"), "{html}");
    assert!(html.contains("<details class=\"callout callout-question\" data-callout=\"faq\">\n<summary class=\"callout-title\">Why?</summary>"), "{html}");
    assert!(html.contains("<details class=\"callout callout-danger\" data-callout=\"danger\" open>\n<summary class=\"callout-title\">Danger</summary>"), "{html}");
    assert!(!html.contains("[!"), "{html}");
}

#[test]
fn highlights_and_comments() {
    let s = site(&[(
        "content/articles/notes.md",
        page(
            "Notes",
            "The ==main point== stays.%%private aside%%\n\n%%\nA whole hidden block with zebrafish.\n%%\n\nVisible end.\n",
        ),
    )]);
    s.built();
    let html = s.read("articles/notes.html");
    assert!(
        html.contains("<p>The <mark>main point</mark> stays.</p>"),
        "{html}"
    );
    for file in ["articles/notes.html", "atom.xml", "index.html"] {
        let text = s.read(file);
        assert!(
            !text.contains("private aside") && !text.contains("zebrafish"),
            "{file}: {text}"
        );
        assert!(!text.contains("%%"), "{file}");
    }
    // Nor does search know the words.
    let search = std::fs::read_dir(s.out().join("search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(search.contains("visible") || search.contains("visibl"));
    assert!(!search.contains("zebrafish") && !search.contains("privat"));
    assert_eq!(
        meta(&html, "description").as_deref(),
        Some("The main point stays.")
    );
}

#[test]
fn inline_tags_are_topics_and_nested_tags_count_for_their_parent() {
    let s = site(&[
        (
            "content/tips/tagged.md",
            "---\ntitle: Tagged\n---\nAsk for #feedback early. Not `#code`, not C#, not #2024, not #--.\n".into(),
        ),
        (
            "content/articles/promoted.md",
            page("Promoted", "A note on #career/promotion.\n"),
        ),
    ]);
    let report = s.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let tip = s.read("tips/tagged.html");
    assert!(
        tip.contains("<a class=\"tag\" href=\"../topics/feedback.html\">#feedback</a>"),
        "{tip}"
    );
    assert!(s.read("topics/feedback.html").contains("tips/tagged.html"));
    let article = s.read("articles/promoted.html");
    assert!(
        article.contains(
            "<a class=\"tag\" href=\"../topics/career-promotion.html\">#career/promotion</a>"
        ),
        "{article}"
    );
    assert!(s
        .read("topics/career-promotion.html")
        .contains("articles/promoted.html"));
    // Listed under `career` too.
    assert!(s
        .read("topics/career.html")
        .contains("articles/promoted.html"));
}

#[test]
fn a_tag_that_looks_like_a_typo_is_reported_at_its_line() {
    // Topics are open: a new tag is a topic; one edit from a declared topic, a warning.
    let s = site(&[(
        "content/articles/a.md",
        page("A", "Text.\n\nMore #feedbak here.\n"),
    )]);
    let report = s.built();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        found
            .iter()
            .any(|d| d.contains("content/articles/a.md:7") && d.contains("feedbak")),
        "{found:?}"
    );
}

/// Notes that embed each other's sections, an image and a PDF.
fn vault() -> Fixture {
    site(&[
        (
            "content/notes/host.md",
            page(
                "Host",
                "## Overview\n\nIntro.\n\n![[Guest]]\n\n## Details\n\n![[Guest#overview]]\n\nSee ![[chart.png|300]] and ![[Guest]] inline.\n\n![[paper.pdf]]\n",
            ),
        ),
        (
            "content/notes/guest.md",
            page(
                "Guest",
                "# Guest\n\nGuest lead with a [[host|link back]].\n\n## Overview\n\nGuest overview text.\n\n### Deeper\n\nDeep text.\n\n## Later\n\nNot in the section.\n",
            ),
        ),
        ("content/attachments/chart.png", "png".into()),
        ("content/attachments/paper.pdf", "pdf".into()),
    ])
}

#[test]
fn notes_and_sections_embed_in_place_without_clashing_ids() {
    let s = vault();
    let report = s.built();
    let warnings: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("content/notes/host.md:15:")
            && warnings[0].contains("embed-in-sentence"),
        "{warnings:?}"
    );
    let html = s.read("notes/host.html");
    let whole = between(
        &html,
        "<aside class=\"embed\" aria-label=\"Embedded: Guest\">",
        "</aside>",
    )
    .expect("the whole note");
    assert!(
        whole.contains("<p class=\"embed-source\"><a href=\"guest.html\">Guest</a></p>"),
        "{whole}"
    );
    // The note's own `# Guest` is not repeated; its headings follow the host's `##`.
    assert!(!whole.contains(">Guest</h"), "{whole}");
    assert!(
        whole.contains("<h3>Overview</h3>") && whole.contains("<h4>Deeper</h4>"),
        "{whole}"
    );
    assert!(
        whole.contains("<a href=\"host.html\">link back</a>"),
        "{whole}"
    );
    let part = between(
        &html,
        "aria-label=\"Embedded: Guest › Overview\">",
        "</aside>",
    )
    .expect("the section");
    assert!(
        part.contains("<a href=\"guest.html#overview\">Guest › Overview</a>"),
        "{part}"
    );
    assert!(
        part.contains("Guest overview text.") && part.contains("Deep text."),
        "{part}"
    );
    assert!(!part.contains("Not in the section"), "{part}");
    // Only the host's headings have ids, so none repeats.
    let ids = ids(&html);
    assert!(
        ids.contains("overview") && ids.contains("details"),
        "{ids:?}"
    );
    assert!(!html.contains("id=\"overview-1\"") && !html.contains("id=\"deeper\""));
    // Attachments are found by name; an image inline keeps its width; a note becomes a link.
    assert!(
        html.contains("<img src=\"../attachments/chart.png\" alt=\"chart.png\" width=\"300\">"),
        "{html}"
    );
    assert!(
        html.contains("and <a href=\"guest.html\">Guest</a> inline."),
        "{html}"
    );
    assert!(html.contains("<object class=\"embed-pdf\" data=\"../attachments/paper.pdf\" type=\"application/pdf\""), "{html}");
}

#[test]
fn embeds_resolve_with_pretty_urls() {
    let s = vault();
    // One `pretty_urls` line, among the top-level keys.
    s.write(
        "site.toml",
        TOML.replace("base_url", "pretty_urls = true\nbase_url"),
    );
    s.built();
    let html = s.read("notes/host/index.html");
    assert!(
        html.contains("<img src=\"../../attachments/chart.png\""),
        "{html}"
    );
    // The guest's link back to the host leads to the host itself.
    assert!(html.contains("<a href=\"./\">link back</a>"), "{html}");
}

#[test]
fn notes_that_embed_each_other_are_an_error_naming_both() {
    let s = site(&[
        ("content/notes/a.md", page("A", "Text.\n\n![[b]]\n")),
        ("content/notes/b.md", page("B", "More.\n\n![[a]]\n")),
    ]);
    let errors = messages(&s);
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn embeds_nest_a_few_levels_then_become_links() {
    let s = site(&[
        ("content/notes/n1.md", page("N1", "One.\n\n![[n2]]\n")),
        ("content/notes/n2.md", page("N2", "Two.\n\n![[n3]]\n")),
        ("content/notes/n3.md", page("N3", "Three.\n\n![[n4]]\n")),
        ("content/notes/n4.md", page("N4", "Four.\n\n![[n5]]\n")),
        ("content/notes/n5.md", page("N5", "Five.\n")),
    ]);
    s.built();
    let html = s.read("notes/n1.html");
    assert!(html.contains("Four."), "{html}");
    assert!(!html.contains("Five."), "{html}");
    assert!(
        html.contains("<p class=\"embed-link\"><a href=\"n5.html\">N5</a></p>"),
        "{html}"
    );
}

#[test]
fn embeds_of_missing_notes_and_files_are_errors_with_suggestions() {
    let s = vault();
    s.write(
        "content/notes/broken.md",
        page(
            "Broken",
            "![[Gust]]\n\nAn ![[chrat.png]] and\n\n![[papers.pdf]]\n",
        ),
    );
    let errors = messages(&s);
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn a_tip_embedded_keeps_its_card() {
    let s = site(&[
        (
            "content/tips/t.md",
            "---\ntitle: T\nsummary: Short.\ntopics: [feedback]\n---\nTip body.\n".into(),
        ),
        ("content/notes/n.md", page("N", "![[t]]\n")),
    ]);
    s.built();
    let html = s.read("notes/n.html");
    assert!(html.contains("<aside class=\"card card-tip\""), "{html}");
    assert!(!html.contains("Tip body."), "{html}");
}

#[test]
fn a_failed_build_keeps_the_old_output() {
    let s = site(&[("content/notes/a.md", page("A", "Fine.\n"))]);
    s.built();
    s.write("content/notes/a.md", page("A", "![[a]]\n"));
    assert!(matches!(
        s.build_with(&Options::default()),
        Err(Failure::Content(_))
    ));
    assert!(s.read("notes/a.html").contains("Fine."));
}

/// A note with sections and a block, and a host that embeds them on lines of their own.
fn lines_site(host: &str) -> Fixture {
    site(&[
        ("content/notes/host.md", page("Host", host)),
        (
            "content/notes/sync/security.md",
            page(
                "Security",
                "## Hosting\n\nHosted in the EU.\n\n## What encryption do you use?\n\nAES-256 end to end.\n\n## Other\n\nNot embedded.\n",
            ),
        ),
        (
            "content/notes/credits.md",
            page(
                "Credits",
                "Thanks to many.\n\nLucide icons, version 0.4. ^lucide\n\nOther credits.\n",
            ),
        ),
        ("content/notes/guest.md", page("Guest", "Guest text.\n")),
    ])
}

/// The diagnostics of a build that succeeds.
fn warnings(fixture: &Fixture) -> Vec<String> {
    fixture
        .built()
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn embeds_on_consecutive_lines_each_show_in_place() {
    let s = lines_site(
        "Read on.\n\n![[Sync/Security#Hosting|Security and privacy]]\n![[Sync/Security#What encryption do you use?|Security and privacy]]\nAnd after them.\n",
    );
    assert_eq!(warnings(&s), Vec::<String>::new());
    let html = s.read("notes/host.html");
    let body = between(&html, "<p>Read on.</p>", "And after them.").expect("the embeds");
    assert!(
        body.contains("aria-label=\"Embedded: Security › Hosting\">")
            && body.contains("Hosted in the EU."),
        "{body}"
    );
    assert!(
        body.contains("aria-label=\"Embedded: Security › What encryption do you use?\">")
            && body.contains("AES-256 end to end."),
        "{body}"
    );
    assert!(!html.contains("Not embedded."), "{html}");
    // Each embed stands between paragraphs, never inside one.
    assert!(html.contains("</aside>\n<p>And after them.</p>"), "{html}");
    assert!(
        !html.contains("<p></p>") && !html.contains("<p><aside"),
        "{html}"
    );
}

#[test]
fn an_embed_line_after_text_in_a_block_quote_shows_the_block() {
    let s = lines_site(
        "> Credits change now and then. The current ones are shown below.\n> ![[Credits#^lucide]]\n",
    );
    assert_eq!(warnings(&s), Vec::<String>::new());
    let html = s.read("notes/host.html");
    let quote = between(&html, "<blockquote>", "</blockquote>").expect("the quote");
    assert!(
        quote.contains("<p>Credits change now and then. The current ones are shown below.</p>\n<aside class=\"embed\""),
        "{quote}"
    );
    // The block, and only the block, without its marker.
    assert!(quote.contains("Lucide icons, version 0.4."), "{quote}");
    assert!(
        !quote.contains("Thanks to many.")
            && !quote.contains("Other credits.")
            && !quote.contains("^lucide"),
        "{quote}"
    );
    assert!(
        quote.contains("<a href=\"credits.html#block-lucide\">"),
        "{quote}"
    );
}

#[test]
fn an_embed_alone_in_a_list_item_shows_in_place() {
    let s = lines_site("- ![[Guest]]\n- A plain item.\n");
    assert_eq!(warnings(&s), Vec::<String>::new());
    let html = s.read("notes/host.html");
    assert!(
        html.contains("<li><aside class=\"embed\" aria-label=\"Embedded: Guest\">"),
        "{html}"
    );
    assert!(
        html.contains("<p>Guest text.</p>\n</aside>\n</li>"),
        "{html}"
    );
}

#[test]
fn an_embed_with_text_on_its_line_is_a_link_with_a_warning() {
    let s = lines_site("First line.\nSee ![[Guest]]\n![[Guest]] again.\n");
    let found = warnings(&s);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("content/notes/host.md:6:") && found[0].contains("embed-in-sentence"),
        "{found:?}"
    );
    assert!(found[1].contains("content/notes/host.md:7:"), "{found:?}");
    let html = s.read("notes/host.html");
    assert!(
        html.contains("<p>First line.\nSee <a href=\"guest.html\">Guest</a>\n<a href=\"guest.html\">Guest</a> again.</p>"),
        "{html}"
    );
    assert!(!html.contains("Embedded: Guest"), "{html}");
}
