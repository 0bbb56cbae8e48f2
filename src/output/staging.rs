//! Building into a fresh folder beside the output and swapping it in whole, so that a
//! failed build loses nothing.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::stamp::{self, Stamp, Verdict};
use super::{unwritable, Contents, OutputFile};

/// A fresh output folder beside `out`, filled file by file (from any thread) and then
/// swapped in by [`Staging::commit`]: the old output stays intact until the new one is
/// complete, no stale file survives, and a staging folder that is dropped uncommitted
/// is removed.
///
/// A file whose bytes are already in the old output is linked to it, not written
/// again. Rebuilding a site changes few of its files; linking the rest spares the disk,
/// keeps their times for tools that sync by date, and makes removing the old output a
/// matter of names rather than of freeing blocks. Which files are unchanged, the stamps
/// the last build left on them tell from their metadata; only files without one are
/// read back.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    /// Folders already made, so each is created once.
    folders: Mutex<HashSet<String>>,
    /// Whether there is an old output whose files may be reused.
    reuse: bool,
    /// When the old output's build finished, as it recorded (0, trusting no stamp, if
    /// it did not).
    settled: u128,
    committed: bool,
}

impl Staging {
    /// Makes the empty staging folder, clearing what an interrupted build left.
    pub(crate) fn create(out: &Path) -> io::Result<Staging> {
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
            reuse: out.is_dir(),
            settled: stamp::settled_of(out).unwrap_or(0),
            committed: false,
        })
    }

    /// Writes one file into the staging folder.
    pub(crate) fn write(&self, file: &OutputFile) -> io::Result<()> {
        if let Some(problem) = unwritable(&file.path) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, problem));
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
            Contents::Bytes(bytes) => {
                let hash = stamp::fingerprint(bytes);
                if self.link_unchanged(&file.path, bytes, hash, &target) {
                    return Ok(());
                }
                write_new(&target, bytes, hash)
            }
            Contents::Copy(source) => fs::copy(source, &target).map(|_| ()),
        }
        .map_err(|e| {
            let from = file.origin.display();
            io::Error::new(e.kind(), format!("{} (from {from}): {e}", file.path))
        })
    }

    /// Links the old output's file at `path` to `target` when it is a regular file (not
    /// a link) holding exactly `bytes`, of fingerprint `hash`; says whether it did.
    fn link_unchanged(&self, path: &str, bytes: &[u8], hash: u128, target: &Path) -> bool {
        if !self.reuse {
            return false;
        }
        let old = self.out.join(path);
        let Ok(meta) = fs::symlink_metadata(&old) else {
            return false;
        };
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return false;
        }
        let now = Stamp::of(&meta, hash);
        let verdict = match now {
            Some(now) => now.against(stamp::stamp_of(&old), self.settled),
            None => Verdict::Unknown,
        };
        let unchanged = match verdict {
            Verdict::Same => true,
            Verdict::Differs => false,
            Verdict::Unknown => fs::read(&old).is_ok_and(|old| old == bytes),
        };
        if !(unchanged && fs::hard_link(&old, target).is_ok()) {
            return false;
        }
        // A file read back is stamped, so that the next build need not read it again.
        if let (Verdict::Unknown, Some(now)) = (verdict, now) {
            stamp::put_at(target, now);
        }
        true
    }

    /// Swaps the staging folder in for the output and deletes the old output.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        self.committed = true;
        // A new folder's time, set by the kernel's clock as the files' were, says when
        // the build finished: the next build vouches only for files stamped before it.
        let mark = self.dir.join(".ladder-settled");
        if fs::create_dir(&mark).is_ok() {
            let settled = fs::metadata(&mark).ok().and_then(|m| stamp::modified(&m));
            fs::remove_dir(&mark)?;
            if let Some(time) = settled {
                stamp::put_settled(&self.dir, time);
            }
        }
        if self.out.exists() {
            fs::rename(&self.out, &self.retired)?;
            if let Err(e) = fs::rename(&self.dir, &self.out) {
                let _ = fs::rename(&self.retired, &self.out);
                return Err(e);
            }
            remove_tree(&self.retired)?;
        } else {
            fs::rename(&self.dir, &self.out)?;
        }
        Ok(())
    }
}

