//! Library-level integration tests: `ladder::build` on small hand-made sites whose right
//! answers are worked out by hand in the comments.

use crate::fixture::*;
use crate::html::*;
use crate::repo_root;
use ladder::{Failure, Options, Severity};

// ---------------------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------------------

const FIELDS_TOML: &str = r#"title = "Fixture"
description = "A fixture site."
base_url = "https://example.org/kb/"

[[topics]]
slug = "managing-up"
title = "Managing up"
aliases = ["working with your boss"]

[[topics]]
slug = "mentoring"
title = "Mentoring"
"#;

/// A site whose pages use every front-matter field.
fn fields_site() -> Fixture {
    Fixture::new(
        FIELDS_TOML,
        &[
            (
                "content/topics/feedback.md",
                "---\ntitle: Feedback\nsummary: Asking for and acting on feedback.\n---\nPages about feedback.\n",
            ),
            (
                "content/articles/full.md",
                r#"---
title: Everything at once
summary: A page that uses every field.
topics: [mentoring, working with your boss]
date: 2024-03-05
updated: 2024-04-06
author: Ada Writer
source:
  title: The Original
  author: Bo Author
  publication: Some Magazine
slug: all-fields
aliases: [old/everything/, older.html]
weight: 3
extra:
  mood: sunny
---
Body text of the article.
"#,
            ),
            (
                "content/articles/linked-source.md",
                r#"---
title: Linked source
summary: Credit with a link.
topics: [mentoring]
source:
  title: Web Piece
  author: Cy Blogger
  publication: The Web
  url: https://example.com/piece
---
Body.
"#,
            ),
            (
                "content/tips/secret.md",
                "---\ntitle: Secret tip\ndraft: true\ntopics: [feedback]\n---\nNot yet.\n",
            ),
            (
                "content/tips/tagged.md",
                "---\ntitle: Tagged tip\nsummary: Uses tags.\ntags: [feedback]\n---\nTagged.\n",
            ),
            (
                "content/tips/zz-weighted.md",
                "---\ntitle: Zz weighted\nweight: 1\ntopics: [feedback]\n---\nFirst by weight.\n",
            ),
            (
                "content/tips/aa-plain.md",
                "---\ntitle: Aa plain\ntopics: [feedback]\n---\nFirst by title among the unweighted.\n",
            ),
            (
                "content/about.md",
                "---\ntitle: About\nextra:\n  mood: sunny\n  count: 3\n---\nAbout this site.\n",
            ),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}{% block main %}<p id=\"mood\">{{ page.extra.mood }} {{ page.extra.count + 1 }}</p>{% endblock main %}\n",
            ),
        ],
    )
}

/// Collapses runs of whitespace to single spaces.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hrefs and the texts of the first `<ul class="chips">` list.
fn chips(html: &str) -> (Vec<String>, Vec<String>) {
    let list = between(html, "<ul class=\"chips\"", "</ul>").expect("a chips list");
    let texts = list
        .split("class=\"chip\"")
        .skip(1)
        .map(|s| decode_entities(between(s, ">", "</a>").unwrap()))
        .collect();
    (hrefs(list), texts)
}

#[test]
fn templates_escape_text_but_leave_link_slashes_readable() {
    let site = Fixture::new(
        "title = \"Q & A <site>\"\n",
        &[(
            "content/articles/x.md",
            "---\ntitle: \"Say \\\"no\\\" & 'mean' it\"\n---\nBody.\n",
        )],
    );
    site.built();
    let html = site.read("articles/x.html");
    assert!(html.contains("href=\"../style.css\""), "{html}");
    assert!(!html.contains("&#x2F;"), "{html}");
    assert!(
        html.contains("<h1>Say &quot;no&quot; &amp; &#39;mean&#39; it</h1>"),
        "{html}"
    );
    assert!(html.contains("Q &amp; A &lt;site&gt;"), "{html}");
}

#[test]
fn title_and_summary_fill_h1_title_lede_and_meta_tags() {
    let site = fields_site();
    site.built();
    let html = site.read("articles/all-fields.html");
    assert_eq!(h1(&html).as_deref(), Some("Everything at once"));
    assert_eq!(
        title(&html).as_deref(),
        Some("Everything at once · Fixture")
    );
    assert!(
        html.contains("<p class=\"lede\">A page that uses every field.</p>"),
        "{html}"
    );
    assert_eq!(
        meta(&html, "description").as_deref(),
        Some("A page that uses every field.")
    );
    assert_eq!(
        meta(&html, "og:description").as_deref(),
        Some("A page that uses every field.")
    );
    assert_eq!(
        meta(&html, "og:title").as_deref(),
        Some("Everything at once")
    );
    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    assert_eq!(
        meta(&html, "og:url").as_deref(),
        Some("https://example.org/kb/articles/all-fields.html")
    );
}

#[test]
fn without_a_summary_the_opening_sentences_describe_the_page_but_are_not_repeated() {
    let site = fields_site();
    // Two sentences fit in 200 characters; the third would not.
    let opening = "Ask for feedback the week after you present, while it is fresh. Write down what you hear, even the parts that sting, and thank the person.";
    let rest = " Then choose one thing to try before the next talk, and tell them.";
    site.write(
        "content/tips/fresh.md",
        format!("---\ntitle: Fresh\ntopics: [mentoring]\n---\n{opening}{rest}\n"),
    );
    site.built();
    let html = site.read("tips/fresh.html");
    assert_eq!(meta(&html, "description").as_deref(), Some(opening));
    assert_eq!(meta(&html, "og:description").as_deref(), Some(opening));
    assert!(
        !html.contains("class=\"lede\""),
        "the lede repeats the text: {html}"
    );
    // Lists that name the page show the same opening.
    let topic = site.read("topics/mentoring.html");
    assert!(
        topic.contains(&format!("<p class=\"page-item-summary\">{opening}</p>")),
        "{topic}"
    );
}

#[test]
fn topics_become_chips_linking_to_topic_pages() {
    let site = fields_site();
    site.built();
    let html = site.read("articles/all-fields.html");
    // In the order written; the alias `working with your boss` resolves to managing-up.
    let (links, texts) = chips(&html);
    assert_eq!(
        links,
        ["../topics/mentoring.html", "../topics/managing-up.html"]
    );
    assert_eq!(texts, ["Mentoring", "Managing up"]);
}

#[test]
fn date_and_author_show_in_article_meta_and_updated_in_sitemap() {
    let site = fields_site();
    site.built();
    let html = site.read("articles/all-fields.html");
    let meta_line = squash(between(&html, "<p class=\"meta\">", "</p>").unwrap());
    assert!(
        meta_line.contains("<time datetime=\"2024-03-05\">5 March 2024</time>"),
        "{meta_line}"
    );
    assert!(meta_line.ends_with("· Ada Writer"), "{meta_line}");
    let sitemap = site.read("sitemap.xml");
    // `updated` wins over `date` for lastmod.
    assert!(
        sitemap.contains(
            "<url><loc>https://example.org/kb/articles/all-fields.html</loc><lastmod>2024-04-06</lastmod></url>"
        ),
        "{sitemap}"
    );
}

