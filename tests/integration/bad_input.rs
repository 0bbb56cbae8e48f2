//! Bad input through the `ladder` binary: each case is a small fixture site, and each
//! test checks the exit code, the file, the line and column where there is one, and the
//! words of the message. Locations and words are matched apart from the severity, so
//! the tests hold whatever joins them on a line.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::fixture::*;
use crate::html::*;

/// Two tips on one declared topic; builds cleanly.
fn site() -> Fixture {
    Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: Tip A\ntopics: [feedback]\n---\nSee [[b]].\n\n## Why it works\n\nBecause.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: Tip B\ntopics: [feedback]\n---\nSee [a](a.md).\n",
            ),
        ],
    )
}

/// Runs `build`, then `check`; both must exit with `expected` and neither may panic.
/// Returns the stderr of `build`.
#[track_caller]
fn run_both(site: &Fixture, expected: i32) -> String {
    let before = tree(&site.out());
    let check = site.run(&["check"]);
    assert_code(&check, expected);
    assert!(tree(&site.out()) == before, "check wrote to public/");
    let build = site.run(&["build"]);
    assert_code(&build, expected);
    let err = stderr(&build);
    for text in [&err, &stderr(&check)] {
        assert!(
            !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
            "{text}"
        );
    }
    if expected != 0 {
        assert!(
            tree(&site.out()) == before,
            "a failed build changed public/"
        );
    }
    err
}

/// The first line of `stderr` that starts with `location` (`file:line:col:` or `file:`).
#[track_caller]
fn line_at<'a>(stderr: &'a str, location: &str) -> &'a str {
    stderr
        .lines()
        .find(|l| l.starts_with(location))
        .unwrap_or_else(|| panic!("nothing reported at {location:?}:\n{stderr}"))
}

/// Asserts a diagnostic at `location` with this severity and all of `words`.
#[track_caller]
fn assert_reported(stderr: &str, location: &str, severity: &str, words: &[&str]) {
    let line = line_at(stderr, location);
    assert!(line.contains(severity), "not {severity}: {line}");
    for word in words {
        assert!(line.contains(word), "{word:?} missing from: {line}");
    }
}

/// Builds a site holding one extra file and expects exit 1 with a diagnostic.
#[track_caller]
fn expect_error(file: &str, contents: &[u8], location: &str, words: &[&str]) -> String {
    let site = site();
    site.write(file, contents);
    let err = run_both(&site, 1);
    assert_reported(&err, location, "error", words);
    assert!(!site.out().exists(), "a failed first build writes nothing");
    err
}

#[test]
fn a_topic_declared_badly_in_site_toml_is_located() {
    let site = site();
    site.write(
        "site.toml",
        format!("{MINIMAL_TOML}\n[[topics]]\nslug = \"Managing Up\"\n\n[[topics]]\nslug = \"feedback\"\n"),
    );
    let err = run_both(&site, 1);
    // MINIMAL_TOML is five lines, then a blank one.
    assert_reported(
        &err,
        "site.toml:8:1:",
        "error",
        &["`Managing Up`", "lowercase"],
    );
    assert_reported(
        &err,
        "site.toml:11:1:",
        "error",
        &["`feedback`", "declared twice"],
    );
}

// ---------------------------------------------------------------------------------------
// Files that are not pages
// ---------------------------------------------------------------------------------------

#[test]
fn a_utf16_file_is_told_apart_from_a_binary_one() {
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "---\ntitle: A\n---\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    expect_error(
        "content/tips/x.md",
        &utf16,
        "content/tips/x.md:1:1:",
        &["UTF-16", "save it as UTF-8"],
    );
}

#[test]
fn an_unknown_field_is_a_warning_and_the_build_succeeds() {
    let site = site();
    site.write(
        "content/tips/c.md",
        "---\ntitle: C\ntopics: [feedback]\ndate: 2024-01-02\nauthr: Me\nmood: calm\n---\nBody.\n",
    );
    let err = run_both(&site, 0);
    assert_reported(
        &err,
        "content/tips/c.md:5:1:",
        "warning",
        &["unknown field `authr` is ignored"],
    );
    assert!(err.contains("did you mean `author`?"), "{err}");
    // Any other field is the page's own, for templates, as in Hugo and Zola.
    assert!(!err.contains("mood"), "{err}");
    assert!(!err.contains("error"), "{err}");
    assert!(site.exists("tips/c.html"));
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let site = site();
    site.write(
        "content/tips/windows.md",
        "\u{feff}---\r\ntitle: Saved on Windows\r\ntopics: [feedback]\r\ntitel: typo\r\n---\r\n## First part\r\n\r\nOne line\r\nand the next.\r\n\r\nBack to [the top](#first-part), on to [A](a.md#why-it-works) and [[b]].\r\n",
    );
    let err = run_both(&site, 0);
    // Lines count as the author sees them, CRLF or not.
    assert_reported(
        &err,
        "content/tips/windows.md:4:1:",
        "warning",
        &["unknown field `titel`"],
    );
    let html = site.read("tips/windows.html");
    assert_eq!(h1(&html).as_deref(), Some("Saved on Windows"));
    assert_eq!(title(&html).as_deref(), Some("Saved on Windows · Fixture"));
    assert!(!html.contains('\r') && !html.contains('\u{feff}'), "{html}");
    assert!(html.contains("<h2 id=\"first-part\">First part"), "{html}");
    assert!(html.contains("<p>One line\nand the next.</p>"), "{html}");
    assert_eq!(
        meta(&html, "description").as_deref(),
        Some("One line and the next.")
    );
    let links = hrefs(&html);
    for href in ["#first-part", "a.html#why-it-works", "b.html"] {
        assert!(links.contains(&href.to_string()), "{href} in {links:?}");
    }
    assert!(hrefs(&site.read("topics/feedback.html")).contains(&"../tips/windows.html".into()));
}

