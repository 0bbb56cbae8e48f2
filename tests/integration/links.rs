//! Links resolved as Obsidian resolves them (names, path suffixes, aliases, headings by
//! text, block ids, attachments anywhere), and every other link checked: files, page
//! outputs, root-absolute addresses, folders; `broken_links = "warn"`.

use ladder::{Code, Severity};

use crate::fixture::{Fixture, MINIMAL_TOML};

/// A note with front matter ladder needs today (a title), at `path`.
fn note(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

fn vault(files: &[(&str, String)]) -> Fixture {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/ask-early.md",
            "---\ntitle: Ask Early\ntopics: [feedback]\n---\nAsk.\n\n## Why it works\n\nBecause.\n",
        )],
    );
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// Every error of a failed build, as `file:line:col: code: message (help)`.
fn errors(site: &Fixture) -> Vec<String> {
    site.failed()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {} ({})",
                d.file.display(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.code.name(),
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn wiki_links_name_notes_by_file_name_path_suffix_alias_slug_and_title() {
    let site = vault(&[
        (
            "content/Notes/Weekly review.md",
            "---\ntitle: Review every week\naliases: [WR, /old/review/]\n---\nText.\n".into(),
        ),
        (
            "content/Notes/Links.md",
            note(
                "Links",
                "[[weekly REVIEW]] [[Notes/Weekly review]] [[Weekly review.md|md]] [[wr|alias]]\n\n\
                 [[ask-early|slug]] [[Ask Early|title]] [[tips/ask-early|path]]\n\n\
                 [md](Weekly%20review.md) [vault path](Notes/Weekly%20review.md)\n",
            ),
        ),
    ]);
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let html = site.read("notes/links.html");
    for (href, text) in [
        ("weekly-review.html", "Review every week"),
        ("weekly-review.html", "md"),
        ("weekly-review.html", "alias"),
        ("../tips/ask-early.html", "slug"),
        ("../tips/ask-early.html", "title"),
        ("../tips/ask-early.html", "path"),
        ("weekly-review.html", "vault path"),
    ] {
        let link = format!("<a href=\"{href}\">{text}</a>");
        assert!(html.contains(&link), "{link} in {html}");
    }
    // In the page's own text (lists below it link the note too).
    let prose = html.split("<div class=\"prose\">").nth(1).expect("a body");
    let prose = prose.split("</div>").next().unwrap_or(prose);
    assert_eq!(
        prose.matches("href=\"weekly-review.html\"").count(),
        6,
        "{html}"
    );
    // An alias that is a name writes no redirect; one that is a path does.
    assert!(!site.exists("WR/index.html") && !site.exists("wr/index.html"));
    assert!(site
        .read("old/review/index.html")
        .contains("notes/weekly-review.html"));
}

#[test]
fn notes_that_share_a_name_are_chosen_as_obsidian_chooses() {
    let site = vault(&[
        ("content/Projects/Plan.md", note("Project plan", "P.\n")),
        ("content/Home/Plan.md", note("Home plan", "H.\n")),
        ("content/Projects/Today.md", note("Today", "[[Plan]]\n")),
        ("content/Journal/Monday.md", note("Monday", "[[Plan]]\n")),
    ]);
    site.built();
    // The one beside the linking note first, then the shortest path.
    assert!(site
        .read("projects/today.html")
        .contains("<a href=\"plan.html\">Project plan</a>"));
    assert!(site
        .read("journal/monday.html")
        .contains("<a href=\"../home/plan.html\">Home plan</a>"));
}

#[test]
fn heading_and_block_links_find_their_anchor() {
    let site = vault(&[
        (
            "content/Guide.md",
            note(
                "Guide",
                "## Setup: the basics\n\nText.\n\n## Windows\n\n### Install\n\nW.\n\n## Linux\n\n### Install\n\nL.\n\n\
                 A paragraph worth quoting. ^quote-1\n\nAnother one\n^second\n",
            ),
        ),
        (
            "content/Reader.md",
            note(
                "Reader",
                "[[Guide#Setup the basics]] [[guide#SETUP: THE BASICS|upper]] [[Guide#Linux#Install|nested]]\n\n\
                 [[Guide#^quote-1|block]] [[Guide#^second|second]] [[#Local part]] [md](Guide.md#windows)\n\n## Local part\n",
            ),
        ),
    ]);
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let reader = site.read("reader.html");
    for link in [
        "<a href=\"guide.html#setup-the-basics\">Guide</a>",
        "<a href=\"guide.html#setup-the-basics\">upper</a>",
        "<a href=\"guide.html#install-1\">nested</a>",
        "<a href=\"guide.html#block-quote-1\">block</a>",
        "<a href=\"guide.html#block-second\">second</a>",
        "<a href=\"#local-part\">Local part</a>",
        "<a href=\"guide.html#windows\">md</a>",
    ] {
        assert!(reader.contains(link), "{link} in {reader}");
    }
    let guide = site.read("guide.html");
    assert!(
        guide.contains("<p id=\"block-quote-1\">A paragraph worth quoting.</p>"),
        "{guide}"
    );
    assert!(
        guide.contains("<p id=\"block-second\">Another one\n</p>"),
        "{guide}"
    );
    assert!(
        !guide.contains("^quote-1") && !guide.contains("^second"),
        "{guide}"
    );
}

#[test]
fn a_heading_or_block_that_is_not_there_is_an_error_with_a_suggestion() {
    let site = vault(&[
        (
            "content/Guide.md",
            note("Guide", "## Installing\n\nText ^real\n"),
        ),
        (
            "content/Reader.md",
            note(
                "Reader",
                "[[Guide#Instaling]]\n\n[[Guide#^reel]] [[Guide#Installing#Nope]]\n",
            ),
        ),
    ]);
    assert_eq!(
        errors(&site),
        [
            "content/Reader.md:4:1: broken-anchor: content/Guide.md has no heading `Instaling` (did you mean `#Installing`?)",
            "content/Reader.md:6:1: broken-anchor: content/Guide.md has no block `^reel` (did you mean `#^real`?)",
            "content/Reader.md:6:17: broken-anchor: content/Guide.md has no heading `Nope` (in `#Installing#Nope`) (its headings are: #Installing)",
        ]
    );
}

#[test]
fn attachments_are_found_by_name_anywhere_in_the_content_folder() {
    let site = vault(&[
        ("content/Attachments/Chart one.png", "png".into()),
        ("content/files/guide.pdf", "pdf".into()),
        ("content/Notes/Beside.png", "png".into()),
        (
            "content/Notes/Report.md",
            note(
                "Report",
                "![[Chart one.png]]\n\n![chart](Attachments/Chart%20one.png) [pdf](guide.pdf) [[guide.pdf]] ![b](Beside.png)\n",
            ),
        ),
    ]);
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let html = site.read("notes/report.html");
    assert_eq!(
        html.matches("src=\"../attachments/Chart%20one.png\"")
            .count(),
        2,
        "{html}"
    );
    assert!(
        html.contains("href=\"../files/guide.pdf\">pdf</a>"),
        "{html}"
    );
    assert!(
        html.contains("href=\"../files/guide.pdf\">guide.pdf</a>"),
        "{html}"
    );
    assert!(html.contains("src=\"Beside.png\""), "{html}");
    assert!(site.exists("attachments/Chart one.png") && site.exists("files/guide.pdf"));
}

#[test]
fn every_link_is_checked_and_root_absolute_links_are_made_relative() {
    let site = vault(&[
        ("static/files/handout.txt", "hi".into()),
        (
            "content/notes/page.md",
            note(
                "Page",
                "[tip](/tips/ask-early/) [tip2](../tips/ask-early.html#why-it-works) [topics](/topics/) \
                 [static](/files/handout.txt) [home](/) <me@example.org>\n",
            ),
        ),
    ]);
    site.built();
    let html = site.read("notes/page.html");
    for link in [
        "<a href=\"../tips/ask-early.html\">tip</a>",
        "<a href=\"../tips/ask-early.html#why-it-works\">tip2</a>",
        "<a href=\"../topics/index.html\">topics</a>",
        "<a href=\"../files/handout.txt\">static</a>",
        "<a href=\"../index.html\">home</a>",
        "<a href=\"mailto:me@example.org\">me@example.org</a>",
    ] {
        assert!(html.contains(link), "{link} in {html}");
    }

    site.write(
        "content/notes/bad.md",
        note(
            "Bad",
            "![gone](missing.png)\n[old](/tips/ask-erly/) [pdf](../handout.pdf) [anchor](/tips/ask-early/#nope)\n",
        ),
    );
    assert_eq!(
        errors(&site),
        [
            "content/notes/bad.md:4:1: broken-link: link `missing.png` leads to content/notes/missing.png, which does not exist, nor does a file of that name anywhere in the content folder or static/ ()",
            "content/notes/bad.md:5:1: broken-link: link `/tips/ask-erly/` names no page or file of the site (did you mean `/tips/ask-early/`?)",
            "content/notes/bad.md:5:24: broken-link: link `../handout.pdf` leads to content/handout.pdf, which does not exist, nor does a file of that name anywhere in the content folder or static/ ()",
            "content/notes/bad.md:5:46: broken-anchor: content/tips/ask-early.md has no heading with the anchor `#nope` (its headings are: #why-it-works)",
        ]
    );
}

#[test]
fn broken_links_warn_when_the_site_says_so_and_show_as_unresolved() {
    let site = vault(&[(
        "content/notes/page.md",
        note("Page", "See [[Nowhere]] and [x](gone.md).\n"),
    )]);
    site.write(
        "site.toml",
        format!("broken_links = \"warn\"\n{MINIMAL_TOML}"),
    );
    let report = site.built();
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::BrokenLink, Code::BrokenLink]);
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning));
    let html = site.read("notes/page.html");
    assert!(
        html.contains("See <span class=\"unresolved\">Nowhere</span> and <span class=\"unresolved\">x</span>."),
        "{html}"
    );
}

