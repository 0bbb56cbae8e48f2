//! Listing order: the order pages appear in every list, by weight, title and path.

use std::cmp::Ordering;

use crate::content::Page;

/// The weight of a page without one, so that unweighted pages list after weighted ones.
const UNWEIGHTED: i64 = i64::MAX;

/// Each page's place in [`listing_order`] (ties keep page order), so that sorting many
/// lists compares integers instead of lowercasing titles again and again.
pub fn listing_ranks(pages: &[Page]) -> Vec<usize> {
    let titles: Vec<String> = pages.iter().map(|p| p.meta.title.to_lowercase()).collect();
    let weight = |i: usize| pages[i].meta.weight.unwrap_or(UNWEIGHTED);
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| {
        weight(a)
            .cmp(&weight(b))
            .then_with(|| titles[a].cmp(&titles[b]))
            .then_with(|| pages[a].path.cmp(&pages[b].path))
    });
    let mut rank = vec![0; pages.len()];
    for (place, &i) in order.iter().enumerate() {
        rank[i] = place;
    }
    rank
}

/// The order of pages in lists: by weight (unweighted last), then title, then path.
pub fn listing_order(a: &Page, b: &Page) -> Ordering {
    let weight = |p: &Page| p.meta.weight.unwrap_or(UNWEIGHTED);
    weight(a)
        .cmp(&weight(b))
        .then_with(|| {
            a.meta
                .title
                .to_lowercase()
                .cmp(&b.meta.title.to_lowercase())
        })
        .then_with(|| a.path.cmp(&b.path))
}
