//! Scoring: document frequencies and average lengths over the whole site, each page's
//! BM25F impacts (format and formula in the module doc of `search`), and the postings
//! they make, per stem in document order.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::count::DocStats;
use super::packed::PackedNumbers;
use super::{
    Field, FIELDS, FIELD_NAMES, FIELD_TITLE, K1, LEAD_BONUS, SECTION_FIELDS, SECTION_HEADING,
    SECTION_TEXT,
};

/// The field whose words earn [`LEAD_BONUS`]: the first, a document's title or a
/// section's heading.
const LEAD_FIELD: usize = 0;
// Both lists of fields put that one first.
const _: () = assert!(FIELD_TITLE == LEAD_FIELD && SECTION_HEADING == LEAD_FIELD);

/// What every impact needs to know of the whole site: each stem's document frequency
/// and idf, and each field's average length, for pages and for sections.
pub(super) struct Collection {
    pub(super) df: Vec<u32>,
    idf: Vec<f64>,
    avg: Vec<f64>,
    section_avg: Vec<f64>,
}

impl Collection {
    /// The figures of the documents `stats`, whose words are numbered by `n_stems` stems.
    pub(super) fn of(stats: &[DocStats], n_stems: usize) -> Self {
        let n_docs = stats.len();
        let mut df = vec![0u32; n_stems];
        let mut total_len = [0f64; FIELDS.len()];
        let mut section_total = [0f64; SECTION_FIELDS.len()];
        let mut section_count = 0usize;
        for s in stats {
            for (id, _) in s.tf.iter() {
                df[id as usize] += 1;
            }
            for (total, len) in total_len.iter_mut().zip(s.len) {
                *total += f64::from(len);
            }
            for (_, len) in &s.sections {
                section_total[SECTION_HEADING] += f64::from(len[SECTION_HEADING]);
                section_total[SECTION_TEXT] += f64::from(len[SECTION_TEXT]);
                section_count += 1;
            }
        }
        let avg: Vec<f64> = total_len.iter().map(|t| t / n_docs.max(1) as f64).collect();
        let section_avg: Vec<f64> = section_total
            .iter()
            .map(|t| t / section_count.max(1) as f64)
            .collect();
        let idf: Vec<f64> = df.iter().map(|&d| idf(n_docs, d)).collect();
        Collection {
            df,
            idf,
            avg,
            section_avg,
        }
    }
}

/// Each document's posting entries (see [`doc_impacts`]), in document order, packed,
/// with where each part of the stems starts in them: the postings are made from them a
/// part at a time. Each document's counts are freed once scored.
pub(super) fn impacts(stats: Vec<DocStats>, collection: &Collection) -> Impacts {
    let Collection {
        idf,
        avg,
        section_avg,
        df,
        ..
    } = collection;
    // A stem's postings grow with the number of its documents.
    let weights: Vec<usize> = df.iter().map(|&d| d as usize).collect();
    let ends = stem_ranges(&weights, PARTS);
    let sizes: Vec<AtomicUsize> = df.iter().map(|_| AtomicUsize::new(0)).collect();
    let docs = stats
        .into_par_iter()
        .map_init(Vec::new, |scratch, s| {
            let flat = doc_impacts(&s, idf, avg, section_avg);
            let mut rest = flat.as_slice();
            while let [id, _, n, more @ ..] = rest {
                sizes[*id as usize].fetch_add(3 + 2 * *n as usize, Ordering::Relaxed);
                rest = &more[2 * *n as usize..];
            }
            pack(&flat, &ends, scratch)
        })
        .collect();
    Impacts {
        docs,
        ends,
        sizes: sizes.into_iter().map(AtomicUsize::into_inner).collect(),
    }
}

