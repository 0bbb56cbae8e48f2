//! Themes: the embedded default, a theme folder on disk, and the site's own overrides.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::{display_path, Code, Diagnostic};

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
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
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
];

/// The templates and static files a site renders with, overrides applied.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name → (source shown in errors, text).
    pub templates: BTreeMap<String, (String, String)>,
    /// Output path → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Loads theme `name`: the embedded default, then `themes/<name>/` if present, then
    /// the site's `templates/`. Later layers replace files of the same name.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
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
            theme.overlay_templates(root, &theme_dir.join("templates"), &mut problems);
            for (rel, path) in files_under(&theme_dir.join("static"), &mut problems, root) {
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
        theme.overlay_templates(root, &root.join("templates"), &mut problems);
        if problems.is_empty() {
            Ok(theme)
        } else {
            Err(problems)
        }
    }

    fn overlay_templates(&mut self, root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) {
        for (rel, path) in files_under(dir, problems, root) {
            let shown = display_path(root, &path);
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

/// Files under `dir` as (path relative to `dir` with `/`, full path), editor leftovers skipped.
pub(crate) fn files_under(
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
    root: &Path,
) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name().to_string_lossy();
                if name.ends_with('~') || name.starts_with('#') || name.ends_with(".swp") {
                    continue;
                }
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(e.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, e.into_path()));
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map_or(dir.to_path_buf(), Path::to_path_buf);
                let (code, message) = if e.loop_ancestor().is_some() {
                    (Code::SymlinkLoop, "symbolic link loop; skipped".to_string())
                } else {
                    (Code::Unreadable, format!("cannot read: {e}"))
                };
                problems.push(Diagnostic::error(code, display_path(root, &path), message));
            }
        }
    }
    out
}
