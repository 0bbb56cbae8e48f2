//! Learning paths: steps read from a path's numbered lists, in order and by stage; each
//! step page's place on each path; the lists of paths; problems at the steps' lines;
//! `paths_dir`; `ladder new path`; and the report of pages on no path.

use ladder::{Code, Diagnostic};

use crate::fixture::{assert_code, stderr, stdout, Fixture, MINIMAL_TOML};
use crate::html::{assert_links_resolve, attr_values, between, section_hrefs};

fn page(title: &str, topics: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: About {title}.\ntopics: [{topics}]\n---\nText of {title}.\n"
    )
}

/// Two paths over five pages in three folders: `promo` (A, B, C, D in two stages, with a
/// prose link and a bulleted link that are not steps) and `start` (D, then the tip B).
fn two_paths() -> Fixture {
    Fixture::new(
        MINIMAL_TOML,
        &[
            ("content/articles/a.md", &page("A", "feedback")),
            ("content/tips/b.md", &page("B", "feedback")),
            ("content/notes/c.md", &page("C", "feedback")),
            ("content/articles/d.md", &page("D", "feedback")),
            ("content/articles/e.md", &page("E", "feedback")),
            (
                "content/paths/promo.md",
                "---\ntitle: Getting promoted\nsummary: Four pages to the next level.\ntopics: [feedback]\nlevel: mid-career\n---\nStart here; see also [[e]].\n\n## Know the ladder\n\n1. [[a]]\n2. [[b|The tip]] read it twice\n3. Not a step: [[e]]\n\n- [[e]]\n\n## Ask\n\n1. [C](../notes/c.md)\n2. [[d]]\n",
            ),
            (
                "content/paths/start.md",
                "---\ntitle: A quick start\n---\nTwo steps.\n\n1. [[d]]\n2. [[b]]\n",
            ),
        ],
    )
}

/// The `(number, total, path title, previous href, next href)` of each step navigation
/// at the top of a step page.
fn navs(html: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<nav class=\"step-nav step-nav-top\"") {
        let nav = &rest[at..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        let where_ = between(nav, "<p class=\"step-nav-where\">", "<a")
            .unwrap()
            .trim();
        let title = between(nav, "<i>", "</i>").unwrap();
        let prev = between(nav, "<li class=\"step-nav-prev\"><a href=\"", "\"").map(str::to_string);
        let next = between(nav, "<li class=\"step-nav-next\"><a href=\"", "\"").map(str::to_string);
        found.push((format!("{where_} {title}"), prev, next));
        rest = &rest[at + nav.len()..];
    }
    found
}

#[test]
fn a_path_lists_its_stages_and_steps_in_order() {
    let site = two_paths();
    site.built();
    let html = site.read("paths/promo.html");
    // Steps, in order: the prose link, the third item's link and the bulleted link are not.
    assert_eq!(
        attr_values(&html, "data-step")
            .into_iter()
            .step_by(2)
            .collect::<Vec<_>>(),
        [
            "articles/a.html",
            "tips/b.html",
            "notes/c.html",
            "articles/d.html"
        ]
    );
    let titles: Vec<&str> = html
        .match_indices("class=\"path-step-title\"")
        .map(|(i, _)| between(&html[i..], "</span>", "</a>").unwrap())
        .collect();
    assert_eq!(titles, ["A", "B", "C", "D"]);
    let numbers: Vec<&str> = html
        .match_indices("<span class=\"visually-hidden\">Step ")
        .map(|(i, _)| between(&html[i..], "Step ", ":").unwrap())
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    // Stages by their headings, with the headings' ids; the second list goes on counting.
    assert!(
        html.contains("<h2 id=\"know-the-ladder\">Know the ladder</h2>"),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"ask\">Ask</h2>"));
    assert_eq!(attr_values(&html, "start"), ["1", "3"]);
    assert_eq!(
        section_hrefs(&html, "ask"),
        ["../notes/c.html", "../articles/d.html"]
    );
    // Each step's summary and reading time, and the total; the introduction renders, the
    // steps' list does not render a second time.
    assert!(html.contains("<p class=\"path-step-summary\">About C.</p>"));
    assert!(
        html.contains("4 steps · 4 min read in all · mid-career"),
        "{html}"
    );
    assert!(html.contains("<p>Start here; see also <a href=\"../articles/e.html\">E</a>.</p>"));
    assert!(!html.contains("read it twice"));
    assert_links_resolve(&site.out(), false);
}

