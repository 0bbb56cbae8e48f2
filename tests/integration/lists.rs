//! Long lists: pagination of topic pages, folder listings, the topics index and "Recently
//! updated"; the cut of backlinks; each topic's Atom feed. Expectations are worked out by
//! hand from the small sites below.

use crate::fixture::*;
use crate::html::*;
use ladder::Options;

/// `site.toml` with `paginate = 2` and two declared topics, plus `extra` lines.
fn toml(extra: &str) -> String {
    format!(
        "title = \"Lists\"\npaginate = 2\n{extra}\n[[topics]]\nslug = \"feedback\"\ntitle = \"Feedback\"\n\n[[topics]]\nslug = \"networking\"\ntitle = \"Networking\"\n"
    )
}

/// A tip titled `Tip <letter>` under `topic`, dated 2026-01-0<day>.
fn tip(letter: char, topic: &str, day: u8) -> (String, String) {
    (
        format!("content/tips/{}.md", letter.to_ascii_lowercase()),
        format!(
            "---\ntitle: Tip {letter}\nsummary: Summary {letter}.\ntopics: [{topic}]\ndate: 2026-01-0{day}\n---\n\nBody {letter}.\n"
        ),
    )
}

/// A site with `feedback` tips A, B, C… (`count` of them, dated the 1st, 2nd, 3rd…) and
/// one `networking` tip Z.
fn site(extra_toml: &str, count: u8) -> Fixture {
    let fixture = Fixture::new(&toml(extra_toml), &[]);
    for n in 0..count {
        let (path, text) = tip((b'A' + n) as char, "feedback", n + 1);
        fixture.write(&path, text);
    }
    let (path, text) = tip('Z', "networking", 9);
    fixture.write(&path, text);
    fixture
}

/// The titles of the `page-item` entries of a page, in order.
fn item_titles(html: &str) -> Vec<String> {
    html.split("class=\"page-item-title\"")
        .skip(1)
        .filter_map(|rest| between(rest, ">", "</a>").map(str::to_string))
        .collect()
}

/// The `href` of the `<link rel="…">` in the head, if any.
fn head_link(html: &str, rel: &str) -> Option<String> {
    let head = between(html, "<head>", "</head>")?;
    let tag = between(head, &format!("<link rel=\"{rel}\" href=\""), "\">")?;
    Some(tag.to_string())
}

#[test]
fn exactly_one_page_of_items_makes_no_second_page() {
    // Two feedback tips, two a page: the topic page holds both and nothing more.
    let fixture = site("", 2);
    fixture.built();
    let html = fixture.read("topics/feedback.html");
    assert_eq!(item_titles(&html), ["Tip A", "Tip B"]);
    assert!(!fixture.exists("topics/feedback/page/2.html"));
    assert!(!html.contains("class=\"pager\""));
    assert_eq!(head_link(&html, "next"), None);
    assert_eq!(head_link(&html, "prev"), None);
}

#[test]
fn one_item_more_than_a_page_makes_a_second_page_with_that_item() {
    let fixture = site("", 3);
    fixture.built();
    // Page 1 keeps the topic's address and holds A and B; page 2 holds C alone.
    let first = fixture.read("topics/feedback.html");
    assert_eq!(item_titles(&first), ["Tip A", "Tip B"]);
    let second = fixture.read("topics/feedback/page/2.html");
    assert_eq!(item_titles(&second), ["Tip C"]);
    assert!(!fixture.exists("topics/feedback/page/3.html"));
    // Both count the whole topic, not their slice.
    assert!(first.contains("0 articles · 3 tips"), "{first}");
    assert!(second.contains("0 articles · 3 tips"));
    // Relative links both ways, none past the ends.
    assert_eq!(
        head_link(&first, "next").as_deref(),
        Some("feedback/page/2.html")
    );
    assert_eq!(head_link(&first, "prev"), None);
    assert_eq!(
        head_link(&second, "prev").as_deref(),
        Some("../../feedback.html")
    );
    assert_eq!(head_link(&second, "next"), None);
    assert!(second.contains("href=\"../../../tips/c.html\""));
    // The visible navigation: a labelled nav, the current page marked.
    let nav = between(&second, "<nav class=\"pager\"", "</nav>").expect("pager");
    assert!(nav.contains("aria-label=\"Pages of this topic\""));
    assert!(nav.contains(
        "<a href=\"2.html\" aria-current=\"page\"><span class=\"visually-hidden\">Page </span>2</a>"
    ));
    assert!(nav.contains("<a href=\"../../feedback.html\" rel=\"prev\">"));
    assert_eq!(
        title(&second).as_deref(),
        Some("Feedback · Page 2 · Topics · Lists")
    );
    assert_links_resolve(&fixture.out(), false);
}

