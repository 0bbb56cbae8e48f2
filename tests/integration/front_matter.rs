//! Content written for other tools: open topics, titles without `title:`, TOML front
//! matter, other tools' dates and field names.

use crate::fixture::*;
use crate::html::*;

use ladder::{Diagnostic, Severity};

#[path = "../../examples/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

const NO_TOPICS: &str = "title = \"Notes\"\nbase_url = \"https://example.org/\"\n";

/// Every diagnostic of a build that must succeed.
fn warnings(site: &Fixture) -> Vec<Diagnostic> {
    site.built().diagnostics.into_iter().collect()
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| format!("{}:{}:{}", d.file.display(), d.line.unwrap_or(0), d.code))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Open topics
// ---------------------------------------------------------------------------------------

#[test]
fn an_undeclared_topic_is_a_topic_with_its_page_and_index_entry() {
    let site = Fixture::new(
        NO_TOPICS,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: A\ntopics: [Career Growth, feedback]\n---\nBody.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntags: [career growth]\n---\nBody.\n",
            ),
        ],
    );
    assert_eq!(codes(&warnings(&site)), Vec::<String>::new());
    let topic = site.read("topics/career-growth.html");
    // Titled as first written, in source order.
    assert_eq!(h1(&topic).as_deref(), Some("Career Growth"));
    assert_eq!(
        section_hrefs(&topic, "topic-tips-heading"),
        ["../tips/a.html", "../tips/b.html"]
    );
    let index = site.read("topics/index.html");
    assert!(index.contains("href=\"career-growth.html\""), "{index}");
    assert!(index.contains("href=\"feedback.html\""), "{index}");
    assert!(site
        .read("sitemap.xml")
        .contains("topics/career-growth.html"));
}

#[test]
fn a_new_topic_one_edit_from_a_declared_one_warns_with_a_suggestion() {
    let toml = "title = \"T\"\n\n[[topics]]\nslug = \"mentoring\"\n\n[[topics]]\nslug = \"promotion\"\n\n[[topics]]\nslug = \"pay\"\n";
    let site = Fixture::new(
        toml,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: A\ntopics:\n  - mentorng\n  - promotions\n  - pays\n  - networking\n---\nBody.\n",
            ),
        ],
    );
    let found = warnings(&site);
    assert_eq!(
        codes(&found),
        [
            "content/tips/a.md:3:unknown-topic",
            "content/tips/a.md:3:unknown-topic"
        ]
    );
    let shown: Vec<String> = found.iter().map(|d| d.render(false)).collect();
    assert!(
        shown[0].contains("`mentorng` is a new topic"),
        "{}",
        shown[0]
    );
    assert!(
        shown[0].contains("did you mean `mentoring`?"),
        "{}",
        shown[0]
    );
    // A plural `s` is one edit; `pays` is too short to be judged a typo.
    assert!(
        shown[1].contains("did you mean `promotion`?"),
        "{}",
        shown[1]
    );
    // Each is a topic all the same.
    for slug in ["mentorng", "promotions", "pays", "networking"] {
        assert!(site.exists(&format!("topics/{slug}.html")), "{slug}");
    }
}

