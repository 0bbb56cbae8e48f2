//! `site.toml`: the site's settings and declared topics.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{line_col, Code, Diagnostic};

/// The file name of a site's settings, at the site root.
pub const CONFIG_FILE: &str = "site.toml";

/// The settings of one site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page's header and title.
    pub title: String,
    /// One sentence about the site: the home page's summary and the feed's subtitle.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published at; only the feed and sitemap need it.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The language the pages are written in, as a BCP 47 tag (`en`, `fr-CA`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Who writes the site, for the feed.
    #[serde(default)]
    pub author: Option<String>,
    /// The theme's folder name under `themes/` (or the built-in `default`).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The folder of the pages, relative to the site folder: `content` unless set; `.` (the
    /// site folder itself, as for an Obsidian vault) is kept as the empty string.
    #[serde(default = "default_content_dir")]
    pub content_dir: String,
    /// The folder of the site's own templates, which replace the theme's of the same name:
    /// `templates` unless set; empty for none (a Zola site's `templates/` are Zola's).
    #[serde(default = "default_templates_dir")]
    pub templates_dir: String,
    /// Write `<slug>/index.html` and link to folders (hosted sites only).
    #[serde(default)]
    pub pretty_urls: bool,
    /// Entries on each page of a long list (topic pages, folder indexes, the topics index,
    /// recently updated); 0 keeps every list on one page.
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// What a link that leads nowhere is: an error (the default), or a warning, the link
    /// then shown as unresolved text, so that a site publishes anyway.
    #[serde(default)]
    pub broken_links: BrokenLinks,
    /// Words per minute for reading time.
    #[serde(default = "default_reading_speed")]
    pub reading_speed: usize,
    /// Topics declared in `[[topics]]`.
    #[serde(default)]
    pub topics: Vec<TopicDecl>,
    /// Folders outside the site that its symbolic links may lead to (relative ones are
    /// taken from the site folder); links anywhere else are errors.
    #[serde(default)]
    pub allow_links_to: Vec<PathBuf>,
    /// Whether a page may use a topic nobody declared (`open`, the default), or only the
    /// declared ones (`closed`).
    #[serde(default)]
    pub topic_vocabulary: TopicVocabulary,
    /// The folder under the content folder whose pages are learning paths: `paths` unless
    /// set; empty for none (a vault that uses the name for something else).
    #[serde(default = "default_paths_dir")]
    pub paths_dir: String,
    /// The theme's words replaced or added, in the site's language (see `i18n/`).
    #[serde(default)]
    pub strings: toml::Table,
    /// Groups of words that search treats as one (`[["boss", "manager"], …]`), in the
    /// site's language: each word of a group finds the pages of the others.
    /// Each group is located in `site.toml`, for diagnostics.
    #[serde(default)]
    pub synonyms: Vec<toml::Spanned<Vec<String>>>,
    /// Free values passed to templates as `site.extra`.
    #[serde(default)]
    pub extra: toml::Table,
    /// The languages of a multilingual site, by code (`[languages.fr]`); empty for a site
    /// in one language. The default language is `language`, which may be listed too.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageDecl>,
}

/// A language of a multilingual site, declared as `[languages.<code>]` in `site.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageDecl {
    /// The language's name as its readers write it (`Français`), for the language switcher.
    #[serde(default)]
    pub name: String,
    /// The folder of this language's pages, relative to the site folder; when absent,
    /// its pages are the files of the content folder named with its code (`x.fr.md`).
    #[serde(default)]
    pub content_dir: Option<String>,
    /// The site's name in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// The site's description in this language.
    #[serde(default)]
    pub description: Option<String>,
    /// Search synonyms in this language, as the site's `synonyms` are in its own.
    #[serde(default)]
    pub synonyms: Option<Vec<toml::Spanned<Vec<String>>>>,
}

/// A topic's title, description and synonyms in another language
/// (`[topics.languages.fr]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicTranslation {
    /// How the topic is shown in this language.
    pub title: Option<String>,
    /// What the topic covers, in this language.
    pub description: Option<String>,
    /// Other names of the topic in this language, added to its aliases.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// What a broken link is (`broken_links` in `site.toml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    /// An error: the build fails (the default).
    #[default]
    Error,
    /// A warning: the build goes on, and the link is shown as unresolved text.
    Warn,
}

