//! Multilingual sites: languages declared in `site.toml`, in a folder each or as suffixed
//! files; translations matched by path or `translation_key` and linked both ways
//! (`hreflang` alternates, the language switcher); topics, search, feeds and the sitemap
//! per language; wiki links that fall back to another language; `missing-translation`
//! in the report; `new --lang` and `init --languages`.

use ladder::search::{query, Index};
use ladder::{Code, Options};

use crate::fixture::{assert_code, stdout, Fixture};
use crate::html::attr_values;

/// Two languages as suffixed files of one content folder, published at a base URL.
pub(crate) fn suffixed() -> Fixture {
    Fixture::new(
        r#"title = "Ladder"
language = "en"
base_url = "https://example.org/"

[languages.en]
name = "English"

[languages.fr]
name = "Français"
title = "Échelle"

[[topics]]
slug = "mentoring"
title = "Mentoring"
aliases = ["mentorship"]

[topics.languages.fr]
title = "Mentorat"
description = "Trouver et garder un mentor."
aliases = ["parrainage"]
"#,
        &[
            ("content/_index.md", "---\ntitle: Ladder\n---\nWelcome.\n"),
            ("content/_index.fr.md", "---\ntitle: Échelle\n---\nBienvenue.\n"),
            (
                "content/tips/find-a-mentor.md",
                "---\ntitle: Find a mentor\ndate: 2024-01-02\ntopics: [mentoring]\n---\nAsk someone whose work you admire. Read [[Seulement en français]].\n",
            ),
            (
                "content/tips/find-a-mentor.fr.md",
                "---\ntitle: Trouver un mentor\ndate: 2024-01-03\ntopics: [parrainage]\n---\nDemandez l'augmentation de vos responsabilités à une personne que vous admirez. Lisez [[Negotiate your salary]].\n",
            ),
            (
                "content/articles/negotiate.md",
                "---\ntitle: Negotiate your salary\ndate: 2024-02-01\ntopics: [mentoring]\n---\nOnly in English.\n",
            ),
            (
                "content/notes/seulement.fr.md",
                "---\ntitle: Seulement en français\n---\nCette page n'existe qu'en français.\n",
            ),
        ],
    )
}

/// Three languages, each in its own folder; German matches by `translation_key`.
pub(crate) fn in_folders() -> Fixture {
    Fixture::new(
        r#"title = "Ladder"
language = "en"

[languages.en]
name = "English"
content_dir = "en"

[languages.fr]
name = "Français"
content_dir = "fr"

[languages.de]
name = "Deutsch"
content_dir = "de"
title = "Leiter"
"#,
        &[
            ("en/tips/ask-for-feedback.md", "---\ntitle: Ask for feedback\n---\nAsk every week.\n"),
            ("fr/tips/ask-for-feedback.md", "---\ntitle: Demander des retours\n---\nDemandez chaque semaine.\n"),
            (
                "de/rueckmeldung.md",
                "---\ntitle: Um Rückmeldung bitten\ntranslation_key: tips/ask-for-feedback\n---\nJede Woche fragen.\n",
            ),
            ("en/tips/only-here.md", "---\ntitle: Only here\n---\nEnglish only.\n"),
        ],
    )
}

/// The `href` of the switcher's link to `code` on a page.
fn switch_to(html: &str, code: &str) -> String {
    let nav = crate::html::between(html, "<nav class=\"languages\"", "</nav>")
        .unwrap_or_else(|| panic!("no language switcher in:\n{html}"));
    let link = nav
        .split("<li>")
        .find(|li| li.contains(&format!("hreflang=\"{code}\"")))
        .unwrap_or_else(|| panic!("no link to {code} in {nav}"));
    attr_values(link, "href").remove(0)
}

/// The `hreflang` alternates in a page's head: (code, href).
fn alternates(html: &str) -> Vec<(String, String)> {
    let head = crate::html::between(html, "<head>", "</head>").unwrap();
    head.lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang="))
        .map(|l| {
            let code = attr_values(l, "hreflang").remove(0);
            let href = attr_values(l, "href").remove(0);
            (code, href)
        })
        .collect()
}

