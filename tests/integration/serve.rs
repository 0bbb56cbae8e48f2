//! `ladder serve`: incremental rebuilds (`Site::reload_page`), the HTTP server (path
//! traversal, content types, 404, concurrency, event streams) and the `serve` command.
//!
//! HTTP is spoken with plain `std::net::TcpStream`, one request per connection.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ladder::content::Page;
use ladder::graph::Graph;
use ladder::serve::{start, Running, ServeOptions};
use ladder::{Failure, Options, Site, Update};

use crate::fixture::{ladder_command, tree, Fixture};

// ---------------------------------------------------------------------------------------
// Fixture sites

const SITE_TOML: &str = r#"title = "Fixture"
description = "A small site for serve tests."

[[topics]]
slug = "mentoring"
title = "Mentoring"

[[topics]]
slug = "feedback"
title = "Feedback"

[[topics]]
slug = "networking"
title = "Networking"
"#;

/// A hand-made site whose cross-links are worked out by hand in the tests below:
///
/// - a1 (mentoring, the older article) links to t1, embeds t2, has a heading `#why`;
/// - a2 (feedback, the newer article) links to a1#why;
/// - t1, t2 (mentoring), t3 (mentoring, feedback), t4 (networking), t5 (feedback).
///
/// So t1's and t2's source article is a1 (a1 links to or embeds them); the topic pages list
/// their members; the home page lists a2 and a1 as recent articles.
fn small_site() -> Fixture {
    Fixture::new(
        SITE_TOML,
        &[
        (
            "content/_index.md",
            "---\ntitle: Home\n---\n\nWelcome to the fixture.\n",
        ),
        (
            "content/articles/a1.md",
            "---\ntitle: Article one\nsummary: The first article.\ndate: 2026-01-01\ntopics: [mentoring]\n---\n\nStart with [[t1]].\n\n## Why\n\nBecause.\n\n![[t2]]\n",
        ),
        (
            "content/articles/a2.md",
            "---\ntitle: Article two\nsummary: The second article.\ndate: 2026-02-01\ntopics: [feedback]\n---\n\nSee [why](a1.md#why).\n",
        ),
        (
            "content/tips/t1.md",
            "---\ntitle: Tip one\nsummary: Summary one.\ntopics: [mentoring]\nsource_article: a1\n---\n\nBody of tip one.\n",
        ),
        (
            "content/tips/t2.md",
            "---\ntitle: Tip two\nsummary: Summary two.\ntopics: [mentoring]\nsource_article: \"[[a1]]\"\n---\n\nBody of tip two.\n",
        ),
        (
            "content/tips/t3.md",
            "---\ntitle: Tip three\nsummary: Summary three.\ntopics: [mentoring, feedback]\n---\n\nBody of tip three.\n",
        ),
        (
            "content/tips/t4.md",
            "---\ntitle: Tip four\nsummary: Summary four.\ntopics: [networking]\n---\n\nBody of tip four.\n",
        ),
        (
            "content/tips/t5.md",
            "---\ntitle: Tip five\nsummary: Summary five.\ntopics: [feedback]\n---\n\nBody of tip five.\n",
        ),
        ],
    )
}

fn serve_options() -> Options {
    Options {
        drafts: true,
        base_url: None,
        out: None,
    }
}

fn load(root: &Path) -> Site {
    match Site::load(root, &serve_options()) {
        Ok((site, _)) => site,
        Err(Failure::Content(ds)) => panic!("the fixture does not load:\n{ds:?}"),
        Err(Failure::Io(e)) => panic!("the fixture does not load: {e}"),
    }
}

/// Every page's rendered HTML, by output path.
fn render_all(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let (_, tera) = site.theme().unwrap_or_else(|_| panic!("theme"));
    let all: Vec<usize> = (0..site.pages.len()).collect();
    let (files, problems) = site.render_pages(&tera, &all);
    assert!(problems.is_empty(), "{problems:?}");
    files
        .into_iter()
        .map(|f| match f.contents {
            ladder::output::Contents::Bytes(b) => (f.path, b),
            ladder::output::Contents::Copy(_) => unreachable!("pages are generated"),
        })
        .collect()
}

fn output_paths(site: &Site, indices: &[usize]) -> BTreeSet<String> {
    indices
        .iter()
        .map(|&i| site.pages[i].path.clone())
        .collect()
}

