//! Phrases: every pair of neighbouring words of a page (stop words included), kept as a
//! 32-bit hash with the pages that hold it and its strength in each, in shards of their
//! own that only a quoted phrase loads. A phrase of n words matches the pages that hold
//! all its n − 1 pairs, and ranks them by the pairs' strengths.
//!
//! A pair's words are *phrase keys*: a stop word's folded self, any other word's stem.
//! `search.js` hashes them the same way (`wordHash`, `pairHash`).

use std::io;

use rayon::prelude::*;

use super::files::Out;
use super::{digits, DIR};

/// A phrase shard holds at most about this many (pair, page) entries: the number of
/// shards is the least power of two that keeps them under it. A phrase loads a whole
/// shard for each of its pairs: at about four bytes an entry, some 9 KB, under a third
/// of what a one-word query loads as it is typed (2,048 files at 10,000 pages).
pub(crate) const SHARD_ENTRIES: usize = 2048;
/// At most this many bits choose a phrase shard.
const MAX_BITS: u32 = 16;

/// FNV-1a of a phrase key's UTF-8 bytes.
pub(crate) fn word_hash(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in key.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The hash of the pair of neighbouring words whose key hashes are `a` then `b`
/// (order matters), finished with MurmurHash3's mix.
pub(crate) fn pair_hash(a: u32, b: u32) -> u32 {
    let mut x = a.wrapping_mul(0x9e37_79b1).wrapping_add(b);
    x ^= x >> 16;
    x = x.wrapping_mul(0x85eb_ca6b);
    x ^= x >> 13;
    x = x.wrapping_mul(0xc2b2_ae35);
    x ^= x >> 16;
    x
}

/// The phrase shard of a pair hash, when `bits` bits choose it: its top bits.
pub(crate) fn shard_of(hash: u32, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (hash >> (32 - bits)) as usize
    }
}

/// Phrases cover the documents numbered below this: an entry keeps a document in 24 bits.
pub(crate) const MAX_DOCS: u32 = 1 << 24;

/// An entry of the pair index: the pair's hash in the high half, then the document and
/// the pair's strength in it (one byte); `None` for a document beyond [`MAX_DOCS`].
pub(crate) fn entry(hash: u32, doc: u32, strength: u8) -> Option<u64> {
    (doc < MAX_DOCS).then(|| (u64::from(hash) << 32) | (u64::from(doc) << 8) | u64::from(strength))
}

/// How many bits choose a phrase shard for an index of about `pairs` (pair, page)
/// entries (counted before pairs of words with the same stems are merged).
pub(super) fn bits_for(pairs: usize) -> u32 {
    let mut bits = 0;
    while bits < MAX_BITS && pairs > SHARD_ENTRIES << bits {
        bits += 1;
    }
    bits
}

/// One chunk's entries grouped by shard, so that shards are sorted on their own, in
/// parallel. Consecutive shards share a list, [`GROUPS`] lists in all: at 50,000 pages a
/// chunk meets 16,384 shards with a handful of entries each, and as many small lists
/// would cost more than their entries; and [`files`] frees a group's list once its
/// shards are written, so that the entries and the files are not both held whole.
pub(super) struct ByShard {
    /// Each group's entries, shard after shard.
    groups: Vec<Vec<u64>>,
    /// Where each shard's entries start, counted over the groups one after another;
    /// then their total.
    starts: Vec<u32>,
}

/// How many lists hold a chunk's entries (see [`ByShard`]).
const GROUPS: usize = 16;

/// How many consecutive shards of `shards` share a list of [`ByShard`].
fn per_group(shards: usize) -> usize {
    shards.div_ceil(GROUPS)
}

impl ByShard {
    /// Groups `entries` by their shard of `bits` bits, keeping their order within each
    /// shard: a counting sort, which moves each entry once and compares none.
    pub(super) fn of(entries: Vec<u64>, bits: u32) -> ByShard {
        let shard = |e: u64| shard_of((e >> 32) as u32, bits);
        let shards = 1usize << bits;
        let mut starts = vec![0u32; shards + 1];
        for &e in &entries {
            starts[shard(e) + 1] += 1;
        }
        for n in 1..starts.len() {
            starts[n] += starts[n - 1];
        }
        let per = per_group(shards);
        let mut groups: Vec<Vec<u64>> = (0..shards)
            .step_by(per)
            .map(|first| {
                let last = (first + per).min(shards);
                vec![0; (starts[last] - starts[first]) as usize]
            })
            .collect();
        let mut next = starts.clone();
        for e in entries {
            let n = shard(e);
            let group = n / per;
            let at = next[n] - starts[group * per];
            groups[group][at as usize] = e;
            next[n] += 1;
        }
        ByShard { groups, starts }
    }