#[test]
fn source_gives_a_credit_line() {
    let site = fields_site();
    site.built();
    let html = site.read("articles/all-fields.html");
    let credit = squash(between(&html, "<p class=\"source-credit\">", "</p>").expect("credit"));
    assert_eq!(
        credit,
        "Adapted from “The Original” by Bo Author, Some Magazine."
    );

    let html = site.read("articles/linked-source.html");
    let credit = squash(between(&html, "<p class=\"source-credit\">", "</p>").expect("credit"));
    assert_eq!(
        decode_entities(&credit),
        "Adapted from <a href=\"https://example.com/piece\">“Web Piece”</a> by Cy Blogger, The Web."
    );
}

#[test]
fn an_untitled_source_is_credited_without_inventing_a_title() {
    let site = Fixture::new(
        "title = \"T\"\n",
        &[(
            "content/articles/a.md",
            "---\ntitle: A\nsource:\n  author: Di Writer\n  publication: a career blog\n---\nText.\n",
        )],
    );
    site.built();
    let html = site.read("articles/a.html");
    let credit = squash(between(&html, "<p class=\"source-credit\">", "</p>").expect("credit"));
    assert_eq!(credit, "Adapted from a post by Di Writer in a career blog.");
}

#[test]
fn slug_overrides_the_file_name() {
    let site = fields_site();
    site.built();
    assert!(site.exists("articles/all-fields.html"));
    assert!(!site.exists("articles/full.html"));
}

#[test]
fn aliases_write_redirect_pages_with_relative_targets() {
    let site = fields_site();
    site.built();
    let redirect = site.read("old/everything/index.html");
    assert!(
        redirect.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../articles/all-fields.html\">"
        ),
        "{redirect}"
    );
    assert!(redirect.contains("<a href=\"../../articles/all-fields.html\">Everything at once</a>"));
    let redirect = site.read("older.html");
    assert!(
        redirect.contains("content=\"0; url=articles/all-fields.html\""),
        "{redirect}"
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = fields_site();
    site.built();
    assert!(!site.exists("tips/secret.html"));
    let topic = site.read("topics/feedback.html");
    assert!(!topic.contains("Secret tip"));
    assert!(!site.read("sitemap.xml").contains("secret"));

    site.built_with(&Options {
        drafts: true,
        ..Options::default()
    });
    assert_eq!(
        h1(&site.read("tips/secret.html")).as_deref(),
        Some("Secret tip")
    );
    let topic = site.read("topics/feedback.html");
    assert!(
        section_hrefs(&topic, "topic-tips-heading").contains(&"../tips/secret.html".to_string())
    );
}

#[test]
fn weight_orders_topic_lists_before_title() {
    let site = fields_site();
    site.built();
    let topic = site.read("topics/feedback.html");
    // Weighted first, then by title: "Aa plain" < "Tagged tip".
    assert_eq!(
        section_hrefs(&topic, "topic-tips-heading"),
        [
            "../tips/zz-weighted.html",
            "../tips/aa-plain.html",
            "../tips/tagged.html"
        ]
    );
    let site = fields_site();
    site.built_with(&Options {
        drafts: true,
        ..Options::default()
    });
    let topic = site.read("topics/feedback.html");
    assert_eq!(
        section_hrefs(&topic, "topic-tips-heading"),
        [
            "../tips/zz-weighted.html",
            "../tips/aa-plain.html",
            "../tips/secret.html",
            "../tips/tagged.html"
        ]
    );
}

#[test]
fn extra_reaches_a_template_override() {
    let site = fields_site();
    site.built();
    let html = site.read("about.html");
    assert!(html.contains("<p id=\"mood\">sunny 4</p>"), "{html}");
    // The override replaced only page.html: articles still use the theme's template.
    assert!(site
        .read("articles/all-fields.html")
        .contains("class=\"page page-article\""));
}

#[test]
fn tags_is_an_alias_of_topics() {
    let site = fields_site();
    let report = site.built();
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("tags")),
        "{:?}",
        report.diagnostics
    );
    let (links, texts) = chips(&site.read("tips/tagged.html"));
    assert_eq!(links, ["../topics/feedback.html"]);
    assert_eq!(texts, ["Feedback"]);
    let topic = site.read("topics/feedback.html");
    assert!(
        section_hrefs(&topic, "topic-tips-heading").contains(&"../tips/tagged.html".to_string())
    );
}

#[test]
fn unknown_field_is_a_warning_with_a_suggestion() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/a.md",
            "---\ntitle: A\ntopics: [feedback]\nsumary: typo\n---\nBody.\n",
        )],
    );
    let report = site.built();
    let warnings: Vec<String> = report.diagnostics.iter().map(|d| d.render(false)).collect();
    assert_eq!(
        warnings,
        ["content/tips/a.md:4:1: warning[unknown-field]: unknown field `sumary` is ignored\n  = help: did you mean `summary`?"]
    );
}

// ---------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------

const ASK_TIP: &str = "---
title: Ask Early
summary: Show rough work sooner.
topics: [feedback]
---
Intro.

## Why it works

Because.
";

fn links_site() -> Fixture {
    Fixture::new(
        MINIMAL_TOML,
        &[
            ("content/tips/ask.md", ASK_TIP),
            (
                "content/tips/other.md",
                "---\ntitle: Other tip\ntopics: [feedback]\n---\nSame folder: [ask](ask.md) and [why](ask.md#why-it-works).\n",
            ),
            (
                "content/articles/guide.md",
                "---\ntitle: Guide\ntopics: [feedback]\n---\nRelative: [ask](../tips/ask.md#why-it-works).\n\nWiki: [[ask]], [[ask|asking]], [[ask early]].\n\n![[ask]]\n\nThe end.\n",
            ),
        ],
    )
}

#[test]
fn relative_md_links_become_html_links() {
    let site = links_site();
    site.built();
    let guide = site.read("articles/guide.html");
    assert!(
        guide.contains("<a href=\"../tips/ask.html#why-it-works\">ask</a>"),
        "{guide}"
    );
    let other = site.read("tips/other.html");
    assert!(other.contains("<a href=\"ask.html\">ask</a>"), "{other}");
    assert!(
        other.contains("<a href=\"ask.html#why-it-works\">why</a>"),
        "{other}"
    );
    assert!(!other.contains(".md\""));
}

#[test]
fn wiki_links_show_title_or_label() {
    let site = links_site();
    site.built();
    let guide = site.read("articles/guide.html");
    let line = between(&guide, "Wiki: ", "</p>").unwrap();
    // [[ask]] and [[ask early]] (by title, any case) show the title; [[ask|asking]] the label.
    assert_eq!(
        line,
        "<a href=\"../tips/ask.html\">Ask Early</a>, <a href=\"../tips/ask.html\">asking</a>, <a href=\"../tips/ask.html\">Ask Early</a>."
    );
}