#[test]
fn two_notes_whose_paths_differ_only_in_case_are_an_error_naming_both() {
    let site = vault(&[
        ("content/Notes/Plan.md", note("Plan", "A.\n")),
        ("content/notes/plan.md", note("plan", "B.\n")),
    ]);
    let errors = errors(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("content/Notes/Plan.md and content/notes/plan.md differ only in case"),
        "{errors:?}"
    );
}

#[test]
fn one_alias_written_as_a_string_names_the_note() {
    let site = vault(&[
        (
            "content/Notes/Weekly review.md",
            "---\ntitle: Weekly review\naliases: WR\n---\nText.\n".into(),
        ),
        ("content/Notes/Links.md", note("Links", "See [[WR]].\n")),
    ]);
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert!(site
        .read("notes/links.html")
        .contains("<a href=\"weekly-review.html\">Weekly review</a>"));
}

#[test]
fn a_section_of_the_same_page_embedded_is_a_link_to_it() {
    let site = vault(&[(
        "content/Notes/Setup.md",
        note(
            "Setup",
            "## Log in\n\nUse your account.\n\n## Later\n\n![[Setup#Log in]]\n",
        ),
    )]);
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let html = site.read("notes/setup.html");
    assert!(
        html.contains("<p class=\"embed-link\"><a href=\"#log-in\">Log in</a></p>"),
        "{html}"
    );
}

#[test]
fn anchors_written_as_zola_and_hugo_slug_them_find_their_heading() {
    let site = vault(&[
        (
            "content/docs/overview.md",
            note("Overview", "## `get_page`\n\nLoads a page.\n"),
        ),
        (
            "content/docs/use.md",
            note("Use", "See [get_page](overview.md#get-page).\n"),
        ),
    ]);
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert!(site
        .read("docs/use.html")
        .contains("href=\"overview.html#get_page\""));
}