#[test]
fn the_pages_of_a_list_with_pretty_urls_are_folders() {
    let fixture = site("pretty_urls = true", 5);
    fixture.built();
    // Five tips: pages of A B, C D, E.
    let first = fixture.read("topics/feedback/index.html");
    let second = fixture.read("topics/feedback/page/2/index.html");
    let third = fixture.read("topics/feedback/page/3/index.html");
    assert_eq!(item_titles(&third), ["Tip E"]);
    assert_eq!(head_link(&first, "next").as_deref(), Some("page/2/"));
    assert_eq!(head_link(&second, "prev").as_deref(), Some("../../"));
    assert_eq!(head_link(&second, "next").as_deref(), Some("../3/"));
    assert_eq!(head_link(&third, "prev").as_deref(), Some("../2/"));
    assert_eq!(head_link(&third, "next"), None);
    // The folder listing of tips/ (six tips with Z) and "Recently updated" too.
    assert!(fixture.exists("tips/page/3/index.html"));
    assert!(!fixture.exists("tips/page/4/index.html"));
    assert!(fixture.exists("recent/page/3/index.html"));
    assert_links_resolve(&fixture.out(), true);
}

#[test]
fn folder_listings_and_the_topics_index_are_paginated() {
    // Three tips and a subfolder in tips/: entries are the subfolder, then A, B, C.
    let fixture = site("", 3);
    fixture.write(
        "content/tips/more/d.md",
        "---\ntitle: Tip D\ntopics: [networking]\n---\nD.\n",
    );
    fixture.write(
        "content/topics/mentoring.md",
        "---\ntitle: Mentoring\n---\nA third topic.\n",
    );
    fixture.built();
    let first = fixture.read("tips/index.html");
    assert!(section(&first, "folders-heading").is_some());
    assert_eq!(
        section_hrefs(&first, "folder-pages-heading"),
        ["a.html"],
        "page 1 holds the subfolder and tip A"
    );
    let second = fixture.read("tips/page/2.html");
    assert!(section(&second, "folders-heading").is_none());
    assert_eq!(
        section_hrefs(&second, "folder-pages-heading"),
        ["../b.html", "../c.html"]
    );
    // tips/z.html is the fourth page: on page 3.
    assert!(fixture
        .read("tips/page/3.html")
        .contains("href=\"../z.html\""));
    // Three topics, two a page: feedback and mentoring, then networking.
    let index = fixture.read("topics/index.html");
    assert!(index.contains("href=\"feedback.html\"") && index.contains("href=\"mentoring.html\""));
    assert!(!index.contains("href=\"networking.html\""));
    assert!(fixture
        .read("topics/page/2.html")
        .contains("href=\"../networking.html\""));
    assert_links_resolve(&fixture.out(), false);
}

#[test]
fn a_folder_introduction_shows_its_text_on_the_first_page_only() {
    let fixture = site("", 3);
    fixture.write(
        "content/tips/_index.md",
        "---\ntitle: All the tips\n---\nThe introduction, with [a link](a.md).\n",
    );
    fixture.built();
    let first = fixture.read("tips/index.html");
    let second = fixture.read("tips/page/2.html");
    // (The text's opening stays the meta description of both.)
    assert!(first.contains("<div class=\"prose\">\n<p>The introduction"));
    assert!(!second.contains("class=\"prose\""));
    assert_eq!(h1(&second).as_deref(), Some("All the tips"));
    // Four tips (A B C Z): two pages.
    assert_eq!(
        section_hrefs(&second, "folder-pages-heading"),
        ["../c.html", "../z.html"]
    );
    assert_links_resolve(&fixture.out(), false);
}

#[test]
fn paginate_zero_keeps_every_list_on_one_page() {
    let fixture = Fixture::new(&toml("").replace("paginate = 2", "paginate = 0"), &[]);
    for n in 0..5u8 {
        let (path, text) = tip((b'A' + n) as char, "feedback", n + 1);
        fixture.write(&path, text);
    }
    fixture.built();
    assert_eq!(item_titles(&fixture.read("topics/feedback.html")).len(), 5);
    assert!(!fixture.exists("topics/feedback/page/2.html"));
    assert!(!fixture.exists("recent/page/2.html"));
}

