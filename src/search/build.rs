//! Building the index from the loaded pages, phase by phase (format in the module doc of
//! `search`).

use std::io;

use super::count::{count, Counted};
use super::files::{self, Fingerprint, IndexFiles, Shards};
use super::phrases;
use super::score::{self, Collection};
use super::synonyms;
use super::vocabulary::{self, Vocabulary};
use super::{DIR, DOC_SHARD_DOCS};
use crate::content::{Page, Text};
use crate::topics::Topics;

/// Builds the index of the published articles and tips among `pages`, whose bodies as
/// HTML are `html` (in the same order), with their topics named by `topics`, written in
/// the language tagged `language` (`en`, `fr-CA`): one index is in one language.
/// `synonyms` are the site's groups of words that find one another.
pub fn build(
    pages: &[Page],
    html: &[Text],
    topics: &Topics,
    language: &str,
    synonyms: &[Vec<String>],
) -> IndexFiles {
    index(count(pages, html, topics, language), synonyms)
}

/// Where the search index's files come from, for a file that clashes with one of them.
pub(crate) const ORIGIN: &str = "(search index)";

/// Where the index's files go as they are made, so that the whole index is never held.
pub(crate) trait Sink {
    /// Told the paths of files the index is about to make, before any of them is sent:
    /// whether they may be written. Once refused, no more files are sent.
    fn paths(&mut self, paths: Vec<String>) -> bool;
    /// The next files as (path, bytes), in the order they are made; the manifest last.
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

/// The index's files on their way to a [`Sink`]: fingerprinted, and sent in batches
/// while their paths clash with nothing.
struct Output<'s> {
    sink: &'s mut dyn Sink,
    /// Every path so far may be written.
    writing: bool,
    fingerprint: Fingerprint,
    batch: Vec<(String, Vec<u8>)>,
    bytes: usize,
}

impl<'s> Output<'s> {
    fn new(sink: &'s mut dyn Sink) -> Self {
        Output {
            sink,
            writing: true,
            fingerprint: Fingerprint::default(),
            batch: Vec::new(),
            bytes: 0,
        }
    }

    /// Tells the sink of files about to be made; when it refuses them, no more are sent.
    fn paths(&mut self, paths: Vec<String>) {
        // Told even after a refusal, so that every clash is reported.
        let accepted = self.sink.paths(paths);
        self.writing &= accepted;
    }

    /// Sends `file` on, with others once they come to [`BATCH_BYTES`].
    fn file(&mut self, (path, bytes): (String, Vec<u8>)) -> io::Result<()> {
        if !self.writing {
            return Ok(());
        }
        self.fingerprint.add(&path, &bytes);
        self.bytes += bytes.len();
        self.batch.push((path, bytes));
        if self.bytes < BATCH_BYTES {
            return Ok(());
        }
        self.bytes = 0;
        self.sink.files(std::mem::take(&mut self.batch))
    }

    /// Sends the files left, then the manifest made with their fingerprint.
    fn finish(self, manifest: impl FnOnce(u64) -> (String, Vec<u8>)) -> io::Result<()> {
        if !self.writing {
            return Ok(());
        }
        self.sink.files(self.batch)?;
        let manifest = manifest(self.fingerprint.value());
        self.sink.files(vec![manifest])
    }
}

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
    let mut output = Output::new(sink);

    // Each page's record and its kind and topics (written apart for filters) go out
    // first, so that they are not held while the words are scored.
    let records: Vec<_> = chunks
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.records))
        .collect();
    let facets: Vec<_> = chunks
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.facets))
        .collect();
    let n_pairs = chunks
        .iter()
        .flat_map(|c| &c.stats)
        .map(|s| s.pairs.len())
        .sum();
    let phrase_bits = phrases::bits_for(n_pairs);
    let docs = records.len();
    let doc_shards = docs.div_ceil(DOC_SHARD_DOCS);
    output.paths(files::early_paths(&records, phrase_bits));
    files::doc_files(records, &mut |f| output.file(f))?;
    output.file((format!("{DIR}/f.js"), files::facet_file(&facets)))?;
    drop(facets);

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
    // Each page's counts, renumbered from its chunk's words to stems; its word pairs
    // hashed, and written out as phrase shards.
    let (stats, pairs) = vocabulary.counts_by_stem(chunks, &chunk_words, phrase_bits);
    phrases::files(pairs, phrase_bits, &mut |f| output.file(f))?;

    // Postings: each document's entries, then appended per stem in document order and
    // made into entries, a part of the stems at a time.
    let collection = Collection::of(&stats, vocabulary.stems.len());
    let impacts = score::impacts(stats, &collection);
    let (stems, df) = (&vocabulary.stems, &collection.df);
    let postings = score::postings(impacts, |first, lists| {
        let last = first + lists.len();
        files::posting_entries(&stems[first..last], &df[first..last], lists)
    });

    let entries = files::entries(&vocabulary, &synonyms, &collection.df, postings);
    let shards = Shards::of(&entries);
    output.paths(files::term_paths(&shards));
    files::term_files(entries, &shards, &mut |f| output.file(f))?;
    let about = files::About {
        doc_shards,
        n_docs: docs,
        topic_table: &topic_table,
        language: &language,
        phrase_bits,
    };
    output.finish(|hash| files::manifest(&shards, about, hash))?;
    Ok(IndexFiles {
        files: Vec::new(),
        docs,
        term_shards: shards.postings(),
        doc_shards,
    })
}
