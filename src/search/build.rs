//! Building the index from the loaded pages, phase by phase (format in the module doc of
//! `search`).

use std::io;

use super::count::{count, Counted};
use super::files::{self, ContentHash, IndexFiles, Shards};
use super::phrases;
use super::score::{self, Collection};
use super::synonyms;
use super::vocabulary::{self, Vocabulary};
use super::{DIR, DOC_SHARD_DOCS};
use crate::content::{Body, Page};
use crate::output::OutputFile;
use crate::topics::Topics;

/// Builds the index of the published articles and tips among `pages`, whose bodies as
/// HTML are `html` (in the same order), with their topics named by `topics`, written in
/// the language tagged `language` (`en`, `fr-CA`): one index is in one language.
/// `synonyms` are the site's groups of words that find one another.
pub fn build(
    pages: &[Page],
    html: &[Body],
    topics: &Topics,
    language: &str,
    synonyms: &[Vec<String>],
) -> IndexFiles {
    index(count(pages, html, topics, language), synonyms)
}

/// The search files of a built site's pages (arguments as for [`build`]): the manifest,
/// term shards, document shards.
pub(crate) fn output_files(
    pages: &[Page],
    html: &[Body],
    topics: &Topics,
    language: &str,
    synonyms: &[Vec<String>],
) -> Vec<OutputFile> {
    index(count(pages, html, topics, language), synonyms)
        .files
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path, bytes, ORIGIN))
        .collect()
}

/// Where the search index's files come from, for a file that clashes with one of them.
pub(crate) const ORIGIN: &str = "(search index)";

/// Where the index's files go as they are made, so that the whole index is never held.
pub(crate) trait Sink {
    /// Told every path the index is about to write, before any file is made: whether
    /// to make them. Without, nothing more is done.
    fn paths(&mut self, paths: Vec<String>) -> bool;
    /// The next files as (path, bytes), in the index's order; the manifest comes last.
    fn files(&mut self, files: Vec<(String, Vec<u8>)>) -> io::Result<()>;
}

/// The index of what [`count`] read, held whole: the manifest first.
pub(crate) fn index(counted: Counted, synonyms: &[Vec<String>]) -> IndexFiles {
    /// Every file, in order.
    struct Held(Vec<(String, Vec<u8>)>);
    impl Sink for Held {
        fn paths(&mut self, _: Vec<String>) -> bool {
            true
        }
        fn files(&mut self, files: Vec<(String, Vec<u8>)>) -> io::Result<()> {
            self.0.extend(files);
            Ok(())
        }
    }
    let mut held = Held(Vec::new());
    // Holding files cannot fail.
    let mut index = write(counted, synonyms, &mut held).unwrap_or_default();
    // The manifest, made last, is read first.
    held.0.rotate_right(1);
    index.files = held.0;
    index
}

/// Files of about this many bytes go to a [`Sink`] together: written in parallel.
const BATCH_BYTES: usize = 1 << 20;

/// Numbers, scores and writes out what [`count`] read, handing `sink` its files as they
/// are made; the figures of what it made come back, without the files. Each phase takes
/// what it uses up, so that nothing is held longer than it is needed.
pub(crate) fn write(
    counted: Counted,
    synonyms: &[Vec<String>],
    sink: &mut dyn Sink,
) -> io::Result<IndexFiles> {
    let Counted {
        topic_table,
        mut chunks,
        language,
    } = counted;

    // Each page's kind and topics, written apart for filters.
    let facets: Vec<_> = chunks
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.facets))
        .collect();
    // Vocabulary: every surface word, its stem, and stems numbered in sorted order.
    let chunk_words = vocabulary::take_words(&mut chunks);
    let surfaces = vocabulary::surfaces(&chunk_words);
    let surface_stems = vocabulary::stems_of(&surfaces, &language);
    let mut vocabulary = Vocabulary::new(surfaces, &surface_stems);
    let synonyms = synonyms::join(
        &mut vocabulary.folded,
        &vocabulary.stems,
        synonyms,
        &language,
    );
    // Each page's counts, renumbered from its chunk's words to stems; its word pairs hashed.
    let n_pairs = chunks
        .iter()
        .flat_map(|c| &c.stats)
        .map(|s| s.pairs.len())
        .sum();
    let phrase_bits = phrases::bits_for(n_pairs);
    let (stats, records, pairs) = vocabulary.counts_by_stem(chunks, &chunk_words, phrase_bits);
    let phrase_files = phrases::files(pairs, phrase_bits);

    // Postings: each document's entries, then appended per stem in document order and
    // written out, a part of the stems at a time.
    let collection = Collection::of(&stats, vocabulary.stems.len());
    let impacts = score::impacts(stats, &collection);
    let (stems, df) = (&vocabulary.stems, &collection.df);
    let postings = score::postings(impacts, |first, lists| {
        let last = first + lists.len();
        files::posting_entries(&stems[first..last], &df[first..last], lists)
    });

    let entries = files::entries(&vocabulary, &synonyms, &collection.df, postings);
    let shards = Shards::of(&entries);
    let made = IndexFiles {
        files: Vec::new(),
        docs: collection.docs,
        term_shards: shards.postings(),
        doc_shards: records.len().div_ceil(DOC_SHARD_DOCS),
    };
    if !sink.paths(files::paths(&shards, &records, phrase_bits)) {
        return Ok(made);
    }
    // Files go out in the order the manifest's fingerprint takes them, a batch at a time.
    let mut hash = ContentHash::new();
    let mut batch = Vec::new();
    let mut bytes = 0;
    let mut out = |file: (String, Vec<u8>)| {
        hash.add(&file.0, &file.1);
        bytes += file.1.len();
        batch.push(file);
        if bytes < BATCH_BYTES {
            return Ok(());
        }
        bytes = 0;
        sink.files(std::mem::take(&mut batch))
    };
    files::term_files(entries, &shards, &mut out)?;
    files::doc_files(records, &mut out)?;
    phrase_files.into_iter().try_for_each(&mut out)?;
    out((format!("{DIR}/f.js"), files::facet_file(&facets)))?;
    let about = files::About {
        doc_shards: made.doc_shards,
        n_docs: made.docs,
        topic_table: &topic_table,
        language: &language,
        phrase_bits,
    };
    let manifest = files::manifest(&shards, about, hash.value());
    sink.files(batch)?;
    sink.files(vec![manifest])?;
    Ok(made)
}
