//! `ladder init` and `ladder new`: writing new sites and pages.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::{Config, CONFIG_FILE};
use crate::content::{self, is_ignored, slugify, Kind};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Failure};
use crate::topics::Topics;
use crate::urls::is_markdown;
use crate::walk::file_name;

/// The files of a new site, small but complete enough to show every page kind.
const STARTER: &[(&str, &str)] = &[
    (
        CONFIG_FILE,
        r#"title = "My career notes"
description = "Articles and short tips on growing a career."
# base_url = "https://example.org/"   # needed only for the feed and sitemap

[[topics]]
slug = "feedback"
title = "Feedback"
description = "Asking for, giving and acting on feedback."
aliases = ["reviews"]
"#,
    ),
    (
        "content/_index.md",
        r#"---
title: "My career notes"
---
Welcome. Start with [[ask-for-feedback-early]] or browse the topics.
"#,
    ),
    (
        "content/articles/feedback-loops.md",
        r#"---
title: "Build a feedback loop"
summary: "Why regular, small feedback beats a yearly review."
date: 2025-01-15
topics: [feedback, growth]
---
Feedback works best when it arrives while the work is still fresh.

## Make it routine

Ask one question after each piece of work you ship.

![[ask-for-feedback-early]]
"#,
    ),
    (
        "content/tips/ask-for-feedback-early.md",
        r#"---
title: "Ask for feedback early"
summary: "Show rough work sooner; changes are cheap at the start."
date: 2025-01-16
topics: [feedback]
---
Share a draft when it is a third done, and ask what is missing.
Read more in [the article](../articles/feedback-loops.md#make-it-routine).
"#,
    ),
    (
        "content/topics/growth.md",
        r#"---
title: "Growth"
summary: "Learning, stretching and taking on more."
aliases: ["learning"]
---
Pages about growing your skills and your scope.
"#,
    ),
];

/// Writes a new site into `dir` in the given languages (codes, the default first; none
/// or one for a site in one language): the starter site in the first, and in each other
/// a home page and a translation of the tip to fill in, as suffixed files (`x.fr.md`).
pub fn init_in(dir: &Path, languages: &[String]) -> Result<Vec<PathBuf>, Failure> {
    if let Some(bad) = languages
        .iter()
        .find(|c| !crate::config::is_language_tag(c))
    {
        return Err(Failure::Io(format!(
            "`{bad}` is not a language code: write BCP 47 tags such as en,fr,pt-BR"
        )));
    }
    let mut written = init(dir)?;
    let Some((default, others)) = languages.split_first() else {
        return Ok(written);
    };
    if others.is_empty() && default == "en" {
        return Ok(written);
    }
    let write = |path: PathBuf, text: String, written: &mut Vec<PathBuf>| {
        fs::write(&path, text)
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
        Ok::<_, Failure>(())
    };
    let mut config = format!("language = {}\n", toml_string(default));
    for code in languages {
        config.push_str(&format!(
            "\n[languages.{code}]\nname = {}\n",
            toml_string(language_name(code))
        ));
    }
    let site = dir.join(CONFIG_FILE);
    let text = fs::read_to_string(&site)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", site.display())))?;
    // Top-level keys go before the first table.
    let at = text.find("\n[[").map_or(text.len(), |i| i + 1);
    let text = format!("{}{config}\n{}", &text[..at], &text[at..]);
    fs::write(&site, text)
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", site.display())))?;
    for code in others {
        let name = language_name(code);
        write(
            dir.join(format!("content/_index.{code}.md")),
            format!(
                "---\ntitle: \"My career notes ({name})\"\n---\n%%\nThe home page in {name}: translate content/_index.md here.\n%%\nStart with [[ask-for-feedback-early]].\n"
            ),
            &mut written,
        )?;
        write(
            dir.join(format!("content/tips/ask-for-feedback-early.{code}.md")),
            format!(
                "---\ntitle: \"Ask for feedback early\"\nsummary: \"Show rough work sooner; changes are cheap at the start.\"\ndate: 2025-01-16\ntopics: [feedback]\n---\n%%\nTranslate content/tips/ask-for-feedback-early.md into {name} here, its title and summary too.\n%%\n"
            ),
            &mut written,
        )?;
    }
    Ok(written)
}

/// A language's name as its readers write it, for the languages ladder knows; else its code.
fn language_name(code: &str) -> &str {
    let base = code.split('-').next().unwrap_or(code);
    match base.to_ascii_lowercase().as_str() {
        "en" => "English",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "sv" => "Svenska",
        "ru" => "Русский",
        "uk" => "Українська",
        "tr" => "Türkçe",
        "ar" => "العربية",
        "he" => "עברית",
        "fa" => "فارسی",
        "hi" => "हिन्दी",
        "ja" => "日本語",
        "ko" => "한국어",
        "zh" => "中文",
        _ => code,
    }
}

/// Writes a new site into `dir`; refuses a folder that already holds a site.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Failure::Io(format!(
            "{} already holds a site ({CONFIG_FILE} exists)",
            dir.display()
        )));
    }
    if dir.join("content").exists() {
        return Err(Failure::Io(format!(
            "{} already has a content/ folder",
            dir.display()
        )));
    }
    let mut written = Vec::new();
    for (path, text) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Failure::Io(format!("cannot create {}: {e}", parent.display())))?;
        }
        fs::write(&target, text)
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", target.display())))?;
        written.push(target);
    }
    Ok(written)
}