#[test]
fn a_rare_open_topic_near_a_much_used_one_warns() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..3 {
        files.push((
            format!("content/tips/n{i}.md"),
            "---\ntitle: N\ntopics: [negotiation]\n---\nBody.\n".into(),
        ));
    }
    files.push((
        "content/tips/typo.md".into(),
        "---\ntitle: T\ntopics: [negotiaton]\n---\nBody.\n".into(),
    ));
    // Used alike (two and one): two topics, no warning.
    for i in 0..2 {
        files.push((
            format!("content/tips/s{i}.md"),
            "---\ntitle: S\ntopics: [salaries]\n---\nBody.\n".into(),
        ));
    }
    files.push((
        "content/tips/salary.md".into(),
        "---\ntitle: S\ntopics: [salarie]\n---\nBody.\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Fixture::new(NO_TOPICS, &refs);
    let found = warnings(&site);
    assert_eq!(codes(&found), ["content/tips/typo.md:3:unknown-topic"]);
    assert!(found[0]
        .render(false)
        .contains("did you mean `negotiation`?"));
}

#[test]
fn a_closed_vocabulary_makes_an_undeclared_topic_an_error() {
    let site = Fixture::new(
        "title = \"Fixture\"\ntopic_vocabulary = \"closed\"\n\n[[topics]]\nslug = \"feedback\"\n",
        &[(
            "content/tips/a.md",
            "---\ntitle: A\ntopics: [feedbak, networking]\n---\nBody.\n",
        )],
    );
    let found = site.failed();
    let errors: Vec<&Diagnostic> = found.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{found:?}");
    assert!(errors.iter().all(|d| d.code.name() == "unknown-topic"));
    assert!(errors[0].render(false).contains("did you mean `feedback`?"));
    assert!(errors[1]
        .render(false)
        .contains("topic_vocabulary = \"open\""));
}

#[test]
fn a_tip_without_a_topic_is_a_warning_and_builds() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[("content/tips/a.md", "---\ntitle: A\n---\nBody.\n")],
    );
    let found = warnings(&site);
    assert_eq!(codes(&found), ["content/tips/a.md:1:tip-without-topic"]);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(site.exists("tips/a.html"));
}

#[test]
fn a_topic_of_punctuation_only_is_a_located_warning() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/articles/a.md",
            "---\ntitle: A\ntags: ['#!!', feedback]\n---\nBody.\n",
        )],
    );
    let found = warnings(&site);
    assert_eq!(codes(&found), ["content/articles/a.md:3:unknown-topic"]);
    assert!(found[0].message.contains("no letters or digits"));
}

#[test]
fn the_generated_corpus_without_declared_topics_builds_without_errors() {
    let site = Fixture::empty();
    corpus::generate(site.root(), 200, corpus::SEED).unwrap();
    let toml = site.source("site.toml");
    let declarations = toml.find("\n[[topics]]").expect("declared topics");
    site.write("site.toml", &toml[..declarations]);
    let report = site.built();
    assert!(report.topics >= 10, "{} topics", report.topics);
    let problems: Vec<String> = report.diagnostics.iter().map(|d| d.render(false)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------
// Titles
// ---------------------------------------------------------------------------------------

#[test]
fn a_page_without_front_matter_takes_its_heading_once() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/notes/Weekly review.md",
                "# Review the week\n\nWhat went well. See [[Plain note]].\n\n## Next\n\nPlan.\n",
            ),
            (
                "content/notes/Plain note.md",
                "Just text, [[Weekly review#next]].\n",
            ),
            (
                "content/notes/Later.md",
                "Text first.\n\n# A heading later\n",
            ),
        ],
    );
    assert_eq!(codes(&warnings(&site)), Vec::<String>::new());
    let weekly = site.read("notes/weekly-review.html");
    assert_eq!(h1(&weekly).as_deref(), Some("Review the week"));
    assert!(!weekly.contains("id=\"review-the-week\""), "{weekly}");
    assert!(weekly.contains("id=\"next\""));
    assert_eq!(
        h1(&site.read("notes/plain-note.html")).as_deref(),
        Some("Plain note")
    );
    // A heading that is not the first block stays in the body.
    let later = site.read("notes/later.html");
    assert_eq!(h1(&later).as_deref(), Some("Later"));
    assert!(later.contains("<h1 id=\"a-heading-later\">"), "{later}");
}

#[test]
fn a_setext_heading_titles_the_page_and_is_not_repeated() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/notes/x.md",
            "---\ntags: [feedback]\n---\nThe title\n=========\n\nBody [here](#the-title).\n",
        )],
    );
    assert_eq!(codes(&warnings(&site)), Vec::<String>::new());
    let html = site.read("notes/x.html");
    assert_eq!(h1(&html).as_deref(), Some("The title"));
    // The body no longer holds it; a link to it still lands on the page, at its title.
    assert!(!html.contains("id=\"the-title\""), "{html}");
    assert!(!html.contains("=========="));
}

