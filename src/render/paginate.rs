//! Splitting a long list over several pages: where each page of a list lives, and the
//! navigation between them.
//!
//! Page 1 of a list keeps the list page's own address. Page n lives under the list page's
//! address without its `.html` or `index.html`: `topics/mentoring.html` →
//! `topics/mentoring/page/2.html`, `tips/index.html` → `tips/page/2.html`, and with
//! `pretty_urls` `topics/mentoring/index.html` → `topics/mentoring/page/2/index.html`.

use std::ops::Range;

use serde::Serialize;

use crate::urls::relative;

/// How many page numbers the navigation shows on each side of the current one.
const AROUND: usize = 2;

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    /// 1 for the list page itself.
    pub number: usize,
    /// The output file, relative to the output root.
    pub path: String,
    /// Its address, relative to the output root (the folder with `pretty_urls`).
    pub url: String,
    /// The items of the list it shows.
    pub range: Range<usize>,
}

/// The pages of a list of `items` entries whose first page is written at `path` and
/// addressed as `url`, `per_page` entries a page (0: all on one page).
pub(crate) fn slots(
    path: &str,
    url: &str,
    items: usize,
    per_page: usize,
    pretty: bool,
) -> Vec<Slot> {
    let per_page = if per_page == 0 {
        items.max(1)
    } else {
        per_page
    };
    let count = items.div_ceil(per_page).max(1);
    let base = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("/index.html")
            .or_else(|| path.strip_suffix(".html"))
            .unwrap_or(path)
    };
    let prefix = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    };
    (1..=count)
        .map(|number| {
            let range = (number - 1) * per_page..(number * per_page).min(items);
            let (path, url) = if number == 1 {
                (path.to_string(), url.to_string())
            } else if pretty {
                let dir = format!("{prefix}page/{number}/");
                (format!("{dir}index.html"), dir)
            } else {
                let file = format!("{prefix}page/{number}.html");
                (file.clone(), file)
            };
            Slot {
                number,
                path,
                url,
                range,
            }
        })
        .collect()
}

/// Of the entries `range` of a list made of several lists one after another, those of the
/// list that starts at `start` and holds `len` entries, as indices into that list.
pub(crate) fn part(range: &Range<usize>, start: usize, len: usize) -> Range<usize> {
    let from = range.start.clamp(start, start + len) - start;
    let to = range.end.clamp(start, start + len) - start;
    from..to
}

/// The navigation of one page of a list, as its template sees it under `pager`.
#[derive(Debug, Serialize)]
pub(crate) struct Pager {
    /// This page's number, from 1.
    number: usize,
    /// How many pages the list has.
    count: usize,
    /// The previous page, relative to this one.
    prev: Option<String>,
    /// The next page, relative to this one.
    next: Option<String>,
    /// The page numbers shown: the first, the last, and those around this one, with a
    /// gap (no number) where some are left out.
    links: Vec<PagerLink>,
}

/// A page number in the navigation, or a gap.
#[derive(Debug, Serialize)]
struct PagerLink {
    /// None for a gap.
    number: Option<usize>,
    url: String,
    current: bool,
}

impl Pager {
    /// The navigation of page `at` (an index into `slots`), None when the list has one page.
    pub(crate) fn new(slots: &[Slot], at: usize) -> Option<Pager> {
        if slots.len() < 2 {
            return None;
        }
        let from = &slots[at].path;
        let link = |i: usize| {
            let link = relative(from, &slots[i].url);
            if link.is_empty() {
                "./".into()
            } else {
                link
            }
        };
        let mut links = Vec::new();
        let last = slots.len() - 1;
        for i in 0..slots.len() {
            let shown = i == 0 || i == last || i.abs_diff(at) <= AROUND;
            if shown {
                links.push(PagerLink {
                    number: Some(i + 1),
                    url: link(i),
                    current: i == at,
                });
            } else if links.last().is_some_and(|l| l.number.is_some()) {
                links.push(PagerLink {
                    number: None,
                    url: String::new(),
                    current: false,
                });
            }
        }
        Some(Pager {
            number: at + 1,
            count: slots.len(),
            prev: (at > 0).then(|| link(at - 1)),
            next: (at < last).then(|| link(at + 1)),
            links,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(s: &[Slot]) -> Vec<(&str, &str, Range<usize>)> {
        s.iter()
            .map(|s| (s.path.as_str(), s.url.as_str(), s.range.clone()))
            .collect()
    }

    #[test]
    fn one_page_exactly_and_one_more() {
        let s = slots("topics/m.html", "topics/m.html", 50, 50, false);
        assert_eq!(paths(&s), [("topics/m.html", "topics/m.html", 0..50)]);
        let s = slots("topics/m.html", "topics/m.html", 51, 50, false);
        assert_eq!(
            paths(&s),
            [
                ("topics/m.html", "topics/m.html", 0..50),
                ("topics/m/page/2.html", "topics/m/page/2.html", 50..51)
            ]
        );
        assert_eq!(slots("a.html", "a.html", 0, 50, false).len(), 1);
        assert_eq!(slots("a.html", "a.html", 500, 0, false).len(), 1);
    }

    #[test]
    fn addresses_of_index_pages_and_pretty_urls() {
        let s = slots("tips/index.html", "tips/index.html", 3, 2, false);
        assert_eq!(s[1].path, "tips/page/2.html");
        let s = slots("index.html", "index.html", 3, 2, false);
        assert_eq!(s[1].path, "page/2.html");
        let s = slots("a/myindex.html", "a/myindex.html", 3, 2, false);
        assert_eq!(s[1].path, "a/myindex/page/2.html");
        let s = slots("topics/m/index.html", "topics/m/", 3, 2, true);
        assert_eq!(
            (s[1].path.as_str(), s[1].url.as_str()),
            ("topics/m/page/2/index.html", "topics/m/page/2/")
        );
    }

    #[test]
    fn navigation_is_relative_and_stops_at_the_ends() {
        let s = slots("topics/m.html", "topics/m.html", 5, 1, false);
        let first = Pager::new(&s, 0).unwrap();
        assert_eq!(first.prev, None);
        assert_eq!(first.next.as_deref(), Some("m/page/2.html"));
        let second = Pager::new(&s, 1).unwrap();
        assert_eq!(second.prev.as_deref(), Some("../../m.html"));
        assert_eq!(second.next.as_deref(), Some("3.html"));
        let last = Pager::new(&s, 4).unwrap();
        assert_eq!(last.next, None);
        assert_eq!(last.prev.as_deref(), Some("4.html"));
        assert!(Pager::new(&s[..1], 0).is_none());
    }

    #[test]
    fn parts_of_a_list_of_lists() {
        // Lists of 3, 4 and 2 entries: entries 2..6 are 2..3 of the first, 0..3 of the second.
        assert_eq!(part(&(2..6), 0, 3), 2..3);
        assert_eq!(part(&(2..6), 3, 4), 0..3);
        assert_eq!(part(&(2..6), 7, 2), 0..0);
    }

    #[test]
    fn far_page_numbers_become_one_gap() {
        let s = slots("a.html", "a.html", 20, 1, false);
        let numbers: Vec<Option<usize>> = Pager::new(&s, 9)
            .unwrap()
            .links
            .iter()
            .map(|l| l.number)
            .collect();
        let expected = [1, 0, 8, 9, 10, 11, 12, 0, 20].map(|n| (n > 0).then_some(n));
        assert_eq!(numbers, expected);
    }
}