/// Which topics pages may use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicVocabulary {
    /// A topic a page uses exists, declared or not.
    #[default]
    Open,
    /// Only declared topics exist; any other is an error.
    Closed,
}

/// A topic declared in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicDecl {
    /// The topic's slug, located for messages about it.
    pub slug: toml::Spanned<String>,
    /// How the topic is shown; the slug when absent.
    pub title: Option<String>,
    /// What the topic covers, shown on its page.
    #[serde(default)]
    pub description: String,
    /// Other names that mean this topic in front matter and search.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The topic's title, description and synonyms in other languages, by code.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, TopicTranslation>,
    /// The line of its `slug` in `site.toml`, for diagnostics.
    #[serde(skip)]
    pub line: usize,
}

fn default_language() -> String {
    "en".into()
}

fn default_content_dir() -> String {
    "content".into()
}

fn default_templates_dir() -> String {
    "templates".into()
}

fn default_paths_dir() -> String {
    "paths".into()
}

fn default_theme() -> String {
    "default".into()
}

fn default_paginate() -> usize {
    50
}

fn default_reading_speed() -> usize {
    220
}

impl Config {
    /// Reads `site.toml` from the site root.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let message = if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "no {CONFIG_FILE} found in {}; run ladder from a site folder, pass --root DIR, or create one with `ladder init`",
                    root.display()
                )
            } else {
                format!("cannot read {CONFIG_FILE}: {e}")
            };
            Diagnostic::error(Code::Unreadable, CONFIG_FILE, message)
        })?;
        Config::parse(&text)
    }

    /// Parses the text of a `site.toml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error(
                Code::InvalidConfig,
                CONFIG_FILE,
                e.message().trim().to_string(),
            );
            if let Some(span) = e.span() {
                let (line, column) = line_col(text, span.start);
                d = d.at(line, column);
            }
            d
        })?;
        for topic in &mut config.topics {
            topic.line = line_col(text, topic.slug.span().start).0;
        }
        if let Some(url) = &mut config.base_url {
            if url.is_empty() {
                config.base_url = None;
            } else if !url.ends_with('/') {
                url.push('/');
            }
        }
        config.content_dir = inside_site(&config.content_dir).ok_or_else(|| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("content_dir"))
                .map_or(1, |i| i + 1);
            Diagnostic::error(
                Code::InvalidConfig,
                CONFIG_FILE,
                format!(
                    "content_dir `{}` must be a folder inside the site folder",
                    config.content_dir
                ),
            )
            .at_line(line)
            .with_help("write a path relative to the site folder, such as \"content\" or \".\"")
        })?;
        if !config.templates_dir.is_empty() {
            config.templates_dir = inside_site(&config.templates_dir).ok_or_else(|| {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("templates_dir"))
                    .map_or(1, |i| i + 1);
                Diagnostic::error(
                    Code::InvalidConfig,
                    CONFIG_FILE,
                    format!(
                        "templates_dir `{}` must be a folder inside the site folder",
                        config.templates_dir
                    ),
                )
                .at_line(line)
                .with_help("write a path relative to the site folder, or \"\" for none")
            })?;
        }
        // Paths live in one top folder of the content, named as a slug.
        config.paths_dir = config.paths_dir.trim_matches('/').to_string();
        if config.paths_dir.contains(['/', '\\']) || config.paths_dir.starts_with('.') {
            return Err(Diagnostic::error(
                Code::InvalidConfig,
                CONFIG_FILE,
                format!(
                    "paths_dir `{}` must name one folder of the content folder",
                    config.paths_dir
                ),
            )
            .with_help("write a folder name such as \"paths\", or \"\" for no paths"));
        }
        check_languages(&mut config, text)?;
        check_synonyms(&config, text)?;
        if config.reading_speed == 0 {
            return Err(Diagnostic::error(
                Code::InvalidConfig,
                CONFIG_FILE,
                "reading_speed must be a positive number of words per minute",
            ));
        }
        Ok(config)
    }
}

