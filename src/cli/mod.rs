//! The commands, one file each, each with its own arguments. A command prints what it
//! has to say and returns an [`Outcome`]; `main` alone turns that into the exit code.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod scaffold;
pub(crate) mod serve;

use std::path::{Path, PathBuf};

use ladder::config::CONFIG_FILE;

/// Why a command failed, which decides its exit code.
pub(crate) enum Failed {
    /// Content errors, or warnings denied: already printed with their summary line. Exit 1.
    Content,
    /// A usage or I/O error, not yet printed: `main` prints the message. Exit 2.
    UsageOrIo(String),
}

/// What a command ends with.
pub(crate) type Outcome = Result<(), Failed>;

/// The site folder: `--root` as given, without looking further; else the nearest
/// folder holding `site.toml`, from the current folder up, as cargo, git and Zola find
/// theirs: `.` when it is the current folder, else its full path, which is also named
/// on stderr since the files ladder names are relative to it.
pub(crate) fn site_root(root: Option<PathBuf>) -> Result<PathBuf, Failed> {
    if let Some(path) = root {
        return Ok(path);
    }
    let here = std::env::current_dir()
        .map_err(|e| Failed::UsageOrIo(format!("cannot read the current folder: {e}")))?;
    match nearest_site(&here) {
        Some(dir) if dir == here => Ok(PathBuf::from(".")),
        Some(dir) => {
            eprintln!("Using the site in {}", dir.display());
            Ok(dir.to_path_buf())
        }
        None => Err(Failed::UsageOrIo(format!(
            "no {CONFIG_FILE} in this folder or any folder above it: run ladder in a site folder, pass --root DIR, or create a site with `ladder init`"
        ))),
    }
}

/// The nearest of `start` and the folders above it that holds `site.toml`.
fn nearest_site(start: &Path) -> Option<&Path> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_site_toml_wins() {
        let tmp = tempfile::tempdir().unwrap();
        let outer = tmp.path();
        let inner = outer.join("docs");
        let deep = inner.join("content/tips");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(nearest_site(&deep), None);
        std::fs::write(outer.join(CONFIG_FILE), "").unwrap();
        assert_eq!(nearest_site(&deep), Some(outer));
        std::fs::write(inner.join(CONFIG_FILE), "").unwrap();
        assert_eq!(nearest_site(&deep), Some(inner.as_path()));
        assert_eq!(nearest_site(&inner), Some(inner.as_path()));
        // A folder named site.toml is not a site.
        std::fs::create_dir(deep.join(CONFIG_FILE)).unwrap();
        assert_eq!(nearest_site(&deep), Some(inner.as_path()));
    }
}