#[test]
fn suffixed_translations_link_each_other() {
    let site = suffixed();
    let report = site.built();
    // Home, tip, topic in each language; the article and the note in one each.
    assert_eq!(report.pages, 8);
    let en = site.read("tips/find-a-mentor.html");
    let fr = site.read("fr/tips/find-a-mentor.html");
    assert!(fr.contains("<html lang=\"fr\""), "{fr}");
    assert!(en.contains("<html lang=\"en\""));
    assert!(
        fr.contains("<title>Trouver un mentor · Échelle</title>"),
        "{fr}"
    );
    // Absolute alternates, since the site has a base URL; each page names itself too.
    let expected = vec![
        (
            "en".to_string(),
            "https://example.org/tips/find-a-mentor.html".to_string(),
        ),
        (
            "fr".to_string(),
            "https://example.org/fr/tips/find-a-mentor.html".to_string(),
        ),
    ];
    assert_eq!(alternates(&en), expected);
    assert_eq!(alternates(&fr), expected);
    // The switcher links relatively, so that it works from file://.
    assert_eq!(switch_to(&fr, "en"), "../../tips/find-a-mentor.html");
    assert_eq!(switch_to(&en, "fr"), "../fr/tips/find-a-mentor.html");
    assert_eq!(switch_to(&fr, "fr"), "find-a-mentor.html");
    // Home pages are each other's translations.
    assert_eq!(
        switch_to(&site.read("fr/index.html"), "en"),
        "../index.html"
    );
}

#[test]
fn a_page_in_one_language_switches_to_the_other_home() {
    let site = suffixed();
    site.built();
    let article = site.read("articles/negotiate.html");
    assert_eq!(switch_to(&article, "fr"), "../fr/index.html");
    // Only its own language is an alternate.
    assert_eq!(alternates(&article).len(), 1);
    let note = site.read("fr/notes/seulement.html");
    assert_eq!(switch_to(&note, "en"), "../../index.html");
    assert!(!site.exists("notes/seulement.html"));
    assert!(!site.exists("fr/articles/negotiate.html"));
}

#[test]
fn wiki_links_fall_back_to_another_language() {
    let site = suffixed();
    site.built();
    // The French tip links to the English-only article, and back.
    let fr = site.read("fr/tips/find-a-mentor.html");
    assert!(
        fr.contains("<a href=\"../../articles/negotiate.html\""),
        "{fr}"
    );
    let en = site.read("tips/find-a-mentor.html");
    assert!(
        en.contains("<a href=\"../fr/notes/seulement.html\""),
        "{en}"
    );
}

#[test]
fn a_wiki_link_to_another_language_shows_its_title_in_that_language() {
    let site = suffixed();
    site.write(
        "content/notes/labels.md",
        "---\ntitle: Labels\n---\nSee [[seulement]] and [[Seulement en français|the French note]].\n",
    );
    site.built();
    // Unlabelled: the target's title, as a link within the language shows it, marked as
    // French (the text is French) and as leading to a French page.
    let en = site.read("tips/find-a-mentor.html");
    assert!(
        en.contains("Read <a href=\"../fr/notes/seulement.html\" hreflang=\"fr\" lang=\"fr\">Seulement en français</a>."),
        "{en}"
    );
    let fr = site.read("fr/tips/find-a-mentor.html");
    assert!(
        fr.contains("Lisez <a href=\"../../articles/negotiate.html\" hreflang=\"en\" lang=\"en\">Negotiate your salary</a>."),
        "{fr}"
    );
    // Named by its file name, the link still reads as the title; a label is the
    // author's own words, in the page's language: only `hreflang`.
    let labels = site.read("notes/labels.html");
    assert!(
        labels.contains("See <a href=\"../fr/notes/seulement.html\" hreflang=\"fr\" lang=\"fr\">Seulement en français</a> and <a href=\"../fr/notes/seulement.html\" hreflang=\"fr\">the French note</a>."),
        "{labels}"
    );
    // A summary that opens with such a link reads as the page does.
    assert!(
        labels.contains(
            "<meta name=\"description\" content=\"See Seulement en français and the French note.\">"
        ),
        "{labels}"
    );
}

#[test]
fn wiki_links_resolve_in_their_own_language_first() {
    let site = suffixed();
    site.write(
        "content/notes/links.fr.md",
        "---\ntitle: Liens\n---\nVoir [[find-a-mentor]].\n",
    );
    site.write(
        "content/notes/links.md",
        "---\ntitle: Links\n---\nSee [[find-a-mentor]].\n",
    );
    site.built();
    assert!(site
        .read("fr/notes/links.html")
        .contains("<a href=\"../tips/find-a-mentor.html\">Trouver un mentor</a>"));
    assert!(site
        .read("notes/links.html")
        .contains("<a href=\"../tips/find-a-mentor.html\">Find a mentor</a>"));
}

