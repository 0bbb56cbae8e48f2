//! The head of a long postings list: its documents that score best, which is all the
//! search box reads of a word's list (the results page reads the whole).

use std::cmp::Reverse;

use super::HEAD_DOCS;

/// The documents of flat postings `list` (`Δdoc, impact, n`, then `n` pairs `section,
/// section impact`), as (document, start, end) of each document's run in `list`.
fn runs(list: &[u32]) -> Vec<(u32, usize, usize)> {
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0u32);
    while i + 2 < list.len() {
        doc += list[i];
        let end = (i + 3 + 2 * list[i + 2] as usize).min(list.len());
        out.push((doc, i, end));
        i = end;
    }
    out
}

/// The head of flat postings `list`: its [`HEAD_DOCS`] documents of highest *rank*, the
/// greater of the document's impact and its best section's (the lower document number
/// first among equals), in document order; `None` when the list has no more documents
/// than that. For a query of one word, the best results of a head are those of its list.
pub(super) fn head(list: &[u32]) -> Option<Vec<u32>> {
    let runs = runs(list);
    if runs.len() <= HEAD_DOCS {
        return None;
    }
    // Each document's rank once, then only the best chosen: the key is unique (documents
    // are), so this is the order a full sort would give.
    let mut best: Vec<(Reverse<u32>, u32, usize, usize)> = runs
        .iter()
        .map(|&(doc, start, end)| {
            let sections = list[start + 3..end].chunks_exact(2).map(|p| p[1]);
            (
                Reverse(sections.fold(list[start + 1], u32::max)),
                doc,
                start,
                end,
            )
        })
        .collect();
    best.select_nth_unstable(HEAD_DOCS - 1);
    best.truncate(HEAD_DOCS);
    best.sort_unstable_by_key(|r| r.1);
    let mut out = Vec::new();
    let mut last = 0;
    for &(_, doc, start, end) in &best {
        out.push(doc - last);
        out.extend_from_slice(&list[start + 1..end]);
        last = doc;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of a list: its number, impact and (section, section impact) pairs.
    type Doc<'a> = (u32, u32, &'a [(u32, u32)]);

    /// Flat postings of `docs`.
    fn flat(docs: &[Doc]) -> Vec<u32> {
        let mut out = Vec::new();
        let mut last = 0;
        for &(doc, impact, sections) in docs {
            out.extend([doc - last, impact, sections.len() as u32]);
            for &(s, i) in sections {
                out.extend([s, i]);
            }
            last = doc;
        }
        out
    }

    #[test]
    fn a_short_list_is_its_own_head() {
        let list = flat(&[(0, 5, &[]), (3, 7, &[(1, 9)])]);
        assert_eq!(head(&list), None);
        assert_eq!(runs(&list).len(), 2);
    }

    #[test]
    fn a_long_list_keeps_its_best_documents_in_order() {
        let n = HEAD_DOCS as u32 + 3;
        // Document d has impact d + 1, except that document 0's best section ranks it top
        // and documents 1 and 2 rank lowest.
        let docs: Vec<Doc> = (0..n)
            .map(|d| match d {
                0 => (0, 1, &[(2, 500)][..]),
                1 | 2 => (d, 0, &[][..]),
                _ => (d, d + 1, &[][..]),
            })
            .collect();
        let list = flat(&docs);
        let head = head(&list).expect("a long list has a head");
        let kept: Vec<u32> = runs(&head).iter().map(|r| r.0).collect();
        assert_eq!(kept.len(), HEAD_DOCS);
        assert_eq!(kept[0], 0, "a section's impact ranks its document");
        assert!(!kept.contains(&1) && !kept.contains(&2) && !kept.contains(&3));
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        // Each kept document carries its impact and sections unchanged.
        assert_eq!(&head[..5], &[0, 1, 1, 2, 500]);
    }
}