/// What `ladder init --existing` found and wrote.
#[derive(Debug)]
pub struct Existing {
    /// The `site.toml` written.
    pub path: PathBuf,
    /// The content folder it names, relative to the site folder (`.` for the folder itself).
    pub content_dir: String,
    /// What the folder looked like: `an Obsidian vault`, `a Hugo or Zola site`, ….
    pub found: &'static str,
}

/// Makes the folder `dir`, which already holds notes, a site: writes only a `site.toml`
/// whose `content_dir` names the notes' folder. An Obsidian vault (`.obsidian/`) is its
/// own content folder; a Hugo or Zola site keeps its pages in `content/`; any other
/// folder with a `content/` folder uses it, else the folder itself.
pub fn init_existing(dir: &Path) -> Result<Existing, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Io(format!("{} is not a folder", dir.display())));
    }
    let path = dir.join(CONFIG_FILE);
    if path.exists() {
        return Err(Failure::Io(format!(
            "{} already holds a site ({CONFIG_FILE} exists)",
            dir.display()
        )));
    }
    let other_config = ["hugo.toml", "config.toml", "zola.toml"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file());
    let hugo_yaml = ["hugo.yaml", "hugo.yml", "config.yaml", "config.yml"]
        .iter()
        .any(|name| dir.join(name).is_file());
    let (content_dir, found) = if dir.join(".obsidian").is_dir() {
        (".", "an Obsidian vault")
    } else if dir.join("content").is_dir() && (other_config.is_some() || hugo_yaml) {
        ("content", "a Hugo or Zola site")
    } else if dir.join("content").is_dir() {
        ("content", "a folder with content/")
    } else {
        (".", "a folder of notes")
    };
    // A Hugo or Zola site's own title and address carry over.
    let theirs: toml::Table = other_config
        .and_then(|p| fs::read_to_string(p).ok())
        .and_then(|text| text.parse().ok())
        .unwrap_or_default();
    let text_of = |key: &str| theirs.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let name = fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "My notes".into());
    let title = text_of("title").unwrap_or(name);
    let mut text = format!(
        "# Written by `ladder init --existing`: ladder reads the pages where they are.\ntitle = {}\ncontent_dir = {}\n",
        toml_string(&title),
        toml_string(content_dir)
    );
    // Zola keeps its own Tera templates in `templates/`; they are not ladder's overrides.
    if found == "a Hugo or Zola site" && dir.join("templates").is_dir() {
        text.push_str("templates_dir = \"\"                      # templates/ holds the other tool's templates\n");
    }
    match text_of("base_url").or_else(|| text_of("baseURL")) {
        Some(url) if url.starts_with("http") => {
            text.push_str(&format!("base_url = {}\n", toml_string(&url)));
        }
        _ => text.push_str(
            "# base_url = \"https://example.org/\"   # needed only for the feed and sitemap\n",
        ),
    }
    fs::write(&path, text)
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
    Ok(Existing {
        path,
        content_dir: content_dir.to_string(),
        found,
    })
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The kinds of page `ladder new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// A long-form piece under `content/articles/`.
    Article,
    /// A short, actionable piece under `content/tips/`.
    Tip,
    /// A learning path under `content/<paths_dir>/`.
    Path,
}

/// A page `ladder new` wrote, and what the site's topics make of it.
#[derive(Debug)]
pub struct NewPage {
    /// Where it was written: `content/<kind>s/<slug>.md` (a path: `content/paths/<slug>.md`)
    /// under the site folder.
    pub path: PathBuf,
    /// The site's topics by slug, declared in `site.toml` or by a topic page.
    pub site_topics: Vec<String>,
    /// What a build will warn about the page's topics: each that is none of the site's,
    /// with "did you mean" when it looks like a typo of one.
    pub warnings: Vec<Diagnostic>,
}

/// Writes `content/<kind>s/<slug>.md` in the site at `root` with front matter filled in,
/// and checks its topics against the site's as a build will.
pub fn new_page(
    root: &Path,
    kind: NewKind,
    title: &str,
    topics: &[String],
    today: &str,
) -> Result<NewPage, Failure> {
    new_page_in(root, kind, title, topics, today, None)
}

/// Writes a page like [`new_page`]; with `lang`, in that language of a multilingual
/// site: when the default language has the page `title` names, its translation, with its
/// front matter copied (beside it as `<slug>.<lang>.md`, or in the language's folder);
/// else a new page in that language.
pub fn new_page_in(
    root: &Path,
    kind: NewKind,
    title: &str,
    topics: &[String],
    today: &str,
    lang: Option<&str>,
) -> Result<NewPage, Failure> {
    let site_config = Config::load(root).map_err(|d| Failure::Content(Diagnostics::from(d)))?;
    let config = match lang {
        Some(code)
            if !site_config.languages.contains_key(code) || !site_config.is_multilingual() =>
        {
            let known: Vec<&str> = site_config.languages.keys().map(String::as_str).collect();
            return Err(Failure::Io(format!(
                "`{code}` is not one of this site's languages{}",
                if known.is_empty() {
                    ": declare it in site.toml under [languages.<code>]".to_string()
                } else {
                    format!(" ({})", known.join(", "))
                }
            )));
        }
        Some(code) => site_config.for_language(code),
        None if site_config.is_multilingual() => site_config.for_language(&site_config.language),
        None => site_config.clone(),
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Failure::Io(format!(
            "the title {title:?} gives an empty file name; use letters or digits"
        )));
    }
    let folder = match kind {
        NewKind::Article => "articles",
        NewKind::Tip => "tips",
        NewKind::Path if config.paths_dir.is_empty() => {
            return Err(Failure::Io(
                "this site has no paths: paths_dir in site.toml is empty".into(),
            ))
        }
        NewKind::Path => config.paths_dir.as_str(),
    };
    let layout = if site_config.is_multilingual() {
        content::Layout::for_language(root, &config, &site_config.language, None)
    } else {
        content::Layout::new(root, &config, None)
    };
    // The page in the default language that this one translates, if there is one: by
    // title or slug, in the kind's folder.
    let original = lang
        .filter(|code| *code != site_config.language)
        .and_then(|_| find_original(root, &site_config, folder, title, &slug));
    let path = match &original {
        Some((_, relative)) => translation_path(&layout, relative),
        None => translation_path(&layout, &Path::new(folder).join(format!("{slug}.md"))),
    };
    if path.exists() {
        return Err(Failure::Io(format!("{} already exists", path.display())));
    }
    let registry = site_topics(&layout, &config);
    let written = topics
        .iter()
        .map(|t| quote(t.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let body = match kind {
        NewKind::Article => "Open with the problem this article helps with.\n\n## The advice\n\nExplain what to do, and why it works.\n",
        NewKind::Tip => "Say what to do in a sentence or two, then why it helps.\n",
        // The steps are left to the author, shown in a comment so that the path builds.
        NewKind::Path => "Say who this path is for and where it leads.\n\n%%\nEach item of a numbered list that opens with a link to a page is a step;\na `##` heading above a list names a stage. For example:\n\n## First steps\n\n1. [[a-page]]\n2. [[another-page]]\n%%\n",
    };
    // A path is not dated: it is kept up to date as its pages change.
    let date = match kind {
        NewKind::Path => "# level: beginner\n".to_string(),
        _ => format!("date: {today}\n"),
    };
    // The summary is left to the author: an empty one would read as written, and the
    // report would no longer point out that it is missing.
    let text = match &original {
        Some((original, _)) => translation_of(root, original)?,
        None => format!(
            "---\ntitle: {}\n# summary: one or two sentences for lists, search results and the meta description\n{date}topics: [{written}]\n---\n{body}",
            quote(title)
        ),
    };
    fs::create_dir_all(path.parent().unwrap_or(root))
        .map_err(|e| Failure::Io(format!("cannot create folder: {e}")))?;
    fs::write(&path, text)
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;

    // The page read back as a build reads it, so its warnings are the build's own.
    let (page, _) = content::load_one(&layout, &path);
    let warnings = page.map_or_else(Vec::new, |mut page| {
        registry
            .assign(std::slice::from_mut(&mut page))
            .into_iter()
            .filter(|d| d.code == Code::UnknownTopic)
            .collect()
    });
    Ok(NewPage {
        path,
        site_topics: registry.iter().map(|(s, _)| s.to_string()).collect(),
        warnings,
    })
}