#[test]
fn topics_are_per_language() {
    let site = suffixed();
    site.built();
    let fr = site.read("fr/topics/mentoring.html");
    assert!(fr.contains("<title>Mentorat · "), "{fr}");
    assert!(fr.contains("Trouver et garder un mentor."));
    // Its French synonym put the French tip on it; the English pages are not listed.
    assert!(fr.contains("Trouver un mentor"));
    assert!(!fr.contains("Only in English."));
    let en = site.read("topics/mentoring.html");
    assert!(en.contains("<title>Mentoring · "));
    assert!(en.contains("Only in English.") && !en.contains("Trouver un mentor"));
    assert_eq!(switch_to(&fr, "en"), "../../topics/mentoring.html");
    // Generated pages switch to the same page in the other language.
    assert_eq!(
        switch_to(&site.read("fr/topics/index.html"), "en"),
        "../../topics/index.html"
    );
}

#[test]
fn search_feeds_and_site_wide_files_are_per_language() {
    let site = suffixed();
    site.built();
    let fr = Index::read(&site.out().join("fr")).expect("the French index reads");
    let en = Index::read(&site.out()).expect("the English index reads");
    // French word handling: the elided "l'augmentation" is found as "augmentations".
    let hits: Vec<String> = query(&fr, "augmentations")
        .into_iter()
        .map(|h| h.url)
        .collect();
    assert_eq!(
        hits.first().map(String::as_str),
        Some("tips/find-a-mentor.html")
    );
    assert!(query(&en, "augmentations").is_empty());
    assert!(query(&fr, "whose").is_empty());
    assert!(!query(&en, "whose").is_empty());
    let feed = site.read("fr/atom.xml");
    assert!(feed.contains("Trouver un mentor") && !feed.contains("Find a mentor"));
    assert!(feed.contains("https://example.org/fr/tips/find-a-mentor.html"));
    // One 404 page, robots.txt and sitemap, at the root.
    for file in ["404.html", "robots.txt", "sitemap.xml"] {
        assert!(site.exists(file), "{file}");
        assert!(!site.exists(&format!("fr/{file}")), "fr/{file}");
    }
    // Each language's folder works on its own: its stylesheet and scripts are there.
    assert!(site.exists("fr/style.css") && site.exists("fr/search.js"));
}

#[test]
fn the_sitemap_lists_every_language_with_alternates() {
    let site = suffixed();
    site.built();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry = "  <url><loc>https://example.org/fr/tips/find-a-mentor.html</loc><lastmod>2024-01-03</lastmod>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/tips/find-a-mentor.html\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/fr/tips/find-a-mentor.html\"/>\n  </url>\n";
    assert!(sitemap.contains(entry), "{sitemap}");
    // A page in one language has no alternates.
    assert!(sitemap.contains(
        "  <url><loc>https://example.org/articles/negotiate.html</loc><lastmod>2024-02-01</lastmod></url>\n"
    ));
    assert!(sitemap.contains("<loc>https://example.org/fr/topics/index.html</loc>"));
}

#[test]
fn the_sitemap_gives_generated_pages_their_alternates() {
    let site = suffixed();
    site.edit(
        "site.toml",
        "base_url = \"https://example.org/\"\n",
        "base_url = \"https://example.org/\"\npaginate = 1\n",
    );
    site.write(
        "content/articles/negotiate.fr.md",
        "---\ntitle: Négocier son salaire\ndate: 2024-02-02\ntopics: [mentoring]\n---\nEn français.\n",
    );
    site.built();
    let sitemap = site.read("sitemap.xml");
    let both = |path: &str| {
        format!(
            "  <url><loc>https://example.org/{path}</loc>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/{path}\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/fr/{path}\"/>\n  </url>\n"
        )
    };
    let both_from_fr = |path: &str| {
        both(path).replacen(
            &format!("<loc>https://example.org/{path}"),
            &format!("<loc>https://example.org/fr/{path}"),
            1,
        )
    };
    // The topics index, a folder listing and "Recently updated" exist in both languages;
    // with one entry a page, each topic's second page and Recently updated's too.
    for path in [
        "topics/index.html",
        "tips/index.html",
        "articles/index.html",
        "recent.html",
        "recent/page/2.html",
        "topics/mentoring/page/2.html",
    ] {
        assert!(sitemap.contains(&both(path)), "{path} in {sitemap}");
        assert!(
            sitemap.contains(&both_from_fr(path)),
            "fr/{path} in {sitemap}"
        );
    }
    // A folder that only French has: its listing has no alternate.
    assert!(
        sitemap.contains("  <url><loc>https://example.org/fr/notes/index.html</loc></url>\n"),
        "{sitemap}"
    );
}