#[test]
fn embed_alone_on_a_line_renders_a_card() {
    let site = links_site();
    site.built();
    let guide = site.read("articles/guide.html");
    let card = between(&guide, "<aside class=\"card", "</aside>").expect("a card");
    assert!(card.starts_with(" card-tip\""), "{card}");
    assert!(
        card.contains("<p class=\"card-title\"><a href=\"../tips/ask.html\">Ask Early</a></p>"),
        "{card}"
    );
    assert!(
        card.contains("<p class=\"card-text\">Show rough work sooner.</p>"),
        "{card}"
    );
    assert!(
        card.contains("<a class=\"chip\" href=\"../topics/feedback.html\">Feedback</a>"),
        "{card}"
    );
    // The embed is not left as an image or a paragraph.
    assert!(!guide.contains("<img src=\"ask\""));
    assert!(!guide.contains("<p><aside"));
}

/// A page with three broken links; the front matter spans five lines.
const BAD_LINKS: &str = "---
title: Bad
topics:
  - feedback
---
First line.

Some text [gone](missing.md) here.
Then [[nowhere]] and [a](ask.md#nope).
";

#[test]
fn broken_links_and_anchors_fail_with_file_line_and_column() {
    let site = links_site();
    site.write("content/tips/bad.md", BAD_LINKS);
    let errors: Vec<String> = site
        .failed()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render(false).lines().next().unwrap().to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "content/tips/bad.md:8:11: error[broken-link]: link `missing.md` leads to content/tips/missing.md, which does not exist",
            "content/tips/bad.md:9:6: error[broken-link]: wiki link `[[nowhere]]` matches no page",
            "content/tips/bad.md:9:22: error[broken-anchor]: content/tips/ask.md has no heading with the anchor `#nope`",
        ]
    );
    assert!(!site.out().exists(), "a failed first build writes nothing");
}

