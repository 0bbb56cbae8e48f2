//! Numbering by stem: every surface word of the site with its stem, stems numbered in
//! sorted order, each page's counts moved from its chunk's word numbers to stems, and
//! each page's pairs of neighbouring words hashed for the phrase index.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::count::{pair_words, Chunk, DocStats, STOP_BIT};
use super::language::Language;
use super::packed::{Packed, PackedPairs};
use super::phrases;
use super::text::{fold_marks, Stems};

/// Every surface word of the site (lower forms, sorted) with its stem's number; the
/// stems, numbered in sorted order; and the word table the browser reads: each folded
/// surface word with the stems of the words that fold to it.
pub(super) struct Vocabulary<'a> {
    pub(super) surfaces: Vec<&'a str>,
    pub(super) stems: Vec<&'a str>,
    pub(super) stem_of_surface: Vec<u32>,
    pub(super) folded: Vec<(String, Vec<u32>)>,
}

/// Each chunk's words, taken out of it for the vocabulary to borrow.
pub(super) fn take_words(chunks: &mut [Chunk]) -> Vec<Vec<String>> {
    chunks
        .iter_mut()
        .map(|c| std::mem::take(&mut c.words))
        .collect()
}

/// Every surface word of the chunks, sorted and once.
pub(super) fn surfaces(chunk_words: &[Vec<String>]) -> Vec<&str> {
    // Most words are in many chunks: they are made distinct first, so that each is sorted once.
    let distinct: FxHashSet<&str> = chunk_words.iter().flatten().map(String::as_str).collect();
    let mut surfaces: Vec<&str> = distinct.into_iter().collect();
    surfaces.par_sort_unstable();
    surfaces
}

/// Each surface word's stem in `language`.
pub(super) fn stems_of(surfaces: &[&str], language: &Language) -> Vec<String> {
    surfaces
        .par_iter()
        .map_init(|| Stems::new(language), |s, w| s.stem(w))
        .collect()
}

impl<'a> Vocabulary<'a> {
    /// The vocabulary of the sorted `surfaces`, whose stems are `surface_stems`.
    pub(super) fn new(surfaces: Vec<&'a str>, surface_stems: &'a [String]) -> Self {
        let mut stems: Vec<&str> = surface_stems.iter().map(String::as_str).collect();
        stems.par_sort_unstable();
        stems.dedup();
        let stem_of_surface: Vec<u32> = surface_stems.iter().map(|s| position(&stems, s)).collect();
        // Most words have no accent: folded, they are themselves, and already in order.
        let mut folded: Vec<(String, u32)> = surfaces
            .par_iter()
            .zip(&stem_of_surface)
            .map_init(String::new, |buf, (w, &stem)| {
                fold_marks(w, buf);
                (buf.clone(), stem)
            })
            .collect();
        folded.par_sort_unstable();
        folded.dedup();
        let mut table: Vec<(String, Vec<u32>)> = Vec::with_capacity(folded.len());
        for (word, stem) in folded {
            match table.last_mut() {
                Some((last, stems)) if *last == word => stems.push(stem),
                _ => table.push((word, vec![stem])),
            }
        }
        Vocabulary {
            surfaces,
            stems,
            stem_of_surface,
            folded: table,
        }
    }