/// A document's flat posting entries packed, with the offset in them where each part of
/// the stems (ending at `ends`) starts.
fn pack(flat: &[u32], ends: &[usize], scratch: &mut Vec<u8>) -> (PackedNumbers, [u32; PARTS]) {
    // Each part's first entry, as an index into `flat` until packed.
    let mut marks = [flat.len() as u32; PARTS];
    let mut part = 0;
    let mut rest = flat;
    while let [id, _, n, more @ ..] = rest {
        while part < ends.len() && (part == 0 || *id as usize >= ends[part - 1]) {
            marks[part] = (flat.len() - rest.len()) as u32;
            part += 1;
        }
        rest = &more[2 * *n as usize..];
    }
    let packed = PackedNumbers::new_marked(flat, &mut marks, scratch);
    (packed, marks)
}

/// Each document's posting entries, packed, with the offset in them where each part of
/// the stems starts; the ends of the parts; and the size of each stem's postings.
pub(super) struct Impacts {
    docs: Vec<(PackedNumbers, [u32; PARTS])>,
    ends: Vec<usize>,
    sizes: Vec<usize>,
}

/// Each stem's postings: the documents' entries, appended per stem in document order.
/// They are made a part of the stems at a time, each part on one thread, and handed to
/// `each` with the number of the part's first stem, so that only the lists of the parts
/// in hand are held; what `each` returns comes back in stem order.
pub(super) fn postings<T: Send>(
    impacts: Impacts,
    each: impl Fn(usize, Vec<Vec<u32>>) -> T + Sync,
) -> Vec<T> {
    let Impacts { docs, ends, sizes } = impacts;
    let starts = std::iter::once(0).chain(ends.iter().copied());
    let parts: Vec<(usize, usize)> = starts.zip(ends.iter().copied()).collect();
    parts
        .into_par_iter()
        .enumerate()
        .map(|(part, (lo, hi))| {
            // Each list is made at its final size, so that no list is copied as it grows.
            let mut lists: Vec<Vec<u32>> = sizes[lo..hi]
                .iter()
                .map(|&s| Vec::with_capacity(s))
                .collect();
            let mut lasts = vec![0u32; hi - lo];
            for (doc, (flat, marks)) in docs.iter().enumerate() {
                let doc = doc as u32;
                let mut rest = flat.iter_from(marks[part]);
                while let (Some(id), Some(impact), Some(n)) =
                    (rest.next(), rest.next(), rest.next())
                {
                    let id = id as usize;
                    if id >= hi {
                        break;
                    }
                    let (list, last) = (&mut lists[id - lo], &mut lasts[id - lo]);
                    list.extend([doc - *last, impact, n]);
                    list.extend(rest.by_ref().take(2 * n as usize));
                    *last = doc;
                }
            }
            each(lo, lists)
        })
        .collect()
}

/// How many parts of the stems [`postings`] makes their lists in: two in hand at a time
/// (one a thread) hold an eighth of the postings.
const PARTS: usize = 16;

/// The ends of `parts` consecutive ranges of stems whose postings `sizes` add up to about
/// the same, the last ending at the last stem.
fn stem_ranges(sizes: &[usize], parts: usize) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    let each = total.div_ceil(parts.max(1)).max(1);
    let mut ends = Vec::with_capacity(parts);
    let mut sum = 0;
    for (id, size) in sizes.iter().enumerate() {
        sum += size;
        if sum >= each * (ends.len() + 1) && ends.len() + 1 < parts {
            ends.push(id + 1);
        }
    }
    ends.push(sizes.len());
    ends
}

/// A stem's idf among `docs` documents, `df` of which hold it: BM25's
/// `ln(1 + (N − df + 0.5)/(df + 0.5))`, dampened by its square root. The rare words of a
/// reader's question are as often incidental ("worth", "even") as they are its subject,
/// so a rare word matched anywhere should not outweigh a common one in the title; the
/// root keeps the order of idf but narrows its range (on 50 pages, from 30:1 to 5:1).
fn idf(docs: usize, df: u32) -> f64 {
    let (n, df) = (docs as f64, f64::from(df));
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln().sqrt()
}