#[test]
fn the_default_is_fifty_a_page() {
    let fixture = Fixture::new(MINIMAL_TOML, &[]);
    for n in 0..51 {
        fixture.write(
            &format!("content/tips/t{n:02}.md"),
            format!("---\ntitle: T{n:02}\ntopics: [feedback]\n---\nx\n"),
        );
    }
    fixture.built();
    assert_eq!(item_titles(&fixture.read("topics/feedback.html")).len(), 50);
    assert_eq!(
        item_titles(&fixture.read("topics/feedback/page/2.html")),
        ["T50"]
    );
}

#[test]
fn recently_updated_lists_dated_pages_newest_change_first() {
    // Tips A–D dated the 1st to the 4th; B updated in March; Z dated the 9th; one undated
    // tip, left out. Newest change first: B (March), Z, D, C, A; two a page.
    let fixture = site("", 4);
    fixture.edit(
        "content/tips/b.md",
        "date: 2026-01-02",
        "date: 2026-01-02\nupdated: 2026-03-01",
    );
    fixture.write(
        "content/tips/undated.md",
        "---\ntitle: Tip undated\ntopics: [feedback]\n---\nx\n",
    );
    fixture.built();
    let first = fixture.read("recent.html");
    assert_eq!(item_titles(&first), ["Tip B", "Tip Z"]);
    assert!(first.contains("<time datetime=\"2026-03-01\">"));
    assert_eq!(
        item_titles(&fixture.read("recent/page/2.html")),
        ["Tip D", "Tip C"]
    );
    assert_eq!(item_titles(&fixture.read("recent/page/3.html")), ["Tip A"]);
    assert!(!fixture.exists("recent/page/4.html"));
    // The home page links to it.
    assert!(fixture.read("index.html").contains("href=\"recent.html\""));
    assert_links_resolve(&fixture.out(), false);
}

#[test]
fn backlinks_show_twenty_then_say_how_many_more() {
    let fixture = Fixture::new(MINIMAL_TOML, &[]);
    fixture.write(
        "content/tips/target.md",
        "---\ntitle: Target\ntopics: [feedback]\n---\nx\n",
    );
    for n in 0..23 {
        fixture.write(
            &format!("content/notes/l{n:02}.md"),
            format!("---\ntitle: L{n:02}\n---\nSee [[target]].\n"),
        );
    }
    // Notes without topics link here, so that no section above the backlinks lists
    // them. Twenty linking to the second target: all shown, no "more".
    fixture.write(
        "content/tips/second.md",
        "---\ntitle: Second\ntopics: [feedback]\n---\nx\n",
    );
    for n in 0..20 {
        fixture.write(
            &format!("content/notes/s{n:02}.md"),
            format!("---\ntitle: S{n:02}\n---\nSee [[second]].\n"),
        );
    }
    fixture.built();
    let html = fixture.read("tips/target.html");
    let backlinks = section(&html, "backlinks-heading").expect("backlinks");
    assert_eq!(item_titles(backlinks).len(), 20);
    assert_eq!(item_titles(backlinks)[19], "L19");
    assert!(backlinks.contains("and 3 more pages link here."));
    let html = fixture.read("tips/second.html");
    let backlinks = section(&html, "backlinks-heading").expect("backlinks");
    assert_eq!(item_titles(backlinks).len(), 20);
    assert!(!backlinks.contains("more page"));
}