    /// The entries of shard `n`.
    fn shard(&self, n: usize) -> &[u64] {
        let per = per_group(self.starts.len() - 1);
        let group = n / per;
        let first = self.starts[group * per];
        let (start, end) = (self.starts[n] - first, self.starts[n + 1] - first);
        &self.groups[group][start as usize..end as usize]
    }
}

/// The phrase shard files `p<i>.js` of the chunks' entries, grouped by [`ByShard::of`]. Each
/// shard is one flat list of numbers, written as one string of [`digits`]: for each
/// pair in increasing hash order, the hash (the first absolute, then the difference
/// from the previous), the number of documents `n`, and for each of its `n` documents
/// the document (the first absolute, then differences) and the pair's strength in it.
/// Pairs of words with the same keys are one pair, as strong in a page as the strongest.
/// Each file goes to `out` once its group of shards is made.
pub(super) fn files(mut chunks: Vec<ByShard>, bits: u32, out: &mut Out) -> io::Result<()> {
    let shards = 1usize << bits;
    let per = per_group(shards);
    for (group, first) in (0..shards).step_by(per).enumerate() {
        let made: Vec<_> = (first..(first + per).min(shards))
            .into_par_iter()
            .map(|n| file(&chunks, n))
            .collect();
        for chunk in &mut chunks {
            chunk.groups[group] = Vec::new();
        }
        made.into_iter().try_for_each(&mut *out)?;
    }
    Ok(())
}

/// Phrase shard `n`'s file, made of the chunks' entries.
fn file(chunks: &[ByShard], n: usize) -> (String, Vec<u8>) {
    let mut list: Vec<u64> = chunks.iter().flat_map(|c| c.shard(n)).copied().collect();
    list.sort_unstable();
    // Sorted, a document's entries for one pair are together, the strongest last.
    list.dedup_by(|later, kept| {
        let same = *later >> 8 == *kept >> 8;
        if same {
            *kept = *later;
        }
        same
    });
    let name = format!("p{n}");
    let mut out = String::with_capacity(64 + list.len() * 3);
    out.push_str("(self.ladderSearch=self.ladderSearch||[]).push([\"");
    out.push_str(&name);
    out.push_str("\",\"");
    write_shard(&list, &mut out);
    out.push_str("\"]);\n");
    (format!("{DIR}/{name}.js"), out.into_bytes())
}

/// Writes sorted entries in the flat form of [`files`].
fn write_shard(entries: &[u64], out: &mut String) {
    let push = digits::push;
    let mut last_hash = 0u64;
    let mut rest = entries;
    while let Some(&first) = rest.first() {
        let hash = first >> 32;
        let n = rest.iter().take_while(|&&e| e >> 32 == hash).count();
        push(out, hash - last_hash);
        push(out, n as u64);
        let mut last_doc = 0u64;
        for &e in &rest[..n] {
            let doc = (e >> 8) & 0xff_ffff;
            push(out, doc - last_doc);
            // A strength is below 57: one digit.
            push(out, e & 0xff);
            last_doc = doc;
        }
        last_hash = hash;
        rest = &rest[n..];
    }
}

