//! The cross-link sections of a page: each page listed once, in the first section that
//! shows it (From the article, tips, related lists, backlinks), lists filled from spare
//! candidates, the next step at the end of an article, and `source_article:`, the only
//! way a tip names its article.

use ladder::{Code, Severity};

use crate::fixture::{Fixture, MINIMAL_TOML};
use crate::html::{between, hrefs, section, section_hrefs};

/// An article `Alpha` with seven equally related articles `B1`…`B7`, a tip that names
/// Alpha as its source and links to it, a tip that links to Alpha without naming it,
/// and a note that links to both.
fn site() -> Fixture {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/articles/alpha.md",
                "---\ntitle: Alpha\ntopics: [feedback]\nsource:\n  title: Book\n---\nSee [[take-notes]].\n",
            ),
            (
                "content/tips/take-notes.md",
                "---\ntitle: Take notes\ntopics: [feedback]\nsource_article: \"[[alpha]]\"\n---\nAs [[alpha]] says.\n",
            ),
            // Each of the old guesses would have named Alpha as this tip's article: it
            // links to Alpha, B1 embeds it, and it shares Alpha's source title.
            (
                "content/tips/use-the-feedback.md",
                "---\ntitle: Use the feedback\ntopics: [feedback]\nsource:\n  title: Book\n---\nTry [[take-notes]]; see [[alpha]].\n",
            ),
            (
                "content/notes/n.md",
                "---\ntitle: Notes on feedback\n---\n[[alpha]] and [[take-notes]].\n",
            ),
        ],
    );
    for i in 1..=7 {
        let body = if i == 1 {
            "![[use-the-feedback]]\n"
        } else {
            "Text.\n"
        };
        site.write(
            &format!("content/articles/b{i}.md"),
            format!("---\ntitle: B{i}\ntopics: [feedback]\n---\n{body}"),
        );
    }
    site
}

/// The href of the "From the article" line of a tip, if it has one.
fn from_article(html: &str) -> Option<String> {
    between(html, "<p class=\"from-article\">", "</p>").map(|p| hrefs(p)[0].clone())
}

/// The href of the next step at the end of a page, if it has one.
fn next_step(html: &str) -> Option<String> {
    between(html, "<nav class=\"next-step\"", "</nav>").map(|n| hrefs(n)[0].clone())
}

#[test]
fn a_page_is_listed_once_in_the_first_section_that_shows_it() {
    let site = site();
    site.built();
    let alpha = site.read("articles/alpha.html");
    // Both tips link to Alpha; both are among its tips, so backlinks keep only the note.
    assert_eq!(
        section_hrefs(&alpha, "tips-heading"),
        ["../tips/take-notes.html", "../tips/use-the-feedback.html"]
    );
    assert_eq!(
        section_hrefs(&alpha, "backlinks-heading"),
        ["../notes/n.html"]
    );
    // B1…B7 tie and go by title: B1 is the next step, and the related list, which shows
    // five, fills with B2…B6 from the graph's spare candidates.
    assert_eq!(next_step(&alpha).as_deref(), Some("b1.html"));
    assert_eq!(
        section_hrefs(&alpha, "related-heading"),
        ["b2.html", "b3.html", "b4.html", "b5.html", "b6.html"]
    );

    // Alpha links to the tip and is its article; the other tip links to it and is its
    // sibling: backlinks keep only the note.
    let tip = site.read("tips/take-notes.html");
    assert_eq!(
        from_article(&tip).as_deref(),
        Some("../articles/alpha.html")
    );
    assert_eq!(
        section_hrefs(&tip, "siblings-heading"),
        ["use-the-feedback.html"]
    );
    assert_eq!(
        section_hrefs(&tip, "backlinks-heading"),
        ["../notes/n.html"]
    );
    // Tips end with no next step.
    assert_eq!(next_step(&tip), None);
}

#[test]
fn from_the_article_appears_only_where_a_tip_names_its_article() {
    let site = site();
    site.built();
    let other = site.read("tips/use-the-feedback.html");
    assert_eq!(from_article(&other), None);
    // Its siblings and backlinks are as before: B1 embeds it and is listed nowhere else.
    assert_eq!(
        section_hrefs(&other, "siblings-heading"),
        ["take-notes.html"]
    );
    assert_eq!(
        section_hrefs(&other, "backlinks-heading"),
        ["../articles/b1.html"]
    );
    assert!(section(&site.read("articles/b7.html"), "backlinks-heading").is_none());

    // A bare slug, a relative path and a Markdown link name it as well as `[[alpha]]`.
    for written in [
        "alpha",
        "../articles/alpha.md",
        "\"[Alpha](../articles/alpha.md)\"",
    ] {
        site.edit(
            "content/tips/use-the-feedback.md",
            "topics: [feedback]\n",
            &format!("topics: [feedback]\nsource_article: {written}\n"),
        );
        site.built();
        let html = site.read("tips/use-the-feedback.html");
        assert_eq!(
            from_article(&html).as_deref(),
            Some("../articles/alpha.html"),
            "{written}"
        );
        site.edit(
            "content/tips/use-the-feedback.md",
            &format!("source_article: {written}\n"),
            "",
        );
    }
}

/// Every diagnostic of a failed build as `file:line: severity code: message`.
fn problems(site: &Fixture) -> Vec<String> {
    let mut out: Vec<String> = site
        .failed()
        .iter()
        .map(|d| {
            let severity = if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            format!(
                "{}:{}: {severity} {}: {}",
                d.file.display(),
                d.line.unwrap_or(0),
                d.code.name(),
                d.message
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_source_article_that_names_no_article_is_an_error_at_its_line() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: A\ntopics: [feedback]\nsource_article: \"[[no-such-article]]\"\n---\nA.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntopics: [feedback]\n\nsource_article: ../tips/a.md\n---\nB.\n",
            ),
            (
                "content/articles/c.md",
                "---\ntitle: C\nsource_article: c\n---\nC.\n",
            ),
        ],
    );
    let found = problems(&site);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with(
            "content/articles/c.md:3: warning source-article: source_article is read on tips only"
        ),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("content/tips/a.md:4: error broken-link: source_article: "),
        "{found:#?}"
    );
    assert!(found[1].contains("no-such-article"), "{found:#?}");
    assert_eq!(
        found[2],
        "content/tips/b.md:5: error source-article: source_article `../tips/a.md` names content/tips/a.md, a tip, not an article"
    );
    assert_eq!(Code::from_name("source-article"), Some(Code::SourceArticle));
}