/// `impact` counted at `share` percent, still at least 1.
fn shared(impact: u32, share: u32) -> u32 {
    ((u64::from(impact) * u64::from(share) + 50) / 100).max(1) as u32
}

/// The share of a word's impact (see [`DocStats::share`]): the whole of it when the word
/// names the document, in its first field (title, heading) or, for a page, its other names.
fn share_of(counts: &[u16], names: Option<usize>, share: u32) -> u32 {
    if counts[LEAD_FIELD] > 0 || names.is_some_and(|f| counts[f] > 0) {
        100
    } else {
        share
    }
}

/// Each field's length normalisation in a document (or section) of field lengths `len`:
/// `1 − b + b · len/avg`, or `None` for a field no document has.
fn norms<const N: usize>(len: &[u32], avg: &[f64], fields: &[Field; N]) -> [Option<f64>; N] {
    std::array::from_fn(|f| {
        (avg[f] > 0.0).then(|| 1.0 - fields[f].b + fields[f].b * f64::from(len[f]) / avg[f])
    })
}

/// BM25F impact, as an integer, of a word of counts `tf` in a document whose fields'
/// normalisations are `norms` (see [`norms`]).
fn impact(idf: f64, tf: &[u16], norms: &[Option<f64>], fields: &[Field]) -> u32 {
    let mut t = 0.0;
    for (f, field) in fields.iter().enumerate() {
        let Some(norm) = norms[f] else { continue };
        if tf[f] == 0 {
            continue;
        }
        t += field.weight * f64::from(tf[f]) / norm;
    }
    let mut score = idf * t * (K1 + 1.0) / (K1 + t);
    if tf[LEAD_FIELD] > 0 {
        // A word of the title (or heading) counts beyond saturation.
        score += idf * LEAD_BONUS;
    }
    (score * 100.0).round().max(1.0) as u32
}

/// The strength of a pair of neighbouring words in a page whose field counts (of the pair)
/// are `tf`, from 1 up to [`PAIR_STRENGTH_MAX`]: BM25F's saturated count without length
/// normalisation or idf, plus [`LEAD_BONUS`] in the title, as a share of its greatest
/// value. A phrase ranks its pages by it (see `search::PAIR_IMPACT`), so that its pages
/// rank with one digit a page in the phrase shard, not with its words' postings. Outside
/// the title, a path's pairs count at its `share` percent, as its words do.
pub(super) fn pair_strength(tf: &[u16], share: u32) -> u8 {
    let mut t = 0.0;
    for (field, &n) in FIELDS.iter().zip(tf) {
        t += field.weight * f64::from(n);
    }
    let mut saturated = t * (K1 + 1.0) / (K1 + t);
    if tf[LEAD_FIELD] > 0 {
        saturated += LEAD_BONUS;
    }
    let strength = (saturated / PAIR_SATURATED_MAX * f64::from(PAIR_STRENGTH_MAX)).round() as u32;
    shared(strength, share_of(tf, None, share)).min(u32::from(PAIR_STRENGTH_MAX)) as u8
}

/// The greatest strength of a pair: one digit of a phrase shard.
pub(super) const PAIR_STRENGTH_MAX: u8 = 56;

/// The greatest saturated count of a pair, which [`PAIR_STRENGTH_MAX`] stands for.
pub(super) const PAIR_SATURATED_MAX: f64 = K1 + 1.0 + LEAD_BONUS;

