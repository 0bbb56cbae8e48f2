//! The sections of cross-links around a page's text, each listing a page at most once.
//!
//! A page shows another page once, in the first section that lists it, in this order:
//! path navigation, "From the article", the tips ("Tips for this article", "More tips
//! like this"), the related lists, "Pages that link here". A list that loses entries to
//! an earlier section fills up from the spare candidates the graph ranks beyond what a
//! list shows, so a phone reader meets each title once and the lists stay full.

use crate::content::Kind;
use crate::graph::{shown, Graph};

/// The pages a page being rendered shows so far: itself, then every entry of each
/// section filled.
#[derive(Debug, Clone)]
pub(super) struct Shown(Vec<usize>);

impl Shown {
    /// The pages shown on page `index` before any section: the page itself.
    pub(super) fn of(index: usize) -> Shown {
        Shown(vec![index])
    }

    /// Marks `pages` as shown by a part of the page above the sections (path navigation's
    /// previous and next steps), so that no section lists them again.
    pub(super) fn seed(&mut self, pages: impl IntoIterator<Item = usize>) {
        for i in pages {
            if !self.0.contains(&i) {
                self.0.push(i);
            }
        }
    }

    /// The first `size` of `candidates` not shown yet, in their order; they are shown now.
    pub(super) fn take(&mut self, candidates: &[usize], size: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for &i in candidates {
            if out.len() == size {
                break;
            }
            // A page's sections hold a few dozen entries: a scan beats hashing.
            if !self.0.contains(&i) {
                self.0.push(i);
                out.push(i);
            }
        }
        out
    }
}

/// The cross-links one page shows, each page once, by page index.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Sections {
    /// The article a tip's advice comes from.
    pub source_article: Option<usize>,
    /// An article's tips, a note's tips, or a tip's sibling tips.
    pub tips: Vec<usize>,
    /// The most related page, offered as the next step at the end of an article.
    pub next_step: Option<usize>,
    /// Related articles of an article or note.
    pub related_articles: Vec<usize>,
    /// Related notes of a note.
    pub related_pages: Vec<usize>,
    /// Pages that link here and no earlier section lists.
    pub backlinks: Vec<usize>,
}

impl Sections {
    /// Fills the sections of page `index` (of `kind`) in page order, after the pages
    /// `shown` holds already.
    pub(super) fn fill(graph: &Graph, index: usize, kind: Kind, mut shown: Shown) -> Sections {
        let mut s = Sections::default();
        match kind {
            Kind::Tip => {
                s.source_article = shown.take(graph.source_article[index].as_slice(), 1).pop();
                s.tips = shown.take(&graph.siblings[index], shown::SIBLINGS);
            }
            Kind::Article => {
                s.tips = shown.take(&graph.tips[index], shown::TIPS);
                // The best related article becomes the next step, and the list shows
                // as many others as it would have.
                let mut related = shown.take(&graph.related_articles[index], shown::RELATED + 1);
                if !related.is_empty() {
                    s.next_step = Some(related.remove(0));
                }
                related.truncate(shown::RELATED);
                s.related_articles = related;
            }
            Kind::Page => {
                s.tips = shown.take(&graph.tips[index], shown::TIPS);
                s.related_pages = shown.take(&graph.related_pages[index], shown::RELATED);
                s.related_articles = shown.take(&graph.related_articles[index], shown::RELATED);
            }
            Kind::Home | Kind::Topic | Kind::Path => {}
        }
        s.backlinks = shown.take(&graph.backlinks[index], usize::MAX);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_taken_once_and_lists_fill_from_spares() {
        let mut shown = Shown::of(0);
        shown.seed([7]);
        assert_eq!(shown.take(&[0, 1, 2], 2), [1, 2]);
        // 1 and 7 are shown: the list of two fills with 3 and 4.
        assert_eq!(shown.take(&[1, 7, 3, 4, 5], 2), [3, 4]);
        assert_eq!(shown.take(&[5, 5, 6], usize::MAX), [5, 6]);
    }
}