#[test]
fn languages_in_folders_match_by_path_and_key() {
    let site = in_folders();
    let report = site.built();
    // Three homes, three tips, and one page only in English.
    assert_eq!(report.pages, 7);
    let de = site.read("de/rueckmeldung.html");
    assert!(de.contains("<html lang=\"de\""));
    assert!(de.contains("· Leiter</title>"));
    // Without a base URL, alternates are relative too.
    assert_eq!(
        alternates(&de),
        vec![
            (
                "en".to_string(),
                "../tips/ask-for-feedback.html".to_string()
            ),
            ("de".to_string(), "rueckmeldung.html".to_string()),
            (
                "fr".to_string(),
                "../fr/tips/ask-for-feedback.html".to_string()
            ),
        ]
    );
    let fr = site.read("fr/tips/ask-for-feedback.html");
    assert_eq!(switch_to(&fr, "de"), "../../de/rueckmeldung.html");
    assert_eq!(switch_to(&fr, "en"), "../../tips/ask-for-feedback.html");
    let only = site.read("tips/only-here.html");
    assert_eq!(switch_to(&only, "de"), "../de/index.html");
    // The default language's folder is read as the content folder: no `en/` in the output.
    assert!(!site.out().join("en").exists());
    // Folder listings per language.
    assert!(site
        .read("fr/tips/index.html")
        .contains("Demander des retours"));
}

