//! Themes: the embedded default, a theme folder on disk, and the site's own overrides.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{display_path, Code, Diagnostic};
use crate::walk::{file_name, Fence};

/// The default theme's files, compiled into the binary so `ladder` works in any folder.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../themes/default/templates/macros.html"),
    ),
    (
        "home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "article.html",
        include_str!("../themes/default/templates/article.html"),
    ),
    (
        "tip.html",
        include_str!("../themes/default/templates/tip.html"),
    ),
    (
        "topic.html",
        include_str!("../themes/default/templates/topic.html"),
    ),
    (
        "topics.html",
        include_str!("../themes/default/templates/topics.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "folder.html",
        include_str!("../themes/default/templates/folder.html"),
    ),
    (
        "recent.html",
        include_str!("../themes/default/templates/recent.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "path.html",
        include_str!("../themes/default/templates/path.html"),
    ),
    (
        "paths.html",
        include_str!("../themes/default/templates/paths.html"),
    ),
];

const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
    (
        "progress.js",
        include_bytes!("../themes/default/static/progress.js"),
    ),
    (
        "theme.js",
        include_bytes!("../themes/default/static/theme.js"),
    ),
];

/// The default theme's strings, one file per language (see `crate::i18n`).
const DEFAULT_STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("../themes/default/i18n/en.toml")),
    ("fr", include_str!("../themes/default/i18n/fr.toml")),
    ("de", include_str!("../themes/default/i18n/de.toml")),
    ("es", include_str!("../themes/default/i18n/es.toml")),
    ("ar", include_str!("../themes/default/i18n/ar.toml")),
];

/// The folder of strings files, in a theme folder and in the site folder.
pub(crate) const STRINGS_DIR: &str = "i18n";

/// One strings file as read: (language from its name, file as shown, text).
pub(crate) type StringsText = (String, String, String);

