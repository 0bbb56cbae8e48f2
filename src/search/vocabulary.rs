//! Numbering by stem: every surface word of the site with its stem, stems numbered in
//! sorted order, and each page's counts moved from its chunk's word numbers to stems.

use rayon::prelude::*;

use super::count::{Chunk, DocStats};
use super::text::Stems;

/// Every surface word of the site, sorted, with its stem's number; and the stems,
/// numbered in sorted order.
pub(super) struct Vocabulary<'a> {
    pub(super) surfaces: Vec<&'a str>,
    pub(super) stems: Vec<&'a str>,
    pub(super) stem_of_surface: Vec<u32>,
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
    let mut surfaces: Vec<&str> = chunk_words.iter().flatten().map(String::as_str).collect();
    surfaces.par_sort_unstable();
    surfaces.dedup();
    surfaces
}

/// Each surface word's stem.
pub(super) fn stems_of(surfaces: &[&str]) -> Vec<String> {
    surfaces
        .par_iter()
        .map_init(Stems::default, |s, w| s.stem(w).into_owned())
        .collect()
}

impl<'a> Vocabulary<'a> {
    /// The vocabulary of the sorted `surfaces`, whose stems are `surface_stems`.
    pub(super) fn new(surfaces: Vec<&'a str>, surface_stems: &'a [String]) -> Self {
        let mut stems: Vec<&str> = surface_stems.iter().map(String::as_str).collect();
        stems.par_sort_unstable();
        stems.dedup();
        let stem_of_surface: Vec<u32> = surface_stems.iter().map(|s| position(&stems, s)).collect();
        Vocabulary {
            surfaces,
            stems,
            stem_of_surface,
        }
    }

    /// Each page's counts, renumbered from its chunk's words (`chunk_words`, taken from
    /// `chunks`) to stems, and each page's record, in page order.
    pub(super) fn counts_by_stem(
        &self,
        chunks: Vec<Chunk>,
        chunk_words: &[Vec<String>],
    ) -> (Vec<DocStats>, Vec<String>) {
        let Vocabulary {
            surfaces,
            stem_of_surface,
            ..
        } = self;
        let (stats, records): (Vec<Vec<DocStats>>, Vec<Vec<String>>) = chunks
            .into_par_iter()
            .zip(chunk_words)
            .map(|(chunk, words)| {
                let to_stem: Vec<u32> = words
                    .iter()
                    .map(|w| stem_of_surface[position(surfaces, w) as usize])
                    .collect();
                let stats = chunk
                    .stats
                    .into_iter()
                    .map(|s| renumber(s, &to_stem))
                    .collect();
                (stats, chunk.records)
            })
            .unzip();
        let stats: Vec<DocStats> = stats.into_iter().flatten().collect();
        let records: Vec<String> = records.into_iter().flatten().collect();
        (stats, records)
    }
}

/// Where `item` is in the sorted, deduplicated `list` it is known to be in.
fn position(list: &[&str], item: &str) -> u32 {
    list.binary_search(&item).unwrap_or_else(|i| i) as u32
}

/// Moves counts from a chunk's word numbers to stem numbers, merging the words that
/// share a stem, in stem order.
fn renumber(s: DocStats, to_stem: &[u32]) -> DocStats {
    fn merge<const N: usize>(list: Vec<(u32, [u32; N])>, to_stem: &[u32]) -> Vec<(u32, [u32; N])> {
        let mut list: Vec<(u32, [u32; N])> = list
            .into_iter()
            .map(|(id, c)| (to_stem[id as usize], c))
            .collect();
        list.sort_unstable_by_key(|(id, _)| *id);
        let mut out: Vec<(u32, [u32; N])> = Vec::with_capacity(list.len());
        for (id, counts) in list {
            match out.last_mut() {
                Some((last, sum)) if *last == id => {
                    for (s, c) in sum.iter_mut().zip(counts) {
                        *s += c;
                    }
                }
                _ => out.push((id, counts)),
            }
        }
        out
    }
    DocStats {
        tf: merge(s.tf, to_stem),
        len: s.len,
        sections: s
            .sections
            .into_iter()
            .map(|(stf, len)| (merge(stf, to_stem), len))
            .collect(),
    }
}
