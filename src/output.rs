//! The output folder: collision checks, and an atomic swap so a failed build loses nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};

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
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for file in files {
        if !is_safe(&file.path) {
            problems.push(Diagnostic::error(
                Code::UnsafeOutputPath,
                &file.origin,
                format!("output path `{}` would leave the output folder", file.path),
            ));
            continue;
        }
        if let Some(first) = seen.insert(&file.path, &file.origin) {
            let what = if first == file.origin {
                "twice".to_string()
            } else {
                format!("by {} and by this file", first.display())
            };
            problems.push(
                Diagnostic::error(
                    Code::PathCollision,
                    &file.origin,
                    format!(
                        "two outputs have the same path `{}`: written {what}",
                        file.path
                    ),
                )
                .with_help("rename one of them, or set a different `slug:` in its front matter"),
            );
        }
    }
    problems
}

fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
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
        fs::create_dir_all(dir.join(folder))?;
    }
    files.par_iter().try_for_each(|file| {
        let target = dir.join(&file.path);
        match &file.contents {
            Contents::Bytes(bytes) => fs::write(&target, bytes),
            Contents::Copy(source) => fs::copy(source, &target).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))
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
        ];
        let problems = check_paths(&files);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("same path `tips/a.html`"));
        assert!(problems[1].message.contains("leave the output folder"));
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