#[test]
fn the_report_finds_missing_translations() {
    let site = suffixed();
    let output = site.run(&["check", "--report", "--format", "json"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    let last = out.lines().last().unwrap();
    let report: serde_json::Value = serde_json::from_str(last).unwrap();
    let missing: Vec<&str> = report["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "missing-translation")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "content/articles/negotiate.md",
            "content/notes/seulement.fr.md"
        ]
    );
    assert_eq!(report["report"]["counts"]["missing-translation"], 2);
    // Not a problem of the build.
    assert_code(&site.run(&["check", "--deny-warnings"]), 0);
}

#[test]
fn a_default_language_folder_named_as_a_language_is_an_error() {
    let site = suffixed();
    site.write("content/fr/clash.md", "---\ntitle: Clash\n---\nx\n");
    let problems = site.failed();
    let clash = problems
        .iter()
        .find(|d| d.code == Code::PathCollision && d.file.ends_with("clash.md"))
        .unwrap_or_else(|| panic!("no path collision on the page: {problems:?}"));
    assert_eq!(clash.file, std::path::Path::new("content/fr/clash.md"));
    assert!(clash.message.contains("fr/clash.html"), "{}", clash.message);
}

#[test]
fn bad_language_declarations_are_located() {
    let bad_code = Fixture::new("title = \"T\"\n\n[languages.f_r]\nname = \"x\"\n", &[]);
    let problems = bad_code.failed();
    assert_eq!(problems[0].code, Code::InvalidConfig);
    assert_eq!(problems[0].line, Some(3));
    let undeclared = Fixture::new(
        "title = \"T\"\n[languages.fr]\nname = \"Français\"\n[[topics]]\nslug = \"a\"\n[topics.languages.de]\ntitle = \"A\"\n",
        &[],
    );
    let problems = undeclared.failed();
    assert!(
        problems[0].message.contains("`de`"),
        "{}",
        problems[0].message
    );
    assert_eq!(problems[0].line, Some(5));
}

#[test]
fn a_site_in_one_language_has_no_switcher() {
    let site = Fixture::new(
        crate::fixture::MINIMAL_TOML,
        &[(
            "content/tips/a.md",
            "---\ntitle: A\ntopics: [feedback]\n---\nx\n",
        )],
    );
    site.built();
    let html = site.read("tips/a.html");
    assert!(!html.contains("class=\"languages\"") && !html.contains("hreflang"));
}

#[test]
fn new_writes_a_translation_with_the_front_matter_copied() {
    let site = suffixed();
    assert_code(
        &site.run(&["new", "--lang", "fr", "article", "Negotiate your salary"]),
        0,
    );
    let text = site.source("content/articles/negotiate.fr.md");
    assert!(
        text.starts_with(
            "---\ntitle: Negotiate your salary\ndate: 2024-02-01\ntopics: [mentoring]\n---\n"
        ),
        "{text}"
    );
    let folders = in_folders();
    assert_code(
        &folders.run(&["new", "--lang", "de", "tip", "Only here"]),
        0,
    );
    assert!(folders
        .source("de/tips/only-here.md")
        .contains("title: Only here"));
    // A language the site does not have.
    assert_code(&site.run(&["new", "--lang", "xx", "tip", "X"]), 2);
    // Both build, the translations linked.
    folders.built();
    assert_eq!(
        switch_to(&folders.read("de/tips/only-here.html"), "en"),
        "../../tips/only-here.html"
    );
    site.built();
    assert_eq!(
        switch_to(&site.read("articles/negotiate.html"), "fr"),
        "../fr/articles/negotiate.html"
    );
}

#[test]
fn init_writes_a_site_in_several_languages_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let root_text = root.to_string_lossy().into_owned();
    let output = crate::fixture::run_in(
        dir.path(),
        &["init", "--languages", "en,fr,de", &root_text],
        &[],
    );
    assert_code(&output, 0);
    let out = root.join("public");
    let report = ladder::build(&root, &out, &Options::default()).expect("the starter builds");
    assert!(report.pages > 6);
    for file in [
        "index.html",
        "fr/index.html",
        "de/index.html",
        "fr/tips/ask-for-feedback-early.html",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let bad = crate::fixture::run_in(dir.path(), &["init", "--languages", "en,f_r", "other"], &[]);
    assert_code(&bad, 2);
    assert!(!dir.path().join("other").exists());
}

#[test]
fn translated_file_names_match_by_permalink() {
    // As an Obsidian Publish vault names its translations: each file in its language,
    // one `permalink` for all.
    let site = in_folders();
    site.write(
        "en/Folding.md",
        "---\npermalink: folding\n---\nFold headings.\n",
    );
    site.write(
        "fr/Plier.md",
        "---\npermalink: folding\n---\nPliez les titres.\n",
    );
    site.built();
    assert_eq!(
        switch_to(&site.read("fr/plier.html"), "en"),
        "../folding.html"
    );
    assert_eq!(switch_to(&site.read("folding.html"), "fr"), "fr/plier.html");
    // A path match comes first: the tips are still each other's.
    assert_eq!(
        switch_to(&site.read("fr/tips/ask-for-feedback.html"), "en"),
        "../../tips/ask-for-feedback.html"
    );
}

#[test]
fn a_language_folder_inside_the_content_folder_is_that_language_only() {
    let site = Fixture::new(
        "title = \"T\"\n[languages.en]\nname = \"English\"\n[languages.fr]\nname = \"Français\"\ncontent_dir = \"content/fr\"\n",
        &[
            ("content/tips/a.md", "---\ntitle: A\n---\nx\n"),
            ("content/fr/tips/a.md", "---\ntitle: A en français\n---\nx\n"),
        ],
    );
    let report = site.built();
    // Two homes and two tips: the French folder is not also read as English pages.
    assert_eq!(report.pages, 4);
    assert!(site.read("fr/tips/a.html").contains("A en français"));
    assert!(!site.exists("fr/fr/tips/a.html"));
    assert_eq!(
        switch_to(&site.read("tips/a.html"), "fr"),
        "../fr/tips/a.html"
    );
}

#[test]
fn each_language_speaks_its_own_theme_words() {
    let site = suffixed();
    site.built();
    let en = site.read("tips/find-a-mentor.html");
    let fr = site.read("fr/tips/find-a-mentor.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(en.contains("aria-label=\"Languages\""));
    assert!(fr.contains("aria-label=\"Langues\""), "{fr}");
    assert!(!fr.contains("aria-label=\"Languages\""));
    assert!(!fr.contains(" min read"), "{fr}");
}
