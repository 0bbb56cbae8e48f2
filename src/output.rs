//! The output folder: collision checks, and an atomic swap so a failed build loses nothing.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

    /// The path this file claims, and where it comes from, for [`check_paths`].
    pub fn claim(&self) -> (&str, &Path) {
        (&self.path, &self.origin)
    }
}

/// Two outputs with the same path, or a path that could leave the output folder, are errors.
///
/// Takes each output's path and origin, so it can run before anything is rendered.
pub fn check_paths<'a>(claims: impl IntoIterator<Item = (&'a str, &'a Path)>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (path, origin) in claims {
        if !is_safe(path) {
            problems.push(Diagnostic::error(
                Code::UnsafeOutputPath,
                origin,
                format!("output path `{path}` would leave the output folder"),
            ));
            continue;
        }
        if let Some(first) = seen.insert(path, origin) {
            let what = if first == origin {
                "twice".to_string()
            } else {
                format!("by {} and by this file", first.display())
            };
            problems.push(
                Diagnostic::error(
                    Code::PathCollision,
                    origin,
                    format!("two outputs have the same path `{path}`: written {what}"),
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

/// A fresh output folder beside `out`, filled file by file (from any thread) and then
/// swapped in by [`Staging::commit`]: the old output stays intact until the new one is
/// complete, no stale file survives, and a staging folder that is dropped uncommitted
/// is removed.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    /// Folders already made, so each is created once.
    folders: Mutex<HashSet<String>>,
    committed: bool,
}

impl Staging {
    /// Makes the empty staging folder, clearing what an interrupted build left.
    pub fn create(out: &Path) -> io::Result<Staging> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let dir = parent.join(format!(".{name}.ladder-new"));
        let retired = parent.join(format!(".{name}.ladder-old"));
        for leftover in [&dir, &retired] {
            if leftover.exists() {
                fs::remove_dir_all(leftover)?;
            }
        }
        fs::create_dir(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            retired,
            folders: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, file: &OutputFile) -> io::Result<()> {
        if !is_safe(&file.path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("output path `{}` would leave the output folder", file.path),
            ));
        }
        let target = self.dir.join(&file.path);
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                fs::create_dir_all(self.dir.join(folder))?;
                made.insert(folder.to_string());
            }
        }
        match &file.contents {
            Contents::Bytes(bytes) => fs::write(&target, bytes),
            Contents::Copy(source) => fs::copy(source, &target).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))
    }

    /// Swaps the staging folder in for the output folder.
    pub fn commit(mut self) -> io::Result<()> {
        self.committed = true;
        if self.out.exists() {
            fs::rename(&self.out, &self.retired)?;
            if let Err(e) = fs::rename(&self.dir, &self.out) {
                let _ = fs::rename(&self.retired, &self.out);
                return Err(e);
            }
            fs::remove_dir_all(&self.retired)?;
        } else {
            fs::rename(&self.dir, &self.out)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `files` to the output folder `out` through a [`Staging`] folder.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = Staging::create(out)?;
    files.par_iter().try_for_each(|file| staging.write(file))?;
    staging.commit()
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
        ];
        let problems = check_paths(files.iter().map(OutputFile::claim));
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