#[test]
fn each_step_shows_its_place_with_previous_and_next_at_the_ends() {
    let site = two_paths();
    site.built();
    let first = site.read("articles/a.html");
    assert_eq!(
        navs(&first),
        [(
            "Step 1 of 4 in Getting promoted".to_string(),
            None,
            Some("../tips/b.html".to_string())
        )]
    );
    // The end of the page shows the same navigation again.
    assert_eq!(first.matches("class=\"step-nav step-nav-").count(), 2);
    assert!(first.contains("aria-label=\"End of step 1 of 4 in Getting promoted\""));
    let middle = site.read("notes/c.html");
    assert_eq!(
        navs(&middle),
        [(
            "Step 3 of 4 in Getting promoted".to_string(),
            Some("../tips/b.html".to_string()),
            Some("../articles/d.html".to_string())
        )]
    );
    // A page on two paths shows both, in the paths' listing order (by title).
    assert_eq!(
        navs(&site.read("articles/d.html")),
        [
            (
                "Step 1 of 2 in A quick start".to_string(),
                None,
                Some("../tips/b.html".to_string())
            ),
            (
                "Step 4 of 4 in Getting promoted".to_string(),
                Some("../notes/c.html".to_string()),
                None
            ),
        ]
    );
    assert_eq!(
        navs(&site.read("tips/b.html")),
        [
            (
                "Step 2 of 2 in A quick start".to_string(),
                Some("../articles/d.html".to_string()),
                None
            ),
            (
                "Step 2 of 4 in Getting promoted".to_string(),
                Some("../articles/a.html".to_string()),
                Some("../notes/c.html".to_string())
            ),
        ]
    );
    // A page on no path has no navigation, and does not load the progress script.
    let off = site.read("articles/e.html");
    assert!(navs(&off).is_empty());
    assert!(!off.contains("progress.js"));
    assert!(first.contains("<script src=\"../progress.js\" data-site=\""));
}

#[test]
fn the_home_page_the_paths_index_and_topic_pages_list_the_paths() {
    let site = two_paths();
    site.built();
    let home = site.read("index.html");
    assert_eq!(
        section_hrefs(&home, "home-paths-heading"),
        ["paths/start.html", "paths/promo.html"]
    );
    assert!(between(&home, "class=\"site-nav\"", "</nav>")
        .unwrap()
        .contains("<a href=\"paths/index.html\">Paths</a>"));
    let index = site.read("paths/index.html");
    assert!(index.contains("<a class=\"path-card-title\" href=\"start.html\">A quick start</a>"));
    assert!(index.contains("<a class=\"path-card-title\" href=\"promo.html\">Getting promoted</a>"));
    // Only `promo` is on the topic.
    let topic = site.read("topics/feedback.html");
    assert_eq!(
        section_hrefs(&topic, "topic-paths-heading"),
        ["../paths/promo.html"]
    );
    // The site id is the same on every page and every build, and differs between sites.
    let id = attr_values(&site.read("articles/a.html"), "data-site");
    assert_eq!(id, attr_values(&site.read("paths/promo.html"), "data-site"));
    site.built();
    assert_eq!(id, attr_values(&site.read("articles/a.html"), "data-site"));
    site.edit("site.toml", "title = \"Fixture\"", "title = \"Another\"");
    site.built();
    assert_ne!(id, attr_values(&site.read("articles/a.html"), "data-site"));
}

#[test]
fn pretty_urls_put_the_paths_index_at_its_folder() {
    let site = two_paths();
    site.write(
        "site.toml",
        format!("pretty_urls = true\nbase_url = \"https://example.org/\"\n{MINIMAL_TOML}"),
    );
    site.built();
    assert!(site.exists("paths/index.html"));
    assert!(site.exists("paths/promo/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/paths/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/paths/promo/</loc>"));
    let step = site.read("articles/a/index.html");
    assert!(
        step.contains("<a href=\"../../paths/\">Paths</a>"),
        "{step}"
    );
    assert!(step.contains("href=\"../../paths/promo/\"><i>Getting promoted</i>"));
}

/// The code and line of each diagnostic about `file`.
fn at(diagnostics: &[Diagnostic], file: &str) -> Vec<(Code, Option<usize>)> {
    let mut found: Vec<(Code, Option<usize>)> = diagnostics
        .iter()
        .filter(|d| d.file.to_string_lossy() == file)
        .map(|d| (d.code, d.line))
        .collect();
    found.sort();
    found
}