fn paths(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// What a site is made of, to check that a failed reload changed nothing.
fn snapshot(site: &Site) -> (Vec<String>, Vec<String>, Vec<Vec<usize>>, String) {
    let bodies = site
        .pages
        .iter()
        .map(|p: &Page| p.body.text().into_owned())
        .collect();
    (
        bodies,
        site.html.iter().map(|b| b.text().into_owned()).collect(),
        site.links.clone(),
        format!("{:?}", site.graph),
    )
}

/// Applies an edit through `reload_page` and checks the result against a fresh load:
/// the same graph, bodies and links, and the same HTML for every page once the returned
/// pages are re-rendered. Returns the re-rendered pages' output paths.
fn reload_and_compare(site: &mut Site, fixture: &Fixture, rel: &str) -> BTreeSet<String> {
    let before = render_all(site);
    let update = site
        .reload_page(&fixture.path(rel))
        .unwrap_or_else(|ds| panic!("{rel} does not reload: {ds:?}"));
    let Update::Pages(list) = update else {
        panic!("{rel}: expected an incremental update, got {update:?}");
    };
    let fresh = load(fixture.root());
    assert_eq!(site.links, fresh.links, "links after editing {rel}");
    assert_eq!(site.html, fresh.html, "page bodies after editing {rel}");
    assert!(
        site.graph == fresh.graph,
        "the graph after editing {rel} differs from a full build"
    );
    assert_eq!(
        site.graph,
        Graph::build(
            &site.pages,
            &site.topics,
            &site.links,
            &site.graph.source_article
        )
    );

    // Re-render only the returned pages, keep the rest: the result must be the full build.
    let (_, tera) = site.theme().unwrap_or_else(|_| panic!("theme"));
    let (files, problems) = site.render_pages(&tera, &list);
    assert!(problems.is_empty(), "{problems:?}");
    let mut incremental = before.clone();
    for f in files {
        if let ladder::output::Contents::Bytes(b) = f.contents {
            incremental.insert(f.path, b);
        }
    }
    let full = render_all(&fresh);
    for (path, bytes) in &full {
        assert!(
            incremental.get(path) == Some(bytes),
            "after editing {rel}, {path} is stale: it was not among the re-rendered pages {:?}",
            output_paths(site, &list)
        );
    }
    assert_eq!(incremental.len(), full.len());
    // Every page whose output changed was re-rendered (checked above); report the list.
    output_paths(site, &list)
}

#[test]
fn pages_rendered_again_read_their_packed_sources_and_those_they_embed() {
    let f = small_site();
    // Sources long enough to be held compressed: a1 embeds t2's section, a2 links to a1.
    let long = "Say what you did, what it changed, and who saw it. ".repeat(12);
    f.edit(
        "content/tips/t2.md",
        "Body of tip two.",
        &format!("{long}\n\n## Part\n\n{long}"),
    );
    f.edit(
        "content/articles/a1.md",
        "![[t2]]",
        &format!("![[t2#part]]\n\n{long}"),
    );
    f.edit(
        "content/articles/a2.md",
        "See [why]",
        &format!("{long}\n\nSee [why]"),
    );
    let mut site = load(f.root());
    site.pack_sources();
    for slug in ["a1", "a2", "t2"] {
        let page = site.pages.iter().find(|p| p.slug == slug).unwrap();
        assert!(
            page.body.held() < page.body.len() / 2,
            "{slug} is not packed"
        );
    }
    // A new summary is shown by a2, which links to a1; a1 shows t2's section.
    f.edit(
        "content/articles/a1.md",
        "The first article.",
        "The very first article.",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/articles/a1.md");
    assert!(rerendered.contains("articles/a2.html"), "{rerendered:?}");
    let a1 = site.pages.iter().position(|p| p.slug == "a1").unwrap();
    assert!(site.html[a1].text().contains("who saw it"));
}

// ---------------------------------------------------------------------------------------
// Site::reload_page
//
// Each case below edits the small site and says what reloading the edited file must give.
// Every incremental reload is also compared with a fresh full build (`reload_and_compare`):
// the same links, bodies, graph and HTML for every page once the returned pages are
// re-rendered. The pages a case lists were worked out by hand from the site's cross-links.

/// A change to one file of the small site.
enum Change {
    /// Replaces the first `from` with `to`; the file must contain `from`.
    Replace(&'static str, &'static str),
    /// Creates the file with this text.
    Create(&'static str),
}

/// What reloading the changed file must give.
#[derive(PartialEq)]
enum Expect {
    /// An incremental update re-rendering exactly these pages.
    Rerenders(&'static [&'static str]),
    /// An incremental update re-rendering at least these pages.
    RerendersAtLeast(&'static [&'static str]),
    /// After the update, the body of the page with this slug shows this text.
    BodyShows(&'static str, &'static str),
    /// No incremental update: the site must be rebuilt in full.
    FullRebuild,
}

/// One change, then what reloading its file must give. With no expectations, the update
/// must still be incremental and equal a full build.
struct Step {
    file: &'static str,
    change: Change,
    expect: &'static [Expect],
}

/// The small site plus `extra` files, loaded once, then changed step by step.
struct ReloadCase {
    name: &'static str,
    extra: &'static [(&'static str, &'static str)],
    steps: &'static [Step],
}

use Change::{Create, Replace};
use Expect::{BodyShows, FullRebuild, Rerenders, RerendersAtLeast};

const RELOAD_CASES: &[ReloadCase] = &[
    ReloadCase {
        name: "a_tip_summary_edit_rerenders_the_tip_and_the_pages_that_list_it",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t1.md",
            change: Replace("Summary one.", "A new summary for tip one."),
            // By hand: t1 itself; a1 lists t1 among its tips (and links to it); t2 and t3 list
            // t1 as a sibling (they share mentoring); the mentoring topic page lists it; home
            // lists the tips most linked to (all five here). Not t4 (networking), t5
            // (feedback only, siblings t3), a2, other topics.
            expect: &[Rerenders(&[
                "tips/t1.html",
                "articles/a1.html",
                "tips/t2.html",
                "tips/t3.html",
                "topics/mentoring.html",
                "index.html",
            ])],
        }],
    },
    ReloadCase {
        name: "an_article_summary_edit_reaches_home_and_its_source_tips",
        extra: &[],
        steps: &[Step {
            file: "content/articles/a1.md",
            change: Replace("The first article.", "A better first article."),
            // By hand: a1; a2 links to a1 and so lists it as related; t1 and t2 show a1 as
            // their source article; the mentoring topic page lists it; home lists recent
            // articles.
            expect: &[Rerenders(&[
                "articles/a1.html",
                "articles/a2.html",
                "tips/t1.html",
                "tips/t2.html",
                "topics/mentoring.html",
                "index.html",
            ])],
        }],
    },
    ReloadCase {
        name: "an_embedded_tip_edit_rerenders_the_embedding_page",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t2.md",
            change: Replace("Summary two.", "Embedded summary changed."),
            // a1 embeds t2 as a card showing its summary, and lists it; t1 and t3 are
            // siblings; home lists it among the tips most linked to.
            expect: &[
                Rerenders(&[
                    "tips/t2.html",
                    "articles/a1.html",
                    "tips/t1.html",
                    "tips/t3.html",
                    "topics/mentoring.html",
                    "index.html",
                ]),
                BodyShows("a1", "Embedded summary changed."),
            ],
        }],
    },
    ReloadCase {
        name: "a_body_edit_that_no_list_shows_rerenders_only_the_page",
        extra: &[],
        steps: &[
            Step {
                file: "content/tips/t4.md",
                change: Replace(
                    "Body of tip four.\n",
                    "Body of tip four.\n\nA second paragraph, which lists do not show.\n",
                ),
                expect: &[Rerenders(&["tips/t4.html"])],
            },
            // A tip without a front-matter summary is listed with its first paragraph:
            // editing that paragraph reaches its lists, editing a later one does not.
            Step {
                file: "content/tips/t5.md",
                change: Replace("summary: Summary five.\n", ""),
                expect: &[RerendersAtLeast(&["topics/feedback.html"])],
            },
            Step {
                file: "content/tips/t5.md",
                change: Replace("Body of tip five.", "Body of tip five, reworded."),
                expect: &[RerendersAtLeast(&["topics/feedback.html"])],
            },
            Step {
                file: "content/tips/t5.md",
                change: Replace("reworded.\n", "reworded.\n\nLater paragraph.\n"),
                expect: &[Rerenders(&["tips/t5.html"])],
            },
        ],
    },
    ReloadCase {
        name: "link_edits_relink_exactly_like_a_full_build",
        extra: &[],
        steps: &[
            // t3 starts linking to a2: a2 gains a backlink, and the ranking of a2's tips
            // changes (a link lifts t3).
            Step {
                file: "content/tips/t3.md",
                change: Replace("Body of tip three.", "Body of tip three, from [[a2]]."),
                expect: &[RerendersAtLeast(&["articles/a2.html", "tips/t3.html"])],
            },
            // a2 stops linking to a1: a1 loses its backlink and its related article.
            Step {
                file: "content/articles/a2.md",
                change: Replace("See [why](a1.md#why).", "See nothing."),
                expect: &[RerendersAtLeast(&["articles/a1.html"])],
            },
            // An article starts embedding a tip another article already sources.
            Step {
                file: "content/articles/a2.md",
                change: Replace("See nothing.", "See nothing.\n\n![[t1]]\n"),
                expect: &[],
            },
            // A heading edit: a2 links to it no longer, so only a1 changes.
            Step {
                file: "content/articles/a1.md",
                change: Replace("## Why", "## Why it works"),
                expect: &[],
            },
        ],
    },
    // What every page's lists show of another page, or where a page lives, needs a full
    // rebuild: titles, topics, dates, drafts, weights, slugs.
    ReloadCase {
        name: "a_title_edit_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t1.md",
            change: Replace("title: Tip one", "title: Tip one, renamed"),
            expect: &[FullRebuild],
        }],
    },
    ReloadCase {
        name: "a_topic_edit_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t1.md",
            change: Replace("topics: [mentoring]", "topics: [mentoring, feedback]"),
            expect: &[FullRebuild],
        }],
    },
    ReloadCase {
        // Topics are open: the new topic gets its page, which only a full build makes.
        name: "a_new_open_topic_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t1.md",
            change: Replace("topics: [mentoring]", "topics: [mentoring, career growth]"),
            expect: &[FullRebuild],
        }],
    },
    ReloadCase {
        name: "a_date_edit_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/articles/a1.md",
            change: Replace("date: 2026-01-01", "date: 2026-03-01"),
            expect: &[FullRebuild],
        }],
    },
    ReloadCase {
        name: "a_draft_flag_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t4.md",
            change: Replace("---\n\n", "draft: true\n---\n\n"),
            expect: &[FullRebuild],
        }],
    },
    ReloadCase {
        name: "a_weight_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t5.md",
            change: Replace("---\n\n", "weight: 1\n---\n\n"),
            expect: &[FullRebuild],
        }],
    },
    ReloadCase {
        name: "a_slug_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t2.md",
            change: Replace("---\n\n", "slug: tip-two\n---\n\n"),
            expect: &[FullRebuild],
        }],
    },
    // A topic page's own text shows in every list of topics.
    ReloadCase {
        name: "a_topic_page_text_edit_needs_a_full_rebuild",
        extra: &[(
            "content/topics/feedback.md",
            "---\ntitle: Feedback\n---\n\nAbout feedback.\n",
        )],
        steps: &[Step {
            file: "content/topics/feedback.md",
            change: Replace("About feedback.", "All about feedback."),
            expect: &[FullRebuild],
        }],
    },
    // Which article a tip comes from changes the article's tips and the tip's siblings.
    ReloadCase {
        name: "a_source_article_edit_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t3.md",
            change: Replace("---\n\n", "source_article: a2\n---\n\n"),
            expect: &[FullRebuild],
        }],
    },
    // A page the site does not know yet.
    ReloadCase {
        name: "a_new_page_needs_a_full_rebuild",
        extra: &[],
        steps: &[Step {
            file: "content/tips/t6.md",
            change: Create("---\ntitle: Tip six\ntopics: [feedback]\n---\n\nNew.\n"),
            expect: &[FullRebuild],
        }],
    },
];

/// Runs one case on a fresh copy of the small site; panics name the case and the step.
fn run_reload_case(case: &ReloadCase) {
    let f = small_site();
    for (file, text) in case.extra {
        f.write(file, text);
    }
    let mut site = load(f.root());
    for (n, step) in case.steps.iter().enumerate() {
        let what = format!(
            "reload case {}, step {} of {} ({})",
            case.name,
            n + 1,
            case.steps.len(),
            step.file
        );
        match step.change {
            Replace(from, to) => f.edit(step.file, from, to),
            Create(text) => f.write(step.file, text),
        }
        if step.expect.contains(&FullRebuild) {
            assert_eq!(
                site.reload_page(&f.path(step.file)).unwrap(),
                Update::Full,
                "{what}"
            );
            continue;
        }
        // `reload_and_compare` names only the file; this line names the case before it.
        eprintln!("{what}");
        let rerendered = reload_and_compare(&mut site, &f, step.file);
        for expect in step.expect {
            match *expect {
                Rerenders(pages) => assert_eq!(rerendered, paths(pages), "{what}"),
                RerendersAtLeast(pages) => {
                    for page in pages {
                        assert!(rerendered.contains(*page), "{what}: {rerendered:?}");
                    }
                }
                BodyShows(slug, text) => {
                    let page = site.pages.iter().position(|p| p.slug == slug).unwrap();
                    assert!(site.html[page].text().contains(text), "{what}: {slug}");
                }
                FullRebuild => unreachable!("handled above"),
            }
        }
    }
}

#[test]
fn each_reload_case_gives_what_it_expects() {
    let failed: Vec<&str> = RELOAD_CASES
        .iter()
        .filter(|case| std::panic::catch_unwind(|| run_reload_case(case)).is_err())
        .map(|case| case.name)
        .collect();
    assert!(
        failed.is_empty(),
        "reload cases failed (each one's panic is above): {failed:?}"
    );
}