#[test]
fn a_broken_anchor_alone_fails_the_build() {
    let site = links_site();
    site.write(
        "content/articles/guide.md",
        "---\ntitle: Guide\ntopics: [feedback]\n---\n\n\nSee [why](../tips/ask.md#why-it-work).\n",
    );
    let errors = site.failed();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let d = &errors[0];
    assert_eq!(d.file, std::path::Path::new("content/articles/guide.md"));
    assert_eq!((d.line, d.column), (Some(7), Some(5)));
    assert!(d.message.contains("`#why-it-work`"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `#why-it-works`?"));
}

// ---------------------------------------------------------------------------------------
// Topics
// ---------------------------------------------------------------------------------------

fn topics_site() -> Fixture {
    Fixture::new(
        FIELDS_TOML.replace("base_url = \"https://example.org/kb/\"\n", "").as_str(),
        &[
            (
                "content/topics/feedback.md",
                "---\ntitle: Feedback\nsummary: Asking for and acting on feedback.\n---\nPages about feedback.\n",
            ),
            (
                "content/tips/boss.md",
                "---\ntitle: Brief your boss\ntopics: [working with your boss]\n---\nWeekly.\n",
            ),
            (
                "content/tips/mentor.md",
                "---\ntitle: Find a mentor\ntopics:\n  - mentorng\n  - feedback\n---\nAsk around.\n",
            ),
            (
                "content/articles/a.md",
                "---\ntitle: Growing\ntopics: [Mentoring, managing up]\n---\nText.\n",
            ),
        ],
    )
}

#[test]
fn a_topic_alias_lands_on_the_right_topic_page() {
    let site = topics_site();
    site.built();
    let topic = site.read("topics/managing-up.html");
    assert_eq!(h1(&topic).as_deref(), Some("Managing up"));
    assert_eq!(
        section_hrefs(&topic, "topic-tips-heading"),
        ["../tips/boss.html"]
    );
    assert_eq!(
        section_hrefs(&topic, "articles-heading"),
        ["../articles/a.html"]
    );
    let topic = site.read("topics/mentoring.html");
    assert_eq!(
        section_hrefs(&topic, "articles-heading"),
        ["../articles/a.html"]
    );
    assert!(section(&topic, "topic-tips-heading").is_none());
}

#[test]
fn an_undeclared_topic_warns_with_a_suggestion() {
    let site = topics_site();
    let report = site.built();
    let warnings: Vec<_> = report.diagnostics.iter().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.file, std::path::Path::new("content/tips/mentor.md"));
    assert_eq!(w.line, Some(3));
    assert!(
        w.message.contains("`mentorng` is a new topic"),
        "{}",
        w.message
    );
    assert!(
        w.render(false).contains("did you mean `mentoring`"),
        "{}",
        w.render(false)
    );
    // Topics are open: the page lands under the new topic too.
    let (links, _) = chips(&site.read("tips/mentor.html"));
    assert_eq!(
        links,
        ["../topics/mentorng.html", "../topics/feedback.html"]
    );
}

/// (href, title, count) of each card in a topic grid.
fn topic_grid(html: &str) -> Vec<(String, String, String)> {
    html.split("<li class=\"topic-card\">")
        .skip(1)
        .map(|card| {
            let href = hrefs(card)[0].clone();
            let title = between(card, "class=\"topic-card-title\"", "</a>").unwrap();
            let title = decode_entities(&title[title.find('>').unwrap() + 1..]);
            let count = between(card, "<span class=\"count\"", "</span>").unwrap();
            // The number leads the span; anything after it is for screen readers.
            let count: String = count[count.find('>').unwrap() + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (href, title, count)
        })
        .collect()
}

#[test]
fn topics_index_lists_every_topic_with_counts() {
    let site = topics_site();
    let report = site.built();
    assert_eq!(report.topics, 4);
    let index = site.read("topics/index.html");
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        topic_grid(&index),
        [
            s("feedback.html", "Feedback", "1"),
            s("managing-up.html", "Managing up", "2"),
            s("mentoring.html", "Mentoring", "1"),
            s("mentorng.html", "mentorng", "1"),
        ]
    );
    // The home page shows the same topics, linked from the root.
    let home = site.read("index.html");
    assert_eq!(
        topic_grid(&home),
        [
            s("topics/feedback.html", "Feedback", "1"),
            s("topics/managing-up.html", "Managing up", "2"),
            s("topics/mentoring.html", "Mentoring", "1"),
            s("topics/mentorng.html", "mentorng", "1"),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// The link graph
// ---------------------------------------------------------------------------------------

const GRAPH_TOML: &str = r#"title = "Graph"

[[topics]]
slug = "career"
title = "Career"

[[topics]]
slug = "feedback"
title = "Feedback"
"#;

/// Three articles, five tips, three topics (negotiation the rarest).
///
/// Members: career A1 A2 T1 T2 T3 T5 (6); feedback A2 A3 T1 T4 (4); negotiation A1 A3 T2 (3).
/// Total 13, so a shared topic weighs ln(1 + 13/n): career 1.153, feedback 1.447,
/// negotiation 1.674. A direct link adds 1 each way; a tip with the same source article adds 1.
///
/// Links: A1 embeds T3; A3 links T2; T1 links A2 (by title); T2 links A1.
/// Source articles: T1 → A2 (its link), T2 → A1 (its link), T3 → A1 (A1 embeds it),
/// T4 → A2 (same `source.title`), T5 → none.
fn graph_site() -> Fixture {
    Fixture::new(
        GRAPH_TOML,
        &[
            (
                "content/topics/negotiation.md",
                "---\ntitle: Negotiation\nsummary: Getting to yes.\n---\nAbout negotiating.\n",
            ),
            (
                "content/articles/asking-for-a-raise.md",
                "---\ntitle: Asking for a raise\ndate: 2024-01-10\ntopics: [career, negotiation]\n---\nPrepare.\n\n![[keep-a-brag-doc]]\n",
            ),
            (
                "content/articles/building-a-career.md",
                "---\ntitle: Building a career\ndate: 2024-03-01\ntopics: [career, feedback]\nsource:\n  title: Feedback Matters\n---\nSlowly.\n",
            ),
            (
                "content/articles/negotiating-offers.md",
                "---\ntitle: Negotiating offers\ndate: 2024-02-01\ntopics: [negotiation, feedback]\n---\nKnow [[know-your-number|your number]].\n",
            ),
            (
                "content/tips/ask-early.md",
                "---\ntitle: Ask early\ntopics: [career, feedback]\nsource_article: \"[[building-a-career]]\"\n---\nFrom [[Building a career]].\n",
            ),
            (
                "content/tips/know-your-number.md",
                "---\ntitle: Know your number\ntopics: [negotiation, career]\nsource_article: ../articles/asking-for-a-raise.md\n---\nSee [the raise article](../articles/asking-for-a-raise.md).\n",
            ),
            (
                "content/tips/keep-a-brag-doc.md",
                "---\ntitle: Keep a brag doc\ntopics: [career]\nsource_article: [[asking-for-a-raise]]\n---\nWrite it down.\n",
            ),
            (
                "content/tips/request-feedback-monthly.md",
                "---\ntitle: Request feedback monthly\ntopics: [feedback]\nsource_article: Building a career\nsource:\n  title: Feedback Matters\n  author: Jo Smith\n  publication: Career Weekly\n---\nMonthly.\n",
            ),
            (
                "content/tips/practise-the-pitch.md",
                "---\ntitle: Practise the pitch\nweight: 1\ntopics: [career]\n---\nOut loud.\n",
            ),
        ],
    )
}

const A1: &str = "articles/asking-for-a-raise.html";
const A2: &str = "articles/building-a-career.html";
const A3: &str = "articles/negotiating-offers.html";
const T1: &str = "tips/ask-early.html";
const T2: &str = "tips/know-your-number.html";
const T3: &str = "tips/keep-a-brag-doc.html";
const T4: &str = "tips/request-feedback-monthly.html";
const T5: &str = "tips/practise-the-pitch.html";

/// `targets` (root-relative) as seen from a page one folder deep.
fn from_subfolder(targets: &[&str]) -> Vec<String> {
    targets.iter().map(|t| format!("../{t}")).collect()
}

#[test]
fn article_lists_its_tips_best_first() {
    let site = graph_site();
    site.built();
    // A1: T2 1.153+1.674 +1 link +1 source = 4.83; T3 1.153 +1 embed +1 source = 3.15;
    // T5 and T1 1.153 each, T5 first by weight.
    assert_eq!(
        section_hrefs(&site.read(A1), "tips-heading"),
        from_subfolder(&[T2, T3, T5, T1])
    );
    // A2: T1 1.153+1.447 +1 link +1 source = 4.60; T4 1.447 +1 source = 2.45;
    // T5, T3, T2 1.153 each: T5 by weight, then "Keep…" < "Know…".
    assert_eq!(
        section_hrefs(&site.read(A2), "tips-heading"),
        from_subfolder(&[T1, T4, T5, T3, T2])
    );
    // A3: T2 1.674 +1 link = 2.67; T1 and T4 1.447 each, by title.
    assert_eq!(
        section_hrefs(&site.read(A3), "tips-heading"),
        from_subfolder(&[T2, T1, T4])
    );
}

#[test]
fn related_articles_rank_a_rare_shared_topic_above_a_common_one() {
    let site = graph_site();
    site.built();
    // The most related article is the next step at the end of the article, and the
    // related list shows the others.
    // A1 shares negotiation (1.674) with A3 and career (1.153) with A2.
    assert_eq!(
        next_step(&site.read(A1)),
        ("Read next".into(), A3_HERE.into())
    );
    assert_eq!(
        section_hrefs(&site.read(A1), "related-heading"),
        ["building-a-career.html"]
    );
    // A2: feedback with A3 (1.447) beats career with A1 (1.153).
    assert_eq!(next_step(&site.read(A2)).1, A3_HERE);
    assert_eq!(
        section_hrefs(&site.read(A2), "related-heading"),
        ["asking-for-a-raise.html"]
    );
    // A3: negotiation with A1 (1.674) beats feedback with A2 (1.447).
    assert_eq!(next_step(&site.read(A3)).1, "asking-for-a-raise.html");
    assert_eq!(
        section_hrefs(&site.read(A3), "related-heading"),
        ["building-a-career.html"]
    );
}

#[test]
fn a_direct_link_adds_weight_to_related_articles() {
    let site = graph_site();
    site.write(
        "content/articles/building-a-career.md",
        "---\ntitle: Building a career\ndate: 2024-03-01\ntopics: [career, feedback]\nsource:\n  title: Feedback Matters\n---\nSlowly; see [[asking-for-a-raise]].\n",
    );
    site.built();
    // A2 → A1 adds 1: 1.153 + 1 = 2.15 now beats A3's 1.674.
    assert_eq!(next_step(&site.read(A1)).1, "building-a-career.html");
    assert_eq!(section_hrefs(&site.read(A1), "related-heading"), [A3_HERE]);
}

/// Negotiating offers, as linked from another article.
const A3_HERE: &str = "negotiating-offers.html";

/// The label and href of the next step offered at the end of a page.
fn next_step(html: &str) -> (String, String) {
    let nav = between(html, "<nav class=\"next-step\"", "</nav>").expect("a next step");
    let label = between(nav, "<h2 id=\"next-step-heading\">", "</h2>").unwrap();
    (decode_entities(label), hrefs(nav)[0].clone())
}

/// The href of the "From the article" line of a tip, if it has one.
fn from_article(html: &str) -> Option<String> {
    between(html, "<p class=\"from-article\">", "</p>").map(|p| hrefs(p)[0].clone())
}

#[test]
fn a_tip_shows_its_source_article() {
    let site = graph_site();
    site.built();
    let a = |t: &str| Some(format!("../{t}"));
    // Each form of link names its article.
    assert_eq!(from_article(&site.read(T1)), a(A2), "\"[[slug]]\"");
    assert_eq!(from_article(&site.read(T2)), a(A1), "a relative .md path");
    assert_eq!(from_article(&site.read(T3)), a(A1), "[[slug]] unquoted");
    assert_eq!(from_article(&site.read(T4)), a(A2), "a title");
    assert_eq!(from_article(&site.read(T5)), None, "T5 names no article");
    let t4 = site.read(T4);
    let line = decode_entities(between(&t4, "<p class=\"from-article\">", "</p>").unwrap());
    assert_eq!(
        line,
        "From the article <a href=\"../articles/building-a-career.html\">Building a career</a>."
    );
    let credit = squash(between(&t4, "<p class=\"source-credit\">", "</p>").unwrap());
    assert_eq!(
        credit,
        "Adapted from “Feedback Matters” by Jo Smith, Career Weekly."
    );
}

#[test]
fn a_tip_lists_sibling_tips_best_first() {
    let site = graph_site();
    site.built();
    // T1 [career, feedback], source A2: T4 1.447 +1 same source; then T5, T3, T2 at 1.153.
    assert_eq!(
        section_hrefs(&site.read(T1), "siblings-heading"),
        [
            "request-feedback-monthly.html",
            "practise-the-pitch.html",
            "keep-a-brag-doc.html",
            "know-your-number.html"
        ]
    );
    // T2, source A1: T3 1.153 +1 same source; then T5 (weight), T1.
    assert_eq!(
        section_hrefs(&site.read(T2), "siblings-heading"),
        [
            "keep-a-brag-doc.html",
            "practise-the-pitch.html",
            "ask-early.html"
        ]
    );
    // T3, source A1: T2 +1 same source; then T5, T1.
    assert_eq!(
        section_hrefs(&site.read(T3), "siblings-heading"),
        [
            "know-your-number.html",
            "practise-the-pitch.html",
            "ask-early.html"
        ]
    );
    // T4 [feedback]: only T1 shares it.
    assert_eq!(
        section_hrefs(&site.read(T4), "siblings-heading"),
        ["ask-early.html"]
    );
    // T5, no source: T1, T3, T2 tie at 1.153 and go by title.
    assert_eq!(
        section_hrefs(&site.read(T5), "siblings-heading"),
        [
            "ask-early.html",
            "keep-a-brag-doc.html",
            "know-your-number.html"
        ]
    );
}

#[test]
fn pages_show_their_backlinks_once() {
    let site = graph_site();
    site.built();
    // T2 links to A1 and is among A1's tips (listed before backlinks): shown there only.
    let a1 = site.read(A1);
    assert!(section_hrefs(&a1, "tips-heading").contains(&format!("../{T2}")));
    assert!(section(&a1, "backlinks-heading").is_none());
    // T1 links to A2 and is among A2's tips too.
    let a2 = site.read(A2);
    assert!(section_hrefs(&a2, "tips-heading").contains(&format!("../{T1}")));
    assert!(section(&a2, "backlinks-heading").is_none());
    // A3 links to T2, whose source is A1: A3 is listed nowhere else on T2.
    assert_eq!(
        section_hrefs(&site.read(T2), "backlinks-heading"),
        ["../articles/negotiating-offers.html"]
    );
    // A1 embeds T3 and is T3's source article: "From the article" only.
    let t3 = site.read(T3);
    assert_eq!(from_article(&t3), Some(format!("../{A1}")));
    assert!(section(&t3, "backlinks-heading").is_none());
    assert!(section(&site.read(A3), "backlinks-heading").is_none());
    assert!(section(&site.read(T5), "backlinks-heading").is_none());
}

#[test]
fn backlinks_are_in_listing_order() {
    let site = graph_site();
    // content/about.md sorts before content/articles/… by path, but "Zebra notes" comes
    // after "Negotiating offers" by title.
    site.write(
        "content/about.md",
        "---\ntitle: Zebra notes\n---\nSee [[know-your-number]].\n",
    );
    site.built();
    assert_eq!(
        section_hrefs(&site.read(T2), "backlinks-heading"),
        ["../articles/negotiating-offers.html", "../about.html"]
    );
}

#[test]
fn topic_pages_list_members_and_related_topics() {
    let site = graph_site();
    site.built();
    let career = site.read("topics/career.html");
    assert_eq!(
        section_hrefs(&career, "articles-heading"),
        [
            "../articles/asking-for-a-raise.html",
            "../articles/building-a-career.html"
        ]
    );
    assert_eq!(
        section_hrefs(&career, "topic-tips-heading"),
        from_subfolder(&[T5, T1, T3, T2])
    );
    // feedback's members carry career twice (A2, T1) and negotiation once (A3).
    assert_eq!(
        section_hrefs(&site.read("topics/feedback.html"), "related-topics-heading"),
        ["career.html", "negotiation.html"]
    );
    // negotiation's members carry career twice (A1, T2) and feedback once (A3).
    assert_eq!(
        section_hrefs(
            &site.read("topics/negotiation.html"),
            "related-topics-heading"
        ),
        ["career.html", "feedback.html"]
    );
    let index = site.read("topics/index.html");
    let counts: Vec<(String, String)> = topic_grid(&index)
        .into_iter()
        .map(|(_, t, c)| (t, c))
        .collect();
    let p = |t: &str, c: &str| (t.to_string(), c.to_string());
    assert_eq!(
        counts,
        [p("Career", "6"), p("Feedback", "4"), p("Negotiation", "3")]
    );
}

#[test]
fn home_lists_recent_articles_newest_first() {
    let site = graph_site();
    site.built();
    assert_eq!(
        section_hrefs(&site.read("index.html"), "recent-heading")
            .into_iter()
            .filter(|h| h.starts_with("articles/"))
            .collect::<Vec<_>>(),
        [A2, A3, A1]
    );
}

// ---------------------------------------------------------------------------------------
// Output guarantees
// ---------------------------------------------------------------------------------------

#[test]
fn two_builds_are_byte_identical() {
    let site = graph_site();
    site.write("content/articles/extra.md", "---\ntitle: Extra\ndate: 2024-05-05\ntopics: [feedback]\naliases: [old-extra.html]\n---\nWith [[ask-early]].\n");
    let options = Options {
        base_url: Some("https://example.org/".into()),
        ..Options::default()
    };
    let first = site.path("out1");
    let second = site.path("out2");
    ladder::build(site.root(), &first, &options).unwrap();
    ladder::build(site.root(), &second, &options).unwrap();
    let (a, b) = (tree(&first), tree(&second));
    assert!(a.contains_key("atom.xml") && a.contains_key("sitemap.xml"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn a_failed_build_keeps_the_previous_output_and_a_good_one_removes_stale_files() {
    let site = links_site();
    site.built();
    let before = tree(&site.out());
    assert!(before.contains_key("tips/other.html"));

    site.write("content/tips/bad.md", BAD_LINKS);
    assert!(matches!(site.build(), Err(Failure::Content(_))));
    let after = tree(&site.out());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "the failed build changed public/");

    // A failure at the render stage (a broken template override) keeps it too.
    site.remove("content/tips/bad.md");
    site.write(
        "templates/tip.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title | nope }}{% endblock main %}",
    );
    assert!(matches!(site.build(), Err(Failure::Content(_))));
    assert!(
        tree(&site.out()) == before,
        "the failed render changed public/"
    );
    site.remove("templates/tip.html");

    site.remove("content/tips/other.md");
    site.built();
    assert!(!site.exists("tips/other.html"), "stale file survived");
    assert!(site.exists("tips/ask.html"));
    // No staging folders are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("ladder"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_writes_the_others_afresh() {
    use std::os::unix::fs::MetadataExt;
    let site = links_site();
    site.built();
    let inode = |rel: &str| std::fs::metadata(site.out().join(rel)).unwrap().ino();
    let (style, guide) = (inode("style.css"), inode("articles/guide.html"));

    // A changed page is a new file: the old output, still linked from the new one
    // where unchanged, must not change under it.
    site.write(
        "content/articles/guide.md",
        "---\ntitle: Guide\ntopics: [feedback]\n---\nRewritten, with [[ask]].\n",
    );
    // An output file edited by hand, to the same length, is put right.
    let not_found = site.read("404.html");
    site.write("public/404.html", "x".repeat(not_found.len()));
    // A link in the output is replaced by a file; what it points at is left alone.
    let elsewhere = site.path("elsewhere.txt");
    std::fs::write(&elsewhere, site.read("robots.txt")).unwrap();
    std::fs::remove_file(site.out().join("robots.txt")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.out().join("robots.txt")).unwrap();
    let before = site.read("robots.txt");

    site.built();
    assert_eq!(
        inode("style.css"),
        style,
        "an unchanged file was written again"
    );
    assert_ne!(inode("articles/guide.html"), guide);
    assert!(site.read("articles/guide.html").contains("Rewritten"));
    assert_eq!(site.read("404.html"), not_found);
    let robots = std::fs::symlink_metadata(site.out().join("robots.txt")).unwrap();
    assert!(robots.is_file(), "the output still holds a link");
    assert_eq!(site.read("robots.txt"), before);
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), before);
}

#[test]
fn every_internal_link_resolves_in_fixture_sites() {
    for site in [
        fields_site(),
        links_site(),
        graph_site(),
        topics_site(),
        escaping_site(),
    ] {
        site.built();
        assert_links_resolve(&site.out(), false);
    }
}

#[test]
fn every_internal_link_resolves_in_the_repository_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let output = run_in(
        tmp.path(),
        &[
            "build",
            "--root",
            repo_root().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_code(&output, 0);
    assert!(out.join("index.html").is_file());
    assert_links_resolve(&out, false);
}

#[test]
fn the_link_checker_notices_broken_links() {
    // A sanity check of the walker itself, so a green run means something.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    std::fs::create_dir_all(out.join("tips")).unwrap();
    std::fs::write(out.join("index.html"), "<a href=\"tips/a.html#x\">a</a> <a href=\"tips/\">d</a> <img src=\"nope.png\"> <a href=\"https://e.org/\">e</a> <a href=\"#top\">t</a>").unwrap();
    std::fs::write(
        out.join("tips/a.html"),
        "<h2 id=\"y\">Y</h2><a href=\"..&#x2F;index.html\">home</a>",
    )
    .unwrap();
    let problems = broken_links(out, false);
    assert_eq!(problems.len(), 4, "{problems:#?}");
}

// ---------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------

const XSS_TITLE: &str = "<script>alert(1)</script>";
const XSS_SUMMARY: &str = "\"quotes\" & <b>";

fn escaping_site() -> Fixture {
    Fixture::new(
        "title = \"Fixture\"\nbase_url = \"https://example.org/\"\n\n[[topics]]\nslug = \"feedback\"\ntitle = \"Feedback\"\n",
        &[
            (
                "content/tips/xss.md",
                "---\ntitle: \"<script>alert(1)</script>\"\nsummary: '\"quotes\" & <b>'\ntopics: [feedback]\naliases: [old-xss.html]\ndate: 2024-01-01\n---\nBody.\n",
            ),
            (
                "content/tips/sibling.md",
                "---\ntitle: Sibling\ntopics: [feedback]\n---\nBody.\n",
            ),
            (
                "content/articles/host.md",
                "---\ntitle: Host\ndate: 2024-01-02\ntopics: [feedback]\n---\nSee [[xss]].\n\n![[xss]]\n",
            ),
        ],
    )
}

#[test]
fn front_matter_values_are_escaped_everywhere() {
    let site = escaping_site();
    site.built();
    let files = tree(&site.out());
    // Markup documents only: a search index in a .js file holds titles as string data.
    let documents = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html") || path.ends_with(".xml"));
    for (path, bytes) in documents {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script>alert"), "raw <script> in {path}");
        assert!(!text.contains("<b>"), "raw <b> in {path}");
    }

    let tip = site.read("tips/xss.html");
    assert_eq!(h1(&tip).as_deref(), Some(XSS_TITLE));
    assert_eq!(title(&tip), Some(format!("{XSS_TITLE} · Fixture")));
    assert_eq!(meta(&tip, "og:title").as_deref(), Some(XSS_TITLE));
    assert_eq!(meta(&tip, "og:description").as_deref(), Some(XSS_SUMMARY));
    assert_eq!(meta(&tip, "description").as_deref(), Some(XSS_SUMMARY));
    let lede = between(&tip, "<p class=\"lede\">", "</p>").unwrap();
    assert_eq!(decode_entities(lede), XSS_SUMMARY);

    // In lists: the topic page, the article's tips, the sibling's list.
    for (page, heading) in [
        ("topics/feedback.html", "topic-tips-heading"),
        ("articles/host.html", "tips-heading"),
        ("tips/sibling.html", "siblings-heading"),
    ] {
        let html = site.read(page);
        let list = section(&html, heading).unwrap_or_else(|| panic!("{page}"));
        let item = between(list, "xss.html\">", "</a>").unwrap_or_else(|| panic!("{page}: {list}"));
        assert_eq!(decode_entities(item), XSS_TITLE, "{page}");
        let summary = between(list, "<p class=\"page-item-summary\">", "</p>").unwrap();
        assert_eq!(decode_entities(summary), XSS_SUMMARY, "{page}");
    }

    // In the card, the wiki link text and the backlinks of the tip.
    let host = site.read("articles/host.html");
    let card = between(&host, "<aside class=\"card", "</aside>").unwrap();
    assert_eq!(
        decode_entities(between(card, "xss.html\">", "</a>").unwrap()),
        XSS_TITLE
    );
    assert_eq!(
        decode_entities(between(card, "<p class=\"card-text\">", "</p>").unwrap()),
        XSS_SUMMARY
    );
    assert!(host
        .contains("See <a href=\"../tips/xss.html\">&lt;script&gt;alert(1)&lt;/script&gt;</a>."));

    // The redirect page and the feed.
    let redirect = site.read("old-xss.html");
    assert!(
        redirect.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{redirect}"
    );
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"),
        "{atom}"
    );
}

// ---------------------------------------------------------------------------------------
// Feeds, robots, pretty URLs
// ---------------------------------------------------------------------------------------

#[test]
fn base_url_gives_sitemap_and_feed_with_absolute_urls() {
    let site = graph_site();
    site.built_with(&Options {
        base_url: Some("https://example.org/kb".into()),
        ..Options::default()
    });
    let sitemap = site.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    assert!(locs.len() >= 13, "{sitemap}");
    for loc in &locs {
        assert!(loc.starts_with("https://example.org/kb/"), "{loc}");
        let rel = &loc["https://example.org/kb/".len()..];
        assert!(
            site.exists(rel),
            "sitemap lists {rel}, which was not written"
        );
    }
    assert!(locs.contains(&"https://example.org/kb/tips/ask-early.html"));
    assert!(locs.contains(&"https://example.org/kb/topics/index.html"));

    let atom = site.read("atom.xml");
    assert!(atom.contains("<link href=\"https://example.org/kb/atom.xml\" rel=\"self\"/>"));
    let entries: Vec<&str> = atom.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 3, "only dated pages are entries: {atom}");
    assert!(entries[0]
        .contains("<link href=\"https://example.org/kb/articles/building-a-career.html\"/>"));
    for entry in &entries {
        for href in hrefs(entry) {
            assert!(href.starts_with("https://example.org/kb/"), "{href}");
        }
    }
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/kb/sitemap.xml"),
        "{robots}"
    );
    // Pages announce the feed and carry absolute canonical URLs.
    let home = site.read("index.html");
    assert!(hrefs(&home).contains(&"atom.xml".to_string()));
}

#[test]
fn without_base_url_there_is_no_sitemap_or_feed_but_robots_txt() {
    let site = graph_site();
    site.built();
    assert!(!site.exists("sitemap.xml"));
    assert!(!site.exists("atom.xml"));
    assert_eq!(site.read("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(site.exists("404.html"));
    assert!(site.exists("favicon.svg"));
    assert!(!site.read("index.html").contains("atom.xml"));
}

#[test]
fn pretty_urls_write_folders_and_link_to_them() {
    let site = Fixture::new(
        &format!("pretty_urls = true\n{MINIMAL_TOML}"),
        &[
            ("content/tips/ask.md", ASK_TIP),
            (
                "content/tips/other.md",
                "---\ntitle: Other tip\ntopics: [feedback]\n---\nSee [[ask]] and [why](ask.md#why-it-works).\n",
            ),
            (
                "content/articles/guide.md",
                "---\ntitle: Guide\ntopics: [feedback]\n---\nRead [ask](../tips/ask.md#why-it-works).\n\n![[other]]\n",
            ),
        ],
    );
    site.built();
    assert!(site.exists("tips/ask/index.html"));
    assert!(site.exists("articles/guide/index.html"));
    assert!(site.exists("topics/feedback/index.html"));
    assert!(!site.exists("tips/ask.html"));
    let other = site.read("tips/other/index.html");
    assert!(
        other.contains("<a href=\"../ask/\">Ask Early</a>"),
        "{other}"
    );
    assert!(
        other.contains("<a href=\"../ask/#why-it-works\">why</a>"),
        "{other}"
    );
    let guide = site.read("articles/guide/index.html");
    assert!(
        guide.contains("<a href=\"../../tips/ask/#why-it-works\">ask</a>"),
        "{guide}"
    );
    assert!(
        guide.contains("<a href=\"../../tips/other/\">Other tip</a>"),
        "{guide}"
    );
    let (links, _) = chips(&other);
    assert_eq!(links, ["../../topics/feedback/"]);
    assert_links_resolve(&site.out(), true);
}

// ---------------------------------------------------------------------------------------
// Assets, subfolders and drafts: links the walker must find working
// ---------------------------------------------------------------------------------------

#[test]
fn subfolders_home_links_and_assets_resolve() {
    let site = links_site();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\nStart with [ask](tips/ask.md#why-it-works) or [[deep]].\n",
    );
    site.write(
        "content/articles/series/deep.md",
        "---\ntitle: Deep\ntopics: [feedback]\n---\n![chart](chart.png)\n\nBack to [ask](../../tips/ask.md), [top](#more), [[ask#why-it-works|why]].\n\n## More {#more}\n",
    );
    site.write("content/articles/series/chart.png", "PNG");
    site.built();
    let home = site.read("index.html");
    assert!(
        home.contains("<a href=\"tips/ask.html#why-it-works\">ask</a>"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"articles/series/deep.html\">Deep</a>"),
        "{home}"
    );
    let deep = site.read("articles/series/deep.html");
    assert!(deep.contains("<img src=\"chart.png\""), "{deep}");
    assert!(
        deep.contains("<a href=\"../../tips/ask.html\">ask</a>"),
        "{deep}"
    );
    assert!(
        deep.contains("<a href=\"../../tips/ask.html#why-it-works\">why</a>"),
        "{deep}"
    );
    assert!(deep.contains("<h2 id=\"more\">"), "{deep}");
    assert_eq!(site.read("articles/series/chart.png"), "PNG");
    assert_links_resolve(&site.out(), false);
}

#[test]

fn assets_beside_a_page_in_a_folder_with_spaces_resolve() {
    let site = links_site();
    site.write(
        "content/articles/Deep Dive/deep.md",
        "---\ntitle: Deep\ntopics: [feedback]\n---\n![chart](chart.png)\n",
    );
    site.write("content/articles/Deep Dive/chart.png", "PNG");
    site.built();
    assert!(site.exists("articles/deep-dive/deep.html"));
    assert_links_resolve(&site.out(), false);
}

#[test]

fn pretty_urls_keep_asset_links_working() {
    let site = Fixture::new(
        &format!("pretty_urls = true\n{MINIMAL_TOML}"),
        &[
            ("content/tips/ask.md", ASK_TIP),
            (
                "content/tips/pictured.md",
                "---\ntitle: Pictured\ntopics: [feedback]\n---\n![pic](pic.png)\n",
            ),
            ("content/tips/pic.png", "PNG"),
        ],
    );
    site.built();
    assert_links_resolve(&site.out(), true);
}

#[test]

fn a_link_to_a_draft_leaves_no_dead_link() {
    let site = links_site();
    site.write(
        "content/tips/later.md",
        "---\ntitle: Later\ndraft: true\ntopics: [feedback]\n---\nNot yet.\n",
    );
    site.write(
        "content/tips/other.md",
        "---\ntitle: Other tip\ntopics: [feedback]\n---\nSee [later](later.md) and [[later]].\n",
    );
    let report = site.built();
    assert_eq!(
        report.diagnostics.warning_count(),
        2,
        "{:?}",
        report.diagnostics
    );
    assert_links_resolve(&site.out(), false);
}

#[test]

fn feed_content_uses_absolute_image_urls() {
    let site = Fixture::new(
        &format!("base_url = \"https://example.org/kb/\"\n{MINIMAL_TOML}"),
        &[
            (
                "content/tips/pictured.md",
                "---\ntitle: Pictured\ndate: 2024-01-01\ntopics: [feedback]\n---\n![pic](pic.png)\n",
            ),
            ("content/tips/pic.png", "PNG"),
        ],
    );
    site.built();
    let atom = site.read("atom.xml");
    let content = decode_entities(between(&atom, "<content type=\"html\">", "</content>").unwrap());
    assert!(
        content.contains("src=\"https://example.org/kb/tips/pic.png\""),
        "{content}"
    );
}

#[test]

fn a_link_to_the_top_of_the_page_is_allowed() {
    let site = links_site();
    site.write(
        "content/tips/other.md",
        "---\ntitle: Other tip\ntopics: [feedback]\n---\nBack to [the top](#).\n",
    );
    site.built();
}

// ---------------------------------------------------------------------------------------
// Control characters, encoded anchors, image embeds and summaries with wiki links
// ---------------------------------------------------------------------------------------

/// Characters XML 1.0 forbids (C0 but tab and line ends), and those it discourages and
/// ladder replaces as well (DEL, C1, U+FFFE, U+FFFF).
fn is_bad_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The smallest well-formedness check an XML parser makes first: no forbidden
/// characters, one root element, and every tag closed in order.
fn assert_xml(text: &str, what: &str) {
    if let Some(c) = text.chars().find(|&c| is_bad_char(c)) {
        panic!("{what} holds {c:?}:\n{text:?}");
    }
    let mut open: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("an unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap();
        if tag.starts_with('/') {
            assert_eq!(
                open.pop(),
                Some(name),
                "{what}: </{name}> closes the wrong tag"
            );
        } else {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "{what}: unclosed {open:?}");
}

#[test]
fn control_characters_never_reach_html_feed_sitemap_or_search() {
    let site = Fixture::new(
        &format!("base_url = \"https://example.org/kb/\"\n{MINIMAL_TOML}"),
        &[(
            "content/tips/ctl.md",
            "---\ntitle: \"Ring \\e[31m\\a bell\"\nsummary: \"Nul\\x01 and \\x7f del\"\ndate: 2024-01-01\ntopics: [feedback]\n---\nBody \x1b[31m red \u{7f} c1 \u{85} \u{9b} nonchars \u{fffe} \u{ffff} form\x0c feed, tab\tkept.\n\nEntity &#27; too.\n",
        )],
    );
    let report = site.built();
    let warnings: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("control-character"), "{warnings:#?}");
    for (path, bytes) in tree(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        if let Some(c) = text.chars().find(|&c| is_bad_char(c)) {
            panic!("{path} holds {c:?}");
        }
    }
    assert_xml(&site.read("atom.xml"), "atom.xml");
    assert_xml(&site.read("sitemap.xml"), "sitemap.xml");
    let html = site.read("tips/ctl.html");
    assert!(html.contains("Body \u{fffd}[31m red \u{fffd} c1"), "{html}");
    assert!(html.contains("tab\tkept"), "{html}");
    assert_eq!(h1(&html).as_deref(), Some("Ring \u{fffd}[31m\u{fffd} bell"));
}

#[test]
fn a_same_page_link_with_a_percent_encoded_anchor_resolves() {
    let site = links_site();
    site.write(
        "content/tips/hiring.md",
        "---\ntitle: Hiring\ntopics: [feedback]\n---\nSee [below](#hiring-r%C3%A9sum%C3%A9-review).\n\n## Hiring résumé review\n\nText.\n",
    );
    site.write(
        "content/tips/other.md",
        "---\ntitle: Other tip\ntopics: [feedback]\n---\nSee [there](hiring.md#hiring-r%C3%A9sum%C3%A9-review).\n",
    );
    site.built();
    assert_links_resolve(&site.out(), false);
}

#[test]
fn image_embeds_resolve_from_pretty_url_folders() {
    let site = Fixture::new(
        &format!("pretty_urls = true\n{MINIMAL_TOML}"),
        &[
            ("content/tips/ask.md", ASK_TIP),
            (
                "content/tips/charted.md",
                "---\ntitle: Charted\ntopics: [feedback]\n---\nInline ![[chart.png]] here.\n\n![[chart.png]]\n",
            ),
            ("content/tips/chart.png", "PNG"),
        ],
    );
    site.built();
    let html = site.read("tips/charted/index.html");
    assert_eq!(
        attr_values(&html, "src")
            .iter()
            .filter(|s| s.ends_with("chart.png"))
            .collect::<Vec<_>>(),
        ["../chart.png", "../chart.png"],
        "{html}"
    );
    assert_links_resolve(&site.out(), true);
}

#[test]
fn image_embeds_resolve_with_plain_urls() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/charted.md",
                "---\ntitle: Charted\ntopics: [feedback]\n---\nInline ![[chart.png]] here.\n\n![[chart.png]]\n",
            ),
            ("content/tips/chart.png", "PNG"),
        ],
    );
    site.built();
    let html = site.read("tips/charted.html");
    assert_eq!(
        attr_values(&html, "src")
            .iter()
            .filter(|s| s.ends_with("chart.png"))
            .count(),
        2,
        "{html}"
    );
    assert_links_resolve(&site.out(), false);
}

