//! Term counts packed for holding: between counting and scoring, a site holds one entry
//! per distinct word of each page (and of each section), and most entries are one
//! field's small count.

/// A list of `(number, counts)` entries, each packed as its number (LEB128), a byte with
/// a bit set for each count that is not zero, and those counts (LEB128): some four bytes
/// an entry, where `(u32, [u16; N])` takes 4 + 2N.
#[derive(Debug, Default)]
pub(super) struct Packed<const N: usize> {
    bytes: Box<[u8]>,
    len: u32,
}

impl<const N: usize> Packed<N> {
    /// Packs `entries`, in their order, writing them first in `scratch` so that the list
    /// holds no spare room.
    pub(super) fn new(
        entries: impl ExactSizeIterator<Item = (u32, [u16; N])>,
        scratch: &mut Vec<u8>,
    ) -> Self {
        const { assert!(N <= 8, "a byte marks the counts") };
        let len = entries.len() as u32;
        let bytes = scratch;
        bytes.clear();
        for (number, counts) in entries {
            push(bytes, number);
            let mark = counts
                .iter()
                .enumerate()
                .filter(|(_, &c)| c != 0)
                .fold(0u8, |mark, (f, _)| mark | 1 << f);
            bytes.push(mark);
            for &c in counts.iter().filter(|&&c| c != 0) {
                push(bytes, u32::from(c));
            }
        }
        Packed {
            bytes: Box::from(bytes.as_slice()),
            len,
        }
    }

    /// How many entries there are.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// The entries, in the order they were packed.
    pub(super) fn iter(&self) -> Entries<'_, N> {
        Entries { rest: &self.bytes }
    }
}

/// The entries of a [`Packed`] list.
pub(super) struct Entries<'a, const N: usize> {
    rest: &'a [u8],
}

impl<const N: usize> Iterator for Entries<'_, N> {
    type Item = (u32, [u16; N]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let number = take(&mut self.rest);
        let (&mark, rest) = self.rest.split_first()?;
        self.rest = rest;
        let mut counts = [0u16; N];
        for (f, c) in counts.iter_mut().enumerate() {
            if mark & 1 << f != 0 {
                // Packed from a u16.
                *c = take(&mut self.rest) as u16;
            }
        }
        Some((number, counts))
    }
}

/// Appends `n` in LEB128: seven bits a byte, low first, the high bit set on all but the last.
fn push(bytes: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        bytes.push(n as u8 | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

/// Reads a number written by [`push`] off the front of `rest`.
fn take(rest: &mut &[u8]) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some((&b, after)) = rest.split_first() {
        *rest = after;
        n |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back_in_order() {
        let entries = vec![
            (0, [0, 0, 0]),
            (127, [1, 0, 0]),
            (128, [0, 300, 0]),
            (u32::MAX, [u16::MAX, 0, 7]),
            (5, [2, 3, 4]),
        ];
        let scratch = &mut Vec::new();
        let packed = Packed::new(entries.iter().copied(), scratch);
        assert_eq!(packed.len(), 5);
        assert_eq!(packed.iter().collect::<Vec<_>>(), entries);
        // One count below 128 with a number below 128: three bytes.
        assert_eq!(
            Packed::new([(9, [0, 0, 1])].into_iter(), scratch)
                .bytes
                .len(),
            3
        );
        assert_eq!(Packed::<2>::default().iter().count(), 0);
    }
}