#[test]
fn an_empty_note_is_titled_by_its_file_name_with_a_warning() {
    for contents in ["", "\n\n  \n"] {
        let site = Fixture::new(MINIMAL_TOML, &[("content/Someday Maybe.md", contents)]);
        let found = warnings(&site);
        assert_eq!(codes(&found), ["content/Someday Maybe.md:1:empty-file"]);
        assert!(found[0].message.contains("\"Someday Maybe\""));
        assert_eq!(
            h1(&site.read("someday-maybe.html")).as_deref(),
            Some("Someday Maybe")
        );
    }
}

#[test]
fn a_missing_title_is_a_report_finding_not_an_error() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/x.md",
                "---\ntopics: [feedback]\nsummary: S.\n---\nBody.\n",
            ),
            (
                "content/tips/y.md",
                "---\ntitle: Y\ntopics: [feedback]\nsummary: S.\n---\nBody.\n",
            ),
        ],
    );
    let output = site.run(&["check", "--report", "--format", "json"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    let report: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(report["report"]["counts"]["implicit-title"], 1);
    let finding = report["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "implicit-title")
        .unwrap();
    assert_eq!(finding["file"], "content/tips/x.md");
    assert!(
        finding["message"].as_str().unwrap().contains("\"x\""),
        "{finding}"
    );
}

#[test]
fn a_home_page_without_a_title_takes_the_site_title() {
    let site = Fixture::new(MINIMAL_TOML, &[("content/_index.md", "Welcome.\n")]);
    assert_eq!(codes(&warnings(&site)), Vec::<String>::new());
    assert_eq!(h1(&site.read("index.html")).as_deref(), Some("Fixture"));
}

// ---------------------------------------------------------------------------------------
// Other tools' front matter
// ---------------------------------------------------------------------------------------

#[test]
fn zola_toml_front_matter_builds() {
    let site = Fixture::new(
        NO_TOPICS,
        &[(
            "content/articles/zola.md",
            "+++\ntitle = \"From Zola\"\ndescription = \"Written for Zola.\"\ndate = 2025-02-03T10:00:00+01:00\nupdated = 2025-02-05\ndraft = false\n\n[taxonomies]\ntags = [\"rust\", \"feedback\"]\ncategories = [\"feedback\", \"tools\"]\n\n[extra]\nhero = \"x.png\"\n+++\nBody.\n",
        )],
    );
    assert_eq!(codes(&warnings(&site)), Vec::<String>::new());
    let html = site.read("articles/zola.html");
    assert_eq!(h1(&html).as_deref(), Some("From Zola"));
    assert_eq!(
        meta(&html, "description").as_deref(),
        Some("Written for Zola.")
    );
    assert!(html.contains("datetime=\"2025-02-03\""), "{html}");
    for slug in ["rust", "feedback", "tools"] {
        assert!(site.exists(&format!("topics/{slug}.html")), "{slug}");
    }
    let feed = site.read("atom.xml");
    assert!(
        feed.contains("<published>2025-02-03T10:00:00+01:00</published>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2025-02-05T00:00:00Z</updated>"),
        "{feed}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2025-02-05</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn hugo_and_jekyll_dates_order_by_instant_and_show_their_day() {
    let site = Fixture::new(
        NO_TOPICS,
        &[
            (
                "content/articles/hugo.md",
                "---\ntitle: Hugo\ndate: 2025-02-03T23:30:00-05:00\nlastmod: 2025-02-04T08:00:00+01:00\ntags: [feedback]\n---\nBody.\n",
            ),
            (
                "content/articles/jekyll.md",
                "---\ntitle: Jekyll\ndate: 2025-02-04 01:00:00 +0000\ntags: [feedback]\n---\nBody.\n",
            ),
            (
                "content/articles/plain.md",
                "---\ntitle: Plain\ndate: \"2025-02-04\"\ntags: [feedback]\n---\nBody.\n",
            ),
        ],
    );
    assert_eq!(codes(&warnings(&site)), Vec::<String>::new());
    let hugo = site.read("articles/hugo.html");
    assert!(hugo.contains("datetime=\"2025-02-03\""), "{hugo}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2025-02-04T08:00:00+01:00</lastmod>"),
        "{sitemap}"
    );
    // 23:30 at UTC-5 is 04:30 UTC on the 4th: after Jekyll's 01:00 UTC, Plain's midnight.
    let feed = site.read("atom.xml");
    let order: Vec<usize> = ["Hugo", "Jekyll", "Plain"]
        .iter()
        .map(|t| feed.find(&format!("<title>{t}</title>")).unwrap())
        .collect();
    assert!(order[2] > order[1] && order[1] > order[0], "{feed}");
    let home = site.read("index.html");
    let recent: Vec<usize> = [
        "articles/hugo.html",
        "articles/jekyll.html",
        "articles/plain.html",
    ]
    .iter()
    .map(|u| home.find(u).unwrap())
    .collect();
    assert!(recent[0] < recent[1] && recent[1] < recent[2], "{home}");
}

#[test]
fn a_date_that_is_no_date_lists_the_accepted_forms() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/x.md",
            "---\ntitle: X\ntopics: [feedback]\nlastmod: next Tuesday\n---\nBody.\n",
        )],
    );
    let found = site.failed();
    let d = found.iter().find(|d| d.is_error()).unwrap();
    assert_eq!((d.code.name(), d.line), ("invalid-date", Some(4)));
    let shown = d.render(false);
    assert!(
        shown.contains("`next Tuesday` is not a valid date"),
        "{shown}"
    );
    assert!(shown.contains("YYYY-MM-DD HH:MM:SS ±HHMM"), "{shown}");
}