#[test]
fn a_broken_edit_is_an_error_and_leaves_the_site_as_it_was() {
    let f = small_site();
    let mut site = load(f.root());
    let before = snapshot(&site);
    let good = f.source("content/tips/t1.md");
    for (what, text) in [
        (
            "malformed YAML",
            good.replace("topics: [mentoring]", "topics: [mentoring"),
        ),
        (
            "unclosed front matter",
            "---\ntitle: Tip one\n\nBody.\n".to_string(),
        ),
        (
            "a broken link",
            good.replace("Body of tip one.", "See [[no-such-page]]."),
        ),
        (
            "a date that is no date",
            good.replace("title: Tip one\n", "title: Tip one\ndate: soon\n"),
        ),
        ("a self-embed", good.replace("Body of tip one.", "![[t1]]")),
    ] {
        f.write("content/tips/t1.md", &text);
        let result = site.reload_page(&f.path("content/tips/t1.md"));
        let Err(ds) = result else {
            panic!("{what}: expected an error, got {result:?}");
        };
        assert!(ds.has_errors(), "{what}");
        let first = ds.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(first.file, Path::new("content/tips/t1.md"), "{what}");
        assert!(first.line.is_some(), "{what}: {first}");
        assert!(snapshot(&site) == before, "{what} changed the site");
    }
    // A heading that another page links to disappears: the error is on the linking page.
    f.write("content/tips/t1.md", &good);
    f.edit("content/articles/a1.md", "## Why", "## Because");
    let Err(ds) = site.reload_page(&f.path("content/articles/a1.md")) else {
        panic!("a removed anchor must be an error");
    };
    let first = ds.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(first.file, Path::new("content/articles/a2.md"));
    assert!(first.message.contains("#why"), "{first}");
    assert!(snapshot(&site) == before);
    // The fix reloads incrementally again.
    f.edit("content/articles/a1.md", "## Because", "## Why");
    assert!(matches!(
        site.reload_page(&f.path("content/articles/a1.md")),
        Ok(Update::Pages(_))
    ));
}

/// A generated site with many cross-links, source articles and shared topics, edited again
/// and again: each incremental update must equal a full rebuild.
#[test]
fn random_link_edits_always_match_a_full_build() {
    let topics = ["mentoring", "feedback", "networking"];
    let mut files: Vec<(String, String)> = Vec::new();
    let mut seed: u64 = 0x5EED;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let tips = 24;
    let articles = 8;
    for a in 0..articles {
        let mut body = String::new();
        for _ in 0..next(4) {
            body.push_str(&format!("See [[t{}]]. ", next(tips)));
        }
        files.push((
            format!("content/articles/a{a}.md"),
            format!(
                "---\ntitle: Article {a}\ndate: 2026-01-{:02}\ntopics: [{}]\nsource:\n  title: Book {}\n---\n\n{body}\n\n## Part\n\nText.\n",
                1 + next(28),
                topics[next(3)],
                next(3)
            ),
        ));
    }
    for t in 0..tips {
        let link = if next(3) == 0 {
            format!(" From [[a{}]].", next(articles))
        } else {
            String::new()
        };
        let mut source = if next(2) == 0 {
            format!("source:\n  title: Book {}\n", next(3))
        } else {
            String::new()
        };
        if next(2) == 0 {
            source.push_str(&format!("source_article: a{}\n", next(articles)));
        }
        files.push((
            format!("content/tips/t{t}.md"),
            format!(
                "---\ntitle: Tip {t}\ntopics: [{}, {}]\n{source}---\n\nBody {t}.{link}\n",
                topics[next(3)],
                topics[next(3)]
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let f = Fixture::new(SITE_TOML, &refs);
    let mut site = load(f.root());
    for round in 0..30 {
        let (file, text) = if next(2) == 0 {
            let t = next(tips);
            let file = format!("content/tips/t{t}.md");
            let text = f.source(&file);
            let body_at = text.rfind("---\n").unwrap() + 4;
            let mut body = format!("\nBody {t}, round {round}.");
            for _ in 0..next(3) {
                if next(2) == 0 {
                    body.push_str(&format!(" From [[a{}]].", next(articles)));
                } else {
                    body.push_str(&format!(" Also [[t{}]].", next(tips)));
                }
            }
            (file, format!("{}{body}\n", &text[..body_at]))
        } else {
            let a = next(articles);
            let file = format!("content/articles/a{a}.md");
            let text = f.source(&file);
            let body_at = text.rfind("---\n").unwrap() + 4;
            let mut body = String::from("\nIntro.");
            for _ in 0..next(5) {
                body.push_str(&format!(" See [[t{}]].", next(tips)));
            }
            if next(3) == 0 {
                body.push_str(&format!(" And [[a{}#part]].", next(articles)));
            }
            (
                file,
                format!("{}{body}\n\n## Part\n\nText.\n", &text[..body_at]),
            )
        };
        if text.contains(&format!(
            "[[{}]]",
            Path::new(&file).file_stem().unwrap().to_string_lossy()
        )) || text.contains(&format!(
            "[[{}#",
            Path::new(&file).file_stem().unwrap().to_string_lossy()
        )) {
            continue; // a page linking to itself is allowed, but keep the case simple
        }
        f.write(&file, text);
        reload_and_compare(&mut site, &f, &file);
    }
}

// ---------------------------------------------------------------------------------------
// HTTP: a tiny client over TcpStream

/// A response: status, headers (names lowercased) and body.
struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// Sends one request exactly as written (no normalisation of `target`) and reads the reply.
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    request_with(addr, method, target, &[])
}

/// Like [`request`], with extra header lines.
fn request_with(addr: SocketAddr, method: &str, target: &str, headers: &[&str]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for line in headers {
        head.push_str(line);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target)
}

/// An open live-reload stream, read as a browser's EventSource would.
struct Events {
    reader: BufReader<TcpStream>,
    headers: BTreeMap<String, String>,
    pending: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut writer = stream.try_clone().unwrap();
        write!(
            writer,
            "GET /__ladder/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut headers = BTreeMap::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (k, v) = line.split_once(':').unwrap();
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
        Events {
            reader,
            headers,
            pending: String::new(),
        }
    }

    /// The next chunk of the (chunked) body; `None` at the terminating chunk.
    fn chunk(&mut self) -> Option<String> {
        let mut size = String::new();
        self.reader.read_line(&mut size).ok()?;
        let size = usize::from_str_radix(size.trim(), 16)
            .unwrap_or_else(|_| panic!("bad chunk size line {size:?}"));
        let mut data = vec![0; size + 2];
        self.reader.read_exact(&mut data).ok()?;
        assert_eq!(&data[size..], b"\r\n", "chunk not followed by CRLF");
        if size == 0 {
            return None;
        }
        Some(String::from_utf8(data[..size].to_vec()).unwrap())
    }

    /// The next event as (name, data), skipping comments; `None` when the stream ends.
    fn next(&mut self) -> Option<(String, String)> {
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event: ") {
                        name = v.to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data = v.trim_start().to_string();
                    }
                }
                if block.lines().all(|l| l.starts_with(':') || l.is_empty()) {
                    continue;
                }
                return Some((name, data));
            }
            let chunk = self.chunk()?;
            self.pending.push_str(&chunk);
        }
    }

    /// The next event if one comes within `limit`.
    fn next_within(&mut self, limit: Duration) -> Option<(String, String)> {
        self.reader.get_ref().set_read_timeout(Some(limit)).unwrap();
        let start = Instant::now();
        let mut found = None;
        while start.elapsed() < limit {
            match self.pending.find("\n\n") {
                Some(_) => {
                    found = self.next();
                    break;
                }
                None => match self.chunk() {
                    Some(chunk) => self.pending.push_str(&chunk),
                    None => break,
                },
            }
            // Comments only: keep reading.
            if let Some(end) = self.pending.find("\n\n") {
                let block = &self.pending[..end];
                if block.lines().all(|l| l.starts_with(':') || l.is_empty()) {
                    self.pending.drain(..end + 2);
                }
            }
        }
        self.reader
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        found
    }

    /// Waits for an event named `name`, returning its data; panics on `problems` when
    /// `name` is not `problems`, and after `limit`.
    fn wait_for(&mut self, name: &str) -> String {
        loop {
            let (event, data) = self
                .next()
                .unwrap_or_else(|| panic!("the stream ended while waiting for {name}"));
            if event == name {
                return data;
            }
            if event == "problems" {
                panic!("waiting for {name}, got problems: {data}");
            }
        }
    }
}

/// A fixture site being served; stops the server when dropped.
struct Serving {
    fixture: Fixture,
    running: Running,
}

impl Serving {
    fn new(fixture: Fixture) -> Serving {
        let running = start(&ServeOptions {
            root: fixture.root().to_path_buf(),
            bind: "127.0.0.1".into(),
            port: 0,
            open: false,
        })
        .expect("the server starts");
        Serving { fixture, running }
    }
    fn addr(&self) -> SocketAddr {
        self.running.addr
    }
    fn get(&self, target: &str) -> Reply {
        get(self.addr(), target)
    }
    /// The live-reload events, opened once the first build is served: their first
    /// event says it built.
    fn events(&self) -> Events {
        let mut events = Events::open(self.addr());
        assert_eq!(events.next().unwrap().0, "ok");
        events
    }
}

/// The small site with a draft, static files of several kinds, a static file linked to
/// another place in the site, and secrets beside it.
fn served_site() -> (tempfile::TempDir, Serving) {
    let outer = tempfile::tempdir().unwrap();
    fs::write(outer.path().join("outside.txt"), "SECRET-OUTSIDE").unwrap();
    fs::create_dir(outer.path().join("outside-dir")).unwrap();
    fs::write(outer.path().join("outside-dir/x.txt"), "SECRET-DIR").unwrap();
    let f = small_site();
    let site = f.root().to_path_buf();
    f.write("site.toml", format!("{SITE_TOML}\n# SECRET-TOML\n"));
    f.write(
        "content/tips/draft.md",
        "---\ntitle: Draft tip\ndraft: true\ntopics: [feedback]\n---\n\nNot published yet.\n",
    );
    f.write("static/style.css", "body { color: rgb(1, 2, 3); }\n");
    f.write("static/feed.xml", "<?xml version=\"1.0\"?><feed/>\n");
    f.write("static/notes.txt", "plain text\n");
    f.write("static/app.js", "console.log('app');\n");
    f.write("static/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    f.write(
        "static/icon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    f.write("other/inside.css", "p { margin: 0 }\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(
            site.join("other/inside.css"),
            site.join("static/inside.css"),
        )
        .unwrap();
    }
    // Keep `outer` (the secret's folder) alive as long as the test.
    let _ = &site;
    (outer, Serving::new(f))
}