/// The default language's page of `title` (or `slug`) in `folder`: its file, and its
/// path under its content folder.
fn find_original(
    root: &Path,
    site: &Config,
    folder: &str,
    title: &str,
    slug: &str,
) -> Option<(PathBuf, PathBuf)> {
    let config = site.for_language(&site.language);
    let layout = content::Layout::for_language(root, &config, &site.language, None);
    let under = layout.content.join(folder);
    layout
        .fence
        .walk(&under, &|path: &Path| is_ignored(&file_name(path)))
        .files
        .into_iter()
        .filter(|path| is_markdown(path))
        .filter_map(|path| Some((content::load_one(&layout, &path).0?, path)))
        .find(|(page, _)| page.meta.title.eq_ignore_ascii_case(title.trim()) || page.slug == slug)
        .map(|(_, path)| {
            let relative = path
                .strip_prefix(&layout.content)
                .unwrap_or(&path)
                .to_path_buf();
            (path, relative)
        })
}

/// Where a page at `relative` (under a content folder, without language code) is written
/// in the language of `layout`: with its code when its pages carry it (`x.fr.md`).
fn translation_path(layout: &content::Layout, relative: &Path) -> PathBuf {
    let file = match (&layout.suffix, relative.file_stem()) {
        (Some(code), Some(stem)) => {
            relative.with_file_name(format!("{}.{code}.md", stem.to_string_lossy()))
        }
        _ => relative.to_path_buf(),
    };
    layout.content.join(file)
}