/// Removes the folder `dir` and all it holds, its subfolders side by side: the kernel
/// drops the names of one folder one at a time, but those of two folders at once. A
/// link is removed, not what it points at.
fn remove_tree(dir: &Path) -> io::Result<()> {
    if !fs::symlink_metadata(dir)?.is_dir() {
        return fs::remove_file(dir);
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// Writes `bytes` (of fingerprint `hash`) to a new file at `target`, and stamps it.
fn write_new(target: &Path, bytes: &[u8], hash: u128) -> io::Result<()> {
    let mut file = fs::File::create(target)?;
    file.write_all(bytes)?;
    if let Some(stamp) = Stamp::of(&file.metadata()?, hash) {
        stamp::put(&file, stamp);
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_everything() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let write = |file: OutputFile| {
            let staging = Staging::create(&out).unwrap();
            staging.write(&file).unwrap();
            staging.commit().unwrap();
        };
        write(OutputFile::bytes("old.html", "x", "a"));
        write(OutputFile::bytes("d/new.html", "y", "a"));
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_to_string(out.join("d/new.html")).unwrap(), "y");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn files_their_stamps_vouch_for_are_linked_without_being_read() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::create(&out).unwrap();
            for (path, text) in files {
                staging
                    .write(&OutputFile::bytes(*path, *text, "a"))
                    .unwrap();
            }
            staging.commit().unwrap();
        };
        let files = [
            ("a.html", "hello"),
            ("d/b.html", "world"),
            ("c.html", "same"),
        ];
        build(&files);
        let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
        let (a, b, c) = (inode("a.html"), inode("d/b.html"), inode("c.html"));

        // Changed in place to the same length, its time set back as it was: its stamp
        // vouches for it, so it is linked as it is, which shows that it was not read.
        // A file system without extended attributes has no stamps: the file is read.
        let path = out.join("a.html");
        let stamped = stamp::stamp_of(&path).is_some();
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        // As if the build had finished a while after writing its files.
        let later = modified + std::time::Duration::from_secs(1);
        let nanos =
            |t: std::time::SystemTime| t.duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        stamp::put_settled(&out, nanos(later));
        fs::write(&path, "HELLO").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        // Changed in place, with a new time: written again.
        let path = out.join("d/b.html");
        fs::write(&path, "WORLD").unwrap();
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(later).unwrap();
        build(&[
            ("a.html", "hello"),
            ("d/b.html", "world"),
            ("c.html", "same"),
        ]);

        if stamped {
            assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "HELLO");
            assert_eq!(inode("a.html"), a);
        } else {
            assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "hello");
        }
        assert_eq!(fs::read_to_string(out.join("d/b.html")).unwrap(), "world");
        assert_ne!(inode("d/b.html"), b);
        assert_eq!(inode("c.html"), c, "an unchanged file was written again");

        // An unchanged file without a stamp (from a build that gave none) is read back,
        // linked, and stamped for the next build.
        if stamped {
            xattr::remove(out.join("c.html"), "user.ladder.stamp").unwrap();
            assert!(stamp::stamp_of(&out.join("c.html")).is_none());
            build(&[
                ("a.html", "hello"),
                ("d/b.html", "world"),
                ("c.html", "same"),
            ]);
            assert_eq!(inode("c.html"), c, "an unchanged file was written again");
            assert!(stamp::stamp_of(&out.join("c.html")).is_some());
        }

        // Changed in the tick the build finished in, keeping its time: read back, even
        // once other files of the output have changed the folder's own time.
        if stamped {
            let path = out.join("c.html");
            let modified = fs::metadata(&path).unwrap().modified().unwrap();
            stamp::put_settled(&out, nanos(modified));
            fs::write(&path, "SAME").unwrap();
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(modified)
                .unwrap();
            fs::write(out.join("robots.txt"), "x").unwrap();
            fs::File::open(&out).unwrap().set_modified(later).unwrap();
            build(&[
                ("a.html", "hello"),
                ("d/b.html", "world"),
                ("c.html", "same"),
            ]);
            assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "same");
        }

        // New bytes for a vouched-for file are written, whatever its metadata says.
        build(&[
            ("a.html", "hallo"),
            ("d/b.html", "world"),
            ("c.html", "same"),
        ]);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "hallo");
    }
}