const SECRETS: [&str; 5] = [
    "SECRET-OUTSIDE",
    "SECRET-DIR",
    "SECRET-TOML",
    "root:x:0",
    "title: Tip one",
];

#[test]
fn traversal_attempts_are_refused_and_leak_nothing() {
    let (_outer, s) = served_site();
    for target in [
        "/../site.toml",
        "/../outside.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/site.toml",
        "/%2E%2E/outside.txt",
        "/.%2e/site.toml",
        "/tips/..%2f..%2fsite.toml",
        "/tips/%2e%2e%2f%2e%2e%2fsite.toml",
        "/tips/..%2F..%2F..%2Fetc%2Fpasswd",
        "/..\\site.toml",
        "/tips\\..\\..\\site.toml",
        "/%5c..%5csite.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/./site.toml",
        "/tips/./../../site.toml",
        "/a/%00",
        "/%ff%fe",
        "/%2",
        "/static/../../outside.txt",
        "/content/tips/t1.md",
        "/site.toml",
        "/leakdir/x.txt",
        "/leak.txt",
    ] {
        let reply = s.get(target);
        assert!(
            (400..500).contains(&reply.status),
            "{target}: status {}",
            reply.status
        );
        let text = reply.text();
        for secret in SECRETS {
            assert!(!text.contains(secret), "{target} leaked {secret}");
        }
    }
    // The outright attempts are 400; a file outside the output is simply not there (404).
    assert_eq!(s.get("/../site.toml").status, 400);
    assert_eq!(s.get("/%2e%2e/site.toml").status, 400);
    assert_eq!(s.get("/tips/..%2f..%2fsite.toml").status, 400);
    assert_eq!(s.get("/..\\site.toml").status, 400);
    assert_eq!(s.get("//etc/passwd").status, 400);
    assert_eq!(s.get("/site.toml").status, 404);
    #[cfg(unix)]
    {
        // A link that stays inside the site folder is fine.
        let inside = s.get("/inside.css");
        assert_eq!(inside.status, 200);
        assert_eq!(inside.text(), "p { margin: 0 }\n");
    }
}

/// A static file that becomes a link out of the site after a good build is refused at
/// once, before the rebuild that reports it, and after: serve never reads it, as a build
/// never does.
#[cfg(unix)]
#[test]
fn a_static_file_linked_out_of_the_site_is_refused_as_a_build_refuses_it() {
    let (outer, s) = served_site();
    let mut events = s.events();
    assert_eq!(s.get("/notes.txt").text(), "plain text\n");
    s.fixture.remove("static/notes.txt");
    std::os::unix::fs::symlink(
        outer.path().join("outside.txt"),
        s.fixture.path("static/notes.txt"),
    )
    .unwrap();
    let reply = s.get("/notes.txt");
    assert_eq!(reply.status, 403);
    assert!(!reply.text().contains("SECRET"));
    // A build refuses it too.
    let out = outer.path().join("public");
    match ladder::build(s.fixture.root(), &out, &Options::default()) {
        Err(Failure::Content(ds)) => assert!(
            ds.iter().any(|d| d.code.name() == "link-outside-site"),
            "{ds:?}"
        ),
        _ => panic!("the build should fail"),
    }
    assert!(!out.exists());
    let data = events.wait_for("problems");
    assert!(
        data.contains("static/notes.txt: error[link-outside-site]") && !data.contains("SECRET"),
        "{data}"
    );
    let reply = s.get("/notes.txt");
    assert_eq!(reply.status, 403);
    assert!(!reply.text().contains("SECRET"));
}

/// A site whose page links out of the site does not build; serve says why, naming the
/// link, and shows nothing of what it points to.
#[cfg(unix)]
#[test]
fn a_page_linked_out_of_the_site_is_reported_by_serve_and_never_read() {
    let outer = tempfile::tempdir().unwrap();
    fs::write(
        outer.path().join("secret.md"),
        "---\ntitle: SECRET-TITLE\ntopics: [feedback]\n---\nSECRET-BODY\n",
    )
    .unwrap();
    let f = small_site();
    std::os::unix::fs::symlink(
        outer.path().join("secret.md"),
        f.path("content/tips/leak.md"),
    )
    .unwrap();
    let s = Serving::new(f);
    let page = s.get("/tips/leak.html");
    assert_eq!(page.status, 503);
    let text = page.text();
    assert!(
        text.contains("content/tips/leak.md: error[link-outside-site]"),
        "{text}"
    );
    assert!(!text.contains("SECRET"), "{text}");
    assert!(!s.get("/search/index.js").text().contains("SECRET"));
}