impl Config {
    /// The folder of the site's own templates, relative to the site folder; `None` when
    /// the site has none of its own.
    pub fn templates_path(&self) -> Option<std::path::PathBuf> {
        (!self.templates_dir.is_empty()).then(|| std::path::PathBuf::from(&self.templates_dir))
    }

    /// The search synonyms, each group's words (see [`Config::synonyms`]).
    pub fn synonym_groups(&self) -> Vec<Vec<String>> {
        self.synonyms.iter().map(|g| g.get_ref().clone()).collect()
    }

    /// Whether the site declares more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The settings of one of the site's languages as a site of its own: its code, title,
    /// description, content folder and topics' titles, and its address under `<code>/`
    /// (the default language's at the root).
    pub fn for_language(&self, code: &str) -> Config {
        let mut config = self.clone();
        let Some(decl) = self.languages.get(code) else {
            return config;
        };
        config.language = code.to_string();
        // The site's synonyms are in its own language.
        if let Some(synonyms) = &decl.synonyms {
            config.synonyms = synonyms.clone();
        } else if code != self.language {
            config.synonyms = Vec::new();
        }
        if let Some(title) = &decl.title {
            config.title = title.clone();
        }
        if let Some(description) = &decl.description {
            config.description = description.clone();
        }
        // A language without a folder of its own has its pages in the default's folder.
        let default_dir = self
            .languages
            .get(&self.language)
            .and_then(|d| d.content_dir.clone());
        if let Some(dir) = decl.content_dir.clone().or(default_dir) {
            config.content_dir = dir;
        }
        if code != self.language {
            if let Some(base) = &mut config.base_url {
                base.push_str(code);
                base.push('/');
            }
        }
        for topic in &mut config.topics {
            if let Some(t) = topic.languages.get(code) {
                if let Some(title) = &t.title {
                    topic.title = Some(title.clone());
                }
                if let Some(description) = &t.description {
                    topic.description = description.clone();
                }
                topic.aliases.extend(t.aliases.iter().cloned());
            }
        }
        config
    }

    /// The content folder under `root`: the site folder itself for `content_dir = "."`.
    pub fn content_path(&self, root: &Path) -> std::path::PathBuf {
        if self.content_dir.is_empty() {
            root.to_path_buf()
        } else {
            root.join(&self.content_dir)
        }
    }
}

/// Checks the search synonyms, the site's and each language's: every group of two
/// words at least, each one word.
fn check_synonyms(config: &Config, text: &str) -> Result<(), Diagnostic> {
    let groups = config.synonyms.iter().chain(
        config
            .languages
            .values()
            .filter_map(|d| d.synonyms.as_ref())
            .flatten(),
    );
    for group in groups {
        let message = if let Some(w) = group
            .get_ref()
            .iter()
            .find(|w| w.split_whitespace().count() != 1)
        {
            format!("synonym `{w}` must be one word")
        } else if group.get_ref().len() < 2 {
            "a group of synonyms needs two words at least".to_string()
        } else {
            continue;
        };
        let (line, column) = line_col(text, group.span().start);
        return Err(Diagnostic::error(Code::InvalidConfig, CONFIG_FILE, message)
            .at(line, column)
            .with_help("write each group as a list of single words: [\"boss\", \"manager\"]"));
    }
    Ok(())
}

/// Checks the declared languages: codes that are language tags, content folders inside
/// the site folder, and topics translated only into declared languages.
fn check_languages(config: &mut Config, text: &str) -> Result<(), Diagnostic> {
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map_or(1, |i| i + 1)
    };
    let invalid = |message: String, line: usize| {
        Diagnostic::error(Code::InvalidConfig, CONFIG_FILE, message).at_line(line)
    };
    let default = config.language.clone();
    for (code, decl) in &mut config.languages {
        let line = line_of(&format!("languages.{code}"));
        if !is_language_tag(code) {
            return Err(invalid(format!("`{code}` is not a language code"), line)
                .with_help("write a BCP 47 tag such as \"fr\" or \"pt-BR\""));
        }
        if let Some(dir) = &mut decl.content_dir {
            *dir = inside_site(dir).ok_or_else(|| {
                invalid(
                    format!("languages.{code}.content_dir `{dir}` must be a folder inside the site folder"),
                    line,
                )
            })?;
        }
        if decl.name.is_empty() {
            decl.name = code.clone();
        }
    }
    if !config.languages.is_empty() {
        // The default language is one of them, listed or not.
        config
            .languages
            .entry(default.clone())
            .or_insert_with(|| LanguageDecl {
                name: default.clone(),
                ..LanguageDecl::default()
            });
    }
    for topic in &config.topics {
        for code in topic.languages.keys() {
            if !config.languages.contains_key(code) {
                return Err(invalid(
                    format!("topic `{}` is translated into `{code}`, which is not one of the site's languages", topic.slug.get_ref()),
                    topic.line,
                )
                .with_help(format!("declare it with [languages.{code}], or remove the translation")));
            }
        }
    }
    Ok(())
}

