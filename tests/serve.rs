//! `ladder serve`: incremental rebuilds (`Site::reload_page`), the HTTP server (path
//! traversal, content types, 404, concurrency, event streams) and the `serve` command.
//!
//! HTTP is spoken with plain `std::net::TcpStream`, one request per connection.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use ladder::content::Page;
use ladder::graph::Graph;
use ladder::{Failure, Options, Site, Update};

// ---------------------------------------------------------------------------------------
// Fixture sites

/// A site in a fresh temp folder.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(files: &[(&str, &str)]) -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        for (path, text) in files {
            fixture.write(path, text);
        }
        fixture
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces `from` with `to` in a file, which must contain it.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }
}

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
    Fixture::new(&[
        ("site.toml", SITE_TOML),
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
            "---\ntitle: Tip one\nsummary: Summary one.\ntopics: [mentoring]\n---\n\nBody of tip one.\n",
        ),
        (
            "content/tips/t2.md",
            "---\ntitle: Tip two\nsummary: Summary two.\ntopics: [mentoring]\n---\n\nBody of tip two.\n",
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
    ])
}

fn serve_options() -> Options {
    Options {
        drafts: true,
        base_url: None,
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
    let bodies = site.pages.iter().map(|p: &Page| p.body.clone()).collect();
    (
        bodies,
        site.html.clone(),
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
        Graph::build(&site.pages, &site.topics, &site.links)
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

// ---------------------------------------------------------------------------------------
// Site::reload_page

#[test]
fn a_tip_summary_edit_rerenders_the_tip_and_the_pages_that_list_it() {
    let f = small_site();
    let mut site = load(f.root());
    f.edit(
        "content/tips/t1.md",
        "Summary one.",
        "A new summary for tip one.",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/tips/t1.md");
    // By hand: t1 itself; a1 lists t1 among its tips (and links to it); t2 and t3 list t1
    // as a sibling (they share mentoring); the mentoring topic page lists it.
    // Not t4 (networking), t5 (feedback only, siblings t3), a2, home, other topics.
    assert_eq!(
        rerendered,
        paths(&[
            "tips/t1.html",
            "articles/a1.html",
            "tips/t2.html",
            "tips/t3.html",
            "topics/mentoring.html",
        ])
    );
}

#[test]
fn an_article_summary_edit_reaches_home_and_its_source_tips() {
    let f = small_site();
    let mut site = load(f.root());
    f.edit(
        "content/articles/a1.md",
        "The first article.",
        "A better first article.",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/articles/a1.md");
    // By hand: a1; a2 links to a1 and so lists it as related; t1 and t2 show a1 as their
    // source article; the mentoring topic page lists it; home lists recent articles.
    assert_eq!(
        rerendered,
        paths(&[
            "articles/a1.html",
            "articles/a2.html",
            "tips/t1.html",
            "tips/t2.html",
            "topics/mentoring.html",
            "index.html",
        ])
    );
}

#[test]
fn an_embedded_tip_edit_rerenders_the_embedding_page() {
    let f = small_site();
    let mut site = load(f.root());
    f.edit(
        "content/tips/t2.md",
        "Summary two.",
        "Embedded summary changed.",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/tips/t2.md");
    // a1 embeds t2 as a card showing its summary, and lists it; t1 and t3 are siblings.
    assert_eq!(
        rerendered,
        paths(&[
            "tips/t2.html",
            "articles/a1.html",
            "tips/t1.html",
            "tips/t3.html",
            "topics/mentoring.html",
        ])
    );
    let a1 = site.pages.iter().position(|p| p.slug == "a1").unwrap();
    assert!(site.html[a1].contains("Embedded summary changed."));
}

#[test]
fn a_body_edit_that_no_list_shows_rerenders_only_the_page() {
    let f = small_site();
    let mut site = load(f.root());
    f.edit(
        "content/tips/t4.md",
        "Body of tip four.\n",
        "Body of tip four.\n\nA second paragraph, which lists do not show.\n",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/tips/t4.md");
    assert_eq!(rerendered, paths(&["tips/t4.html"]));

    // A tip without a front-matter summary is listed with its first paragraph: editing
    // that paragraph reaches its lists, editing a later one does not.
    f.edit("content/tips/t5.md", "summary: Summary five.\n", "");
    let rerendered = reload_and_compare(&mut site, &f, "content/tips/t5.md");
    assert!(
        rerendered.contains("topics/feedback.html"),
        "{rerendered:?}"
    );
    f.edit(
        "content/tips/t5.md",
        "Body of tip five.",
        "Body of tip five, reworded.",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/tips/t5.md");
    assert!(
        rerendered.contains("topics/feedback.html"),
        "{rerendered:?}"
    );
    f.edit(
        "content/tips/t5.md",
        "reworded.\n",
        "reworded.\n\nLater paragraph.\n",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/tips/t5.md");
    assert_eq!(rerendered, paths(&["tips/t5.html"]));
}

#[test]
fn link_edits_relink_exactly_like_a_full_build() {
    let f = small_site();
    let mut site = load(f.root());
    // t3 starts linking to a2: a2 gains a backlink, t3 gains a source article (a2), the
    // ranking of a2's tips and of t3's siblings changes.
    f.edit(
        "content/tips/t3.md",
        "Body of tip three.",
        "Body of tip three, from [[a2]].",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/tips/t3.md");
    assert!(rerendered.contains("articles/a2.html"), "{rerendered:?}");
    assert!(rerendered.contains("tips/t3.html"));
    // a2 stops linking to a1: a1 loses its backlink and its related article.
    f.edit(
        "content/articles/a2.md",
        "See [why](a1.md#why).",
        "See nothing.",
    );
    let rerendered = reload_and_compare(&mut site, &f, "content/articles/a2.md");
    assert!(rerendered.contains("articles/a1.html"), "{rerendered:?}");
    // An article starts embedding a tip another article already sources.
    f.edit(
        "content/articles/a2.md",
        "See nothing.",
        "See nothing.\n\n![[t1]]\n",
    );
    reload_and_compare(&mut site, &f, "content/articles/a2.md");
    // A heading edit: a2 links to it no longer, so only a1 changes.
    f.edit("content/articles/a1.md", "## Why", "## Why it works");
    reload_and_compare(&mut site, &f, "content/articles/a1.md");
}

#[test]
fn title_topic_date_and_new_page_edits_need_a_full_rebuild() {
    let f = small_site();
    let mut site = load(f.root());
    for (file, from, to) in [
        (
            "content/tips/t1.md",
            "title: Tip one",
            "title: Tip one, renamed",
        ),
        (
            "content/tips/t1.md",
            "topics: [mentoring]",
            "topics: [mentoring, feedback]",
        ),
        (
            "content/articles/a1.md",
            "date: 2026-01-01",
            "date: 2026-03-01",
        ),
        ("content/tips/t4.md", "---\n\n", "draft: true\n---\n\n"),
        ("content/tips/t5.md", "---\n\n", "weight: 1\n---\n\n"),
        ("content/tips/t2.md", "---\n\n", "slug: tip-two\n---\n\n"),
    ] {
        let before = f.read(file);
        f.edit(file, from, to);
        assert_eq!(
            site.reload_page(&f.path(file)).unwrap(),
            Update::Full,
            "{file}: {from} → {to}"
        );
        f.write(file, before);
    }
    // A topic page's own text shows in every list of topics.
    f.write(
        "content/topics/feedback.md",
        "---\ntitle: Feedback\n---\n\nAbout feedback.\n",
    );
    let mut site = load(f.root());
    f.edit(
        "content/topics/feedback.md",
        "About feedback.",
        "All about feedback.",
    );
    assert_eq!(
        site.reload_page(&f.path("content/topics/feedback.md"))
            .unwrap(),
        Update::Full
    );
    // A page the site does not know yet.
    f.write(
        "content/tips/t6.md",
        "---\ntitle: Tip six\ntopics: [feedback]\n---\n\nNew.\n",
    );
    assert_eq!(
        site.reload_page(&f.path("content/tips/t6.md")).unwrap(),
        Update::Full
    );
}

#[test]
fn a_broken_edit_is_an_error_and_leaves_the_site_as_it_was() {
    let f = small_site();
    let mut site = load(f.root());
    let before = snapshot(&site);
    let good = f.read("content/tips/t1.md");
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
        ("a missing title", good.replace("title: Tip one\n", "")),
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

/// A generated site with many cross-links, source titles and shared topics, edited again
/// and again: each incremental update must equal a full rebuild.
#[test]
fn random_link_edits_always_match_a_full_build() {
    let topics = ["mentoring", "feedback", "networking"];
    let mut files: Vec<(String, String)> = vec![("site.toml".into(), SITE_TOML.into())];
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
        let source = if next(2) == 0 {
            format!("source:\n  title: Book {}\n", next(3))
        } else {
            String::new()
        };
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
    let f = Fixture::new(&refs);
    let mut site = load(f.root());
    for round in 0..30 {
        let (file, text) = if next(2) == 0 {
            let t = next(tips);
            let file = format!("content/tips/t{t}.md");
            let text = f.read(&file);
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
            let text = f.read(&file);
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
