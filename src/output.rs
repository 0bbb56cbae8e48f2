//! The output folder: collision checks, and an atomic swap so a failed build loses nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// What a file of the output holds.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// Copied from this file as is.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub contents: Contents,
    /// Where it comes from, for collision messages (`content/tips/x.md`, `static/…`).
    pub origin: PathBuf,
    /// The line of the origin that chose this path (a `slug:`), if any.
    pub origin_line: Option<usize>,
}

impl OutputFile {
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
        }
    }
}

/// Two outputs with the same path, or a path that could leave the output folder, are errors.
pub fn check_paths(files: &[OutputFile]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, &OutputFile> = BTreeMap::new();
    for file in files {
        if let Some(problem) = unwritable(&file.path) {
            problems.push(at_origin(file, problem));
            continue;
        }
        let Some(first) = seen.insert(&file.path, file) else {
            continue;
        };
        // Name the author's file, not a generated or theme one: that is the file to rename.
        let (mine, other) = if ownership(&first.origin) > ownership(&file.origin) {
            (first, file)
        } else {
            (file, first)
        };
        let what = if is_generated(&other.origin) {
            format!("{} and this file", describe(&other.origin))
        } else if other.origin == mine.origin {
            "written twice by this file".to_string()
        } else {
            format!("written by {} and by this file", other.origin.display())
        };
        let page = |e: &std::ffi::OsStr| {
            e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
        };
        let help = if mine.origin.extension().is_some_and(page) {
            "rename the file, or change its `slug:` or `aliases:`"
        } else {
            "rename or move this file"
        };
        problems.push(
            at_origin(
                mine,
                format!("two outputs have the same path `{}`: {what}", file.path),
            )
            .with_help(help),
        );
    }
    // A file where other outputs need a folder cannot be written either.
    let mut needed: BTreeMap<&str, Vec<&OutputFile>> = BTreeMap::new();
    for file in seen.values() {
        let mut folder = file.path.as_str();
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
        let blame_blocker = match ownership(&blocker.origin).cmp(&ownership(&needer.origin)) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => needers.len() > 1,
        };
        let d = if blame_blocker {
            at_origin(
                blocker,
                format!(
                    "output `{folder}` is a file, but other outputs need a folder there, such as `{}` from {}",
                    needer.path,
                    describe(&needer.origin)
                ),
            )
        } else {
            at_origin(
                needer,
                format!(
                    "output `{}` needs a folder `{folder}`, but `{folder}` is a file written by {}",
                    needer.path,
                    describe(&blocker.origin)
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
fn at_origin(file: &OutputFile, message: String) -> Diagnostic {
    let d = Diagnostic::error(&file.origin, message);
    match file.origin_line {
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
pub fn check_destination(root: &Path, out: &Path) -> Result<(), String> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalise the deepest part that exists, so `..` and symlinks are seen through.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut out = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
        out.extend(rest.iter().rev());
        out
    };
    let root = absolute(root);
    let out = absolute(out);
    if root.starts_with(&out) {
        return Err(format!(
            "refusing to write the site to {}: it holds the site's own files",
            out.display()
        ));
    }
    for source in ["content", "templates", "static", "themes"] {
        if out.starts_with(root.join(source)) {
            return Err(format!(
                "refusing to write the site to {}: it is inside the site's {source}/ folder",
                out.display()
            ));
        }
    }
    if out.is_dir()
        && !out.join("index.html").exists()
        && fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some())
    {
        return Err(format!(
            "refusing to replace {}: it is not empty and does not look like a built site (no index.html)",
            out.display()
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(format!("{} exists and is not a folder", out.display()));
    }
    Ok(())
}

/// Writes `files` to a fresh folder beside `out`, then swaps it in: the old output
/// stays intact until the new one is complete, and no stale file survives.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let staging = parent.join(format!(".{name}.ladder-new"));
    let retired = parent.join(format!(".{name}.ladder-old"));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)?;
        }
    }
    fs::create_dir(&staging)?;
    if let Err(e) = write_tree(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        fs::rename(out, &retired)?;
        if let Err(e) = fs::rename(&staging, out) {
            let _ = fs::rename(&retired, out);
            return Err(e);
        }
        fs::remove_dir_all(&retired)?;
    } else {
        fs::rename(&staging, out)?;
    }
    Ok(())
}

fn write_tree(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    let folders: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rfind('/').map(|i| &f.path[..i]))
        .collect();
    for folder in folders {
        fs::create_dir_all(dir.join(folder))
            .map_err(|e| io::Error::new(e.kind(), format!("folder {folder}: {e}")))?;
    }
    files.par_iter().try_for_each(|file| {
        let target = dir.join(&file.path);
        match &file.contents {
            Contents::Bytes(bytes) => fs::write(&target, bytes),
            Contents::Copy(source) => fs::copy(source, &target).map(|_| ()),
        }
        // Name the output and its source: the staging folder means nothing to a reader.
        .map_err(|e| {
            let from = file.origin.display();
            io::Error::new(e.kind(), format!("{} (from {from}): {e}", file.path))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_and_unsafe_paths() {
        let files = vec![
            OutputFile::bytes("tips/a.html", "1", "content/tips/a.md"),
            OutputFile::bytes("tips/a.html", "2", "content/tips/A.md"),
            OutputFile::bytes("../x", "3", "site.toml"),
            OutputFile::bytes(format!("{}.html", "é".repeat(126)), "4", "a.md"),
            OutputFile::bytes("a\0b", "5", "b.md"),
        ];
        let problems = check_paths(&files);
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
        let files = vec![
            OutputFile::bytes("about.html", "2", "content/about.md"),
            alias,
            OutputFile::bytes("style.css/x/y.html", "3", "static/style.css/x/y.html"),
            OutputFile::bytes("style.css", "4", "(theme)"),
            OutputFile::bytes("tips/a.html", "5", "content/tips/a.md"),
            OutputFile::bytes("tips/b.html", "6", "content/tips/b.md"),
            OutputFile::bytes("tips", "7", "static/tips"),
        ];
        let problems = check_paths(&files);
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
        let files = vec![page, OutputFile::bytes("404.html", "2", "(404 page)")];
        let problems = check_paths(&files);
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
    fn swap_replaces_everything() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomically(&out, &[OutputFile::bytes("old.html", "x", "a")]).unwrap();
        write_atomically(&out, &[OutputFile::bytes("d/new.html", "y", "a")]).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_to_string(out.join("d/new.html")).unwrap(), "y");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
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