#[test]
fn a_toml_block_that_does_not_parse_is_located_and_loses_nothing() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/good.md",
            "---\ntitle: Good\ntopics: [feedback]\n---\nBody.\n",
        )],
    );
    site.built();
    site.write(
        "content/tips/x.md",
        "+++\ntitle = \"X\"\ntitle = \"Y\"\n+++\n",
    );
    let found = site.failed();
    assert_eq!(codes(&found), ["content/tips/x.md:3:duplicate-field"]);
    site.write("content/tips/x.md", "+++\ntitle = \"X\nsummary = 1\n+++\n");
    let found = site.failed();
    assert_eq!(found[0].code.name(), "toml-syntax");
    assert_eq!(found[0].line, Some(2));
    assert!(found[0].message.starts_with("invalid TOML"), "{}", found[0]);
    // The failed builds kept what was built.
    assert!(site.exists("tips/good.html"));
}

#[test]
fn other_tools_field_names_map_and_merge() {
    let site = Fixture::new(
        NO_TOPICS,
        &[
            (
                "content/articles/a.md",
                "---\ntitle: A\ndescription: From description.\nsummary: From summary.\nmodified: 2024-01-01\nlastmod: 2024-02-01\nupdated: 2024-03-01\ndate: 2023-12-01\ntopics: [one]\ntags: [two, one]\ncategories: [three]\nlayout: post\ncssclasses: [wide]\n---\nBody.\n",
            ),
            (
                "content/articles/b.md",
                "---\ntitle: B\npublished: false\n---\nBody.\n",
            ),
            (
                "content/articles/c.md",
                "---\ntitle: C\npublish: false\n---\nBody.\n",
            ),
        ],
    );
    assert_eq!(codes(&warnings(&site)), Vec::<String>::new());
    let html = site.read("articles/a.html");
    assert_eq!(meta(&html, "description").as_deref(), Some("From summary."));
    assert!(site
        .read("sitemap.xml")
        .contains("<lastmod>2024-03-01</lastmod>"));
    for slug in ["one", "two", "three"] {
        assert!(site.exists(&format!("topics/{slug}.html")), "{slug}");
    }
    // Drafts.
    assert!(!site.exists("articles/b.html"));
    assert!(!site.exists("articles/c.html"));
}

#[test]
fn unknown_fields_are_counted_by_name_in_the_report() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: A\ntopics: [feedback]\nlayout: post\ncover: a.png\n---\nBody.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntopics: [feedback]\nlayout: post\n---\nBody.\n",
            ),
        ],
    );
    let output = site.run(&["check", "--report", "--format", "json"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    let report: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(
        report["report"]["unknown_fields"],
        serde_json::json!({"layout": 2, "cover": 1})
    );
    let output = site.run(&["check", "--report"]);
    let out = stdout(&output);
    assert!(
        out.contains("unknown fields (passed to templates under `extra`): layout 2 · cover 1"),
        "{out}"
    );
}
