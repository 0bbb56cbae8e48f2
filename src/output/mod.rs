//! The output folder: collision checks, and an atomic swap so a failed build loses nothing.

mod staging;
mod stamp;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Failure};
use crate::walk::canonical_as_far_as_exists;

pub(crate) use staging::Staging;

/// What a file of the output holds.
#[derive(Debug, Clone)]
pub enum Contents {
    /// These bytes.
    Bytes(Vec<u8>),
    /// Copied from this file as is.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// What it holds.
    pub contents: Contents,
    /// Where it comes from, for collision messages (`content/tips/x.md`, `static/…`).
    pub origin: PathBuf,
    /// The line of the origin that chose this path (a `slug:`), if any.
    pub origin_line: Option<usize>,
    /// Made by a page's template: the page's own file, or a further page of its list.
    pub page: bool,
}

impl OutputFile {
    /// The bytes it holds in memory: none for a copy.
    pub fn held(&self) -> usize {
        match &self.contents {
            Contents::Bytes(bytes) => bytes.len(),
            Contents::Copy(_) => 0,
        }
    }

    /// A generated file.
    pub fn bytes(
        path: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
        origin: impl Into<PathBuf>,
    ) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes.into()),
            origin: origin.into(),
            origin_line: None,
            page: false,
        }
    }

    /// The path this file claims, for [`check_paths`].
    pub fn claim(&self) -> Claim<'_> {
        Claim {
            path: &self.path,
            origin: &self.origin,
            line: self.origin_line,
        }
    }
}

/// An output path and where it comes from: the file, and the line that chose the path.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// The output path claimed.
    pub path: &'a str,
    /// The file that claims it.
    pub origin: &'a Path,
    /// The line that chose the path, when one did.
    pub line: Option<usize>,
}

/// Two outputs with the same path, or a path that could leave the output folder, are errors.
///
/// Takes each output's [`Claim`], so it can run before anything is rendered.
pub(crate) fn check_paths<'a>(claims: impl IntoIterator<Item = Claim<'a>>) -> Vec<Diagnostic> {
    let claims: Vec<Claim> = claims.into_iter().collect();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, &Claim> = BTreeMap::new();
    for file in &claims {
        if let Some(problem) = unwritable(file.path) {
            problems.push(at_origin(file, Code::UnsafeOutputPath, problem));
            continue;
        }
        let Some(first) = seen.insert(file.path, file) else {
            continue;
        };
        // Name the author's file, not a generated or theme one: that is the file to rename.
        let (mine, other) = if ownership(first.origin) > ownership(file.origin) {
            (first, file)
        } else {
            (file, first)
        };
        let what = if is_generated(other.origin) {
            format!("{} and this file", describe(other.origin))
        } else if other.origin == mine.origin {
            "written twice by this file".to_string()
        } else {
            format!("written by {} and by this file", other.origin.display())
        };
        let help = if crate::urls::is_markdown(mine.origin) {
            "rename the file, or change its `slug:` or `aliases:`"
        } else {
            "rename or move this file"
        };
        problems.push(
            at_origin(
                mine,
                Code::PathCollision,
                format!("two outputs have the same path `{}`: {what}", file.path),
            )
            .with_help(help),
        );
    }
    // A file where other outputs need a folder cannot be written either.
    let mut needed: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for file in seen.values() {
        let mut folder = file.path;
        while let Some(slash) = folder.rfind('/') {
            folder = &folder[..slash];
            if seen.contains_key(folder) {
                needed.entry(folder).or_default().push(file);
                break;
            }
        }
    }
    for (folder, needers) in needed {
        let blocker = seen[folder];
        let needer = needers[0];
        // Blame the author's file over a theme's or a generated one; between two of the
        // author's, the odd one out: a file in the way of many, or a path into a file.
        let blame_blocker = match ownership(blocker.origin).cmp(&ownership(needer.origin)) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => needers.len() > 1,
        };
        let d = if blame_blocker {
            at_origin(
                blocker,
                Code::PathCollision,
                format!(
                    "output `{folder}` is a file, but other outputs need a folder there, such as `{}` from {}",
                    needer.path,
                    describe(needer.origin)
                ),
            )
        } else {
            at_origin(
                needer,
                Code::PathCollision,
                format!(
                    "output `{}` needs a folder `{folder}`, but `{folder}` is a file written by {}",
                    needer.path,
                    describe(blocker.origin)
                ),
            )
        };
        problems.push(d.with_help("rename or move one of them"));
    }
    problems
}

/// Files that ladder makes itself name their origin in parentheses: `(404 page)`.
fn is_generated(origin: &Path) -> bool {
    origin.to_string_lossy().starts_with('(')
}

/// How much an output's origin is the author's to change: generated files least,
/// then a theme's files, then the site's own.
fn ownership(origin: &Path) -> u8 {
    if is_generated(origin) {
        0
    } else if origin.starts_with("themes") {
        1
    } else {
        2
    }
}

/// The origin of an output as a reader knows it: a path, or "ladder's own 404 page".
fn describe(origin: &Path) -> String {
    if is_generated(origin) {
        let name = origin.to_string_lossy();
        format!("ladder's own {}", name.trim_matches(['(', ')']))
    } else {
        origin.display().to_string()
    }
}