    /// Each page's counts, renumbered from its chunk's words (`chunk_words`, taken from
    /// `chunks`) to stems, in page order; and each chunk's entries of the phrase index
    /// ([`phrases::entry`]).
    /// The entries are placed in phrase shards of `bits` bits.
    pub(super) fn counts_by_stem(
        &self,
        chunks: Vec<Chunk>,
        chunk_words: &[Vec<String>],
        bits: u32,
    ) -> (Vec<DocStats>, Vec<phrases::ByShard>) {
        let Vocabulary {
            surfaces,
            stems,
            stem_of_surface,
            ..
        } = self;
        let stem_hash: Vec<u32> = stems.par_iter().map(|s| phrases::word_hash(s)).collect();
        // Each chunk looks up every word it has: a map finds one in a probe where a search
        // of the sorted words compares it some sixteen times.
        let surface_number: FxHashMap<&str, u32> = surfaces
            .iter()
            .enumerate()
            .map(|(n, w)| (*w, n as u32))
            .collect();
        let mut first_doc = Vec::with_capacity(chunks.len());
        let mut docs = 0u32;
        for c in &chunks {
            first_doc.push(docs);
            docs += c.stats.len() as u32;
        }
        type ChunkOut = (Vec<DocStats>, phrases::ByShard);
        let out: Vec<ChunkOut> = chunks
            .into_par_iter()
            .zip(chunk_words)
            .zip(first_doc)
            .map(|((chunk, words), first)| {
                let to_stem: Vec<u32> = words
                    .iter()
                    .map(|w| {
                        let surface = surface_number.get(w.as_str()).copied().unwrap_or(0);
                        stem_of_surface[surface as usize]
                    })
                    .collect();
                // A stop word's phrase key is itself; any other word's, its stem.
                let word_key: Vec<u32> = to_stem.iter().map(|&s| stem_hash[s as usize]).collect();
                let stop_key: Vec<u32> =
                    chunk.stops.iter().map(|w| phrases::word_hash(w)).collect();
                let key = |id: u32| {
                    if id & STOP_BIT != 0 {
                        stop_key[(id & !STOP_BIT) as usize]
                    } else {
                        word_key[id as usize]
                    }
                };
                let entries = chunk.stats.iter().map(|s| s.pairs.len()).sum();
                let mut pairs = Vec::with_capacity(entries);
                let scratch = &mut Vec::new();
                let stats = chunk
                    .stats
                    .into_iter()
                    .enumerate()
                    .map(|(n, mut s)| {
                        let doc = first + n as u32;
                        for (p, strength) in std::mem::take(&mut s.pairs).iter() {
                            let (a, b) = pair_words(p);
                            let hash = phrases::pair_hash(key(a), key(b));
                            if let Some(entry) = phrases::entry(hash, doc, strength) {
                                pairs.push(entry);
                            }
                        }
                        renumber(s, &to_stem, scratch)
                    })
                    .collect();
                (stats, phrases::ByShard::of(pairs, bits))
            })
            .collect();
        let mut stats = Vec::with_capacity(docs as usize);
        let mut pairs = Vec::with_capacity(out.len());
        for (s, p) in out {
            stats.extend(s);
            pairs.push(p);
        }
        (stats, pairs)
    }
}

/// Where `item` is in the sorted, deduplicated `list` it is known to be in.
fn position(list: &[&str], item: &str) -> u32 {
    list.binary_search(&item).unwrap_or_else(|i| i) as u32
}

/// Moves counts from a chunk's word numbers to stem numbers, merging the words that
/// share a stem, in stem order; `scratch` is room for packing them.
fn renumber(s: DocStats, to_stem: &[u32], scratch: &mut Vec<u8>) -> DocStats {
    fn merge<const N: usize>(list: Packed<N>, to_stem: &[u32], scratch: &mut Vec<u8>) -> Packed<N> {
        let mut list: Vec<(u32, [u16; N])> = list
            .iter()
            .map(|(id, c)| (to_stem[id as usize], c))
            .collect();
        list.sort_unstable_by_key(|(id, _)| *id);
        list.dedup_by(|(id, counts), (kept, sum)| {
            let same = id == kept;
            if same {
                for (s, c) in sum.iter_mut().zip(*counts) {
                    *s = s.saturating_add(c);
                }
            }
            same
        });
        Packed::new(list.into_iter(), scratch)
    }
    DocStats {
        tf: merge(s.tf, to_stem, scratch),
        len: s.len,
        share: s.share,
        pairs: PackedPairs::default(),
        sections: s
            .sections
            .into_iter()
            .map(|(stf, len)| (merge(stf, to_stem, scratch), len))
            .collect(),
    }
}
