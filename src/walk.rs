//! Walking a site's folders, and the one rule for the symbolic links found in them.
//!
//! A site is read from `content/`, `static/`, `templates/` and `themes/`. A symbolic link
//! there works when its canonical target lies inside the site folder (the one holding
//! `site.toml`) or inside a folder that `site.toml` lists in `allow_links_to`. Any other
//! link is an error naming the link and its target, and the target is never opened: not
//! to be published, indexed for search, nor quoted in a message. `build`, `check` and
//! `serve` all ask a [`Fence`], so that they agree on what may be read.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{display_path, Code, Diagnostic};

/// The folders a site may read through symbolic links: its own, and those it allows.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The site folder as given, to name files relative to it in messages.
    root: PathBuf,
    /// The canonical site folder and allowed folders.
    inside: Vec<PathBuf>,
}

/// `path` made absolute, and canonical as far as it exists: `..` and symbolic links are
/// seen through in the part that exists, and the rest (an output folder not made yet)
/// is kept as written.
pub(crate) fn canonical_as_far_as_exists(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = path.as_path();
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
}

/// The last part of `path`, as text, for rules about names (leftovers, hidden files).
pub(crate) fn file_name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.file_name().unwrap_or_default().to_string_lossy()
}

/// Why a path may not be read.
#[derive(Debug)]
pub enum Refusal {
    /// It leads, through symbolic links, to this canonical path outside the fence.
    Outside(PathBuf),
    /// It is a symbolic link to this path, which does not exist.
    Broken(PathBuf),
    /// It cannot be resolved for another reason.
    Unreadable(io::Error),
}

/// The files found under a folder, and what could not be walked.
#[derive(Debug, Default)]
pub struct Walked {
    /// Regular files (or links to them), in file-name order, depth first.
    pub files: Vec<PathBuf>,
    /// Refused links, link loops and unreadable folders, as errors.
    pub problems: Vec<Diagnostic>,
}

impl Fence {
    /// The fence of the site at `root`, which may also reach `allowed` (relative entries
    /// are taken from `root`). Folders are compared canonical, so a path that does not
    /// exist is kept as written and admits nothing that exists elsewhere.
    pub fn new(root: &Path, allowed: &[PathBuf]) -> Fence {
        let canonical = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let inside = std::iter::once(canonical(root))
            .chain(allowed.iter().map(|a| canonical(&root.join(a))))
            .collect();
        Fence {
            root: root.to_path_buf(),
            inside,
        }
    }

    /// The site folder, as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the canonical path `real` lies inside the site or an allowed folder.
    pub fn admits(&self, real: &Path) -> bool {
        self.inside.iter().any(|folder| real.starts_with(folder))
    }