#[test]
fn automatic_summaries_show_wiki_links_as_they_render() {
    let site = Fixture::new(
        &format!("base_url = \"https://example.org/kb/\"\n{MINIMAL_TOML}"),
        &[
            (
                "content/tips/weekly review.md",
                "---\ntitle: Hold a weekly review\ntopics: [feedback]\n---\n## Why\n\nBecause.\n",
            ),
            (
                "content/tips/plan.md",
                "---\ntitle: Plan\ndate: 2024-01-01\ntopics: [feedback]\n---\nStart with [[weekly review#why]], then [[weekly review|the review]].\n",
            ),
        ],
    );
    site.built();
    let lead = "Start with Hold a weekly review, then the review.";
    let html = site.read("tips/plan.html");
    assert_eq!(meta(&html, "description").as_deref(), Some(lead), "{html}");
    let topic = site.read("topics/feedback.html");
    assert!(
        topic.contains(&format!("<p class=\"page-item-summary\">{lead}</p>")),
        "{topic}"
    );
    let atom = site.read("atom.xml");
    assert!(
        atom.contains(&format!("<summary>{lead}</summary>")),
        "{atom}"
    );
    for (path, bytes) in tree(&site.out()) {
        if path.starts_with("search/") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("weekly review#why"), "{path}: {text}");
        }
    }
}
