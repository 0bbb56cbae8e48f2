//! The theme's words in the site's language: string tables, overrides, fallbacks to
//! English, long dates, and `lang` and `dir` on every page.

use crate::fixture::Fixture;
use ladder::Code;

const ARTICLE: &str = "---\ntitle: Trouver un mentor\ndate: 2026-03-02\ntopics: [mentoring]\n---\n\nUn mentor vous aide à voir plus loin.\n\n## Pourquoi\n\nTexte.\n\n## Comment\n\nTexte.\n";

fn site(language: &str, extra: &str) -> Fixture {
    Fixture::new(
        &format!("title = \"Carrières\"\nlanguage = \"{language}\"\n{extra}"),
        &[
            ("content/articles/trouver-un-mentor.md", ARTICLE),
            (
                "content/articles/premier-jour.md",
                "---\ntitle: Le premier jour\ndate: 2026-08-01\ntopics: [mentoring]\n---\n\nVoir [[Trouver un mentor]].\n",
            ),
            (
                "content/tips/demander.md",
                "---\ntitle: Demander un café\ntopics: [mentoring]\n---\n\nDemandez simplement.\n",
            ),
        ],
    )
}

#[test]
fn a_french_site_speaks_french_with_french_dates() {
    let fx = site("fr", "");
    let report = fx.built();
    assert_eq!(
        report.diagnostics.warning_count(),
        0,
        "{:?}",
        report.diagnostics
    );
    let article = fx.read("articles/trouver-un-mentor.html");
    assert!(
        article.contains("<html lang=\"fr\" dir=\"ltr\">"),
        "{article}"
    );
    assert!(article.contains("2 mars 2026"), "month names in French");
    assert!(article.contains("1 min de lecture"));
    assert!(article.contains(">Sur cette page</h2>"));
    assert!(article.contains(">Accueil</a>"));
    assert!(article.contains(">À lire ensuite</h2>"));
    assert!(article.contains(">Conseils pour cet article</h2>"));
    assert!(!article.contains("min read") && !article.contains(">Home<"));
    assert!(
        article.contains(r#"aria-label="Lien vers cette section""#),
        "heading anchors"
    );
    // The first of the month is an ordinal in French.
    let home = fx.read("index.html");
    assert!(home.contains("1er août 2026"), "{home}");
    assert!(home.contains(">Articles récents</h2>"));
    // The scripts' words travel with the page.
    assert!(home.contains(r#""js_no_results":"Aucun résultat pour « {query} »""#));
    let topic = fx.read("topics/mentoring.html");
    assert!(
        topic.contains("2 articles · 1 conseil"),
        "plural forms: {topic}"
    );
    let topics = fx.read("topics/index.html");
    assert!(
        topics.contains("<title>Thèmes · Carrières</title>"),
        "{topics}"
    );
    assert!(fx.read("404.html").contains("Page introuvable"));
}

#[test]
fn german_and_spanish_dates() {
    let fx = site("de", "");
    fx.built();
    assert!(fx
        .read("articles/trouver-un-mentor.html")
        .contains("2. März 2026"));
    let fx = site("es", "");
    fx.built();
    let page = fx.read("articles/trouver-un-mentor.html");
    assert!(page.contains("2 de marzo de 2026"));
    assert!(page.contains("1 min de lectura"));
}

#[test]
fn an_override_in_site_toml_wins() {
    let fx = site(
        "fr",
        "\n[strings]\ntoc_heading = \"Dans cet article\"\nmin_read = { one = \"{n} minute\", other = \"{n} minutes\" }\n",
    );
    fx.built();
    let article = fx.read("articles/trouver-un-mentor.html");
    assert!(article.contains(">Dans cet article</h2>"), "{article}");
    assert!(article.contains("1 minute"));
    assert!(!article.contains("Sur cette page"));
}

#[test]
fn a_site_strings_file_adds_a_language_and_a_missing_key_falls_back_with_a_warning() {
    let fx = site("it", "");
    let english =
        std::fs::read_to_string(crate::repo_root().join("themes/default/i18n/en.toml")).unwrap();
    // Italian for everything but the table of contents' heading.
    let italian: String = english
        .lines()
        .filter(|l| !l.starts_with("toc_heading"))
        .map(|l| l.replace("\"Home\"", "\"Pagina iniziale\""))
        .collect::<Vec<_>>()
        .join("\n");
    fx.write("i18n/it.toml", italian);
    let report = fx.built();
    let warnings: Vec<_> = report.diagnostics.iter().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, Code::MissingString);
    assert!(
        warnings[0].message.contains("`toc_heading`"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].message.contains("`it`"));
    assert_eq!(warnings[0].file, std::path::Path::new("i18n/it.toml"));
    let article = fx.read("articles/trouver-un-mentor.html");
    assert!(article.contains(">Pagina iniziale</a>"));
    assert!(
        article.contains(">On this page</h2>"),
        "English fills the gap"
    );
    assert!(article.contains("<html lang=\"it\" dir=\"ltr\">"));
}

#[test]
fn a_language_without_strings_speaks_english_with_one_warning() {
    let fx = site("he", "");
    let report = fx.built();
    let warnings: Vec<_> = report.diagnostics.iter().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, Code::UntranslatedLanguage);
    assert_eq!(warnings[0].file, std::path::Path::new("site.toml"));
    for page in [
        "index.html",
        "articles/trouver-un-mentor.html",
        "topics/index.html",
        "404.html",
        "search/index.html",
    ] {
        assert!(
            fx.read(page).contains("<html lang=\"he\" dir=\"rtl\">"),
            "{page} is right to left"
        );
    }
    assert!(fx
        .read("articles/trouver-un-mentor.html")
        .contains("1 min read"));
}

#[test]
fn a_bad_strings_file_is_an_error_naming_file_and_line() {
    let fx = site("fr", "");
    fx.write("i18n/fr.toml", "nav_home = \"Accueil\"\nmin_read = 5\n");
    let problems = fx.failed();
    let error = problems.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.code, Code::InvalidStrings);
    assert_eq!(error.file, std::path::Path::new("i18n/fr.toml"));
    assert_eq!(error.line, Some(2));
    assert!(error.message.contains("`min_read`"));
}

#[test]
fn an_arabic_site_runs_right_to_left_with_arabic_plurals() {
    let fx = site("ar", "");
    let report = fx.built();
    assert_eq!(
        report.diagnostics.warning_count(),
        0,
        "{:?}",
        report.diagnostics
    );
    let article = fx.read("articles/trouver-un-mentor.html");
    assert!(article.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(article.contains("2 مارس 2026"));
    assert!(article.contains("قراءة في دقيقة واحدة"), "the form for one");
    // Two articles take Arabic's dual; one tip its singular.
    assert!(fx
        .read("topics/mentoring.html")
        .contains("مقالان · نصيحة واحدة"));
}

#[test]
fn a_bad_override_in_site_toml_is_an_error_at_its_line() {
    let fx = site(
        "fr",
        "\n[strings]\ntoc_heading = \"Plan\"\nmin_read = [1]\n",
    );
    let problems = fx.failed();
    let error = problems.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.code, Code::InvalidStrings);
    assert_eq!(error.file, std::path::Path::new("site.toml"));
    assert_eq!(error.line, Some(6), "{error:?}");
}
