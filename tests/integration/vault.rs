//! A knowledge base laid out as its author keeps it: an Obsidian vault (its own content
//! folder, hidden folders, any folder layout, folder notes, attachments) or a Hugo or
//! Zola content folder (`_index.md` sections, `index.md` bundles). What each folder's
//! page lists, the breadcrumbs, and notes as full members of the site.

use crate::fixture::{assert_code, stderr, stdout, Fixture};
use crate::html::{attr_values, h1, hrefs, section, section_hrefs};

/// A small vault of field notes about running a team, in folders of its own making.
/// Every note has a title here; notes without front matter are in `realistic_vault`.
fn field_notes() -> Fixture {
    let site = Fixture::empty();
    site.write(".obsidian/app.json", "{\"promptDelete\": false}");
    site.write(".obsidian/workspace.json", "{}");
    // Obsidian's bin: never content, however broken.
    site.write(".trash/Old draft.md", "---\ntitle: [unclosed\n---\n");
    site.write(
        "Welcome.md",
        "---\ntitle: Welcome\n---\nThese are my notes on running a small team.\n",
    );
    site.write(
        "Meetings/Meetings.md",
        "---\ntitle: About meetings\ntopics: [meetings]\n---\nHow the team meets, and why each meeting exists.\n",
    );
    site.write(
        "Meetings/One-on-ones.md",
        "---\ntitle: One-on-ones\ntopics: [meetings, coaching]\ndate: 2025-03-04\n---\nKeep a shared agenda that either side can add to.\n\nBefore each one, read [the weekly review](../Reviews/Weekly%20review.md).\n",
    );
    site.write(
        "Meetings/Standups/Short standups.md",
        "---\ntitle: Short standups\ntopics: [meetings]\n---\nFifteen minutes, standing, blockers first.\n",
    );
    site.write(
        "Projects/_index.md",
        "---\ntitle: Side projects\n---\nThings built on quiet Fridays.\n",
    );
    site.write(
        "Projects/Rota planner/index.md",
        "---\ntitle: Rota planner\ntopics: [tools]\n---\nA spreadsheet that spreads on-call weeks fairly.\n\n![The first sketch](sketch.svg)\n",
    );
    site.write(
        "Projects/Rota planner/sketch.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );
    // The same note name in two folders.
    site.write(
        "Reviews/Weekly review.md",
        "---\ntitle: Weekly review\ntopics: [coaching]\ndate: 2025-03-07\n---\nEvery Friday: what shipped, what slipped, what to drop.\n",
    );
    site.write(
        "Journal/Weekly review.md",
        "---\ntitle: Weekly review, March\ndate: 2025-03-08\n---\nThe first review went long; keep it to half an hour.\n",
    );
    site.write(
        "attachments/team chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>",
    );
    site.write(
        "templates/README.md",
        "Not a note: the theme's templates folder of the site.",
    );
    let init = site.run(&["init", "--existing", "."]);
    assert_code(&init, 0);
    assert!(
        stdout(&init).contains("an Obsidian vault"),
        "{}",
        stdout(&init)
    );
    // Declared here; open topics would make them without a declaration.
    let mut toml = site.source("site.toml");
    for topic in ["coaching", "meetings", "tools"] {
        toml.push_str(&format!("\n[[topics]]\nslug = \"{topic}\"\n"));
    }
    site.write("site.toml", toml);
    site
}

#[test]
fn init_existing_writes_only_site_toml_naming_the_vault_itself() {
    let site = field_notes();
    let toml = site.source("site.toml");
    assert!(toml.contains("content_dir = \".\""), "{toml}");
    assert!(!site.path("content").exists());
    let again = site.run(&["init", "--existing", "."]);
    assert_code(&again, 2);
    assert!(stderr(&again).contains("already holds a site"));
}

#[test]
fn a_vault_builds_with_hidden_folders_and_its_own_files_left_out() {
    let site = field_notes();
    let report = site.built();
    assert!(
        report.diagnostics.is_empty(),
        "{:?}",
        report
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    );
    // The notes, wherever they are; none of the vault's machinery.
    for page in [
        "welcome.html",
        "meetings/one-on-ones.html",
        "meetings/standups/short-standups.html",
        "reviews/weekly-review.html",
        "journal/weekly-review.html",
        "attachments/team chart.svg",
    ] {
        assert!(site.exists(page), "{page}");
    }
    for never in [
        ".obsidian/app.json",
        ".trash/old-draft.html",
        "site.toml",
        "templates/readme.html",
        "public/index.html",
    ] {
        assert!(!site.exists(never), "{never}");
    }
    // A second build does not read the first one's output back as notes.
    let report = site.built();
    assert!(report.diagnostics.is_empty());
    // The relative link between folders resolves in the vault.
    let one = site.read("meetings/one-on-ones.html");
    assert!(hrefs(&one).contains(&"../reviews/weekly-review.html".to_string()));
}

#[test]
fn every_folder_lists_its_pages_and_subfolders() {
    let site = field_notes();
    site.built();
    // The folder note is the folder's page: its title and text, above the listing.
    let meetings = site.read("meetings/index.html");
    assert_eq!(h1(&meetings).as_deref(), Some("About meetings"));
    assert!(meetings.contains("How the team meets"));
    assert_eq!(
        section_hrefs(&meetings, "folders-heading"),
        ["standups/index.html"]
    );
    assert_eq!(
        section_hrefs(&meetings, "folder-pages-heading"),
        ["one-on-ones.html"]
    );
    assert!(!site.exists("meetings/meetings.html"));
    // A folder without an introduction is titled by its name.
    let standups = site.read("meetings/standups/index.html");
    assert_eq!(h1(&standups).as_deref(), Some("Standups"));
    assert_eq!(
        section_hrefs(&standups, "folder-pages-heading"),
        ["short-standups.html"]
    );
    // _index.md gives a folder its title and introduction.
    let projects = site.read("projects/index.html");
    assert_eq!(h1(&projects).as_deref(), Some("Side projects"));
    assert!(projects.contains("quiet Fridays"));
    // index.md is the page at its folder's address, its files beside it; it is listed
    // above as a page, and its folder has no listing of its own.
    assert_eq!(
        section_hrefs(&projects, "folder-pages-heading"),
        ["rota-planner/index.html"]
    );
    let rota = site.read("projects/rota-planner/index.html");
    assert_eq!(h1(&rota).as_deref(), Some("Rota planner"));
    assert!(attr_values(&rota, "src").contains(&"sketch.svg".to_string()));
    assert!(site.exists("projects/rota-planner/sketch.svg"));
    // The home page lists the top folders and notes; a folder of attachments has no pages.
    let home = site.read("index.html");
    let browse = section_hrefs(&home, "browse-heading");
    for href in [
        "journal/index.html",
        "meetings/index.html",
        "projects/index.html",
        "reviews/index.html",
        "welcome.html",
    ] {
        assert!(browse.contains(&href.to_string()), "{href}: {browse:?}");
    }
    assert!(!site.exists("attachments/index.html"));
}

#[test]
fn every_page_but_home_shows_accessible_breadcrumbs() {
    let site = field_notes();
    site.built();
    let page = site.read("meetings/standups/short-standups.html");
    let nav = crate::html::between(
        &page,
        "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">",
        "</nav>",
    )
    .expect("breadcrumbs");
    assert!(nav.contains("<ol>"));
    assert_eq!(
        hrefs(nav),
        [
            "../../index.html",
            "../index.html",
            "index.html",
            "short-standups.html"
        ]
    );
    assert!(nav.contains(">About meetings</a>") && nav.contains(">Standups</a>"));
    assert!(
        nav.contains("<a href=\"short-standups.html\" aria-current=\"page\">Short standups</a>")
    );
    // A folder's page ends its trail with itself.
    let folder = site.read("meetings/index.html");
    assert!(folder.contains("<a href=\"index.html\" aria-current=\"page\">About meetings</a>"));
    // Topic pages sit under the topics index.
    let topic = site.read("topics/meetings.html");
    assert!(
        topic.contains("<a href=\"index.html\">Topics</a>"),
        "{topic}"
    );
    assert!(!site
        .read("index.html")
        .contains("aria-label=\"Breadcrumb\""));
}

#[test]
fn notes_are_full_members_of_the_site() {
    let site = field_notes();
    site.write(
        "site.toml",
        format!(
            "base_url = \"https://notes.example.org/\"\n{}",
            site.source("site.toml")
        ),
    );
    site.built();
    // Listed on their topics' pages.
    let coaching = site.read("topics/coaching.html");
    let listed = section_hrefs(&coaching, "topic-pages-heading");
    assert_eq!(
        listed,
        [
            "../meetings/one-on-ones.html",
            "../reviews/weekly-review.html"
        ]
    );
    // Shown with their topics, related pages and backlinks.
    let one = site.read("meetings/one-on-ones.html");
    assert!(hrefs(&one).contains(&"../topics/coaching.html".to_string()));
    assert!(section_hrefs(&one, "related-pages-heading")
        .contains(&"../reviews/weekly-review.html".to_string()));
    // It links to the review, and is listed once there: among related pages, which come
    // before backlinks.
    let review = site.read("reviews/weekly-review.html");
    assert_eq!(
        section_hrefs(&review, "related-pages-heading"),
        ["../meetings/one-on-ones.html"]
    );
    assert_eq!(section(&review, "backlinks-heading"), None);
    // Indexed by search.
    // A document is a shard of its own: read them all.
    let docs: String = (0..)
        .map(|n| format!("search/d{n}.js"))
        .take_while(|path| site.exists(path))
        .map(|path| site.read(&path))
        .collect();
    assert!(docs.contains("\"meetings/one-on-ones.html\""), "{docs}");
    assert!(site.read("search/index.js").contains("\"page\""));
    // In the feed when dated, in the sitemap always, folder pages included.
    let feed = site.read("atom.xml");
    assert!(feed.contains("https://notes.example.org/journal/weekly-review.html"));
    assert!(!feed.contains("short-standups"));
    let sitemap = site.read("sitemap.xml");
    for url in [
        "meetings/standups/short-standups.html",
        "meetings/standups/index.html",
        "projects/index.html",
    ] {
        assert!(
            sitemap.contains(&format!("https://notes.example.org/{url}")),
            "{url}"
        );
    }
}

#[test]
fn content_dir_must_stay_inside_the_site_folder() {
    let site = Fixture::new("title = \"T\"\n\ncontent_dir = \"../elsewhere\"\n", &[]);
    let out = site.run(&["check"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("site.toml:3:1: error[invalid-config]"),
        "{err}"
    );
    assert!(err.contains("inside the site folder"), "{err}");
}

#[test]
fn a_named_content_folder_and_an_output_inside_it() {
    let site = Fixture::new(
        "title = \"T\"\ncontent_dir = \"notes\"\n",
        &[
            ("notes/a.md", "---\ntitle: A\n---\nSee [b](sub/b.md).\n"),
            (
                "notes/sub/b.md",
                "---\ntitle: B\n---\nBack to [a](../a.md).\n",
            ),
        ],
    );
    let built = site.run(&["build", "--out", "notes/site"]);
    assert_code(&built, 0);
    assert!(site.path("notes/site/sub/index.html").exists());
    // Built again, the output is not read as content.
    let again = site.run(&["build", "--out", "notes/site"]);
    assert_code(&again, 0);
    assert!(!site.path("notes/site/site/index.html").exists());
    assert!(
        stdout(&again).contains("Built 3 pages"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn articles_and_tips_folders_get_listings_and_topics_keep_their_index() {
    let site = Fixture::new(
        crate::fixture::MINIMAL_TOML,
        &[
            (
                "content/tips/_index.md",
                "---\ntitle: Quick tips\n---\nShort things to try this week.\n",
            ),
            (
                "content/tips/ask.md",
                "---\ntitle: Ask early\ntopics: [feedback]\n---\nAsk.\n",
            ),
            (
                "content/articles/loops.md",
                "---\ntitle: Loops\ntopics: [feedback]\n---\nLoops.\n",
            ),
            (
                "content/topics/_index.md",
                "---\ntitle: All our topics\n---\nPick one.\n",
            ),
        ],
    );
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let tips = site.read("tips/index.html");
    assert_eq!(h1(&tips).as_deref(), Some("Quick tips"));
    assert_eq!(section_hrefs(&tips, "folder-pages-heading"), ["ask.html"]);
    assert_eq!(
        h1(&site.read("articles/index.html")).as_deref(),
        Some("Articles")
    );
    let topics = site.read("topics/index.html");
    assert_eq!(h1(&topics).as_deref(), Some("All our topics"));
    assert!(topics.contains("Pick one.") && topics.contains("feedback.html"));
}

/// A vault in full: notes without front matter, same-name notes linked by name (the one
/// in the linking note's folder wins) and by path, callouts, tags, heading and block
/// links, an attachment found by name.
#[test]
fn realistic_vault_builds_with_no_error_and_no_warning() {
    let site = field_notes();
    site.write(
        "Meetings/One-on-ones.md",
        "---\ntitle: One-on-ones\n---\n## Agenda\n\nShared, and either side adds to it.\n",
    );
    site.write(
        "Meetings/Retros.md",
        "# Retros\n\nWhat went well, what did not, one change. #meetings\n\n> [!tip] Keep it short\n> Three items at most.\n\nSee [[Reviews/Weekly review]] and [[One-on-ones#Agenda]].\n",
    );
    site.write(
        "Reviews/Monthly.md",
        "Roll the [[Weekly review]] notes up; link [[Retros]] and ![[team chart.svg]].\n\nThe one rule. ^rule\n",
    );
    site.write("Journal/Later.md", "Compare with [[Monthly#^rule]].\n");
    let report = site.built();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let monthly = site.read("reviews/monthly.html");
    assert_eq!(h1(&monthly).as_deref(), Some("Monthly"));
    // The weekly review beside it, not the journal's note of the same name.
    assert!(monthly.contains("href=\"weekly-review.html\""), "{monthly}");
    assert!(
        !monthly.contains("journal/weekly-review.html\">Weekly"),
        "{monthly}"
    );
}