#[test]
fn steps_that_cannot_be_steps_are_errors_at_their_lines() {
    let site = two_paths();
    site.write(
        "content/tips/later.md",
        "---\ntitle: Later\ndraft: true\ntopics: [feedback]\n---\nNot yet.\n",
    );
    site.write(
        "content/paths/bad.md",
        "---\ntitle: Bad\n---\nIntro.\n\n1. [[a]]\n2. [[d]]\n3. [A again](../articles/a.md)\n4. [[start]]\n5. [Elsewhere](https://example.com/)\n6. [[later]]\n7. [[nowhere]]\n8. [gone](../tips/gone.md)\n",
    );
    let problems = site.failed();
    assert_eq!(
        at(&problems, "content/paths/bad.md"),
        [
            (Code::PathStepRepeated, Some(8)),
            (Code::PathStepIsPath, Some(9)),
            (Code::PathStepExternal, Some(10)),
            (Code::PathStepDraft, Some(11)),
            (Code::PathStepBroken, Some(12)),
            (Code::PathStepBroken, Some(13)),
        ]
    );
    let repeated = problems
        .iter()
        .find(|d| d.code == Code::PathStepRepeated)
        .unwrap();
    assert_eq!(repeated.column, Some(4));
    assert!(
        repeated.message.contains("already step 1"),
        "{}",
        repeated.message
    );
    // The command line names file, line and column.
    let output = site.run(&["check"]);
    assert_code(&output, 1);
    assert!(
        stderr(&output).contains("content/paths/bad.md:12:4: error[path-step-broken]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_path_of_fewer_than_two_steps_is_a_warning() {
    let site = two_paths();
    site.write(
        "content/paths/lone.md",
        "---\ntopics: [feedback]\ntitle: Lone\n---\n1. [[a]]\n",
    );
    let report = site.built();
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ShortPath)
        .map(|d| (d.file.to_string_lossy().into_owned(), d.line))
        .collect();
    assert_eq!(warnings, [("content/paths/lone.md".to_string(), Some(3))]);
    // It still builds, with its one step.
    assert!(navs(&site.read("articles/a.html"))
        .iter()
        .any(|(w, _, _)| w == "Step 1 of 1 in Lone"));
}

#[test]
fn the_report_lists_pages_on_no_path_only_when_the_site_has_paths() {
    let site = two_paths();
    let output = site.run(&["check", "--report", "--format", "json"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    let report: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    let off: Vec<&str> = report["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "off-path")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(off, ["content/articles/e.md"]);
    assert_eq!(report["report"]["counts"]["off-path"], 1);

    site.remove("content/paths/promo.md");
    site.remove("content/paths/start.md");
    let output = site.run(&["check", "--report", "--format", "json"]);
    let out = stdout(&output);
    let report: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(report["report"]["counts"]["off-path"], 0);
}

#[test]
fn an_empty_paths_dir_leaves_a_paths_folder_as_ordinary_pages() {
    let site = two_paths();
    site.write("site.toml", format!("paths_dir = \"\"\n{MINIMAL_TOML}"));
    site.built();
    let promo = site.read("paths/promo.html");
    assert!(promo.contains("class=\"page page-note\""), "{promo}");
    // Its list renders as written, and no page is a step.
    assert!(promo.contains("read it twice"));
    assert!(navs(&site.read("articles/a.html")).is_empty());
    let home = site.read("index.html");
    assert!(!between(&home, "class=\"site-nav\"", "</nav>")
        .unwrap()
        .contains("Paths"));
    // The folder gets its ordinary listing.
    assert!(site.read("paths/index.html").contains("folder-pages"));
    assert!(!promo.contains("progress.js"));
}

#[test]
fn another_paths_dir_is_read_instead() {
    let site = two_paths();
    site.write(
        "site.toml",
        format!("paths_dir = \"notes\"\n{MINIMAL_TOML}"),
    );
    site.write(
        "content/notes/route.md",
        "---\ntitle: Route\n---\n1. [[a]]\n2. [[d]]\n",
    );
    site.built();
    assert!(site
        .read("notes/route.html")
        .contains("class=\"page page-path\""));
    assert_eq!(
        navs(&site.read("articles/a.html")),
        [(
            "Step 1 of 2 in Route".to_string(),
            None,
            Some("d.html".to_string())
        )]
    );
}

#[test]
fn ladder_new_path_writes_a_path_that_builds() {
    let site = two_paths();
    let output = site.run(&["new", "path", "First 90 days", "--topics", "feedback"]);
    assert_code(&output, 0);
    assert!(
        stdout(&output).contains("content/paths/first-90-days.md"),
        "{}",
        stdout(&output)
    );
    let text = site.source("content/paths/first-90-days.md");
    assert!(
        text.starts_with("---\ntitle: \"First 90 days\"\n"),
        "{text}"
    );
    assert!(text.contains("topics: [\"feedback\"]"));
    assert!(!text.contains("date:"));
    let report = site.built();
    // Its example steps are in a comment: a path of no steps yet, which says so.
    assert!(report.diagnostics.iter().any(|d| d.code == Code::ShortPath
        && d.file.to_string_lossy() == "content/paths/first-90-days.md"));
    assert!(site.exists("paths/first-90-days.html"));
    // A site without paths refuses.
    site.write("site.toml", format!("paths_dir = \"\"\n{MINIMAL_TOML}"));
    assert_code(&site.run(&["new", "path", "Other"]), 2);
}

#[test]
fn an_edit_re_renders_the_pages_that_show_it_on_a_path() {
    use ladder::{Options, Site, Update};
    let site = two_paths();
    let (mut loaded, _) = Site::load(site.root(), &Options::default()).unwrap();
    // A step's summary shows on its paths' pages, and its title on its neighbours'.
    site.edit(
        "content/tips/b.md",
        "summary: About B.",
        "summary: About B, again.",
    );
    let Update::Pages(pages) = loaded.reload_page(&site.path("content/tips/b.md")).unwrap() else {
        panic!("a summary edit is not a full rebuild");
    };
    let mut shown: Vec<&str> = pages
        .iter()
        .map(|&i| loaded.pages[i].path.as_str())
        .collect();
    shown.sort_unstable();
    for page in [
        "paths/promo.html",
        "paths/start.html",
        "articles/a.html",
        "notes/c.html",
        "articles/d.html",
        "tips/b.html",
    ] {
        assert!(shown.contains(&page), "{page} not re-rendered: {shown:?}");
    }
    // A path's edit moves steps on other pages: everything is rebuilt.
    site.edit("content/paths/start.md", "2. [[b]]", "2. [[a]]");
    assert_eq!(
        loaded
            .reload_page(&site.path("content/paths/start.md"))
            .unwrap(),
        Update::Full
    );
}

#[test]
fn each_path_has_an_atom_feed_of_its_dated_steps_linked_from_its_page() {
    let dated = |title: &str, day: u8| {
        format!("---\ntitle: {title}\ntopics: [feedback]\ndate: 2026-03-{day:02}\n---\nText.\n")
    };
    let base = "https://example.org/kb/";
    let fixture = Fixture::new(
        &format!("base_url = \"{base}\"\n{MINIMAL_TOML}"),
        &[
            ("content/articles/a.md", &dated("A", 1)),
            ("content/tips/b.md", &dated("B", 3)),
            // Undated: a step, but no feed entry, which needs a day.
            ("content/tips/c.md", &page("C", "feedback")),
            ("content/tips/d.md", &dated("D", 2)),
            (
                "content/paths/promo.md",
                "---\ntitle: Getting promoted\nsummary: Steps.\n---\nIntro.\n\n1. [[a]]\n2. [[c]]\n3. [[b]]\n",
            ),
        ],
    );
    fixture.built();
    // The steps with a date, newest first; D is on no path.
    assert_eq!(
        crate::lists::assert_atom(&fixture.read("paths/promo.xml"), base),
        [
            "https://example.org/kb/tips/b.html",
            "https://example.org/kb/articles/a.html",
        ]
    );
    let html = fixture.read("paths/promo.html");
    assert!(html.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Getting promoted · Fixture\" href=\"promo.xml\">"
    ), "{html}");
    assert!(html.contains("<a href=\"promo.xml\">Feed</a>"));
}

#[test]
fn a_topic_lists_its_paths_on_its_first_page_only() {
    let fixture = Fixture::new(
        &format!("paginate = 2\n{MINIMAL_TOML}"),
        &[
            ("content/tips/a.md", &page("A", "feedback")),
            ("content/tips/b.md", &page("B", "feedback")),
            ("content/tips/c.md", &page("C", "feedback")),
            (
                "content/paths/p.md",
                "---\ntitle: The path\ntopics: [feedback]\n---\nIntro.\n\n1. [[a]]\n2. [[b]]\n",
            ),
        ],
    );
    fixture.built();
    assert!(fixture
        .read("topics/feedback.html")
        .contains("topic-paths-heading"));
    assert!(!fixture
        .read("topics/feedback/page/2.html")
        .contains("topic-paths-heading"));
}
