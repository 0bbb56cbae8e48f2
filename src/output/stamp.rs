//! A file's stamp: its length and time as a build left them, and a fingerprint of its
//! bytes, kept in the file's extended attributes. The next build can then tell an
//! unchanged file from its metadata alone, without reading it: on a cold disk, reading
//! back a 10,000-page output takes longer than the whole build.

use std::fs::{File, Metadata};
use std::path::Path;
use std::time::UNIX_EPOCH;

/// The extended attribute that holds a stamp.
#[cfg(unix)]
const ATTRIBUTE: &str = "user.ladder.stamp";

/// The extended attribute of the output folder that holds when its build finished.
#[cfg(unix)]
const SETTLED: &str = "user.ladder.settled";

/// A file as a build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    /// Its length in bytes.
    len: u64,
    /// Its modification time, in nanoseconds since 1970.
    modified: u128,
    /// The fingerprint of its bytes.
    hash: u128,
}

/// What a file's stamp says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Untouched since it was stamped, and it holds the bytes asked about.
    Same,
    /// Changed since, or it holds other bytes.
    Differs,
    /// The stamp cannot tell (there is none, or the file may have changed in the tick
    /// it was written in): its bytes must be read.
    Unknown,
}

impl Stamp {
    /// The stamp of a file with metadata `meta` holding bytes of fingerprint `hash`, or
    /// `None` when the file system keeps no modification time.
    pub(super) fn of(meta: &Metadata, hash: u128) -> Option<Stamp> {
        Some(Stamp {
            len: meta.len(),
            modified: modified(meta)?,
            hash,
        })
    }

    /// What `then`, the stamp a file was given, says of the file now: `self` is its
    /// metadata now with the fingerprint of the bytes asked about. `settled` is when the
    /// build that stamped it finished: a file changed in the same tick of the clock as
    /// it was written keeps its time, so only files older than that are vouched for.
    pub(super) fn against(&self, then: Option<Stamp>, settled: u128) -> Verdict {
        match then {
            None => Verdict::Unknown,
            Some(then) if (then.len, then.modified) != (self.len, self.modified) => {
                Verdict::Differs
            }
            Some(then) if then.modified >= settled => Verdict::Unknown,
            Some(then) if then.hash == self.hash => Verdict::Same,
            Some(_) => Verdict::Differs,
        }
    }

    #[cfg(unix)]
    fn to_bytes(self) -> [u8; 40] {
        let mut bytes = [0; 40];
        bytes[..8].copy_from_slice(&self.len.to_le_bytes());
        bytes[8..24].copy_from_slice(&self.modified.to_le_bytes());
        bytes[24..].copy_from_slice(&self.hash.to_le_bytes());
        bytes
    }

    #[cfg(unix)]
    fn from_bytes(bytes: &[u8]) -> Option<Stamp> {
        let bytes: &[u8; 40] = bytes.try_into().ok()?;
        let (len, rest) = bytes.split_at(8);
        let (modified, hash) = rest.split_at(16);
        Some(Stamp {
            len: u64::from_le_bytes(len.try_into().ok()?),
            modified: u128::from_le_bytes(modified.try_into().ok()?),
            hash: u128::from_le_bytes(hash.try_into().ok()?),
        })
    }
}

/// When a file or folder was last modified, in nanoseconds since 1970, where the file
/// system says.
pub(super) fn modified(meta: &Metadata) -> Option<u128> {
    let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(since.as_nanos())
}

/// The fingerprint of a file's bytes: 128 bits, so that two different files of one
/// site sharing one is not a practical concern.
pub(super) fn fingerprint(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Gives the file just written as `file` its stamp. Where the file system keeps no
/// extended attributes, the file goes unstamped and the next build reads it back
/// instead; so failures are not errors.
pub(super) fn put(file: &File, stamp: Stamp) {
    #[cfg(unix)]
    {
        use xattr::FileExt;
        let _ = file.set_xattr(ATTRIBUTE, &stamp.to_bytes());
    }
    #[cfg(not(unix))]
    let _ = (file, stamp);
}

/// Gives the file at `path` its stamp, as [`put`] does.
pub(super) fn put_at(path: &Path, stamp: Stamp) {
    #[cfg(unix)]
    let _ = xattr::set(path, ATTRIBUTE, &stamp.to_bytes());
    #[cfg(not(unix))]
    let _ = (path, stamp);
}

/// Records on the output folder `dir` when its build finished, `time` (as [`modified`]
/// gives it). Kept apart from the folder's own time, which other programs move.
pub(super) fn put_settled(dir: &Path, time: u128) {
    #[cfg(unix)]
    let _ = xattr::set(dir, SETTLED, &time.to_le_bytes());
    #[cfg(not(unix))]
    let _ = (dir, time);
}

/// When the build of the output folder `dir` finished, if it recorded it.
pub(super) fn settled_of(dir: &Path) -> Option<u128> {
    #[cfg(unix)]
    return Some(u128::from_le_bytes(
        xattr::get(dir, SETTLED).ok()??.try_into().ok()?,
    ));
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// The stamp of the file at `path` (not following a link), if it has one.
pub(super) fn stamp_of(path: &Path) -> Option<Stamp> {
    #[cfg(unix)]
    return Stamp::from_bytes(&xattr::get(path, ATTRIBUTE).ok()??);
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(modified: u128, hash: u128) -> Stamp {
        Stamp {
            len: 5,
            modified,
            hash,
        }
    }

    #[test]
    fn a_stamp_vouches_only_for_an_untouched_file_with_the_same_bytes() {
        let now = stamp(10, 1);
        assert_eq!(now.against(Some(stamp(10, 1)), 11), Verdict::Same);
        assert_eq!(now.against(Some(stamp(10, 2)), 11), Verdict::Differs);
        assert_eq!(now.against(Some(stamp(9, 1)), 11), Verdict::Differs);
        let longer = Stamp { len: 6, ..now };
        assert_eq!(longer.against(Some(now), 11), Verdict::Differs);
        assert_eq!(now.against(None, 11), Verdict::Unknown);
        // Written in the tick the build finished in: the time cannot vouch.
        assert_eq!(now.against(Some(stamp(10, 1)), 10), Verdict::Unknown);
    }

    #[cfg(unix)]
    #[test]
    fn a_stamp_reads_back_from_its_bytes() {
        let s = stamp(1_796_067_462_176_260_685, u128::MAX - 7);
        assert_eq!(Stamp::from_bytes(&s.to_bytes()), Some(s));
        assert_eq!(Stamp::from_bytes(&s.to_bytes()[1..]), None);
    }

    #[test]
    fn fingerprints_tell_bytes_apart() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
    }
}