/// The documents of pair `hash` in a shard's flat list, as [`files`] writes it, each
/// with the pair's strength in it.
pub(crate) fn docs_in(list: &[u64], hash: u32) -> Vec<(usize, u64)> {
    let hash = u64::from(hash);
    let mut h = 0u64;
    let mut i = 0;
    while i + 1 < list.len() {
        h += list[i];
        let n = list[i + 1] as usize;
        if h == hash {
            let mut doc = 0u64;
            let end = (i + 2 + 2 * n).min(list.len());
            return list[i + 2..end]
                .chunks_exact(2)
                .map(|e| {
                    doc += e[0];
                    (doc as usize, e[1])
                })
                .collect();
        }
        if h > hash {
            break;
        }
        i += 2 + 2 * n;
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_fnv_and_ordered_pairs() {
        // FNV-1a's published test values.
        assert_eq!(word_hash(""), 0x811c_9dc5);
        assert_eq!(word_hash("a"), 0xe40c_292c);
        let (a, b) = (word_hash("manag"), word_hash("up"));
        assert_ne!(pair_hash(a, b), pair_hash(b, a));
    }

    #[test]
    fn entries_are_grouped_by_shard_in_their_order() {
        let e = |hash, doc| entry(hash, doc, 1).unwrap();
        let (high, low, mid) = (0xc000_0000, 0x1000_0000, 0x4000_0000);
        let grouped = ByShard::of(vec![e(high, 5), e(low, 9), e(high, 2), e(low, 1)], 2);
        assert_eq!(grouped.shard(0), [e(low, 9), e(low, 1)]);
        assert!(grouped.shard(1).is_empty());
        assert!(grouped.shard(2).is_empty());
        assert_eq!(grouped.shard(3), [e(high, 5), e(high, 2)]);
        assert_eq!(ByShard::of(vec![e(mid, 0)], 2).shard(1), [e(mid, 0)]);
    }

    /// The files [`files`] writes.
    fn written(chunks: Vec<ByShard>, bits: u32) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        files(chunks, bits, &mut |file| {
            out.push(file);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn shards_in_several_groups_are_written_in_order() {
        // 64 shards, four to a group; distinct (pair, page) entries in two chunks.
        let bits = 6;
        let mut seed = 11u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed
        };
        let chunks: Vec<Vec<u64>> = (0..2u32)
            .map(|c| {
                (0..500u32)
                    .map(|d| entry(next(), c * 500 + d, (next() % 50 + 1) as u8).unwrap())
                    .collect()
            })
            .collect();
        let grouped: Vec<ByShard> = chunks
            .iter()
            .map(|c| ByShard::of(c.clone(), bits))
            .collect();
        let files = written(grouped, bits);
        assert_eq!(files.len(), 64);
        for (n, (path, bytes)) in files.iter().enumerate() {
            assert_eq!(path, &format!("{DIR}/p{n}.js"));
            let mut list: Vec<u64> = chunks
                .iter()
                .flatten()
                .filter(|&&e| shard_of((e >> 32) as u32, bits) == n)
                .copied()
                .collect();
            list.sort_unstable();
            let mut written = String::new();
            write_shard(&list, &mut written);
            let text = std::str::from_utf8(bytes).unwrap();
            assert!(
                text.contains(&format!("\"{written}\"")),
                "shard {n}: {text}"
            );
        }
    }

    #[test]
    fn shards_read_back() {
        let e = |hash, doc, strength| entry(hash, doc, strength).unwrap();
        let entries = vec![
            ByShard::of(vec![e(7, 3, 12), e(7, 1, 4), e(0xffff_0000, 2, 30)], 0),
            // The same pair in the same page from another chunk: the stronger counts.
            ByShard::of(vec![e(7, 3, 20), e(9, 0, 1)], 0),
        ];
        assert_eq!(bits_for(5), 0);
        assert_eq!(bits_for(SHARD_ENTRIES * 3), 2);
        assert_eq!(entry(1, MAX_DOCS, 1), None);
        let files = written(entries, 0);
        assert_eq!(files.len(), 1);
        let text = String::from_utf8(files[0].1.clone()).unwrap();
        let list: Vec<u64> = [7, 2, 1, 4, 2, 20, 2, 1, 0, 1, 4_294_901_751, 1, 2, 30].into();
        let mut written = String::new();
        for &n in &list {
            digits::push(&mut written, n);
        }
        assert!(text.contains(&format!("\"{written}\"")), "{text}");
        assert_eq!(docs_in(&list, 7), [(1, 4), (3, 20)]);
        assert_eq!(docs_in(&list, 9), [(0, 1)]);
        assert_eq!(docs_in(&list, 0xffff_0000), [(2, 30)]);
        assert!(docs_in(&list, 8).is_empty());
    }
}