#[test]
fn the_sitemap_lists_every_page_of_every_list() {
    let fixture = site("base_url = \"https://example.org/kb/\"", 3);
    fixture.built();
    let sitemap = fixture.read("sitemap.xml");
    for url in [
        "topics/feedback.html",
        "topics/feedback/page/2.html",
        "tips/page/2.html",
        "recent.html",
        "recent/page/2.html",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/kb/{url}</loc>")),
            "{url} missing from the sitemap"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Topic feeds
// ---------------------------------------------------------------------------------------

/// The XML elements of `xml` in order, each as (depth, name, text up to its first child
/// or its end); panics on a document that is not well formed (unbalanced or mismatched
/// tags, unquoted attributes, a bare `<` or `&` in text).
fn elements(xml: &str) -> Vec<(usize, String, String)> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut out: Vec<(usize, String, String)> = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "a bare > in text: {text}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "a bare & in text: {entity:.20}"
            );
        }
        if let Some((_, _, t)) = out.last_mut() {
            if t.is_empty() {
                *t = text.to_string();
            }
        }
        let close = rest[open..].find('>').expect("an unclosed tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag
            .split_whitespace()
            .next()
            .expect("a tag name")
            .to_string();
        let attributes = tag[name.len()..].trim();
        assert_eq!(
            attributes.matches('"').count() % 2,
            0,
            "unquoted attributes in <{tag}>"
        );
        out.push((stack.len(), name.clone(), String::new()));
        if !self_closing {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    out
}

/// Asserts what RFC 4287 requires of a feed: one id, title and updated, an author for
/// the feed (its entries need not name one), absolute self link; each entry with one
/// absolute id and link, a title and an updated date. Returns the entries' ids.
pub(crate) fn assert_atom(xml: &str, base: &str) -> Vec<String> {
    let elements = elements(xml);
    assert_eq!(elements[0].1, "feed");
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    let top = |name: &str| -> Vec<&String> {
        elements
            .iter()
            .filter(|(d, n, _)| *d == 1 && n == name)
            .map(|(_, _, t)| t)
            .collect()
    };
    assert_eq!(top("id").len(), 1);
    assert!(top("id")[0].starts_with(base));
    assert_eq!(top("title").len(), 1);
    assert_eq!(top("updated").len(), 1);
    assert!(is_rfc3339(top("updated")[0]), "{:?}", top("updated"));
    assert_eq!(top("author").len(), 1);
    let self_link = between(xml, "<link href=\"", "\" rel=\"self\"/>").expect("a self link");
    assert!(self_link.starts_with(base));
    let mut ids = Vec::new();
    for entry in xml.split("<entry>").skip(1) {
        let entry = &entry[..entry.find("</entry>").expect("a closed entry")];
        let id = between(entry, "<id>", "</id>").expect("an entry id");
        assert!(id.starts_with(base), "{id}");
        let link = between(entry, "<link href=\"", "\"/>").expect("an entry link");
        assert_eq!(link, id);
        assert!(between(entry, "<title>", "</title>").is_some_and(|t| !t.is_empty()));
        let updated = between(entry, "<updated>", "</updated>").expect("updated");
        assert!(is_rfc3339(updated), "{updated}");
        ids.push(id.to_string());
    }
    ids
}

fn is_rfc3339(date: &str) -> bool {
    let b = date.as_bytes();
    date.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && date
            .chars()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

#[test]
fn each_topic_has_an_atom_feed_of_its_own_pages() {
    let base = "https://example.org/kb/";
    let fixture = site(&format!("base_url = \"{base}\""), 3);
    // An article under feedback and networking, with a relative link in its body.
    fixture.write(
        "content/articles/both.md",
        "---\ntitle: Both <topics> & more\ntopics: [feedback, networking]\ndate: 2026-02-01\n---\nSee [tip A](../tips/a.md).\n",
    );
    fixture.built();
    let feed = fixture.read("topics/feedback.xml");
    // Newest first: the article (February), then C, B, A (January 3rd, 2nd, 1st).
    assert_eq!(
        assert_atom(&feed, base),
        [
            "https://example.org/kb/articles/both.html",
            "https://example.org/kb/tips/c.html",
            "https://example.org/kb/tips/b.html",
            "https://example.org/kb/tips/a.html",
        ]
    );
    assert!(feed.contains("<id>https://example.org/kb/topics/feedback.xml</id>"));
    assert!(feed.contains("<link href=\"https://example.org/kb/topics/feedback.html\"/>"));
    assert!(feed.contains("<title>Both &lt;topics&gt; &amp; more</title>"));
    assert!(feed.contains("<updated>2026-02-01T00:00:00Z</updated>"));
    assert!(feed.contains("href=&quot;https://example.org/kb/articles/../tips/a.html&quot;"));
    // Networking's feed: the article and Z only.
    assert_eq!(
        assert_atom(&fixture.read("topics/networking.xml"), base),
        [
            "https://example.org/kb/articles/both.html",
            "https://example.org/kb/tips/z.html",
        ]
    );
    // The site's feed validates as well.
    assert_eq!(assert_atom(&fixture.read("atom.xml"), base).len(), 5);
    // Linked from the topic page's head and text, relative.
    let page = fixture.read("topics/feedback.html");
    assert!(page.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Feedback · Lists\" href=\"feedback.xml\">"
    ));
    assert!(fixture
        .read("topics/feedback/page/2.html")
        .contains("href=\"../../feedback.xml\""));
}

#[test]
fn topic_feeds_sit_beside_pretty_topic_pages_and_need_a_base_url() {
    let fixture = site("base_url = \"https://example.org/\"\npretty_urls = true", 1);
    fixture.built();
    let feed = fixture.read("topics/feedback.xml");
    assert!(feed.contains("<link href=\"https://example.org/topics/feedback/\"/>"));
    assert!(fixture
        .read("topics/feedback/index.html")
        .contains("href=\"../feedback.xml\""));

    let fixture = site("", 1);
    fixture.built();
    assert!(!fixture.exists("topics/feedback.xml"));
    assert!(!fixture
        .read("topics/feedback.html")
        .contains("application/atom+xml"));
    // A base URL given on the command line is as good as one in site.toml.
    let fixture = site("", 1);
    fixture.built_with(&Options {
        base_url: Some("https://example.org/".into()),
        ..Options::default()
    });
    assert!(fixture.exists("topics/feedback.xml"));
}

#[test]
fn a_page_whose_address_a_list_page_takes_is_a_clash_named_at_its_file() {
    // tips/ has three entries (A, B, C) so its second page is tips/page/2.html, which
    // the page tips/page/2.md claims too.
    let fixture = site("", 3);
    fixture.write(
        "content/tips/page/2.md",
        "---\ntitle: Two\ntopics: [networking]\n---\nx\n",
    );
    let problems: Vec<String> = fixture.failed().iter().map(|d| d.to_string()).collect();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("content/tips/page/2.md") && p.contains("tips/page/2.html")),
        "{problems:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Rebuilds
// ---------------------------------------------------------------------------------------

/// Every file a full render of the site at `root` makes, but the search index (which the
/// dev server brings up to date apart from pages).
fn render_everything(site: &ladder::Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (theme, tera) = site.theme().unwrap_or_else(|_| panic!("theme"));
    let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
    site.render_to(&theme, &tera, &|file| {
        if let ladder::output::Contents::Bytes(bytes) = file.contents {
            if !file.path.starts_with("search/") {
                files.lock().unwrap().insert(file.path, bytes);
            }
        }
        Ok(())
    })
    .unwrap_or_else(|_| panic!("the site renders"));
    files.into_inner().unwrap()
}

fn load(root: &std::path::Path) -> ladder::Site {
    let options = Options {
        drafts: true,
        ..Options::default()
    };
    ladder::Site::load(root, &options)
        .unwrap_or_else(|_| panic!("the site loads"))
        .0
}

#[test]
fn an_incremental_edit_brings_every_page_of_every_list_up_to_date() {
    // Tip B's summary shows on the feedback topic page (page 1), the tips/ listing
    // (page 1) and "Recently updated" (page 2: Z, C come first). What the dev server
    // renders after the edit must equal a full build, every page of every list included.
    let fixture = site("base_url = \"https://example.org/\"", 3);
    let mut site = load(fixture.root());
    let before = render_everything(&site);
    fixture.edit("content/tips/b.md", "Summary B.", "A new summary for B.");
    let update = site
        .reload_page(&fixture.path("content/tips/b.md"))
        .unwrap_or_else(|_| panic!("reloads"));
    let ladder::Update::Pages(list) = update else {
        panic!("expected an incremental update, got {update:?}");
    };
    let (_, tera) = site.theme().unwrap_or_else(|_| panic!("theme"));
    let (pages, problems) = site.render_pages(&tera, &list);
    assert!(problems.is_empty());
    let b = site
        .pages
        .iter()
        .position(|p| p.source.ends_with("tips/b.md"))
        .expect("tip B");
    let (lists, problems) = site.render_lists_touching(&tera, &[b]);
    assert!(problems.is_empty());
    let list_paths: Vec<&str> = lists.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(list_paths.len(), 2, "{list_paths:?}");
    assert!(list_paths.contains(&"tips/index.html") && list_paths.contains(&"recent/page/2.html"));
    let mut incremental = before;
    for file in pages.into_iter().chain(lists).chain(site.site_files(&tera)) {
        if let ladder::output::Contents::Bytes(bytes) = file.contents {
            incremental.insert(file.path, bytes);
        }
    }
    let full = render_everything(&load(fixture.root()));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &full {
        assert!(
            incremental[path] == *bytes,
            "{path} is stale after the edit"
        );
    }
}

#[test]
fn a_rebuild_with_fewer_pages_leaves_no_page_of_a_list_behind() {
    let fixture = site("", 3);
    fixture.built();
    assert!(fixture.exists("topics/feedback/page/2.html"));
    fixture.remove("content/tips/c.md");
    fixture.built();
    assert!(!fixture.exists("topics/feedback/page/2.html"));
    assert!(!fixture
        .read("topics/feedback.html")
        .contains("class=\"pager\""));
}

#[test]
fn an_edit_to_updated_reorders_recently_updated_by_a_full_rebuild() {
    let fixture = site("", 2);
    let mut site = load(fixture.root());
    fixture.edit(
        "content/tips/a.md",
        "date: 2026-01-01",
        "date: 2026-01-01\nupdated: 2026-05-01",
    );
    assert_eq!(
        site.reload_page(&fixture.path("content/tips/a.md"))
            .unwrap_or_else(|_| panic!("reloads")),
        ladder::Update::Full
    );
}