#[test]
fn lone_carriage_returns_end_lines_for_positions_too() {
    // Old Mac line endings: the YAML parser and Markdown both break lines at a lone CR,
    // so positions must count them as well.
    let err = expect_error(
        "content/tips/x.md",
        b"---\rtitle: Old Mac\rsummary: fine\rtopics: feedback\r---\rBody\r",
        "content/tips/x.md:4:1:",
        &["topics must be a list, not a string"],
    );
    assert!(!err.contains("no front matter"), "{err}");
    let err = expect_error(
        "content/tips/y.md",
        b"---\rtitle: Old Mac\rtopics: [feedback]\r---\rBody\r\rSee [[nowhere]].\r",
        "content/tips/y.md:7:5:",
        &["wiki link `[[nowhere]]` matches no page"],
    );
    assert!(!err.contains("y.md:5:"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Output paths taken twice
// ---------------------------------------------------------------------------------------

/// A site with `base_url`, so the sitemap and feed are written too.
fn site_with_feeds() -> Fixture {
    let site = site();
    site.write(
        "site.toml",
        format!("base_url = \"https://example.org/\"\n{MINIMAL_TOML}"),
    );
    site
}

#[test]
fn a_page_on_a_generated_file_names_the_page() {
    for (file, contents, location, path, generated) in [
        (
            "content/404.md",
            "---\ntitle: Lost\n---\nNot here.\n",
            "content/404.md:",
            "404.html",
            "404 page",
        ),
        (
            "content/404.MD",
            "---\ntitle: Lost\n---\nNot here.\n",
            "content/404.MD:",
            "404.html",
            "404 page",
        ),
        (
            "content/search/index.md",
            "---\ntitle: Find\n---\nSearch.\n",
            "content/search/index.md:",
            "search/index.html",
            "search page",
        ),
        (
            "content/topics/index.md",
            "---\ntitle: All topics\n---\nTopics.\n",
            "content/topics/index.md:",
            "topics/index.html",
            "topics index",
        ),
        (
            "content/about.md",
            "---\ntitle: About\nslug: \"404\"\n---\nAbout.\n",
            "content/about.md:3:1:",
            "404.html",
            "404 page",
        ),
    ] {
        let site = site_with_feeds();
        site.write(file, contents);
        let err = run_both(&site, 1);
        assert_reported(
            &err,
            location,
            "error",
            &[
                &format!("two outputs have the same path `{path}`"),
                &format!("ladder's own {generated} and this file"),
            ],
        );
        assert!(err.contains("change its `slug:` or `aliases:`"), "{err}");
        assert!(
            !err.contains("(404 page)") && !err.starts_with('('),
            "{err}"
        );
    }
}

#[test]
fn an_alias_on_a_generated_file_names_the_aliases_line() {
    for (alias, generated) in [
        ("sitemap.xml", "sitemap"),
        ("atom.xml", "feed"),
        ("robots.txt", "robots.txt"),
        ("search/index.js", "search index"),
        ("style.css", ""),
    ] {
        let site = site_with_feeds();
        site.write(
            "content/about.md",
            format!("---\ntitle: About\n\naliases: [\"{alias}\"]\n---\nAbout.\n"),
        );
        let err = run_both(&site, 1);
        // The theme's file is not the one to rename.
        let expected = if generated.is_empty() {
            "written by themes/default/static/style.css and by this file".to_string()
        } else {
            format!("ladder's own {generated} and this file")
        };
        assert_reported(
            &err,
            "content/about.md:4:1:",
            "error",
            &[&format!("same path `{alias}`"), &expected],
        );
    }
}

#[test]
fn files_on_the_search_index_early_and_late_are_all_reported() {
    let site = site_with_feeds();
    site.write("static/search/d0.js", "not ladder's");
    site.write("static/search/t0.js", "not ladder's");
    let err = run_both(&site, 1);
    for file in ["d0.js", "t0.js"] {
        assert_reported(
            &err,
            &format!("static/search/{file}:"),
            "error",
            &[
                &format!("same path `search/{file}`"),
                "ladder's own search index",
            ],
        );
    }
}

#[test]
fn a_content_or_static_file_on_a_generated_file_names_that_file() {
    for (file, path, by) in [
        (
            "content/robots.txt",
            "robots.txt",
            "ladder's own robots.txt",
        ),
        ("content/atom.xml", "atom.xml", "ladder's own feed"),
        ("content/sitemap.xml", "sitemap.xml", "ladder's own sitemap"),
        (
            "content/search/index.js",
            "search/index.js",
            "ladder's own search index",
        ),
        ("static/404.html", "404.html", "ladder's own 404 page"),
        (
            "static/search/index.js",
            "search/index.js",
            "ladder's own search index",
        ),
        // Files of the index written before its words are scored, and after.
        (
            "static/search/d0.js",
            "search/d0.js",
            "ladder's own search index",
        ),
        (
            "static/search/p0.js",
            "search/p0.js",
            "ladder's own search index",
        ),
        (
            "content/search/f.js",
            "search/f.js",
            "ladder's own search index",
        ),
        (
            "static/search/w0.js",
            "search/w0.js",
            "ladder's own search index",
        ),
        (
            "content/favicon.svg",
            "favicon.svg",
            "written by themes/default/static/favicon.svg",
        ),
    ] {
        let site = site_with_feeds();
        site.write(file, "not ladder's");
        let err = run_both(&site, 1);
        assert_reported(
            &err,
            &format!("{file}:"),
            "error",
            &[&format!("same path `{path}`"), by],
        );
        assert!(err.contains("rename or move this file"), "{err}");
    }
    // A site's own static file replaces the theme's: that is no collision.
    let site = site_with_feeds();
    site.write("static/style.css", "body { color: teal }");
    run_both(&site, 0);
    assert_eq!(site.read("style.css"), "body { color: teal }");
}

#[test]
fn a_file_where_a_folder_is_needed_is_a_content_error() {
    // Once a write-time failure (exit 2) that named only the staging folder.
    let blocked = site();
    blocked.write("static/tips", "a file named like the tips folder");
    let err = run_both(&blocked, 1);
    assert_reported(
        &err,
        "static/tips:",
        "error",
        &["output `tips` is a file, but other outputs need a folder there"],
    );

    let aliased = site();
    aliased.write(
        "content/about.md",
        "---\ntitle: About\naliases: [about.html/]\n---\nAbout.\n",
    );
    let err = run_both(&aliased, 1);
    assert_reported(
        &err,
        "content/about.md:3:1:",
        "error",
        &["output `about.html/index.html` needs a folder `about.html`, but `about.html` is a file written by content/about.md"],
    );
}

#[test]
fn an_output_name_too_long_for_a_file_system_is_a_content_error() {
    let long = "a".repeat(300);
    for (front, location) in [
        (format!("slug: {long}"), "content/tips/c.md:4:1:"),
        (format!("aliases: [{long}.html]"), "content/tips/c.md:4:1:"),
    ] {
        let site = site();
        site.write(
            "content/tips/c.md",
            format!("---\ntitle: C\ntopics: [feedback]\n{front}\n---\nBody.\n"),
        );
        let err = run_both(&site, 1);
        assert_reported(
            &err,
            location,
            "error",
            &["bytes long; file systems allow at most 255"],
        );
    }
}

// ---------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------

#[test]
fn a_link_to_a_missing_anchor_is_located() {
    let err = expect_error(
        "content/tips/c.md",
        b"---\ntitle: C\ntopics: [feedback]\n---\nIntro.\n\nSee [why](a.md#why-it-work) and [[a#nope]].\n",
        "content/tips/c.md:7:5:",
        &["content/tips/a.md has no heading with the anchor `#why-it-work`"],
    );
    assert!(err.contains("did you mean `#why-it-works`?"), "{err}");
    // A wiki link names a heading by its text.
    assert_reported(
        &err,
        "content/tips/c.md:7:33:",
        "error",
        &["content/tips/a.md has no heading `nope`"],
    );
}

#[test]
fn a_link_to_a_missing_page_suggests_only_a_similar_name() {
    let err = expect_error(
        "content/tips/c.md",
        b"---\ntitle: C\ntopics: [feedback]\n---\n[one](aa.md) [two](/nothing-like-it.md)\n",
        "content/tips/c.md:5:1:",
        &["link `aa.md` leads to content/tips/aa.md, which does not exist"],
    );
    // `aa.md` is close to `a.md`; the other is close to no page, and gets no guess.
    assert_reported(
        &err,
        "content/tips/c.md:5:14:",
        "error",
        &["link `/nothing-like-it.md` leads to content/nothing-like-it.md, which does not exist"],
    );
    assert!(err.contains("did you mean `a.md`?"), "{err}");
    assert_eq!(err.matches("did you mean").count(), 1, "{err}");
}

#[test]
fn a_wiki_link_that_matches_no_page_is_located() {
    let err = expect_error(
        "content/tips/c.md",
        b"---\ntitle: C\ntopics: [feedback]\n---\n\nText [[tip-b]] and [[Tip Q|q]].\n",
        "content/tips/c.md:6:6:",
        &["wiki link `[[tip-b]]` matches no page"],
    );
    assert_reported(
        &err,
        "content/tips/c.md:6:20:",
        "error",
        &["wiki link `[[Tip Q]]` matches no page"],
    );
}

#[test]
fn a_wiki_link_that_matches_several_pages_asks_for_a_path() {
    // `content/tips/a.md` and `content/misc/a.md`: neither beside the linking page,
    // and their paths equally long, so nothing chooses between them.
    let site = site();
    site.write("content/misc/a.md", "---\ntitle: Misc A\n---\nA note.\n");
    site.write(
        "content/articles/b.md",
        "---\ntitle: Article B\n---\nLong form. See [[a]].\n",
    );
    let err = run_both(&site, 1);
    assert_reported(
        &err,
        "content/articles/b.md:4:16:",
        "error",
        &["wiki link `[[a]]` matches several pages: misc/a, tips/a"],
    );
    assert!(err.contains("`[[misc/a]]`"), "{err}");
    // Naming one by its path builds.
    site.write(
        "content/articles/b.md",
        "---\ntitle: Article B\n---\nLong form. See [[tips/a]].\n",
    );
    run_both(&site, 0);
    assert!(site
        .read("articles/b.html")
        .contains("<a href=\"../tips/a.html\">Tip A</a>"));
}

#[test]
fn a_link_out_of_the_content_folder_is_an_error() {
    let site = site();
    site.write("outside.md", "---\ntitle: Outside\n---\nNot content.\n");
    site.write(
        "content/tips/c.md",
        "---\ntitle: C\ntopics: [feedback]\n---\n[x](../../x.md)\n[o](../../outside.md) [e](/../etc/passwd.md)\n",
    );
    let err = run_both(&site, 1);
    for (location, link) in [
        ("content/tips/c.md:5:1:", "../../x.md"),
        ("content/tips/c.md:6:1:", "../../outside.md"),
        ("content/tips/c.md:6:23:", "/../etc/passwd.md"),
    ] {
        assert_reported(
            &err,
            location,
            "error",
            &[&format!("link `{link}` leads out of the content folder")],
        );
    }
}

#[test]
fn a_draft_linked_from_a_published_page_is_a_warning() {
    let site = site();
    site.write(
        "content/tips/later.md",
        "---\ntitle: Later\ndraft: true\ntopics: [feedback]\n---\nNot yet.\n",
    );
    site.write(
        "content/tips/c.md",
        "---\ntitle: C\ntopics: [feedback]\n---\nSee [later](later.md)\nand [[later]].\n",
    );
    let err = run_both(&site, 0);
    assert_reported(
        &err,
        "content/tips/c.md:5:5:",
        "warning",
        &[
            "link `later.md` leads to the draft \"Later\", which is not published",
            "the link is shown as plain text",
        ],
    );
    assert_reported(
        &err,
        "content/tips/c.md:6:5:",
        "warning",
        &["`[[later]]` links to the draft \"Later\""],
    );
    assert!(!site.exists("tips/later.html"));
    let html = site.read("tips/c.html");
    // Both show their text, unlinked.
    assert!(html.contains("<p>See later\nand later.</p>"), "{html}");
    assert_links_resolve(&site.out(), false);
    // With --drafts both links work.
    let output = site.run(&["build", "--drafts"]);
    assert_code(&output, 0);
    assert_eq!(stderr(&output), "");
    let links = hrefs(&site.read("tips/c.html"));
    assert!(links.contains(&"later.html".to_string()), "{links:?}");
}

/// Whether `href` would run script when followed, read as a browser reads it.
fn runs_script(href: &str) -> bool {
    let href: String = decode_entities(href)
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| href.starts_with(scheme))
}

#[test]
fn a_script_url_in_front_matter_is_an_error_at_its_line() {
    for url in [
        "javascript:alert(1)",
        "' JaVaScRiPt:alert(1)'",
        "\"java\\tscript:alert(1)\"",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
    ] {
        let site = site();
        site.write(
            "content/tips/c.md",
            format!("---\ntitle: C\ntopics: [feedback]\nsource:\n  title: Elsewhere\n  url: {url}\n---\nBody.\n"),
        );
        let err = run_both(&site, 1);
        assert_reported(
            &err,
            "content/tips/c.md:6:",
            "error[unsafe-url]",
            &[
                "source.url",
                "must be an http(s) or mailto: address, or a relative one",
            ],
        );
        // Even rendered despite the error, no page has the URL as a link.
        let (loaded, _) = ladder::Site::load_all(site.root(), &ladder::Options::default())
            .unwrap_or_else(|_| panic!("load"));
        let (_, tera) = loaded.theme().unwrap_or_else(|_| panic!("theme"));
        let every_page: Vec<usize> = (0..loaded.pages.len()).collect();
        let (files, _) = loaded.render_pages(&tera, &every_page);
        for file in files {
            if let ladder::output::Contents::Bytes(bytes) = &file.contents {
                let html = String::from_utf8_lossy(bytes);
                let bad: Vec<String> = hrefs(&html)
                    .into_iter()
                    .filter(|h| runs_script(h))
                    .collect();
                assert!(bad.is_empty(), "{url}: {} links to {bad:?}", file.path);
            }
        }
    }
    // Web and mail addresses, and relative ones, are links as before.
    for url in [
        "https://example.org/post",
        "mailto:me@example.org",
        "../about.html",
    ] {
        let site = site();
        site.write(
            "content/tips/c.md",
            format!("---\ntitle: C\ntopics: [feedback]\nsource: {{ title: Elsewhere, url: \"{url}\" }}\n---\nBody.\n"),
        );
        run_both(&site, 0);
        assert!(
            hrefs(&site.read("tips/c.html")).contains(&url.to_string()),
            "{url}"
        );
    }
}

#[test]
fn a_script_link_in_a_body_is_a_warning_and_shown_as_text() {
    let site = site();
    site.write(
        "content/tips/c.md",
        "---\ntitle: C\ntopics: [feedback]\n---\nClick [here](javascript:alert(1)) or\n[there]( JaVaScRiPt:alert(2)) or <vbscript:x>.\n",
    );
    let err = run_both(&site, 0);
    assert_reported(
        &err,
        "content/tips/c.md:5:7:",
        "warning[script-link]",
        &[
            "`javascript:alert(1)`",
            "runs script",
            "shown as plain text",
        ],
    );
    assert_reported(&err, "content/tips/c.md:6:1:", "warning[script-link]", &[]);
    assert_reported(&err, "content/tips/c.md:6:", "warning[script-link]", &[]);
    let html = site.read("tips/c.html");
    let bad: Vec<String> = hrefs(&html)
        .into_iter()
        .filter(|h| runs_script(h))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    assert!(html.contains("Click here or"), "{html}");
}

// ---------------------------------------------------------------------------------------
// The file system: links, depth, names, extensions, size
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_broken_symbolic_link_says_so() {
    let site = site();
    std::os::unix::fs::symlink("gone.md", site.path("content/tips/dangling.md")).unwrap();
    let err = run_both(&site, 1);
    assert_reported(
        &err,
        "content/tips/dangling.md:",
        "error",
        &["broken symbolic link: it points to gone.md, which does not exist"],
    );
}

/// A site beside a folder outside it: `outer/site` holds the site, `outer/secret.md` a
/// page-like file and `outer/shared/` a folder with one page, all marked `SECRET`.
#[cfg(unix)]
fn site_beside_secrets() -> (tempfile::TempDir, Fixture) {
    let outer = tempfile::tempdir().unwrap();
    fs::write(
        outer.path().join("secret.md"),
        "root:x:0:0:SECRET-FIRST-LINE\n---\ntitle: SECRET-TITLE\ntopics: [feedback]\n---\nSECRET-BODY\n",
    )
    .unwrap();
    fs::create_dir(outer.path().join("shared")).unwrap();
    fs::write(
        outer.path().join("shared/p.md"),
        "---\ntitle: SECRET-SHARED\ntopics: [feedback]\n---\nSECRET-SHARED-BODY\n",
    )
    .unwrap();
    fs::write(outer.path().join("shared/x.css"), "SECRET-CSS").unwrap();
    fs::create_dir(outer.path().join("shared/templates")).unwrap();
    fs::write(
        outer.path().join("shared/templates/page.html"),
        "SECRET-TEMPLATE {{ nope",
    )
    .unwrap();
    (outer, site())
}

/// Asserts that nothing `SECRET` was printed, nor written anywhere under the site.
#[cfg(unix)]
#[track_caller]
fn assert_nothing_secret(site: &Fixture, outputs: &[&std::process::Output]) {
    for output in outputs {
        for text in [stdout(output), stderr(output)] {
            assert!(!text.contains("SECRET"), "{text}");
        }
    }
    for (path, bytes) in tree(&site.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{path} holds a secret"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_page_or_folder_linked_outside_the_site_is_an_error_and_never_read() {
    use std::os::unix::fs::symlink;
    let (outer, site) = site_beside_secrets();
    let secret = outer.path().join("secret.md");
    let shared = outer.path().join("shared");
    symlink(&secret, site.path("content/tips/leak.md")).unwrap();
    symlink(&shared, site.path("content/tips/shared")).unwrap();
    fs::create_dir_all(site.path("static")).unwrap();
    symlink(&secret, site.path("static/leak.txt")).unwrap();

    let check = site.run(&["check"]);
    let err = run_both(&site, 1);
    let real = |p: &Path| fs::canonicalize(p).unwrap().display().to_string();
    let mut expected = vec![
        ("content/tips/leak.md:", real(&secret)),
        ("content/tips/shared:", real(&shared)),
        ("static/leak.txt:", real(&secret)),
    ];
    for (link, target) in &expected {
        assert_reported(
            &err,
            link,
            "error[link-outside-site]",
            &[
                &format!("symbolic link to {target}"),
                "outside the site folder",
            ],
        );
    }
    assert!(err.contains("allow_links_to"), "{err}");
    assert_nothing_secret(&site, &[&check, &site.run(&["build"])]);
    assert!(!site.out().exists());

    // A theme that does not load stops the build before static files are listed.
    fs::create_dir_all(site.path("templates")).unwrap();
    symlink(shared.join("x.css"), site.path("templates/page.html")).unwrap();
    fs::create_dir_all(site.path("themes")).unwrap();
    symlink(&shared, site.path("themes/shared")).unwrap();
    site.write("site.toml", format!("theme = \"shared\"\n{MINIMAL_TOML}"));
    expected.truncate(2);
    expected.push(("templates/page.html:", real(&shared.join("x.css"))));
    expected.push(("themes/shared:", real(&shared)));
    let err = run_both(&site, 1);
    for (link, target) in &expected {
        assert_reported(
            &err,
            link,
            "error[link-outside-site]",
            &[&format!("symbolic link to {target}")],
        );
    }
    assert_nothing_secret(&site, &[&site.run(&["check"]), &site.run(&["build"])]);
}

#[cfg(unix)]
#[test]
fn links_to_a_folder_that_site_toml_allows_are_followed() {
    use std::os::unix::fs::symlink;
    let (outer, site) = site_beside_secrets();
    symlink(
        outer.path().join("shared"),
        site.path("content/tips/shared"),
    )
    .unwrap();
    fs::create_dir_all(site.path("static")).unwrap();
    symlink(outer.path().join("shared/x.css"), site.path("static/x.css")).unwrap();
    // Both temporary folders sit in one folder; a relative entry is taken from the site's.
    let absolute = outer.path().join("shared").display().to_string();
    let outer_name = outer.path().file_name().unwrap().to_string_lossy();
    for allowed in [absolute, format!("../{outer_name}/shared")] {
        site.write(
            "site.toml",
            format!("allow_links_to = [{allowed:?}]\n{MINIMAL_TOML}"),
        );
        let err = run_both(&site, 0);
        assert_eq!(err, "", "{allowed}");
        assert!(site
            .read("tips/shared/p.html")
            .contains("SECRET-SHARED-BODY"));
        assert_eq!(site.read("x.css"), "SECRET-CSS");
    }
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_work() {
    use std::os::unix::fs::symlink;
    let site = site();
    site.write(
        "notes/c.md",
        "---\ntitle: Tip C\ntopics: [feedback]\n---\nLinked in.\n",
    );
    site.write("notes/style.css", "p { margin: 0 }\n");
    symlink(site.path("notes/c.md"), site.path("content/tips/c.md")).unwrap();
    symlink("../../notes", site.path("content/tips/notes")).unwrap();
    fs::create_dir_all(site.path("static")).unwrap();
    symlink("../notes/style.css", site.path("static/own.css")).unwrap();
    run_both(&site, 0);
    assert!(site.read("tips/c.html").contains("Linked in."));
    assert!(site.read("tips/notes/c.html").contains("Linked in."));
    assert_eq!(site.read("own.css"), "p { margin: 0 }\n");
}

#[cfg(unix)]
#[test]
fn editor_leftovers_are_ignored_whatever_kind_of_file_they_are() {
    use std::os::unix::fs::symlink;
    let site = site();
    // Emacs marks a file it is editing with a dangling link named `.#name`.
    symlink(
        "user@host.1234:1700000000",
        site.path("content/tips/.#a.md"),
    )
    .unwrap();
    symlink("/nowhere", site.path("content/tips/b.md~")).unwrap();
    fs::create_dir_all(site.path("static")).unwrap();
    symlink("user@host.1234:1700000000", site.path("static/.#style.css")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(site.path("content/tips/#c.md#"))
        .status();
    assert!(fifo.is_ok_and(|s| s.success()));
    let err = run_both(&site, 0);
    assert_eq!(err, "");
    assert!(site.exists("tips/a.html"));
}

/// `levels` nested folder names under `content/articles`, each `level-N`.
fn deep_folder(levels: usize) -> String {
    let mut dir = "content/articles".to_string();
    for level in 1..=levels {
        dir.push_str(&format!("/level-{level}"));
    }
    dir
}

#[test]
fn sixty_nested_folders_build_and_link_both_ways() {
    let site = site();
    let dir = deep_folder(60);
    let up = "../".repeat(61);
    site.write(
        &format!("{dir}/deep.md"),
        format!("---\ntitle: Deep\ntopics: [feedback]\n---\n[A]({up}tips/a.md#why-it-works) and [[b]].\n"),
    );
    site.write(&format!("{dir}/chart.png"), "PNG");
    site.write(
        "content/tips/b.md",
        "---\ntitle: Tip B\ntopics: [feedback]\n---\nDown to [[deep]].\n",
    );
    run_both(&site, 0);
    let out = dir.replacen("content/", "", 1);
    let html = site.read(&format!("{out}/deep.html"));
    assert!(
        hrefs(&html).contains(&format!("{up}tips/a.html#why-it-works")),
        "{html}"
    );
    assert!(site.exists(&format!("{out}/chart.png")));
    assert!(hrefs(&site.read("tips/b.html")).contains(&format!("../{out}/deep.html")));
    assert_links_resolve(&site.out(), false);
}

#[cfg(target_os = "linux")]
#[test]
fn folders_nested_past_the_path_limit_are_reported_by_name() {
    // Paths longer than the system allows (4096 bytes): made one folder at a time,
    // since no single call may name them whole.
    let site = site();
    let name = "x".repeat(100);
    let mut script = String::from("mkdir -p content/articles && cd content/articles");
    for _ in 0..45 {
        script.push_str(&format!(" && mkdir {name} && cd -P {name}"));
    }
    script.push_str(" && printf -- '---\\ntitle: Deep\\n---\\nHi.\\n' > deep.md");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(site.root())
        .status()
        .unwrap();
    assert!(status.success());
    let err = run_both(&site, 1);
    let line = err
        .lines()
        .find(|l| l.contains("too long"))
        .unwrap_or_else(|| panic!("no path-length error:\n{err}"));
    assert!(
        line.starts_with(&format!("content/articles/{name}/")),
        "{line}"
    );
    assert!(
        line.contains("error") && line.contains("cannot read"),
        "{line}"
    );
}

#[test]
fn names_with_spaces_and_accents_get_slugs_and_links_reach_them() {
    let site = site();
    site.write(
        "content/tips/Été à Paris/Café crème.md",
        "---\ntitle: Café crème\ntopics: [feedback]\n---\nTo [the other](naïve%20tip.md), [again](<naïve tip.md>), [[naïve-tip]], [[Naïve Tip]].\n",
    );
    site.write(
        "content/tips/Été à Paris/naïve tip.md",
        "---\ntitle: Naïve Tip\ntopics: [feedback]\n---\nBack to [café](<Café crème.md>) and [[café-crème]].\n\n![photo](<photo 1.png>)\n",
    );
    site.write("content/tips/Été à Paris/photo 1.png", "PNG");
    site.write(
        "content/tips/b.md",
        "---\ntitle: Tip B\ntopics: [feedback]\n---\nSee [café](<Été à Paris/Café crème.md>).\n",
    );
    run_both(&site, 0);
    // Folders and files are slugified: lowercase, spaces to `-`, letters kept.
    let cafe = site.read("tips/été-à-paris/café-crème.html");
    let naive = site.read("tips/été-à-paris/naïve-tip.html");
    assert_eq!(h1(&cafe).as_deref(), Some("Café crème"));
    // Links name the files percent-encoded, as URLs must.
    let links = hrefs(&cafe);
    assert_eq!(
        links
            .iter()
            .filter(|h| h.as_str() == "na%C3%AFve-tip.html")
            .count(),
        4,
        "{links:?}"
    );
    assert_eq!(
        hrefs(&naive)
            .iter()
            .filter(|h| h.as_str() == "caf%C3%A9-cr%C3%A8me.html")
            .count(),
        2,
        "{naive}"
    );
    assert!(naive.contains("src=\"photo%201.png\""), "{naive}");
    assert!(site.exists("tips/été-à-paris/photo 1.png"));
    assert!(hrefs(&site.read("tips/b.html"))
        .contains(&"%C3%A9t%C3%A9-%C3%A0-paris/caf%C3%A9-cr%C3%A8me.html".to_string()));
    assert_links_resolve(&site.out(), false);
}

#[test]
fn an_uppercase_md_extension_is_markdown() {
    let site = site();
    site.write(
        "content/tips/Shout.MD",
        "---\ntitle: Shout\ntopics: [feedback]\n---\nLoud [[b]].\n",
    );
    site.write(
        "content/articles/Notes.Markdown",
        "---\ntitle: Notes\n---\nSee [shout](../tips/Shout.MD).\n",
    );
    run_both(&site, 0);
    assert_eq!(h1(&site.read("tips/shout.html")).as_deref(), Some("Shout"));
    assert!(!site.exists("tips/Shout.MD"), "copied as an asset");
    assert!(site
        .read("articles/notes.html")
        .contains("<a href=\"../tips/shout.html\">shout</a>"));
    // Links name files as they are spelled, extension included.
    site.write(
        "content/articles/Notes.Markdown",
        "---\ntitle: Notes\n---\nSee [shout](../tips/Shout.md).\n",
    );
    let err = run_both(&site, 1);
    assert_reported(
        &err,
        "content/articles/Notes.Markdown:4:5:",
        "error",
        &["leads to content/tips/Shout.md, which does not exist"],
    );
    assert!(err.contains("did you mean `../tips/Shout.MD`?"), "{err}");
}

/// A long article of `bytes` bytes: sections, lists, code, links and wiki links.
fn long_article(bytes: usize) -> String {
    let words = [
        "career",
        "feedback",
        "mentor",
        "growth",
        "promotion",
        "manager",
        "review",
        "skill",
        "project",
        "team",
        "visible",
        "ask",
        "early",
        "weekly",
        "notes",
        "impact",
    ];
    let mut text = String::from("---\ntitle: The long one\ntopics: [feedback]\n---\n");
    let mut section = 0;
    let mut n = 0usize;
    while text.len() < bytes {
        if n.is_multiple_of(40) {
            section += 1;
            // Every tenth heading repeats, to exercise numbered ids.
            if section % 10 == 0 {
                text.push_str("## Again\n\n");
            } else {
                text.push_str(&format!("## Part {section}\n\n"));
            }
        }
        match n % 9 {
            0 => {
                let here = if section % 10 == 0 {
                    "again".to_string()
                } else {
                    format!("part-{section}")
                };
                text.push_str(&format!(
                    "Back to [part 1](#part-1), [this part](#{here}), [A](../tips/a.md#why-it-works) and [[b]].\n\n"
                ));
            }
            1 => text.push_str("- one *item*\n- two **items**\n  - nested `code`\n\n"),
            2 => text.push_str("```rust\nfn main() { println!(\"[not](a-link.md)\"); }\n```\n\n"),
            _ => {
                let line: Vec<&str> = (0..90)
                    .map(|i| words[(n * 7 + i * 3) % words.len()])
                    .collect();
                text.push_str(&line.join(" "));
                text.push_str(".\n\n");
            }
        }
        n += 1;
    }
    text
}

#[test]
fn a_five_megabyte_article_builds_in_seconds() {
    let site = site();
    let article = long_article(5 * 1024 * 1024);
    site.write("content/articles/long.md", &article);
    let start = Instant::now();
    let output = site.run(&["build"]);
    let took = start.elapsed();
    assert_code(&output, 0);
    assert_eq!(stderr(&output), "");
    // A few seconds in a debug build; anything quadratic takes minutes.
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let html = site.read("articles/long.html");
    assert!(html.len() > 5 * 1024 * 1024);
    assert!(
        html.contains("<h2 id=\"again-1\">"),
        "repeated headings are numbered"
    );
    assert!(html.contains("<a href=\"../tips/a.html#why-it-works\">A</a>"));
    assert!(
        !html.contains("a-link.html"),
        "a link inside code was rewritten"
    );
    let count = article.matches("## Again").count();
    assert!(html.contains(&format!("id=\"again-{}\"", count - 1)));
}

#[test]
fn many_equal_headings_and_many_broken_links_report_in_linear_time() {
    // Numbering repeated headings, checking anchors and locating each broken link
    // once took time growing with the square of their number: minutes for this page.
    let n = 20_000;
    let mut body = String::from("---\ntitle: Many\ntopics: [feedback]\n---\n");
    for i in 0..n {
        body.push_str(&format!("## Same\n\n[up](#same-{i}) [gone](gone.md)\n\n"));
    }
    let site = site();
    site.write("content/tips/many.md", &body);
    let start = Instant::now();
    let output = site.run(&["check"]);
    let took = start.elapsed();
    assert_code(&output, 1);
    // Quadratic work took minutes; a minute still tells it apart on a loaded machine.
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let err = stderr(&output);
    // `#same-0` is the one link whose anchor is missing: the first heading is `#same`.
    assert_reported(
        &err,
        "content/tips/many.md:7:1:",
        "error",
        &["has no heading with the anchor `#same-0`"],
    );
    let last = 4 + 4 * n - 1;
    assert_reported(
        &err,
        &format!("content/tips/many.md:{last}:19:"),
        "error",
        &["link `gone.md` leads to content/tips/gone.md"],
    );
    assert_eq!(err.matches("leads to content/tips/gone.md").count(), n);
}

// ---------------------------------------------------------------------------------------
// The output folder
// ---------------------------------------------------------------------------------------

#[test]
fn out_on_any_folder_holding_sources_is_refused() {
    let site = site();
    site.write("templates/tip.html", "{% extends \"base.html\" %}");
    site.write("static/note.txt", "keep");
    site.write("themes/mine/templates/base.html", "x");
    let parent = site.root().parent().unwrap().to_str().unwrap().to_string();
    let before_site = tree(site.root());
    for out in [
        "templates",
        "templates/out",
        "static",
        "themes",
        "themes/mine/static",
        "content/../content/x",
        "..",
        "../..",
        parent.as_str(),
    ] {
        let output = site.run(&["build", "--out", out]);
        assert_code(&output, 2);
        let err = stderr(&output);
        assert!(err.contains("refusing"), "--out {out}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            tree(site.root()) == before_site,
            "--out {out} changed the site"
        );
    }
    // A symbolic link is seen through.
    #[cfg(unix)]
    {
        let outside = Fixture::empty();
        std::os::unix::fs::symlink(site.path("content"), outside.path("link")).unwrap();
        let output = site.run(&["build", "--out", outside.path("link").to_str().unwrap()]);
        assert_code(&output, 2);
        assert!(
            stderr(&output).contains("content/ folder"),
            "{}",
            stderr(&output)
        );
        assert!(tree(site.root()) == before_site);
    }
}

#[test]
fn out_on_a_file_is_refused() {
    let site = site();
    site.write("dist", "a file");
    let output = site.run(&["build", "--out", "dist"]);
    assert_code(&output, 2);
    assert!(
        stderr(&output).contains("is not a folder"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(site.path("dist")).unwrap(), "a file");
}

/// Every file under `dir` with its bytes, and every folder (as `path/`).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walk_all(dir, dir)
}

fn walk_all(base: &Path, dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut out = Vec::new();
    for path in entries {
        let rel = path
            .strip_prefix(base)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            out.push((format!("{rel}/"), Vec::new()));
            out.extend(walk_all(base, &path));
        } else if meta.file_type().is_symlink() {
            out.push((
                format!("{rel} ->"),
                fs::read_link(&path)
                    .unwrap()
                    .to_string_lossy()
                    .as_bytes()
                    .to_vec(),
            ));
        } else {
            out.push((rel, fs::read(&path).unwrap()));
        }
    }
    out
}

#[test]
fn a_build_writes_nothing_outside_its_output_folder() {
    // The site and two output folders side by side in one temporary folder.
    let outer = Fixture::empty();
    let site_dir = outer.path("site");
    fs::create_dir(&site_dir).unwrap();
    let site = site();
    for (rel, bytes) in tree(site.root()) {
        let path = site_dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    // Aliases and links that try to climb out are refused, not followed.
    fs::write(
        site_dir.join("content/tips/c.md"),
        "---\ntitle: C\ntopics: [feedback]\naliases: [\"/../../escaped.html\"]\n---\n[x](../../../escaped.md)\n",
    )
    .unwrap();
    let before = snapshot(outer.root());
    let output = run_in(&site_dir, &["build", "--out", "../dist"], &[]);
    assert_code(&output, 1);
    assert!(
        snapshot(outer.root()) == before,
        "a failed build wrote something"
    );

    fs::remove_file(site_dir.join("content/tips/c.md")).unwrap();
    let before = snapshot(outer.root());
    let output = run_in(&site_dir, &["build", "--out", "../dist"], &[]);
    assert_code(&output, 0);
    let after = snapshot(outer.root());
    let changed: Vec<&String> = after
        .iter()
        .filter(|entry| !before.contains(entry))
        .map(|(path, _)| path)
        .collect();
    assert!(!changed.is_empty());
    for path in &changed {
        assert!(path.starts_with("dist/"), "written outside dist/: {path}");
    }
    assert!(
        before.iter().all(|entry| after.contains(entry)),
        "something was removed"
    );

    // Building again over it swaps the folder; still nothing else changes.
    let output = run_in(&site_dir, &["build", "--out", "../dist"], &[]);
    assert_code(&output, 0);
    assert!(snapshot(outer.root()) == after);
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_symbolic_link_leaves_its_target_alone() {
    let site = site();
    let elsewhere = Fixture::empty();
    elsewhere.write("index.html", "an older site");
    elsewhere.write("keep.txt", "precious");
    let before = snapshot(elsewhere.root());
    std::os::unix::fs::symlink(elsewhere.root(), site.out()).unwrap();
    run_both(&site, 0);
    assert!(
        snapshot(elsewhere.root()) == before,
        "the link's target was changed"
    );
    assert!(site.out().is_dir() && site.exists("tips/a.html"));
}

#[test]
fn a_failed_build_leaves_public_byte_for_byte() {
    let site = site();
    site.write("content/tips/assets/chart.png", [0u8, 159, 146, 150]);
    assert_code(
        &site.run(&["build", "--base-url", "https://example.org/"]),
        0,
    );
    let before = snapshot(site.root());
    let public = snapshot(&site.out());
    assert!(public.iter().any(|(p, _)| p == "sitemap.xml"));

    // Content errors, at load and at render, in every way `build` can be run.
    site.write("content/tips/c.md", "---\ntitle: C\n---\n[x](gone.md)\n");
    let mut after_error = snapshot(site.root());
    for args in [
        &["build"][..],
        &["build", "--drafts"],
        &["build", "--base-url", "https://example.org/"],
        &["check"],
    ] {
        let output = site.run(args);
        assert_code(&output, 1);
        assert!(
            snapshot(site.root()) == after_error,
            "{args:?} changed the site"
        );
    }
    site.remove("content/tips/c.md");
    site.write("content/404.md", "---\ntitle: Lost\n---\nx\n");
    after_error = snapshot(site.root());
    assert_code(&site.run(&["build"]), 1);
    assert!(snapshot(site.root()) == after_error);
    site.remove("content/404.md");
    assert!(snapshot(site.root()) == before);
    assert!(snapshot(&site.out()) == public);
}

#[cfg(target_os = "linux")]
#[test]
fn a_build_that_fails_while_writing_leaves_public_byte_for_byte() {
    let site = site();
    // A file that looks readable but whose every read fails, in a folder links may reach.
    site.write(
        "site.toml",
        format!("allow_links_to = [\"/proc\"]\n{MINIMAL_TOML}"),
    );
    assert_code(&site.run(&["build"]), 0);
    let before = snapshot(site.root());
    std::os::unix::fs::symlink("/proc/self/mem", site.path("content/tips/broken.bin")).unwrap();
    let output = site.run(&["build"]);
    assert_code(&output, 2);
    let err = stderr(&output);
    assert!(
        err.contains("tips/broken.bin (from content/tips/broken.bin)"),
        "{err}"
    );
    site.remove("content/tips/broken.bin");
    assert!(
        snapshot(site.root()) == before,
        "public/ changed, or staging was left"
    );
}

// ---------------------------------------------------------------------------------------
// Exact text: what a person reads
// ---------------------------------------------------------------------------------------

/// `ladder check` on the small site with one file written, exactly as a person reads it:
/// the header with file, line, column, severity and code; the quoted line and its caret;
/// the help. The snapshot's description holds the file written.
#[track_caller]
fn assert_human_snapshot(name: &str, file: &str, contents: &str) {
    assert_human_snapshot_beside(name, &[], file, contents);
}

/// [`assert_human_snapshot`] with other files written first.
fn assert_human_snapshot_beside(name: &str, others: &[(&str, &str)], file: &str, contents: &str) {
    let site = site();
    for (path, text) in others {
        site.write(path, text);
    }
    site.write(file, contents);
    let output = site.run(&["check"]);
    let shown = format!(
        "exit code {}\n--- stdout\n{}--- stderr\n{}",
        code(&output),
        stdout(&output),
        stderr(&output)
    );
    insta::with_settings!({ description => format!("{file}:\n{contents}"), omit_expression => true }, {
        insta::assert_snapshot!(name, stable(&shown, site.root()));
    });
}

#[test]
fn malformed_yaml_reads_exactly_so() {
    assert_human_snapshot(
        "human_malformed_yaml",
        "content/tips/x.md",
        "---\ntitle: X\ntopics: [feedback\n---\nBody.\n",
    );
}

#[test]
fn a_wrong_type_reads_exactly_so_with_its_help() {
    assert_human_snapshot(
        "human_wrong_type",
        "content/tips/x.md",
        "---\ntitle: X\ntopics: feedback\n---\nBody.\n",
    );
}

#[test]
fn a_broken_link_reads_exactly_so_with_its_suggestion() {
    assert_human_snapshot(
        "human_broken_link",
        "content/tips/c.md",
        "---\ntitle: C\ntopics: [feedback]\n---\nCafé: [one](aa.md) [two](/nothing-like-it.md)\n",
    );
}

#[test]
fn an_ambiguous_wiki_link_reads_exactly_so() {
    assert_human_snapshot_beside(
        "human_ambiguous_wiki_link",
        &[("content/misc/a.md", "---\ntitle: Misc A\n---\nA note.\n")],
        "content/articles/b.md",
        "---\ntitle: Article B\n---\nLong form. See [[a]].\n",
    );
}

#[test]
fn an_unknown_field_warning_reads_exactly_so() {
    assert_human_snapshot(
        "human_unknown_field",
        "content/tips/x.md",
        "---\ntitle: X\ntopics: [feedback]\nsumary: typo\n---\nBody.\n",
    );
}

#[test]
fn a_topic_declared_badly_in_site_toml_reads_exactly_so() {
    assert_human_snapshot(
        "human_bad_topic_in_site_toml",
        "site.toml",
        &format!("{MINIMAL_TOML}\n[[topics]]\nslug = \"Managing Up\"\n\n[[topics]]\nslug = \"feedback\"\n"),
    );
}

// ---------------------------------------------------------------------------------------
// Empty values, repeated keys and control characters
// ---------------------------------------------------------------------------------------

#[test]
fn a_null_title_is_a_warning_and_the_file_name_titles_the_page() {
    let site = site();
    // The heading is not the body's first block, so the file name gives the title.
    site.write(
        "content/tips/Weekly review.md",
        "---\ntitle: ~\ntopics: [feedback]\n---\nSome text first.\n\n# Later heading\n",
    );
    let err = run_both(&site, 0);
    assert_reported(
        &err,
        "content/tips/Weekly review.md:2:1",
        "warning",
        &["[missing-title]", "Weekly review"],
    );
    let html = site.read("tips/weekly-review.html");
    assert_eq!(title(&html).as_deref(), Some("Weekly review · Fixture"));
}

#[test]
fn a_blank_title_is_a_warning_and_a_leading_heading_titles_the_page() {
    let site = site();
    site.write(
        "content/tips/x.md",
        "---\ntopics: [feedback]\ntitle: \"  \"\n---\n# The real title\n\nText.\n",
    );
    let err = run_both(&site, 0);
    assert_reported(
        &err,
        "content/tips/x.md:3:1",
        "warning",
        &["[missing-title]", "The real title"],
    );
    let html = site.read("tips/x.html");
    assert_eq!(title(&html).as_deref(), Some("The real title · Fixture"));
}

#[test]
fn an_empty_title_reads_exactly_so() {
    assert_human_snapshot(
        "human_empty_title",
        "content/tips/Weekly review.md",
        "---\ntitle:\ntopics: [feedback]\n---\nBody.\n",
    );
}

#[test]
fn empty_values_of_other_fields_are_warnings_at_their_lines() {
    let site = site();
    site.write(
        "content/tips/x.md",
        "---\ntitle: X\ntopics: [feedback]\nsummary: ~\nauthor: \"\"\ndate:\nweight: ~\ndraft:\n---\nBody.\n",
    );
    let err = run_both(&site, 0);
    for (line, field) in [
        (4, "summary"),
        (5, "author"),
        (6, "date"),
        (7, "weight"),
        (8, "draft"),
    ] {
        assert_reported(
            &err,
            &format!("content/tips/x.md:{line}:1"),
            "warning",
            &["[empty-field]", &format!("`{field}`")],
        );
    }
}

#[test]
fn a_repeated_key_is_reported_where_it_is_repeated() {
    expect_error(
        "content/tips/x.md",
        b"---\ntitle: A\ntopics: [feedback]\ntitle: B\n---\nBody.\n",
        "content/tips/x.md:4:1",
        &["title", "line 2"],
    );
    // Inside a map, the repeat is found among that map's keys.
    expect_error(
        "content/tips/y.md",
        b"---\ntitle: Y\ntopics: [feedback]\nsource:\n  title: One\n  author: Me\n  title: Two\n---\nBody.\n",
        "content/tips/y.md:7:3",
        &["title", "line 5"],
    );
}

#[test]
fn a_repeated_key_reads_exactly_so() {
    assert_human_snapshot(
        "human_repeated_key",
        "content/tips/x.md",
        "---\ntitle: A\ntopics: [feedback]\ntitle: B\n---\nBody.\n",
    );
}

#[test]
fn control_characters_are_one_warning_at_the_first_and_print_escaped() {
    let site = site();
    site.write(
        "content/tips/x.md",
        "---\ntitle: X\ntopics: [feedback]\n---\nBody \x1b[31mred\x07 and \u{9b}more.\n\nAgain \x01.\n",
    );
    let err = run_both(&site, 0);
    assert_reported(
        &err,
        "content/tips/x.md:5:6",
        "warning",
        &["[control-character]", "U+001B"],
    );
    assert_eq!(err.matches("[control-character]").count(), 1, "{err}");
    // The quoted line shows the characters escaped: a page cannot drive the terminal.
    assert!(
        err.contains("Body \\u{1b}[31mred\\u{7} and \\u{9b}more."),
        "{err}"
    );
    assert!(!err.contains(['\x1b', '\x07', '\u{9b}']), "{err:?}");
}

#[test]
fn control_characters_from_yaml_escapes_are_located_at_their_field() {
    let site = site();
    site.write(
        "content/tips/x.md",
        "---\ntitle: X\ntopics: [feedback]\nsummary: \"Bell \\a here\"\n---\nBody.\n",
    );
    let err = run_both(&site, 0);
    assert_reported(
        &err,
        "content/tips/x.md:4:1",
        "warning",
        &["[control-character]", "U+0007"],
    );
}

#[test]
fn control_characters_read_exactly_so() {
    assert_human_snapshot(
        "human_control_characters",
        "content/tips/x.md",
        "---\ntitle: X\ntopics: [feedback]\n---\nBody \x1b[31mred\x1b[0m.\n",
    );
}