/// A translation's starting text: the original's front matter as it is, and a note
/// (an Obsidian comment, never shown) saying what to translate.
fn translation_of(root: &Path, original: &Path) -> Result<String, Failure> {
    let text = fs::read_to_string(original)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", original.display())))?;
    let shown = original.strip_prefix(root).unwrap_or(original);
    let split = content::front_matter::split(&text, shown)
        .map_err(|d| Failure::Content(Diagnostics::from(d)))?;
    let fence = match split.format {
        content::front_matter::Format::Toml => "+++",
        _ => "---",
    };
    let front = split.front.trim_end_matches('\n');
    Ok(format!(
        "{fence}\n{front}\n{fence}\n%%\nTranslate {} here: its title and summary too.\n%%\n",
        shown.display()
    ))
}

/// The site's topics, from `site.toml` and the topic pages that load; a topic page with
/// problems is left out, for the build to report.
fn site_topics(layout: &content::Layout, config: &Config) -> Topics {
    let folder = layout.content.join("topics");
    let mut pages: Vec<_> = layout
        .fence
        .walk(&folder, &|path: &Path| is_ignored(&file_name(path)))
        .files
        .into_iter()
        .filter(|path| is_markdown(path))
        .filter_map(|path| content::load_one(layout, &path).0)
        .filter(|page| page.kind == Kind::Topic && !page.meta.draft)
        .collect();
    Topics::collect(config, &mut pages).0
}

/// A YAML double-quoted string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Today's date as YYYY-MM-DD (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_folders_are_recognised() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("vault");
        fs::create_dir_all(vault.join(".obsidian")).unwrap();
        fs::create_dir_all(vault.join("content")).unwrap();
        let made = init_existing(&vault).unwrap();
        assert_eq!(
            (made.content_dir.as_str(), made.found),
            (".", "an Obsidian vault")
        );
        let config = Config::load(&vault).unwrap();
        assert_eq!(
            (config.title.as_str(), config.content_dir.as_str()),
            ("vault", "")
        );
        assert!(init_existing(&vault).is_err(), "site.toml exists now");

        let zola = tmp.path().join("zola");
        fs::create_dir_all(zola.join("content")).unwrap();
        fs::write(
            zola.join("config.toml"),
            "title = \"Field \\\"notes\\\"\"\nbase_url = \"https://x.org\"\n",
        )
        .unwrap();
        let made = init_existing(&zola).unwrap();
        assert_eq!(made.content_dir, "content");
        let config = Config::load(&zola).unwrap();
        assert_eq!(config.title, "Field \"notes\"");
        assert_eq!(config.base_url.as_deref(), Some("https://x.org/"));

        let plain = tmp.path().join("plain");
        fs::create_dir_all(&plain).unwrap();
        assert_eq!(init_existing(&plain).unwrap().content_dir, ".");
        assert!(init_existing(&tmp.path().join("missing")).is_err());
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(civil_date(20_415), "2025-11-23");
    }

    #[test]
    fn new_tip_has_front_matter() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(CONFIG_FILE), "title = \"T\"\n").unwrap();
        let new = new_page(
            tmp.path(),
            NewKind::Tip,
            "Say \"no\" well",
            &["a".into(), "b c".into()],
            "2026-01-02",
        )
        .unwrap();
        assert!(new.path.ends_with("content/tips/say-no-well.md"));
        let text = fs::read_to_string(&new.path).unwrap();
        assert!(
            text.starts_with("---\ntitle: \"Say \\\"no\\\" well\"\n"),
            "{text}"
        );
        assert!(text.contains("topics: [\"a\", \"b c\"]"));
        assert!(new_page(tmp.path(), NewKind::Tip, "Say no well", &[], "x").is_err());
    }
}
