//! Listing order: the order pages appear in every list, by weight, title and path.

use crate::content::Page;

/// The weight of a page without one, so that unweighted pages list after weighted ones.
const UNWEIGHTED: i64 = i64::MAX;

/// Each page's place in the order of lists: by weight (unweighted last), then title,
/// then path. Ranks let sorting many lists compare integers instead of lowercasing
/// titles again and again.
pub(crate) fn listing_ranks(pages: &[Page]) -> Vec<usize> {
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