/// A document's posting entries, flat and in stem order: for each stem,
/// `stem, impact, n`, then `n` pairs `section, section impact`; the impact of a word
/// that does not name the document counted at the document's share.
fn doc_impacts(s: &DocStats, idf: &[f64], avg: &[f64], section_avg: &[f64]) -> Vec<u32> {
    // (stem, section, impact) for every section hit, grouped by stem below.
    // Each field's normalisation is the document's (or section's), worked out once.
    let mut hits: Vec<(u32, u32, u32)> = Vec::new();
    for (n, (stf, slen)) in s.sections.iter().enumerate() {
        let section_norms = norms(slen, section_avg, &SECTION_FIELDS);
        for (id, counts) in stf.iter() {
            let imp = impact(idf[id as usize], &counts, &section_norms, &SECTION_FIELDS);
            hits.push((id, n as u32, shared(imp, share_of(&counts, None, s.share))));
        }
    }
    hits.sort_unstable();
    let mut out = Vec::with_capacity(s.tf.len() * 3 + hits.len() * 2);
    let mut hits = hits.as_slice();
    let doc_norms = norms(&s.len, avg, &FIELDS);
    for (id, counts) in s.tf.iter() {
        let n = hits.iter().take_while(|(h, _, _)| *h == id).count();
        out.extend([
            id,
            shared(
                impact(idf[id as usize], &counts, &doc_norms, &FIELDS),
                share_of(&counts, Some(FIELD_NAMES), s.share),
            ),
            n as u32,
        ]);
        for (_, section, imp) in &hits[..n] {
            out.extend([*section, *imp]);
        }
        hits = &hits[n..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_stronger_in_the_title_and_said_more_often() {
        let in_field = |f: usize, n: u16| {
            let mut tf = [0u16; FIELDS.len()];
            tf[f] = n;
            tf
        };
        let body = |n| pair_strength(&in_field(4, n), 100);
        assert!(body(1) < body(2) && body(2) < body(5));
        assert!(body(5) < pair_strength(&in_field(3, 5), 100));
        assert!(pair_strength(&in_field(3, 2), 100) < pair_strength(&in_field(0, 1), 100));
        assert_eq!(
            pair_strength(&in_field(0, u16::MAX), 100),
            PAIR_STRENGTH_MAX
        );
        // A path's pairs count at its share, unless in its title.
        assert!(pair_strength(&in_field(4, 2), 75) < body(2));
        assert_eq!(
            pair_strength(&in_field(0, 1), 75),
            pair_strength(&in_field(0, 1), 100)
        );
        assert!(pair_strength(&[0; FIELDS.len()], 100) >= 1);
    }

    #[test]
    fn idf_keeps_its_order_in_a_narrower_range() {
        let (rare, middling, common) = (idf(50, 1), idf(50, 15), idf(50, 45));
        assert!(rare > middling && middling > common && common > 0.0);
        // BM25's idf puts about 30:1 between these; the square root about 5.6:1.
        let bm25 = |df: f64| (1.0 + (50.0 - df + 0.5) / (df + 0.5)).ln();
        assert!(bm25(1.0) / bm25(45.0) > 30.0);
        assert!((5.0..6.0).contains(&(rare / common)), "{}", rare / common);
        assert!((idf(50, 1) - bm25(1.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn impacts_are_bm25f_integers() {
        let fields = &FIELDS;
        let avg = [4.0, 10.0, 3.0, 5.0, 100.0, 2.0];
        let len = [4, 10, 3, 5, 100, 2];
        let in_title = impact(2.0, &[1, 0, 0, 0, 0, 0], &norms(&len, &avg, fields), fields);
        let in_body = impact(2.0, &[0, 0, 0, 0, 1, 0], &norms(&len, &avg, fields), fields);
        let twice = impact(2.0, &[0, 0, 0, 0, 2, 0], &norms(&len, &avg, fields), fields);
        assert!(
            in_title > twice && twice > in_body && in_body >= 1,
            "{in_title} {twice} {in_body}"
        );
        // Saturation: a hundred occurrences are worth less than idf · (k1 + 1).
        let many = impact(
            2.0,
            &[0, 0, 0, 0, 100, 0],
            &norms(&len, &avg, fields),
            fields,
        );
        assert!(many < (2.0 * (K1 + 1.0) * 100.0) as u32);
    }

    #[test]
    fn a_title_word_is_half_saturated_and_other_fields_still_add() {
        let fields = &FIELDS;
        let avg = [4.0, 10.0, 3.0, 5.0, 100.0, 2.0];
        let n = norms(&[4, 10, 3, 5, 100, 2], &avg, fields);
        let bonus = (LEAD_BONUS * 100.0) as u32;
        // Once in the title: half of idf · (k1 + 1), beside the bonus.
        let title = impact(1.0, &[1, 0, 0, 0, 0, 0], &n, fields) - bonus;
        assert_eq!(title, ((K1 + 1.0) * 50.0).round() as u32);
        // The same word in the summary and names as well counts for a third more.
        let more = impact(1.0, &[1, 1, 0, 0, 0, 1], &n, fields) - bonus;
        assert!(more * 3 > title * 4, "{more} {title}");
    }

    #[test]
    fn postings_in_parts_are_appended_in_document_order() {
        // Documents each with some of 50 stems (in order), some with sections.
        let n_stems = 50;
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        let impacts: Vec<Vec<u32>> = (0..300)
            .map(|_| {
                let mut flat = Vec::new();
                for id in 0..n_stems as u32 {
                    if next() % 5 == 0 {
                        let n = next() % 3;
                        flat.extend([id, next() % 900 + 1, n]);
                        for s in 0..n {
                            flat.extend([s * 2, next() % 900 + 1]);
                        }
                    }
                }
                flat
            })
            .collect();
        // Each stem's list as one pass over the documents makes it.
        let mut expected: Vec<Vec<u32>> = vec![Vec::new(); n_stems];
        let mut last = vec![0u32; n_stems];
        for (doc, flat) in impacts.iter().enumerate() {
            let mut rest = flat.as_slice();
            while let [id, impact, n, more @ ..] = rest {
                let (sections, after) = more.split_at(2 * *n as usize);
                let id = *id as usize;
                expected[id].extend([doc as u32 - last[id], *impact, *n]);
                expected[id].extend_from_slice(sections);
                last[id] = doc as u32;
                rest = after;
            }
        }
        let sizes: Vec<usize> = expected.iter().map(Vec::len).collect();
        // Parts of one stem, of several, and a part with no stems in some documents.
        for parts in [
            vec![n_stems],
            vec![1, 2, 30, n_stems],
            stem_ranges(&sizes, PARTS),
        ] {
            let packed = Impacts {
                docs: impacts
                    .iter()
                    .map(|flat| pack(flat, &parts, &mut Vec::new()))
                    .collect(),
                ends: parts.clone(),
                sizes: sizes.clone(),
            };
            let made = postings(packed, |first, lists| (first, lists));
            let firsts: Vec<usize> = made.iter().map(|(first, _)| *first).collect();
            assert_eq!(firsts[0], 0);
            assert_eq!(firsts[1..], parts[..parts.len() - 1]);
            let lists: Vec<Vec<u32>> = made.into_iter().flat_map(|(_, lists)| lists).collect();
            assert_eq!(lists, expected, "in parts ending at {parts:?}");
        }
        assert_eq!(stem_ranges(&[5, 0, 5, 5, 5], 2), [3, 5]);
        assert_eq!(stem_ranges(&[], 4), [0]);
    }

    #[test]
    fn a_share_scales_an_impact_but_keeps_it_above_zero() {
        assert_eq!(shared(1000, 100), 1000);
        assert_eq!(shared(1000, 75), 750);
        assert_eq!(shared(3, 75), 2);
        assert_eq!(shared(1, 10), 1);
        // A word of the title or of the other names keeps its whole impact.
        assert_eq!(share_of(&[1, 0, 0, 0, 3, 0], Some(FIELD_NAMES), 75), 100);
        assert_eq!(share_of(&[0, 0, 0, 0, 3, 1], Some(FIELD_NAMES), 75), 100);
        assert_eq!(share_of(&[0, 0, 0, 0, 3, 1], None, 75), 75);
        assert_eq!(share_of(&[0, 2], None, 75), 75);
    }
}
