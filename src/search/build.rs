//! Building the index from the loaded pages, phase by phase (format in the module doc of
//! `search`).

use super::count::{count, Counted};
use super::files::{self, IndexFiles, Shards};
use super::phrases;
use super::score::{self, Collection};
use super::synonyms;
use super::vocabulary::{self, Vocabulary};
use super::DIR;
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
    files_of(count(pages, html, topics, language), synonyms)
}

/// The search files made from a site's counted pages, with its `synonyms`.
pub(crate) fn files_of(counted: Counted, synonyms: &[Vec<String>]) -> Vec<OutputFile> {
    index(counted, synonyms)
        .files
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path, bytes, "(search index)"))
        .collect()
}

/// Numbers, scores and writes out what [`count`] read. Each phase takes what it uses
/// up, so that nothing is held longer than it is needed.
pub(crate) fn index(counted: Counted, synonyms: &[Vec<String>]) -> IndexFiles {
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
    let mut out = files::term_files(entries, &shards);
    let doc_shards = files::doc_files(records, &mut out);
    out.extend(phrase_files);
    out.push((format!("{DIR}/f.js"), files::facet_file(&facets)));
    let about = files::About {
        doc_shards,
        n_docs: collection.docs,
        topic_table: &topic_table,
        language: &language,
        phrase_bits,
    };
    files::with_manifest(out, &shards, about)
}
