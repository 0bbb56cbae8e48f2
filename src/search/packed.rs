//! Lists of small numbers packed for holding: between counting and writing the index, a
//! site holds every page's word counts (an entry per distinct word of each page and
//! section, mostly one field's small count), its pairs of neighbouring words, and its
//! posting entries.

use super::count::PAIR_WORD_BITS;

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

/// A page's pairs of words, each a [`pair_words`](super::count::pair_words) value (the
/// first word's number above [`PAIR_WORD_BITS`] bits, the second's below) with a byte
/// of its own, packed in increasing order: per pair, how far its first word is from the
/// last pair's first word, then its second word with the bit that tells a stop word
/// moved to the bottom, both in LEB128, then the byte. Some four bytes a pair, where the
/// pair alone takes eight.
#[derive(Debug, Default)]
pub(super) struct PackedPairs {
    bytes: Box<[u8]>,
    len: u32,
}

impl PackedPairs {
    /// Packs `pairs`, which are in increasing order, each with its byte in `bytes`,
    /// writing them first in `scratch` so that the list holds no spare room.
    pub(super) fn new(pairs: &[u64], bytes: &[u8], scratch: &mut Vec<u8>) -> Self {
        let out = scratch;
        out.clear();
        let mut last = 0;
        for (&pair, &byte) in pairs.iter().zip(bytes) {
            let (first, second) = (pair >> PAIR_WORD_BITS, pair & SECOND);
            push64(out, first - last);
            push64(
                out,
                (second & STOP_WORD) >> (PAIR_WORD_BITS - 1) | (second & !STOP_WORD) << 1,
            );
            out.push(byte);
            last = first;
        }
        PackedPairs {
            bytes: Box::from(out.as_slice()),
            len: pairs.len().min(bytes.len()) as u32,
        }
    }

    /// How many pairs there are.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// The pairs with their bytes, in increasing order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u64, u8)> + '_ {
        let mut rest: &[u8] = &self.bytes;
        let mut last = 0;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let first = last + take64(&mut rest);
            let moved = take64(&mut rest);
            let second = (moved >> 1) | (moved & 1) << (PAIR_WORD_BITS - 1);
            let (&byte, after) = rest.split_first()?;
            rest = after;
            last = first;
            Some((first << PAIR_WORD_BITS | second, byte))
        })
    }
}

/// A list of numbers, each in LEB128: a half or less of the room the same `u32`s take
/// when most of them are small.
#[derive(Debug, Default)]
pub(super) struct PackedNumbers {
    bytes: Box<[u8]>,
}

impl PackedNumbers {
    /// Packs `numbers`, writing them first in `scratch` so that the list holds no spare
    /// room, and turns each of `marks`, an index into `numbers` (in increasing order),
    /// into the offset where that number starts in the packed bytes: a place
    /// [`PackedNumbers::iter_from`] reads from.
    pub(super) fn new_marked(numbers: &[u32], marks: &mut [u32], scratch: &mut Vec<u8>) -> Self {
        scratch.clear();
        let mut marks = marks.iter_mut().peekable();
        for (i, &n) in numbers.iter().enumerate() {
            while let Some(mark) = marks.next_if(|m| **m as usize <= i) {
                *mark = scratch.len() as u32;
            }
            push(scratch, n);
        }
        marks.for_each(|mark| *mark = scratch.len() as u32);
        PackedNumbers {
            bytes: Box::from(scratch.as_slice()),
        }
    }

    /// The numbers from the one at byte `offset` on (a mark of
    /// [`PackedNumbers::new_marked`]), in order.
    pub(super) fn iter_from(&self, offset: u32) -> impl Iterator<Item = u32> + '_ {
        let mut rest: &[u8] = self.bytes.get(offset as usize..).unwrap_or_default();
        std::iter::from_fn(move || (!rest.is_empty()).then(|| take(&mut rest)))
    }
}

/// The bits of a pair's second word.
const SECOND: u64 = (1 << PAIR_WORD_BITS) - 1;
/// The bit of a word in a pair that tells a stop word.
const STOP_WORD: u64 = 1 << (PAIR_WORD_BITS - 1);

/// Appends `n` in LEB128: seven bits a byte, low first, the high bit set on all but the last.
fn push(bytes: &mut Vec<u8>, n: u32) {
    push64(bytes, u64::from(n));
}

/// Appends `n` in LEB128, as [`push`].
fn push64(bytes: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        bytes.push(n as u8 | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

/// Reads a number written by [`push`] off the front of `rest`.
fn take(rest: &mut &[u8]) -> u32 {
    // Written from a u32.
    take64(rest) as u32
}

/// Reads a number written by [`push64`] off the front of `rest`.
fn take64(rest: &mut &[u8]) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    while let Some((&b, after)) = rest.split_first() {
        *rest = after;
        n |= u64::from(b & 0x7f) << shift;
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

    #[test]
    fn numbers_read_back_from_their_marks() {
        let numbers = [3, 300, 7, 70_000, 1, 2];
        // Marks at the start, within, twice at one place, and past the end.
        let mut marks = [0, 1, 3, 3, 6];
        let packed = PackedNumbers::new_marked(&numbers, &mut marks, &mut Vec::new());
        assert_eq!(marks, [0, 1, 4, 4, 9]);
        for (mark, from) in marks.iter().zip([0, 1, 3, 3, 6]) {
            let read: Vec<u32> = packed.iter_from(*mark).collect();
            assert_eq!(read, numbers[from..]);
        }
    }

    #[test]
    fn numbers_read_back_in_order() {
        let numbers = [0, 1, 127, 128, 300, u32::MAX, 5];
        let packed = PackedNumbers::new_marked(&numbers, &mut [], &mut Vec::new());
        assert_eq!(packed.iter_from(0).collect::<Vec<_>>(), numbers);
        assert_eq!(packed.bytes.len(), 1 + 1 + 1 + 2 + 2 + 5 + 1);
    }

    #[test]
    fn pairs_read_back_in_order() {
        let word = |stop: bool, n: u64| if stop { STOP_WORD | n } else { n };
        let pair = |a, b| a << PAIR_WORD_BITS | b;
        let pairs = [
            pair(word(false, 0), word(false, 0)),
            pair(word(false, 0), word(true, 3)),
            pair(word(false, 200), word(false, STOP_WORD - 1)),
            pair(word(true, 0), word(false, 1)),
            pair(word(true, STOP_WORD - 1), word(true, STOP_WORD - 1)),
        ];
        let bytes = [1, 2, 3, 4, 56];
        let packed = PackedPairs::new(&pairs, &bytes, &mut Vec::new());
        assert_eq!(packed.len(), 5);
        let back: Vec<(u64, u8)> = packed.iter().collect();
        assert_eq!(back, pairs.into_iter().zip(bytes).collect::<Vec<_>>());
        // Two small words and a byte: three bytes.
        assert_eq!(
            PackedPairs::new(&[pair(1, 2)], &[9], &mut Vec::new())
                .bytes
                .len(),
            3
        );
    }
}