/// Whether `code` looks like a BCP 47 language tag: letters, then parts of letters and
/// digits after hyphens (`en`, `pt-BR`, `zh-Hant`).
pub(crate) fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `dir` as a `/`-separated path inside the site folder, `.` and `..` worked out (the
/// site folder itself is the empty string); `None` when it leads outside or is absolute.
fn inside_site(dir: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if dir.starts_with('/') || dir.starts_with('\\') || dir.contains(':') {
        return None;
    }
    for part in dir.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_topics_and_normalises_base_url() {
        let c = Config::parse(
            "title = \"T\"\nbase_url = \"https://x.org/kb\"\n[[topics]]\nslug = \"mentoring\"\naliases = [\"mentorship\"]\n",
        )
        .unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/kb/"));
        assert_eq!(c.topics[0].aliases, ["mentorship"]);
        assert_eq!(
            (c.topics[0].slug.get_ref().as_str(), c.topics[0].line),
            ("mentoring", 4)
        );
        assert!(!c.pretty_urls);
        assert!(c.allow_links_to.is_empty());
        let c = Config::parse("title = \"T\"\nallow_links_to = [\"/srv/images\", \"../notes\"]\n")
            .unwrap();
        assert_eq!(
            c.allow_links_to,
            [PathBuf::from("/srv/images"), PathBuf::from("../notes")]
        );
    }

    #[test]
    fn content_dir_stays_inside_the_site() {
        let dir =
            |text: &str| Config::parse(&format!("title = \"T\"\n{text}")).map(|c| c.content_dir);
        assert_eq!(dir("").unwrap(), "content");
        assert_eq!(dir("content_dir = \".\"\n").unwrap(), "");
        assert_eq!(dir("content_dir = \"./notes/\"\n").unwrap(), "notes");
        assert_eq!(dir("content_dir = \"a/../b\"\n").unwrap(), "b");
        for bad in [
            "..",
            "../vault",
            "/home/me/vault",
            "a/../../b",
            "C:\\\\vault",
        ] {
            let e = dir(&format!("\n\ncontent_dir = \"{bad}\"\n")).unwrap_err();
            assert_eq!(e.line, Some(4), "{bad}");
            assert!(
                e.message.contains("inside the site folder"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn broken_links_are_errors_unless_told() {
        let strict = Config::parse("title = \"T\"\n").unwrap();
        assert_eq!(strict.broken_links, BrokenLinks::Error);
        let lenient = Config::parse("title = \"T\"\nbroken_links = \"warn\"\n").unwrap();
        assert_eq!(lenient.broken_links, BrokenLinks::Warn);
        let e = Config::parse("title = \"T\"\nbroken_links = \"ignore\"\n").unwrap_err();
        assert!(e.message.contains("warn"), "{}", e.message);
        assert_eq!(
            Config::parse("title = \"T\"\n").unwrap().topic_vocabulary,
            TopicVocabulary::Open
        );
    }

    #[test]
    fn the_vocabulary_may_be_closed_and_nothing_else() {
        let c = Config::parse("title = \"T\"\ntopic_vocabulary = \"closed\"\n").unwrap();
        assert_eq!(c.topic_vocabulary, TopicVocabulary::Closed);
        let e = Config::parse("title = \"T\"\ntopic_vocabulary = \"shut\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn unknown_key_is_located() {
        let e = Config::parse("title = \"T\"\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("titel"), "{}", e.message);
    }
}