/// Serve follows a static link into a folder that `allow_links_to` lists, as a build does.
#[cfg(unix)]
#[test]
fn serve_follows_links_into_folders_site_toml_allows() {
    let (outer, s) = served_site();
    let mut events = s.events();
    let allowed = outer.path().join("outside-dir").display().to_string();
    s.fixture.write(
        "site.toml",
        format!("allow_links_to = [{allowed:?}]\n{SITE_TOML}"),
    );
    events.wait_for("reload");
    std::os::unix::fs::symlink(
        outer.path().join("outside-dir/x.txt"),
        s.fixture.path("static/shared.txt"),
    )
    .unwrap();
    events.wait_for("reload");
    let reply = s.get("/shared.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "SECRET-DIR");
    // Only the allowed folder: its neighbour stays refused.
    s.fixture.remove("static/notes.txt");
    std::os::unix::fs::symlink(
        outer.path().join("outside.txt"),
        s.fixture.path("static/notes.txt"),
    )
    .unwrap();
    assert_eq!(s.get("/notes.txt").status, 403);
}

#[test]
fn content_types_match_every_kind_of_file() {
    let (_outer, s) = served_site();
    for (target, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/tips/t1.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/icon.svg", "image/svg+xml"),
        ("/feed.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/search.js", "text/javascript; charset=utf-8"),
        ("/logo.png", "image/png"),
        ("/__ladder/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = s.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), Some(expected), "{target}");
    }
    assert_eq!(
        s.get("/logo.png").body,
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()
    );
    // The search index files are JavaScript too, when the theme has search.
    let index = s.get("/search/index.js");
    if index.status == 200 {
        assert_eq!(
            index.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
    }
}

#[test]
fn a_missing_page_is_a_404_with_the_sites_404_page() {
    let (_outer, s) = served_site();
    for target in ["/no-such-page.html", "/tips/nothing.html", "/deep/er/x"] {
        let reply = s.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let text = reply.text();
        assert!(text.contains("Page not found"), "{target}: {text}");
        assert!(text.contains("/__ladder/live.js"), "{target}");
    }
}

#[test]
fn head_and_other_methods() {
    let (_outer, s) = served_site();
    let got = s.get("/tips/t1.html");
    let head = request(s.addr(), "HEAD", "/tips/t1.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length").map(str::to_string),
        Some(got.body.len().to_string())
    );
    assert_eq!(head.header("content-type"), got.header("content-type"));
    let missing = request(s.addr(), "HEAD", "/nothing.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.is_empty());
    // HEAD on the event stream answers at once instead of holding the connection.
    let events = request(s.addr(), "HEAD", "/__ladder/events");
    assert_eq!(events.status, 200);
    assert_eq!(
        events.header("content-type"),
        Some("text/event-stream; charset=utf-8")
    );
    for method in ["POST", "PUT", "DELETE"] {
        let reply = request(s.addr(), method, "/index.html");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn drafts_are_served_and_the_script_is_only_injected_by_serve() {
    let (outer, s) = served_site();
    let draft = s.get("/tips/draft.html");
    assert_eq!(draft.status, 200);
    assert!(draft.text().contains("Not published yet."));
    // The tag names the version the page was served from, `data-version="<run>-<n>"`.
    let tag = "<script src=\"/__ladder/live.js\" data-version=\"";
    for target in [
        "/",
        "/tips/t1.html",
        "/articles/a1.html",
        "/topics/index.html",
    ] {
        let text = s.get(target).text();
        assert_eq!(text.matches(tag).count(), 1, "{target}");
        assert!(text.find(tag).unwrap() < text.rfind("</body>").unwrap());
    }
    let script = s.get("/__ladder/live.js").text();
    assert!(script.contains("EventSource(\"/__ladder/events\")"));
    assert!(script.contains("ladder-error-overlay"));

    // `ladder build` output never has it, nor the drafts.
    let out = outer.path().join("built");
    ladder::build(s.fixture.root(), &out, &Options::default()).unwrap_or_else(|_| panic!("build"));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__ladder"),
                "{} has the live-reload script",
                entry.path().display()
            );
            checked += 1;
        }
    }
    assert!(checked > 10);
    assert!(!out.join("tips/draft.html").exists());
}

#[test]
fn two_hundred_concurrent_requests_are_all_answered() {
    let (_outer, s) = served_site();
    let addr = s.addr();
    let targets = [
        "/",
        "/tips/t1.html",
        "/tips/t2.html",
        "/articles/a1.html",
        "/topics/mentoring.html",
        "/style.css",
        "/favicon.svg",
        "/logo.png",
    ];
    let barrier = Arc::new(Barrier::new(200));
    let threads: Vec<_> = (0..200)
        .map(|n| {
            let barrier = Arc::clone(&barrier);
            let target = targets[n % targets.len()];
            std::thread::spawn(move || {
                barrier.wait();
                let reply = get(addr, target);
                (target, reply.status, reply.body.len())
            })
        })
        .collect();
    let mut answered = 0;
    for t in threads {
        let (target, status, len) = t.join().unwrap();
        assert_eq!(status, 200, "{target}");
        assert!(len > 0, "{target}");
        answered += 1;
    }
    assert_eq!(answered, 200);
}

/// Polls until `live_clients()` is `n`, for at most `limit`.
fn wait_for_clients(running: &Running, n: usize, limit: Duration) {
    let start = Instant::now();
    while running.live_clients() != n {
        assert!(
            start.elapsed() < limit,
            "{} live streams after {limit:?}, expected {n}",
            running.live_clients()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn event_streams_are_framed_and_a_closed_tab_leaves_nothing_behind() {
    let (_outer, s) = served_site();
    let mut kept = Events::open(s.addr());
    assert_eq!(
        kept.headers.get("content-type").map(String::as_str),
        Some("text/event-stream; charset=utf-8")
    );
    assert_eq!(
        kept.headers.get("transfer-encoding").map(String::as_str),
        Some("chunked")
    );
    assert!(!kept.headers.contains_key("content-length"));
    assert_eq!(kept.next(), Some(("ok".into(), String::new())));

    let mut closed = Events::open(s.addr());
    assert_eq!(closed.next().unwrap().0, "ok");
    wait_for_clients(&s.running, 2, Duration::from_secs(2));
    // The tab goes away: its connection closes.
    drop(closed);
    s.fixture.edit(
        "content/tips/t4.md",
        "Body of tip four.",
        "Tip four, edited.",
    );
    kept.wait_for("reload");
    assert_eq!(kept.next().unwrap().0, "ok");
    // The closed stream's thread notices on its next write and unregisters.
    wait_for_clients(&s.running, 1, Duration::from_secs(10));
    assert!(s.get("/tips/t4.html").text().contains("Tip four, edited."));

    // Stopping the server ends open streams with the terminating chunk.
    s.running.stop();
    assert_eq!(kept.next(), None);
    wait_for_clients(&s.running, 0, Duration::from_secs(2));
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_until_it_is_fixed() {
    let (_outer, s) = served_site();
    let mut events = s.events();
    let good = s.fixture.source("content/tips/t1.md");

    // An edit that builds.
    s.fixture.write(
        "content/tips/t1.md",
        good.replace("Body of tip one.", "Version two."),
    );
    events.wait_for("reload");
    assert!(s.get("/tips/t1.html").text().contains("Version two."));

    // Broken front matter: problems naming the file and line; the page stays as it was.
    s.fixture.write(
        "content/tips/t1.md",
        good.replace("topics: [mentoring]", "topics: [mentoring\nVersion three."),
    );
    let data = events.wait_for("problems");
    let problems = error_headings(&data);
    assert!(
        problems.iter().any(|p| p.starts_with("content/tips/t1.md:")
            && p.split(':').nth(1).unwrap().parse::<usize>().is_ok()),
        "{problems:?}"
    );
    let page = s.get("/tips/t1.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Version two."));
    // A browser connecting now learns about the problem at once.
    let mut late = Events::open(s.addr());
    assert_eq!(late.next().unwrap().0, "problems");

    // An unrelated good edit does not hide the problem.
    s.fixture
        .edit("content/tips/t4.md", "Body of tip four.", "Four, edited.");
    assert_eq!(events.next().unwrap().0, "problems");

    // The fix: reload, then ok; the page shows the fixed text.
    s.fixture.write(
        "content/tips/t1.md",
        good.replace("Body of tip one.", "Version four."),
    );
    events.wait_for("reload");
    assert_eq!(events.next().unwrap().0, "ok");
    assert!(s.get("/tips/t1.html").text().contains("Version four."));
    assert!(s.get("/tips/t4.html").text().contains("Four, edited."));
}

#[test]
fn the_search_index_follows_page_edits() {
    let (_outer, s) = served_site();
    let before = s.get("/search/index.js");
    if before.status != 200 {
        return; // a theme without search
    }
    let mut events = s.events();
    s.fixture.edit(
        "content/tips/t4.md",
        "Body of tip four.",
        "Zebracorns everywhere.",
    );
    events.wait_for("reload");
    // The index is rebuilt in the background once edits pause; its manifest changes.
    let start = Instant::now();
    while s.get("/search/index.js").body == before.body {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the search index was not updated"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let index = s.get("/search/index.js");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
}

#[test]
fn created_deleted_and_renamed_pages_are_picked_up() {
    let (_outer, s) = served_site();
    let f = &s.fixture;
    let mut events = s.events();

    f.write(
        "content/tips/t6.md",
        "---\ntitle: Tip six\ntopics: [networking]\n---\n\nBrand new tip.\n",
    );
    events.wait_for("reload");
    assert!(s.get("/tips/t6.html").text().contains("Brand new tip."));
    assert!(s.get("/topics/networking.html").text().contains("Tip six"));

    fs::rename(f.path("content/tips/t6.md"), f.path("content/tips/t7.md")).unwrap();
    events.wait_for("reload");
    assert_eq!(s.get("/tips/t6.html").status, 404);
    assert!(s.get("/tips/t7.html").text().contains("Brand new tip."));

    fs::remove_file(f.path("content/tips/t7.md")).unwrap();
    events.wait_for("reload");
    assert_eq!(s.get("/tips/t7.html").status, 404);
    assert!(!s.get("/topics/networking.html").text().contains("Tip six"));

    // Deleting a page that another links to is a broken link: problems, last good kept.
    fs::remove_file(f.path("content/tips/t1.md")).unwrap();
    let data = events.wait_for("problems");
    assert!(data.contains("content/articles/a1.md:"), "{data}");
    assert_eq!(s.get("/tips/t1.html").status, 200);
    f.write(
        "content/tips/t1.md",
        "---\ntitle: Tip one\ntopics: [mentoring]\n---\n\nBack again.\n",
    );
    events.wait_for("reload");
    assert!(s.get("/tips/t1.html").text().contains("Back again."));
}

#[test]
fn editors_that_save_by_renaming_are_picked_up() {
    let (_outer, s) = served_site();
    let f = &s.fixture;
    let mut events = s.events();

    // vim: move the original to a backup, write a new file, delete the backup.
    let text = f.source("content/tips/t2.md");
    fs::rename(f.path("content/tips/t2.md"), f.path("content/tips/t2.md~")).unwrap();
    f.write(
        "content/tips/t2.md",
        text.replace("Body of tip two.", "Saved by vim."),
    );
    fs::remove_file(f.path("content/tips/t2.md~")).unwrap();
    events.wait_for("reload");
    assert!(s.get("/tips/t2.html").text().contains("Saved by vim."));

    // Atomic save: write a hidden temp file, rename it over the page.
    f.write(
        "content/tips/.t2.md.tmp1234",
        text.replace("Body of tip two.", "Saved atomically."),
    );
    fs::rename(
        f.path("content/tips/.t2.md.tmp1234"),
        f.path("content/tips/t2.md"),
    )
    .unwrap();
    events.wait_for("reload");
    assert!(s.get("/tips/t2.html").text().contains("Saved atomically."));

    // Editor leftovers alone change nothing.
    f.write("content/tips/.t2.md.swp", "junk");
    f.write("content/tips/t2.md~", "junk");
    f.write("content/tips/t9.md", text.replace("Tip two", "Tip nine"));
    // The next event is the one for t9, not for the leftovers.
    events.wait_for("reload");
    assert!(s.get("/tips/t9.html").text().contains("Tip nine"));
}

#[test]
fn stylesheets_swap_and_templates_and_settings_rebuild() {
    let (_outer, s) = served_site();
    let f = &s.fixture;
    let mut events = s.events();

    f.write("static/style.css", "body { color: rgb(9, 9, 9); }\n");
    events.wait_for("css");
    assert_eq!(events.next().unwrap().0, "ok");
    assert!(s.get("/style.css").text().contains("rgb(9, 9, 9)"));

    // A theme's stylesheet (a theme folder named like the default overrides it).
    f.write("themes/default/static/extra.css", "a { color: red }\n");
    events.wait_for("reload"); // a new file: rebuilt in full
    assert_eq!(s.get("/extra.css").text(), "a { color: red }\n");
    f.write("themes/default/static/extra.css", "a { color: blue }\n");
    events.wait_for("css");
    assert_eq!(s.get("/extra.css").text(), "a { color: blue }\n");

    // site.toml: everything is rebuilt.
    f.edit(
        "site.toml",
        "title = \"Fixture\"",
        "title = \"Renamed fixture\"",
    );
    events.wait_for("reload");
    assert!(s.get("/tips/t1.html").text().contains("Renamed fixture"));

    // A template override.
    f.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>Custom missing page</p>{% endblock main %}",
    );
    events.wait_for("reload");
    assert!(s
        .get("/nothing.html")
        .text()
        .contains("Custom missing page"));

    // A broken template keeps the last good site and reports it.
    f.write("templates/404.html", "{% block main %}unclosed");
    let data = events.wait_for("problems");
    assert!(data.contains("404.html"), "{data}");
    assert!(s
        .get("/nothing.html")
        .text()
        .contains("Custom missing page"));
    fs::remove_file(f.path("templates/404.html")).unwrap();
    events.wait_for("reload");
    assert!(s.get("/nothing.html").text().contains("Page not found"));

    // The site's strings (a folder that appears after the start).
    f.write(
        "i18n/en.toml",
        "not_found_title = \"Nowhere to be found\"\n",
    );
    events.wait_for("reload");
    assert!(s
        .get("/nothing.html")
        .text()
        .contains("Nowhere to be found"));
}

#[test]
fn a_folder_created_after_the_start_is_watched() {
    let f = small_site();
    let s = Serving::new(f);
    let mut events = s.events();
    assert!(!s.fixture.path("static").exists());
    s.fixture.write("static/new.css", "p { color: green }\n");
    events.wait_for("reload");
    assert_eq!(s.get("/new.css").status, 200);
    s.fixture.write("static/new.css", "p { color: olive }\n");
    events.wait_for("css");
    assert!(s.get("/new.css").text().contains("olive"));
}

#[test]
fn a_site_that_does_not_build_at_first_shows_its_problems_and_recovers() {
    let f = small_site();
    let good = f.source("content/tips/t1.md");
    f.write("content/tips/t1.md", "---\ntitle: [unclosed\n---\n");
    let s = Serving::new(f);
    let page = s.get("/tips/t1.html");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("content/tips/t1.md:"),
        "{}",
        page.text()
    );
    assert!(page.text().contains("/__ladder/live.js"));
    let mut events = Events::open(s.addr());
    assert_eq!(events.next().unwrap().0, "problems");
    s.fixture.write("content/tips/t1.md", good);
    events.wait_for("reload");
    assert_eq!(s.get("/tips/t1.html").status, 200);
}

/// The first lines of the errors `ladder check` reports for the site at `root`.
fn check_errors(root: &Path) -> BTreeSet<String> {
    match ladder::check(root, &serve_options()) {
        Err(Failure::Content(ds)) => ds
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string().lines().next().unwrap_or_default().to_string())
            .collect(),
        Ok(_) => panic!("the site checks without errors"),
        Err(Failure::Io(e)) => panic!("the site cannot be checked: {e}"),
    }
}

/// The problems of a `problems` event, as JSON objects.
fn problem_list(data: &str) -> Vec<serde_json::Value> {
    let value: serde_json::Value =
        serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}"));
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {data}"))
        .clone()
}

/// The first lines of the errors of a `problems` event.
fn error_headings(data: &str) -> BTreeSet<String> {
    problem_list(data)
        .iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            p["text"]
                .as_str()
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn problems_carry_the_source_line_caret_help_and_warnings() {
    let f = small_site();
    // A warning (a typo of a known field) and an error with a suggestion (a link to a
    // page whose name is one letter off).
    f.write(
        "content/tips/t1.md",
        "---\ntitle: Tip one\nsumary: Typo.\ntopics: [mentoring]\n---\n\nSee [[t22]] now.\n",
    );
    let s = Serving::new(f);
    let mut events = Events::open(s.addr());
    let (event, data) = events.next().unwrap();
    assert_eq!(event, "problems");
    let problems = problem_list(&data);
    let error = problems
        .iter()
        .find(|p| p["severity"] == "error")
        .unwrap_or_else(|| panic!("{data}"));
    assert_eq!(error["file"], "content/tips/t1.md", "{data}");
    assert_eq!(error["line"], 7, "{data}");
    assert_eq!(error["source"], "See [[t22]] now.", "{data}");
    assert_eq!(error["column"], 5, "{data}");
    assert!(
        error["help"].as_str().is_some_and(|h| h.contains("t2")),
        "{data}"
    );
    let text = error["text"].as_str().unwrap();
    assert!(text.contains("See [[t22]] now."), "{text}");
    assert!(text.contains('^'), "{text}");
    assert!(text.contains("help:"), "{text}");
    let warning = problems
        .iter()
        .find(|p| p["severity"] == "warning")
        .unwrap_or_else(|| panic!("no warning in {data}"));
    assert!(
        warning["help"]
            .as_str()
            .is_some_and(|h| h.contains("summary")),
        "{data}"
    );
    assert_eq!(warning["source"], "sumary: Typo.", "{data}");
}

#[test]
fn serve_reports_every_problem_check_reports() {
    let f = small_site();
    let good = f.source("content/tips/t1.md");
    // A page that does not load, a broken link in another, and a template that does not
    // compile: each stage has a problem, and none may hide another.
    f.write("content/tips/t1.md", "---\ntitle: [unclosed\n---\n");
    f.edit(
        "content/tips/t4.md",
        "Body of tip four.",
        "See [gone](gone.md).",
    );
    f.write("templates/tip.html", "{% extends \"base.html\" %}{{ oops");
    let expected = check_errors(f.root());
    assert!(expected.len() >= 3, "{expected:?}");
    let s = Serving::new(f);
    let mut events = Events::open(s.addr());
    let (event, data) = events.next().unwrap();
    assert_eq!(event, "problems");
    let served = error_headings(&data);
    assert_eq!(served, expected, "the first build");
    let page = s.get("/tips/t2.html");
    assert_eq!(page.status, 503);
    for problem in &expected {
        let shown = ladder::html::escape(problem);
        assert!(page.text().contains(&shown), "{problem} in {}", page.text());
    }

    // A full rebuild after a fix reports what is left, as check does.
    s.fixture.write("content/tips/t1.md", good);
    let expected = check_errors(s.fixture.root());
    assert!(expected.len() >= 2, "{expected:?}");
    let data = events.wait_for("problems");
    let served = error_headings(&data);
    assert_eq!(served, expected, "a full rebuild");
}

// ---------------------------------------------------------------------------------------
// The `ladder serve` command

/// Starts `ladder serve --port 0` and returns the child and the address it printed.
fn spawn_serve(root: &Path, port: &str) -> (std::process::Child, Option<String>) {
    let mut child = ladder_command()
        .args(["serve", "--port", port, "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = served_address(&mut child);
    (child, addr)
}

/// The address a started `ladder serve` prints, read from its stdout (within 20 s).
fn served_address(child: &mut std::process::Child) -> Option<String> {
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("Serving the site at http://") {
                let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(20)).ok()
}

#[cfg(unix)]
#[test]
fn the_command_serves_on_a_free_port_and_ctrl_c_stops_it_cleanly() {
    let f = small_site();
    let before = tree(f.root());
    let (mut child, addr) = spawn_serve(f.root(), "0");
    let addr: SocketAddr = addr.expect("the address is printed").parse().unwrap();
    assert_eq!(addr.ip().to_string(), "127.0.0.1");
    assert_ne!(addr.port(), 0);
    let reply = get(addr, "/tips/t1.html");
    assert_eq!(reply.status, 200);
    let mut events = Events::open(addr);
    assert_eq!(events.next().unwrap().0, "ok");

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        // A guard against a hang, not a speed target: generous for a loaded machine.
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "still running after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(2), "{status:?}");
    // The port is free again and the site folder is exactly as it was.
    assert!(TcpListener::bind(addr).is_ok());
    assert_eq!(tree(f.root()), before, "serve wrote into the site folder");
}

#[test]
fn a_port_in_use_is_a_clear_error_and_exit_2() {
    let f = small_site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = ladder_command()
        .args(["serve", "--port", &port, "--root"])
        .arg(f.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port 0"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let output = ladder_command()
        .args(["serve", "--bind", "not-an-address", "--port", "0", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot listen on not-an-address"));
}

// ---------------------------------------------------------------------------------------
// Ranges, connections and resources

#[test]
fn single_ranges_are_honoured_and_out_of_range_is_416() {
    let f = small_site();
    let video: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    f.write("static/clip.mp4", &video);
    let s = Serving::new(f);
    let whole = s.get("/clip.mp4");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.body, video);
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    for (range, from, to) in [
        ("bytes=10-19", 10, 19),
        ("bytes=99990-", 99_990, 99_999),
        ("bytes=-5", 99_995, 99_999),
        ("bytes=0-0", 0, 0),
        ("bytes=99000-200000", 99_000, 99_999),
    ] {
        let r = request_with(s.addr(), "GET", "/clip.mp4", &[&format!("Range: {range}")]);
        assert_eq!(r.status, 206, "{range}");
        assert_eq!(r.body, &video[from..=to], "{range}");
        assert_eq!(
            r.header("content-range"),
            Some(format!("bytes {from}-{to}/100000").as_str()),
            "{range}"
        );
        assert_eq!(
            r.header("content-length"),
            Some((to - from + 1).to_string().as_str())
        );
    }
    for range in ["bytes=100000-", "bytes=200000-300000", "bytes=-0"] {
        let r = request_with(s.addr(), "GET", "/clip.mp4", &[&format!("Range: {range}")]);
        assert_eq!(r.status, 416, "{range}");
        assert_eq!(r.header("content-range"), Some("bytes */100000"), "{range}");
    }
    // Several ranges, or another unit: the whole file, as RFC 9110 allows.
    for range in ["bytes=0-1,5-6", "lines=1-2", "bytes=x-y"] {
        let r = request_with(s.addr(), "GET", "/clip.mp4", &[&format!("Range: {range}")]);
        assert_eq!(r.status, 200, "{range}");
        assert_eq!(r.body, video, "{range}");
    }
    // A generated page in memory takes ranges too.
    let page = s.get("/tips/t1.html").body;
    let r = request_with(s.addr(), "GET", "/tips/t1.html", &["Range: bytes=0-14"]);
    assert_eq!(r.status, 206);
    assert_eq!(r.body, &page[..15]);
    // HEAD says what GET would send, without the body.
    let r = request_with(s.addr(), "HEAD", "/clip.mp4", &["Range: bytes=10-19"]);
    assert_eq!(r.status, 206);
    assert_eq!(r.header("content-length"), Some("10"));
    assert!(r.body.is_empty());
}

/// Sends `head` on a fresh connection; returns the reply's head and whether the server
/// closed the connection (within a second) after the body.
fn exchange(addr: SocketAddr, head: &str) -> (String, bool) {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    writer.write_all(head.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut reply = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line.trim_end().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().unwrap();
        }
        reply.push_str(&line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let mut rest = [0; 1];
    let closed = matches!(reader.read(&mut rest), Ok(0));
    (reply, closed)
}

#[test]
fn every_reply_says_close_and_the_server_closes_when_the_request_asked() {
    let (_outer, s) = served_site();
    for (head, server_closes) in [
        ("GET /tips/t1.html HTTP/1.0\r\n\r\n", true),
        (
            "GET /tips/t1.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            false,
        ),
        (
            "GET /tips/t1.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            true,
        ),
        ("GET /tips/t1.html HTTP/1.1\r\nHost: x\r\n\r\n", false),
        (
            "GET /nothing HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            false,
        ),
    ] {
        let (reply, closed) = exchange(s.addr(), head);
        // The client is told to close; where the request asked to, the server does.
        assert!(
            reply.to_ascii_lowercase().contains("connection: close"),
            "{head:?}: {reply}"
        );
        assert_eq!(closed, server_closes, "{head:?}: {reply}");
    }
}

#[test]
fn files_with_colons_in_their_names_are_served_as_built() {
    let f = small_site();
    f.write("static/notes:2026.txt", "colon file\n");
    f.write(
        "content/tips/time:box.md",
        "---\ntitle: Timebox\ntopics: [mentoring]\n---\n\nBox it.\n",
    );
    let built = f.built();
    let _ = built;
    assert!(f.out().join("notes:2026.txt").is_file());
    let s = Serving::new(f);
    for target in ["/notes:2026.txt", "/notes%3A2026.txt", "/notes%3a2026.txt"] {
        let r = s.get(target);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.text(), "colon file\n");
    }
    let page = fs::read_dir(s.fixture.out().join("tips"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("time"))
        .expect("the page is built");
    let r = s.get(&format!("/tips/{page}"));
    assert_eq!(r.status, 200, "{page}");
    assert!(r.text().contains("Box it."));
    // Still refused: what could name a drive or leave the site.
    assert_eq!(s.get("/C:/windows").status, 400);
    assert_eq!(s.get("/../notes:2026.txt").status, 400);
}

#[test]
fn an_atomic_saves_temporary_name_is_not_a_page_and_rebuilds_nothing_else() {
    let (_outer, s) = served_site();
    let f = &s.fixture;
    let mut events = s.events();
    let builds = s.running.full_builds();
    let text = f.source("content/tips/t2.md");
    f.write(
        "content/tips/t2.md.new123",
        text.replace("Body of tip two.", "Saved through a temporary name."),
    );
    fs::rename(
        f.path("content/tips/t2.md.new123"),
        f.path("content/tips/t2.md"),
    )
    .unwrap();
    events.wait_for("reload");
    assert!(s
        .get("/tips/t2.html")
        .text()
        .contains("Saved through a temporary name."));
    assert_eq!(s.running.full_builds(), builds, "a full rebuild");
    assert_eq!(s.get("/tips/t2.md.new123").status, 404);
}

#[test]
fn a_page_read_between_truncate_and_write_is_read_again() {
    let (_outer, s) = served_site();
    let f = &s.fixture;
    let mut events = s.events();
    let text = f.source("content/tips/t3.md");
    // An editor that truncates, then writes a moment later.
    fs::File::create(f.path("content/tips/t3.md")).unwrap();
    std::thread::sleep(Duration::from_millis(120));
    f.write(
        "content/tips/t3.md",
        text.replace("Body of tip three.", "Written after the truncation."),
    );
    events.wait_for("reload");
    assert!(s
        .get("/tips/t3.html")
        .text()
        .contains("Written after the truncation."));
    assert_eq!(s.get("/tips/t3.html").status, 200);
    assert_eq!(events.next().unwrap().0, "ok");
    // The empty file in between was never reported nor published. (A busy machine may
    // see the write as two batches, so a second reload of the same text is allowed.)
    while let Some((event, data)) = events.next_within(Duration::from_millis(700)) {
        assert_ne!(event, "problems", "the empty page was reported: {data}");
        assert!(s
            .get("/tips/t3.html")
            .text()
            .contains("Written after the truncation."));
    }
}

/// The served HTML pages are the built ones (but for the live-reload script).
fn assert_serves_what_build_builds(s: &Serving) {
    let out = tempfile::tempdir().unwrap();
    ladder::build(s.fixture.root(), out.path(), &serve_options())
        .unwrap_or_else(|e| panic!("{}", crate::fixture::show_failure(&e)));
    let built = tree(out.path());
    let mut compared = 0;
    for (path, bytes) in &built {
        if !path.ends_with(".html") && !path.ends_with(".xml") {
            continue;
        }
        let served = s.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{path}");
        let text = if path.ends_with(".html") {
            without_live_reload(&served.text())
        } else {
            served.text()
        };
        assert_eq!(text, String::from_utf8_lossy(bytes), "{path}");
        compared += 1;
    }
    assert!(compared > 5);
}

/// Pages are rendered at each request from the site held: an edit that loads but that
/// a template cannot render is undone in that site, so the page stays as it was last
/// built until the edit is fixed.
#[test]
fn an_edit_a_template_cannot_render_leaves_the_last_good_page_served() {
    let f = small_site();
    f.write(
        "templates/tip.html",
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>{{ page.title }}</title></head>\n<body>{% if page.extra.n %}<p>n+1={{ page.extra.n + 1 }}</p>{% endif %}{{ page.content | safe }}</body></html>\n",
    );
    f.edit(
        "content/tips/t1.md",
        "title: Tip one\n",
        "title: Tip one\nn: 1\n",
    );
    let s = Serving::new(f);
    let mut events = s.events();
    assert!(s.get("/tips/t1.html").text().contains("n+1=2"));

    let edited = s
        .fixture
        .source("content/tips/t1.md")
        .replace("n: 1", "n: \"x\"")
        .replace("Body of tip one.", "New body of tip one.");
    s.fixture.write("content/tips/t1.md", edited);
    let problems = events.wait_for("problems");
    assert!(problems.contains("tips/t1.md"), "{problems}");
    let reply = s.get("/tips/t1.html");
    assert_eq!(reply.status, 200);
    let text = reply.text();
    assert!(
        text.contains("n+1=2") && text.contains("Body of tip one."),
        "{text}"
    );
    assert!(!text.contains("New body"), "{text}");

    s.fixture.edit("content/tips/t1.md", "n: \"x\"", "n: 2");
    events.wait_for("reload");
    let text = s.get("/tips/t1.html").text();
    assert!(
        text.contains("n+1=3") && text.contains("New body of tip one."),
        "{text}"
    );
    assert_serves_what_build_builds(&s);
}

/// A batch whose later page does not build leaves none of it served: the pages
/// reloaded before it are undone, and the last good build stays served.
#[test]
fn a_failed_batch_leaves_the_last_good_pages_served() {
    let f = small_site();
    let s = Serving::new(f);
    let mut events = s.events();
    let before = s.get("/tips/t1.html").text();
    assert!(before.contains("Body of tip one."));

    // Written together, as a checkout does: a good edit, then a broken link.
    let t1 = s.fixture.source("content/tips/t1.md");
    let t2 = s.fixture.source("content/tips/t2.md");
    s.fixture.write(
        "content/tips/t1.md",
        t1.replace("Body of tip one.", "Changed body of tip one."),
    );
    s.fixture.write(
        "content/tips/t2.md",
        t2.replace("Body of tip two.", "See [[No such page]]."),
    );
    let problems = events.wait_for("problems");
    assert!(problems.contains("No such page"), "{problems}");
    assert_eq!(s.get("/tips/t1.html").text(), before);

    s.fixture.write("content/tips/t2.md", t2);
    events.wait_for("reload");
    assert!(s
        .get("/tips/t1.html")
        .text()
        .contains("Changed body of tip one."));
    assert_serves_what_build_builds(&s);
}

/// Each language of a multilingual site is rendered at each request with its own words
/// and links, as a build makes it, lists split over several pages included.
#[test]
fn every_language_is_served_as_a_build_makes_it() {
    for f in [crate::languages::suffixed(), crate::languages::in_folders()] {
        let settings = fs::read_to_string(f.root().join("site.toml")).unwrap();
        f.write("site.toml", format!("paginate = 1\n{settings}"));
        let s = Serving::new(f);
        assert!(s.get("/fr/index.html").text().contains("lang=\"fr\""));
        assert_serves_what_build_builds(&s);
    }
}

#[test]
fn a_batch_of_edits_is_applied_as_a_whole() {
    let (_outer, s) = served_site();
    let f = &s.fixture;
    let mut events = s.events();

    // A new page and a link to it, written together (as a checkout does).
    f.edit("content/tips/t4.md", "Body of tip four.", "Now see [[t6]].");
    f.write(
        "content/tips/t6.md",
        "---\ntitle: Tip six\nsummary: Six.\ntopics: [networking]\n---\n\nBody of six.\n",
    );
    let data = events.wait_for("reload");
    let _ = data;
    assert_eq!(events.next().unwrap().0, "ok");
    assert_serves_what_build_builds(&s);

    // A heading renamed together with the link to it.
    f.edit("content/articles/a1.md", "## Why", "## Reasons");
    f.edit("content/articles/a2.md", "a1.md#why", "a1.md#reasons");
    events.wait_for("reload");
    assert_eq!(events.next().unwrap().0, "ok");
    assert_serves_what_build_builds(&s);

    // Both orders of the same batch: the link first, then the page it needs.
    f.write(
        "content/tips/t5.md",
        f.source("content/tips/t5.md")
            .replace("Body of tip five.", "See [[a0]]."),
    );
    f.write(
        "content/articles/a0.md",
        "---\ntitle: Article zero\ndate: 2025-01-01\ntopics: [feedback]\n---\n\nZero.\n",
    );
    events.wait_for("reload");
    assert_eq!(events.next().unwrap().0, "ok");
    assert_serves_what_build_builds(&s);
}

/// Runs `ladder serve` under `sh` with `ulimit` options (e.g. `-n 64`), returning the child
/// and its address.
#[cfg(unix)]
fn spawn_limited(root: &Path, ulimit: &str) -> (std::process::Child, SocketAddr) {
    let bin = env!("CARGO_BIN_EXE_ladder");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit {ulimit} && exec \"$0\" serve --port 0 --root \"$1\""
        ))
        .arg(bin)
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = served_address(&mut child)
        .expect("the address is printed")
        .parse()
        .unwrap();
    (child, addr)
}

/// Gets `target` with a fresh connection, retrying for a few seconds.
fn get_eventually(addr: SocketAddr, target: &str) -> Option<Reply> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(mut stream) = TcpStream::connect(addr) {
            stream
                .set_read_timeout(Some(Duration::from_secs(2)))
                .unwrap();
            let _ = write!(
                stream,
                "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
            );
            let mut raw = Vec::new();
            if stream.read_to_end(&mut raw).is_ok() && raw.starts_with(b"HTTP/1.1 200") {
                return Some(Reply {
                    status: 200,
                    headers: BTreeMap::new(),
                    body: raw,
                });
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// Opens `n` connections (and event streams among them) and holds them.
fn hold_connections(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    let mut held = Vec::new();
    for i in 0..n {
        // Once the queue of pending connections is full, a connect waits: give up soon.
        if let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
            if i % 4 == 0 {
                let _ = write!(
                    stream,
                    "GET /__ladder/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
                );
            }
            held.push(stream);
        } else {
            break; // the queue is full
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    held
}

#[cfg(unix)]
#[test]
fn more_connections_than_a_low_soft_limit_still_get_pages() {
    let f = small_site();
    // A soft limit of 64 under a higher hard limit: serve raises it and keeps serving.
    let (mut child, addr) = spawn_limited(f.root(), "-S -n 64");
    let held = hold_connections(addr, 150);
    let reply = get_eventually(addr, "/tips/t1.html");
    drop(held);
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        reply.is_some(),
        "no page while connections were held: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn running_out_of_files_under_a_hard_limit_is_survived() {
    let f = small_site();
    // Soft and hard limit 64: connections beyond it stop the listener, which starts again,
    // even once the queue of pending connections has filled up.
    let (mut child, addr) = spawn_limited(f.root(), "-n 64");
    let held = hold_connections(addr, 300);
    drop(held);
    let reply = get_eventually(addr, "/tips/t1.html");
    let again = get_eventually(addr, "/tips/t2.html");
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        reply.is_some() && again.is_some(),
        "no page afterwards: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("warning: the server stopped accepting connections (")
            && stderr.contains("); listening again"),
        "{stderr}"
    );
}

/// A served page as built: the live-reload tag that `serve` adds taken out again.
fn without_live_reload(served: &str) -> String {
    let start = served
        .find("<script src=\"/__ladder/live.js\"")
        .expect("serve adds its script");
    let end =
        start + served[start..].find("</script>\n").expect("the tag ends") + "</script>\n".len();
    format!("{}{}", &served[..start], &served[end..])
}

/// Serve renders a page at each request from the site it holds: the feed (which shows
/// bodies), a page whose body is emptied and the pages around an edit must still come
/// out as a build makes them.
#[test]
fn pages_rendered_at_each_request_come_out_as_a_build_makes_them() {
    let f = small_site();
    f.write(
        "site.toml",
        format!("base_url = \"https://example.com/\"\n{SITE_TOML}"),
    );
    let s = Serving::new(f);
    let mut events = s.events();
    let feed = |s: &Serving| s.get("/atom.xml").text();
    assert!(feed(&s).contains("See"), "{}", feed(&s));

    // A body the feed shows.
    s.fixture.edit(
        "content/articles/a2.md",
        "See [why](a1.md#why).",
        "Fresh words for the feed, and [why](a1.md#why).",
    );
    events.wait_for("reload");
    assert!(feed(&s).contains("Fresh words for the feed"));
    assert_eq!(feed(&s), built_feed(&s));
    // A body emptied: the old one must not come back from the served page.
    s.fixture
        .edit("content/tips/t1.md", "Body of tip one.\n", "");
    events.wait_for("reload");
    assert!(!s.get("/tips/t1.html").text().contains("Body of tip one."));
    // A heading added: the pages linking to the page check their anchors again.
    s.fixture.edit(
        "content/articles/a1.md",
        "## Why",
        "## First\n\nOne.\n\n## Why",
    );
    events.wait_for("reload");
    assert_serves_what_build_builds(&s);
    assert_eq!(feed(&s), built_feed(&s));
}

/// A page the feed shows embeds a note in full: an edit of the note's text alone (its
/// summary, reading time and headings unchanged) shows in the embedding page and the feed.
#[test]
fn an_embedded_notes_new_text_shows_in_the_feed_page_that_embeds_it() {
    let f = small_site();
    f.write(
        "site.toml",
        format!("base_url = \"https://example.com/\"\n{SITE_TOML}"),
    );
    f.write(
        "content/notes/n1.md",
        "---\ntitle: Note one\nsummary: A note.\ntopics: [mentoring]\n---\n\nFirst paragraph.\n\nSecond paragraph of the note.\n",
    );
    f.edit("content/articles/a1.md", "Because.", "Because.\n\n![[n1]]");
    let s = Serving::new(f);
    let mut events = s.events();
    assert!(s
        .get("/articles/a1.html")
        .text()
        .contains("Second paragraph of the note."));
    assert!(s
        .get("/atom.xml")
        .text()
        .contains("Second paragraph of the note."));

    s.fixture.edit(
        "content/notes/n1.md",
        "Second paragraph of the note.",
        "Second paragraph, rewritten.",
    );
    events.wait_for("reload");
    assert!(s
        .get("/articles/a1.html")
        .text()
        .contains("Second paragraph, rewritten."));
    assert_eq!(s.get("/atom.xml").text(), built_feed(&s));
    assert_serves_what_build_builds(&s);
}

/// Serve keeps in the site only the bodies the feeds show, and the site-wide files must
/// read no others: with every other body gone they come out the same, while a body the
/// feeds show does change them. Sixty dated tips make the topic's and the site's feeds
/// leave some out.
#[test]
fn the_sitemap_and_feeds_read_only_the_bodies_of_the_feeds_pages() {
    let f = small_site();
    f.write(
        "site.toml",
        format!("base_url = \"https://example.com/\"\n{SITE_TOML}"),
    );
    for n in 0..60 {
        f.write(
            &format!("content/tips/dated{n}.md"),
            format!(
                "---\ntitle: Dated {n}\ndate: 2025-{:02}-{:02}\ntopics: [mentoring]\n---\n\nDated body {n}.\n",
                n % 12 + 1,
                n % 28 + 1
            ),
        );
    }
    let mut site = load(f.root());
    let (_, tera) = site.theme().unwrap_or_else(|_| panic!("theme"));
    let site_files = |site: &Site| -> BTreeMap<String, Vec<u8>> {
        site.site_files(&tera)
            .into_iter()
            .filter_map(|f| match f.contents {
                ladder::output::Contents::Bytes(b) => Some((f.path, b)),
                ladder::output::Contents::Copy(_) => None,
            })
            .collect()
    };
    let whole = site_files(&site);
    assert!(
        whole.contains_key("atom.xml") && whole.len() > 3,
        "{:?}",
        whole.keys()
    );
    let shown = site.feed_pages();
    let dated = site.pages.iter().filter(|p| p.meta.date.is_some()).count();
    assert!(
        !shown.is_empty() && shown.len() < dated,
        "{} of {dated}",
        shown.len()
    );
    for i in 0..site.pages.len() {
        if !shown.contains(&i) {
            site.html[i] = Default::default();
        }
    }
    assert_eq!(site_files(&site), whole);
    site.html[shown[0]] = Default::default();
    assert_ne!(site_files(&site), whole, "a body the feeds show is read");
    // Without `base_url` there are no feeds.
    f.write("site.toml", SITE_TOML);
    assert_eq!(load(f.root()).feed_pages(), Vec::<usize>::new());
}

/// The feed a build of the served site writes.
fn built_feed(s: &Serving) -> String {
    let out = tempfile::tempdir().unwrap();
    ladder::build(s.fixture.root(), out.path(), &serve_options())
        .unwrap_or_else(|e| panic!("{}", crate::fixture::show_failure(&e)));
    fs::read_to_string(out.path().join("atom.xml")).unwrap()
}