/// An error at the file (and line, when known) an output came from.
fn at_origin(file: &Claim, code: Code, message: String) -> Diagnostic {
    let d = Diagnostic::error(code, file.origin, message);
    match file.line {
        Some(line) => d.at_line(line),
        None => d,
    }
}

/// Longest file name, in bytes, that common file systems accept.
const MAX_NAME_BYTES: usize = 255;

/// Why an output path cannot be written inside the output folder, if it cannot.
fn unwritable(path: &str) -> Option<String> {
    let leaves = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..");
    if leaves {
        return Some(format!(
            "output path `{path}` would leave the output folder"
        ));
    }
    if path.contains('\0') {
        return Some(format!(
            "output path `{}` contains a NUL character",
            path.escape_debug()
        ));
    }
    // Caught here, the name can be blamed on its source instead of failing the write.
    if let Some(name) = path.split('/').find(|s| s.len() > MAX_NAME_BYTES) {
        let start: String = name.chars().take(20).collect();
        return Some(format!(
            "output file name `{start}…` is {} bytes long; file systems allow at most {MAX_NAME_BYTES}",
            name.len()
        ));
    }
    None
}

/// Refuses output folders that hold the site's sources, or unrelated files.
pub(crate) fn check_destination(root: &Path, out: &Path) -> Result<(), Failure> {
    let root = canonical_as_far_as_exists(root);
    let out = canonical_as_far_as_exists(out);
    if root.starts_with(&out) {
        return Err(Failure::Io(format!(
            "refusing to write the site to {}: it holds the site's own files",
            out.display()
        )));
    }
    for source in ["content", "templates", "static", "themes"] {
        if out.starts_with(root.join(source)) {
            return Err(Failure::Io(format!(
                "refusing to write the site to {}: it is inside the site's {source}/ folder",
                out.display()
            )));
        }
    }
    if out.is_dir()
        && !out.join("index.html").exists()
        && fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some())
    {
        return Err(Failure::Io(format!(
            "refusing to replace {}: it is not empty and does not look like a built site (no index.html)",
            out.display()
        )));
    }
    if out.exists() && !out.is_dir() {
        return Err(Failure::Io(format!(
            "{} exists and is not a folder",
            out.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_and_unsafe_paths() {
        let files = [
            OutputFile::bytes("tips/a.html", "1", "content/tips/a.md"),
            OutputFile::bytes("tips/a.html", "2", "content/tips/A.md"),
            OutputFile::bytes("../x", "3", "site.toml"),
            OutputFile::bytes(format!("{}.html", "é".repeat(126)), "4", "a.md"),
            OutputFile::bytes("a\0b", "5", "b.md"),
        ];
        let problems = check_paths(files.iter().map(OutputFile::claim));
        assert_eq!(problems.len(), 4);
        assert!(problems[0].message.contains("same path `tips/a.html`"));
        assert!(problems[1].message.contains("leave the output folder"));
        assert!(
            problems[2]
                .message
                .ends_with("is 257 bytes long; file systems allow at most 255"),
            "{}",
            problems[2].message
        );
        assert!(problems[3].message.contains("NUL"));
    }

    #[test]
    fn a_file_where_a_folder_is_needed_is_an_error() {
        let mut alias = OutputFile::bytes("about.html/index.html", "1", "content/about.md");
        alias.origin_line = Some(4);
        let files = [
            OutputFile::bytes("about.html", "2", "content/about.md"),
            alias,
            OutputFile::bytes("style.css/x/y.html", "3", "static/style.css/x/y.html"),
            OutputFile::bytes("style.css", "4", "(theme)"),
            OutputFile::bytes("tips/a.html", "5", "content/tips/a.md"),
            OutputFile::bytes("tips/b.html", "6", "content/tips/b.md"),
            OutputFile::bytes("tips", "7", "static/tips"),
        ];
        let problems = check_paths(files.iter().map(OutputFile::claim));
        let found: Vec<_> = problems
            .iter()
            .map(|d| (d.file.display().to_string(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "content/about.md".to_string(),
                    Some(4),
                    "output `about.html/index.html` needs a folder `about.html`, but `about.html` is a file written by content/about.md"
                ),
                (
                    "static/style.css/x/y.html".to_string(),
                    None,
                    "output `style.css/x/y.html` needs a folder `style.css`, but `style.css` is a file written by ladder's own theme"
                ),
                (
                    "static/tips".to_string(),
                    None,
                    "output `tips` is a file, but other outputs need a folder there, such as `tips/a.html` from content/tips/a.md"
                ),
            ]
        );
    }

    #[test]
    fn a_collision_with_a_generated_file_names_the_authors_file() {
        let mut page = OutputFile::bytes("404.html", "1", "content/404.md");
        page.origin_line = Some(3);
        let files = [page, OutputFile::bytes("404.html", "2", "(404 page)")];
        let problems = check_paths(files.iter().map(OutputFile::claim));
        assert_eq!(problems.len(), 1);
        let d = &problems[0];
        assert_eq!(d.file, Path::new("content/404.md"));
        assert_eq!(d.line, Some(3));
        assert!(
            d.message
                .ends_with("`404.html`: ladder's own 404 page and this file"),
            "{}",
            d.message
        );
    }

    #[test]
    fn refuses_source_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir(root.join("content")).unwrap();
        assert!(check_destination(root, root).is_err());
        assert!(check_destination(root, &root.join("content/out")).is_err());
        assert!(check_destination(root, &root.join("public")).is_ok());
    }
}