    /// Where `path` really is, when it may be read: its canonical path inside the fence.
    /// Only metadata is read on the way, never a target's bytes.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        match fs::canonicalize(path) {
            Ok(real) if self.admits(&real) => Ok(real),
            Ok(real) => Err(Refusal::Outside(real)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::read_link(path) {
                Ok(target) => Err(Refusal::Broken(target)),
                Err(_) => Err(Refusal::Unreadable(e)),
            },
            Err(e) => Err(Refusal::Unreadable(e)),
        }
    }

    /// The error for a `path` that [`Fence::resolve`] refused.
    pub fn problem(&self, path: &Path, refusal: &Refusal) -> Diagnostic {
        let file = display_path(&self.root, path);
        match refusal {
            Refusal::Outside(target) => Diagnostic::error(
                Code::LinkOutsideSite,
                file,
                format!(
                    "symbolic link to {}, which is outside the site folder; it is not read",
                    target.display()
                ),
            )
            .with_help(
                "move what it points to into the site, or list a folder that holds it in `allow_links_to` in site.toml",
            ),
            Refusal::Broken(target) => Diagnostic::error(
                Code::Unreadable,
                file,
                format!(
                    "broken symbolic link: it points to {}, which does not exist",
                    target.display()
                ),
            ),
            Refusal::Unreadable(e) => {
                Diagnostic::error(Code::Unreadable, file, format!("cannot read: {e}"))
            }
        }
    }

    /// Every file under `dir`, depth first in file-name order, skipping the entries whose
    /// path `skip` matches, whatever they are (a dangling link or a pipe named like an
    /// editor's leftover is still a leftover). Links are followed only inside the fence.
    pub fn walk(&self, dir: &Path, skip: &dyn Fn(&Path) -> bool) -> Walked {
        let mut walked = Walked::default();
        // The folder itself may be a link, or lie below one (`themes/` linked elsewhere).
        let real = match fs::symlink_metadata(dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return walked,
            _ => match self.resolve(dir) {
                Ok(real) => real,
                Err(refusal) => {
                    // Name the link itself (`themes/x`, not `themes/x/templates`).
                    let (link, refusal) = dir
                        .ancestors()
                        .skip(1)
                        .take_while(|a| a.starts_with(&self.root) && *a != self.root)
                        .filter_map(|a| match self.resolve(a) {
                            Err(r @ Refusal::Outside(_)) => Some((a, r)),
                            _ => None,
                        })
                        .last()
                        .unwrap_or((dir, refusal));
                    walked.problems.push(self.problem(link, &refusal));
                    return walked;
                }
            },
        };
        if real.is_dir() {
            let mut ancestors = vec![(dir.to_path_buf(), real)];
            self.visit(&mut ancestors, skip, &mut walked);
        }
        walked
    }

    /// Walks the last folder of `ancestors`, which holds (walked path, canonical path) of
    /// the start and of every folder reached through a link. walkdir does the walking
    /// without following links, so that no link's target is opened before the fence has
    /// admitted it; an admitted link to a folder is walked the same way in its turn.
    fn visit(
        &self,
        ancestors: &mut Vec<(PathBuf, PathBuf)>,
        skip: &dyn Fn(&Path) -> bool,
        walked: &mut Walked,
    ) {
        let (dir, real_dir) = ancestors.last().cloned().unwrap_or_default();
        let entries = WalkDir::new(&dir)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !skip(e.path()));
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let file = display_path(&self.root, e.path().unwrap_or(&dir));
                    let message = e
                        .io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string());
                    let d = Diagnostic::error(
                        Code::Unreadable,
                        file,
                        format!("cannot read: {message}"),
                    );
                    walked.problems.push(d);
                    continue;
                }
            };
            let kind = entry.file_type();
            // Pipes, sockets and devices are never site files; folders are walked on.
            if kind.is_file() {
                walked.files.push(entry.into_path());
                continue;
            }
            if !kind.is_symlink() {
                continue;
            }
            let path = entry.into_path();
            let real = match self.resolve(&path) {
                Ok(real) => real,
                Err(refusal) => {
                    walked.problems.push(self.problem(&path, &refusal));
                    continue;
                }
            };
            let meta = match fs::metadata(&real) {
                Ok(meta) => meta,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => {
                    let file = display_path(&self.root, &path);
                    let d = Diagnostic::error(Code::Unreadable, file, format!("cannot read: {e}"));
                    walked.problems.push(d);
                    continue;
                }
            };
            if meta.is_file() {
                walked.files.push(path);
            } else if meta.is_dir() {
                // A loop: the link leads to a folder this walk is already inside, either
                // one reached through a link or one above the link in this folder.
                let inside_here = real.starts_with(&real_dir)
                    && path
                        .parent()
                        .and_then(|p| fs::canonicalize(p).ok())
                        .is_some_and(|parent| parent.starts_with(&real));
                let ancestor = ancestors
                    .iter()
                    .find(|(_, r)| *r == real)
                    .map(|(a, _)| a.clone())
                    .or_else(|| {
                        inside_here.then(|| dir.join(real.strip_prefix(&real_dir).unwrap_or(&real)))
                    });
                if let Some(ancestor) = ancestor {
                    let d = Diagnostic::error(
                        Code::SymlinkLoop,
                        display_path(&self.root, &path),
                        format!(
                            "symbolic link loop: this folder leads back to {}; the loop is skipped",
                            display_path(&self.root, &ancestor).display()
                        ),
                    );
                    walked.problems.push(d);
                    continue;
                }
                ancestors.push((path, real));
                self.visit(ancestors, skip, walked);
                ancestors.pop();
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(root: &Path, walked: &Walked) -> Vec<String> {
        walked
            .files
            .iter()
            .map(|f| display_path(root, f).to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn links_are_followed_only_inside_the_fence() {
        let outer = tempfile::tempdir().unwrap();
        let site = outer.path().join("site");
        let shared = outer.path().join("shared");
        fs::create_dir_all(site.join("content/sub")).unwrap();
        fs::create_dir_all(&shared).unwrap();
        fs::write(site.join("content/a.md"), "a").unwrap();
        fs::write(site.join("content/sub/b.md"), "b").unwrap();
        fs::write(shared.join("s.md"), "s").unwrap();
        symlink(site.join("content/a.md"), site.join("content/in.md")).unwrap();
        symlink("sub", site.join("content/linked")).unwrap();
        symlink(shared.join("s.md"), site.join("content/out.md")).unwrap();
        symlink(&shared, site.join("content/outdir")).unwrap();
        symlink("gone.md", site.join("content/.#lock.md")).unwrap();

        let fenced = Fence::new(&site, &[]);
        let walked = fenced.walk(&site.join("content"), &|p: &Path| {
            file_name(p).starts_with('.')
        });
        assert_eq!(
            names(&site, &walked),
            [
                "content/a.md",
                "content/in.md",
                "content/linked/b.md",
                "content/sub/b.md"
            ]
        );
        let refused: Vec<_> = walked.problems.iter().map(|d| d.file.clone()).collect();
        assert_eq!(
            refused,
            [
                PathBuf::from("content/out.md"),
                PathBuf::from("content/outdir")
            ]
        );
        assert!(walked
            .problems
            .iter()
            .all(|d| d.code == Code::LinkOutsideSite));

        let allowed = Fence::new(&site, &[PathBuf::from("../shared")]);
        let walked = allowed.walk(&site.join("content"), &|p: &Path| {
            file_name(p).starts_with('.')
        });
        assert!(walked.problems.is_empty(), "{:?}", walked.problems);
        assert!(names(&site, &walked).contains(&"content/outdir/s.md".to_string()));
    }

    #[test]
    fn a_link_to_an_ancestor_is_a_loop() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("content/tips")).unwrap();
        symlink("..", site.path().join("content/tips/loop")).unwrap();
        let walked = Fence::new(site.path(), &[]).walk(&site.path().join("content"), &|_| false);
        assert_eq!(walked.problems.len(), 1);
        assert_eq!(walked.problems[0].code, Code::SymlinkLoop);
        assert!(walked.problems[0].message.contains("leads back to content"));
    }
}