/// Every strings file a site's words come from, in layer order: the built-in ones of
/// the default theme, `themes/<name>/i18n/<code>.toml`, then the site's own
/// `i18n/<code>.toml`. Parsing them is `crate::i18n`'s job.
pub(crate) fn strings_files(fence: &Fence, name: &str) -> (Vec<StringsText>, Vec<Diagnostic>) {
    let root = fence.root();
    let mut files: Vec<StringsText> = DEFAULT_STRINGS
        .iter()
        .map(|(code, text)| {
            let shown = format!("(default theme) {STRINGS_DIR}/{code}.toml");
            (code.to_string(), shown, text.to_string())
        })
        .collect();
    let mut problems = Vec::new();
    for dir in [
        root.join("themes").join(name).join(STRINGS_DIR),
        root.join(STRINGS_DIR),
    ] {
        if !dir.is_dir() {
            continue;
        }
        for (rel, path) in files_under(fence, &dir, &mut problems) {
            let Some(code) = rel.strip_suffix(".toml").filter(|c| !c.contains('/')) else {
                continue;
            };
            let shown = display_path(root, &path).display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((code.to_string(), shown, text)),
                Err(e) => problems.push(Diagnostic::error(
                    Code::Unreadable,
                    shown,
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
    (files, problems)
}

/// The templates and static files a site renders with, overrides applied.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name → (source shown in errors, text).
    pub templates: BTreeMap<String, (String, String)>,
    /// Output path → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Loads theme `name` of the site `fence` guards: the embedded default, then
    /// `themes/<name>/` if present, then the site's `templates/`. Later layers replace
    /// files of the same name.
    pub fn load(
        fence: &Fence,
        name: &str,
        overrides: Option<&Path>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let root = fence.root();
        let mut theme = Theme::default();
        if name == "default" {
            for (file, text) in DEFAULT_TEMPLATES {
                theme.templates.insert(
                    file.to_string(),
                    (format!("(default theme) {file}"), text.to_string()),
                );
            }
            for (file, bytes) in DEFAULT_STATIC {
                theme.statics.insert(file.to_string(), bytes.to_vec());
            }
        }
        let mut problems = Vec::new();
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            theme.overlay_templates(fence, &theme_dir.join("templates"), &mut problems);
            for (rel, path) in files_under(fence, &theme_dir.join("static"), &mut problems) {
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        theme.statics.insert(rel, bytes);
                    }
                    Err(e) => problems.push(Diagnostic::error(
                        Code::Unreadable,
                        display_path(root, &path),
                        format!("cannot read: {e}"),
                    )),
                }
            }
        } else if name != "default" {
            problems.push(Diagnostic::error(
                Code::MissingTheme,
                "site.toml",
                format!("theme `{name}` not found: there is no folder themes/{name}/"),
            ));
        }
        if let Some(dir) = overrides {
            theme.overlay_templates(fence, &root.join(dir), &mut problems);
        }
        // A theme folder linked out of the site is refused once for each folder in it.
        problems.dedup_by(|a, b| a.file == b.file && a.message == b.message);
        if problems.is_empty() {
            Ok(theme)
        } else {
            Err(problems)
        }
    }

    fn overlay_templates(&mut self, fence: &Fence, dir: &Path, problems: &mut Vec<Diagnostic>) {
        for (rel, path) in files_under(fence, dir, problems) {
            let shown = display_path(fence.root(), &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    self.templates
                        .insert(rel, (shown.display().to_string(), text));
                }
                Err(e) => problems.push(Diagnostic::error(
                    Code::Unreadable,
                    shown,
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
}

/// Files under `dir` as (path relative to `dir` with `/`, full path): hidden files and
/// editor leftovers skipped, symbolic links followed only inside `fence`.
pub(crate) fn files_under(
    fence: &Fence,
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let walked = fence.walk(dir, &|path: &Path| is_leftover(&file_name(path)));
    problems.extend(walked.problems);
    walked
        .files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, path)
        })
        .collect()
}

/// Hidden files and editor leftovers, which a theme or `static/` never publishes.
fn is_leftover(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{resolve, StringsFile};

    #[test]
    fn every_built_in_language_has_every_english_string() {
        let files: Vec<StringsFile> = DEFAULT_STRINGS
            .iter()
            .map(|(code, text)| StringsFile {
                language: code.to_string(),
                shown: format!("{code}.toml"),
                text: text.to_string(),
            })
            .collect();
        for (code, _) in DEFAULT_STRINGS {
            let (table, problems) = resolve(code, &files, &toml::Table::new(), "site.toml", None);
            assert!(problems.is_empty(), "{code}: {problems:?}");
            assert!(table.long_date("2026-03-02").is_some(), "{code}");
            assert!(table.script_strings().contains("js_results"), "{code}");
        }
    }

    /// search.js falls back to English on pages that carry no strings: its copy must be
    /// en.toml's, and every key it names must be there.
    #[test]
    fn the_search_script_speaks_the_english_table() {
        let script = include_str!("../themes/default/static/search.js");
        let files = [StringsFile {
            language: "en".into(),
            shown: "en.toml".into(),
            text: DEFAULT_STRINGS[0].1.into(),
        }];
        let (table, _) = resolve("en", &files, &toml::Table::new(), "site.toml", None);
        let mut english: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&table.script_strings()).unwrap();
        // progress.js's, which carries its own fallback.
        english.remove("js_steps_done");
        let (start, end) = (
            script.find("// ENGLISH begins").unwrap(),
            script.find("// ENGLISH ends").unwrap(),
        );
        let copy = &script[start..end];
        let json = &copy[copy.find('{').unwrap()..=copy.rfind('}').unwrap()];
        let copy: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        assert_eq!(copy, english);
        let rest = script[..start].to_string() + &script[end..];
        for named in rest
            .split('"')
            .filter(|s| s.starts_with("js_") && !s.ends_with('_'))
        {
            assert!(english.contains_key(named), "search.js names {named}");
        }
    }
}
