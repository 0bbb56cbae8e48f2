//! The ranking engine: how related two pages are (shared topics weighted by rarity,
//! direct links, a shared source), the shortlists by topics that keep ranking linear in
//! the size of the site, and the per-chunk scratch tables that score without hashing.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{shown, Ground};
use crate::content::Kind;

/// How many related articles an article keeps: those it shows, and spares.
const RELATED_ARTICLES: usize = shown::RELATED + shown::SPARE;
/// How many tips an article keeps.
const ARTICLE_TIPS: usize = shown::TIPS + shown::SPARE;
/// How many sibling tips a tip keeps.
const SIBLINGS: usize = shown::SIBLINGS + shown::SPARE;
/// What a direct link between two pages adds to their relatedness, in each direction.
const LINK_WEIGHT: f64 = 1.0;
/// Pages a ranking may lift above the order by topics (linked, or given a bonus);
/// with more, the page is ranked against every candidate.
const MAX_LIFTED: usize = 32;
/// How long a shortlist by topics is: the longest list kept, the page itself, and
/// every page that may be lifted.
const SHORTLIST: usize = ARTICLE_TIPS + 1 + MAX_LIFTED;
const _: () = assert!(ARTICLE_TIPS >= RELATED_ARTICLES && ARTICLE_TIPS >= SIBLINGS);
/// How many shortlists one rayon task builds with one scratch.
const SHORTLISTS_PER_CHUNK: usize = 16;
/// How many pages one rayon task ranks with one scratch.
const PAGES_PER_CHUNK: usize = 256;

/// Per-thread buffers for scoring candidates without hashing.
#[derive(Default)]
struct Scratch {
    score: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl Scratch {
    /// Makes room for scoring any of `n` pages.
    fn fit(&mut self, n: usize) {
        if self.score.len() < n {
            self.score.resize(n, 0.0);
            self.seen.resize(n, false);
        }
    }

    /// Makes `b` a candidate, with a score of zero if it was not one.
    fn touch(&mut self, b: usize) {
        if !self.seen[b] {
            self.seen[b] = true;
            self.score[b] = 0.0;
            self.touched.push(b);
        }
    }

    /// Adds `w` to candidate `b`'s score.
    fn add(&mut self, b: usize, w: f64) {
        self.touch(b);
        self.score[b] += w;
    }

    /// Every candidate with its score, in the order they were touched; clears them.
    fn drain(&mut self) -> impl Iterator<Item = (usize, f64)> + '_ {
        let Scratch {
            score,
            seen,
            touched,
        } = self;
        touched.drain(..).map(|b| {
            seen[b] = false;
            (b, score[b])
        })
    }
}

/// One page's ranked lists: related articles, tips, sibling tips, and related pages of
/// other kinds (notes).
pub(super) type Lists = (Vec<usize>, Vec<usize>, Vec<usize>, Vec<usize>);

impl Ground<'_> {
    /// Related articles and tips of each article and sibling tips of each tip in `which`.
    pub(super) fn ranked_lists(
        &self,
        which: &[usize],
        backlinks: &[Vec<usize>],
        source_article: &[Option<usize>],
    ) -> Vec<Lists> {
        let pages = self.pages;
        // Pages with the same topics share a shortlist by topics alone, so each page
        // scans a few dozen candidates instead of every member of its topics (which
        // would make the graph quadratic in the size of the site).
        let mut keys: Vec<(&[String], Kind)> = Vec::new();
        for &i in which {
            let topics = pages[i].topics.as_slice();
            match pages[i].kind {
                Kind::Article => keys.extend([(topics, Kind::Article), (topics, Kind::Tip)]),
                Kind::Tip => keys.push((topics, Kind::Tip)),
                Kind::Page => keys.extend([
                    (topics, Kind::Article),
                    (topics, Kind::Tip),
                    (topics, Kind::Page),
                ]),
                _ => {}
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let shortlists: Shortlists = keys
            .par_chunks(SHORTLISTS_PER_CHUNK)
            .flat_map_iter(|run| {
                let mut scratch = Scratch::default();
                run.iter()
                    .map(|&key| (key, self.shortlist(key.0, key.1, &mut scratch)))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut sourced: HashMap<usize, Vec<usize>> = HashMap::new();
        for (tip, source) in source_article.iter().enumerate() {
            if let Some(article) = source {
                sourced.entry(*article).or_default().push(tip);
            }
        }
        let context = Context {
            backlinks,
            source_article,
            shortlists: &shortlists,
            sourced: &sourced,
        };
        // One scratch per run of pages: its tables are as long as the site, so making
        // one per rayon split (as `map_init` would) costs more than the ranking.
        which
            .par_chunks(PAGES_PER_CHUNK)
            .flat_map_iter(|run| {
                let mut scratch = Scratch::default();
                run.iter()
                    .map(|&i| self.lists_of(i, &context, &mut scratch))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// [`Ground::ranked_lists`] for one page.
    fn lists_of(&self, i: usize, c: &Context, scratch: &mut Scratch) -> Lists {
        let pages = self.pages;
        let source_article = c.source_article;
        let sourced = |article: Option<usize>| -> &[usize] {
            article
                .and_then(|a| c.sourced.get(&a))
                .map_or(&[], Vec::as_slice)
        };
        match pages[i].kind {
            Kind::Article => {
                let related = self.ranked(
                    i,
                    Kind::Article,
                    Bonus {
                        pages: &[],
                        score: &|_| 0.0,
                    },
                    RELATED_ARTICLES,
                    c,
                    scratch,
                );
                let tips = self.ranked(
                    i,
                    Kind::Tip,
                    Bonus {
                        pages: sourced(Some(i)),
                        score: &|t| {
                            if source_article[t] == Some(i) {
                                LINK_WEIGHT
                            } else {
                                0.0
                            }
                        },
                    },
                    ARTICLE_TIPS,
                    c,
                    scratch,
                );
                (related, tips, Vec::new(), Vec::new())
            }
            Kind::Tip => {
                let siblings = self.ranked(
                    i,
                    Kind::Tip,
                    Bonus {
                        pages: sourced(source_article[i]),
                        score: &|t| {
                            if source_article[i].is_some() && source_article[t] == source_article[i]
                            {
                                LINK_WEIGHT
                            } else {
                                0.0
                            }
                        },
                    },
                    SIBLINGS,
                    c,
                    scratch,
                );
                (Vec::new(), Vec::new(), siblings, Vec::new())
            }
            // A note (a page outside articles/ and tips/) is a full member: it shows
            // related articles, tips and notes, by shared topics and links.
            Kind::Page => {
                let none = || Bonus {
                    pages: &[],
                    score: &|_| 0.0,
                };
                let related = self.ranked(i, Kind::Article, none(), RELATED_ARTICLES, c, scratch);
                let tips = self.ranked(i, Kind::Tip, none(), ARTICLE_TIPS, c, scratch);
                let notes = self.ranked(i, Kind::Page, none(), RELATED_ARTICLES, c, scratch);
                (related, tips, Vec::new(), notes)
            }
            _ => Default::default(),
        }
    }

    /// The pages of `kind` that share any of `topics`, scored by the shared topics'
    /// weights alone, best first: as many as any ranking may need.
    fn shortlist(&self, topics: &[String], kind: Kind, s: &mut Scratch) -> Vec<(usize, f64)> {
        s.fit(self.pages.len());
        for t in topics {
            let Some(members) = self.members.get(t.as_str()) else {
                continue;
            };
            let w = self.weight[t.as_str()];
            for &b in members {
                if self.pages[b].kind == kind {
                    s.add(b, w);
                }
            }
        }
        let mut list: Vec<(usize, f64)> = s.drain().collect();
        self.best(&mut list, SHORTLIST);
        // Shortlists are kept for reuse; the room for every candidate is not.
        list.shrink_to_fit();
        list
    }

    /// Sorts `scored` best first (ties in listing order) and keeps `keep` of them.
    fn best(&self, scored: &mut Vec<(usize, f64)>, keep: usize) {
        let order = |x: &(usize, f64), y: &(usize, f64)| {
            y.1.total_cmp(&x.1)
                .then_with(|| self.rank[x.0].cmp(&self.rank[y.0]))
        };
        if scored.len() > keep {
            scored.select_nth_unstable_by(keep, order);
            scored.truncate(keep);
        }
        scored.sort_by(order);
    }

    /// The `keep` pages of `kind` most related to page `a`, best first: shared topics
    /// (weighted by rarity), direct links either way, and the bonus; ties in listing order.
    fn ranked(
        &self,
        a: usize,
        kind: Kind,
        bonus: Bonus,
        keep: usize,
        c: &Context,
        s: &mut Scratch,
    ) -> Vec<usize> {
        let pages = self.pages;
        let links = self.links;
        let backlinks = c.backlinks;
        let linked = |b: usize| -> f64 {
            let mut x = 0.0;
            if links[a].contains(&b) {
                x += LINK_WEIGHT;
            }
            if links[b].contains(&a) {
                x += LINK_WEIGHT;
            }
            x
        };
        // Pages that links or the bonus may lift above the order by topics.
        let mut lifted: Vec<usize> = links[a]
            .iter()
            .chain(&backlinks[a])
            .chain(bonus.pages)
            .copied()
            .filter(|&b| b != a && pages[b].kind == kind)
            .collect();
        lifted.sort_unstable();
        lifted.dedup();
        let shortlist = c.shortlists.get(&(pages[a].topics.as_slice(), kind));
        if let Some(shortlist) = shortlist.filter(|_| lifted.len() <= MAX_LIFTED) {
            // Every other candidate scores by topics alone, so the best of them are at
            // the head of the shortlist, which is long enough to skip `a` and `lifted`.
            let mut scored: Vec<(usize, f64)> = shortlist
                .iter()
                .filter(|(b, _)| *b != a && lifted.binary_search(b).is_err())
                .copied()
                .collect();
            for &b in &lifted {
                let topical = self.topical(a, b);
                let link = linked(b);
                if topical.is_some() || link > 0.0 {
                    scored.push((b, topical.unwrap_or(0.0) + link + (bonus.score)(b)));
                }
            }
            self.best(&mut scored, keep);
            return scored.iter().map(|&(b, _)| b).collect();
        }

        s.fit(pages.len());
        for t in &pages[a].topics {
            let Some(members) = self.members.get(t.as_str()) else {
                continue;
            };
            let w = self.weight[t.as_str()];
            for &b in members {
                if b != a && pages[b].kind == kind {
                    s.add(b, w);
                }
            }
        }
        for &b in links[a].iter().chain(&backlinks[a]) {
            if b != a && pages[b].kind == kind {
                s.touch(b);
            }
        }
        let mut scored: Vec<(usize, f64)> = s
            .drain()
            .map(|(b, score)| (b, score + linked(b) + (bonus.score)(b)))
            .collect();
        self.best(&mut scored, keep);
        // Not `into_iter().collect()`: that would reuse `scored`'s allocation, sized for
        // every candidate, and keep it alive with the few pages kept.
        scored.iter().map(|&(b, _)| b).collect()
    }

    /// The weight of the topics `b` shares with `a`, summed in the order the full
    /// ranking sums them; `None` when they share none.
    fn topical(&self, a: usize, b: usize) -> Option<f64> {
        let mut score = 0.0;
        let mut shares = false;
        for t in &self.pages[a].topics {
            if !self.members.contains_key(t.as_str()) {
                continue;
            }
            let w = self.weight[t.as_str()];
            for other in &self.pages[b].topics {
                if other == t {
                    score += w;
                    shares = true;
                }
            }
        }
        shares.then_some(score)
    }
}

/// Candidates by topics alone, best first, by (topics, kind).
type Shortlists<'a> = HashMap<(&'a [String], Kind), Vec<(usize, f64)>>;

/// What every ranking of one pass reads besides the ground.
struct Context<'c, 'a> {
    backlinks: &'c [Vec<usize>],
    source_article: &'c [Option<usize>],
    shortlists: &'c Shortlists<'a>,
    /// The tips whose source is each article.
    sourced: &'c HashMap<usize, Vec<usize>>,
}

/// A bonus in a ranking: the pages that may get one, and what each gets.
struct Bonus<'b> {
    pages: &'b [usize],
    score: &'b dyn Fn(usize) -> f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{FrontMatter, Page};
    use crate::markdown::Outline;

    /// A deterministic site: articles and tips on a few topics, with links between them.
    fn site(n: usize) -> (Vec<Page>, Vec<Vec<usize>>) {
        const TOPICS: [&str; 4] = ["a", "b", "c", "d"];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        let pages: Vec<Page> = (0..n)
            .map(|i| {
                let kind = match i % 7 {
                    0 => Kind::Article,
                    1 => Kind::Page,
                    _ => Kind::Tip,
                };
                let mut topics: Vec<String> = (0..1 + next(2))
                    .map(|_| TOPICS[next(4)].to_string())
                    .collect();
                topics.sort();
                Page {
                    source: format!("content/p{i}.md").into(),
                    kind,
                    slug: format!("p{i}"),
                    path: format!("p{i}.html"),
                    url: format!("p{i}.html"),
                    meta: FrontMatter {
                        title: format!("Page {}", next(50)),
                        ..FrontMatter::default()
                    },
                    body: Default::default(),
                    body_line: 1,
                    outline: Outline::default(),
                    topics,
                    place: Default::default(),
                }
            })
            .collect();
        // Articles link to many tips, so some rankings lift more than MAX_LIFTED pages.
        let links = (0..n)
            .map(|i| {
                let count = if i == 0 { 3 * MAX_LIFTED } else { next(4) };
                (0..count).map(|_| next(n)).collect()
            })
            .collect();
        (pages, links)
    }

    #[test]
    fn shortlists_rank_exactly_as_scanning_every_candidate() {
        let (pages, links) = site(400);
        let ground = Ground::new(&pages, &links);
        let backlinks = ground.backlinks();
        // Every seventh page names the article before it as its source, tips or not.
        let source_article: Vec<Option<usize>> = (0..pages.len())
            .map(|i| i.checked_sub(3).filter(|_| i % 7 == 3))
            .collect();
        let all: Vec<usize> = (0..pages.len()).collect();
        let fast = ground.ranked_lists(&all, &backlinks, &source_article);

        let none = Shortlists::new();
        let sourced = HashMap::new();
        let scan = Context {
            backlinks: &backlinks,
            source_article: &source_article,
            shortlists: &none,
            sourced: &sourced,
        };
        let mut scratch = Scratch::default();
        for i in all {
            assert_eq!(fast[i], ground.lists_of(i, &scan, &mut scratch), "page {i}");
        }
        assert!(fast
            .iter()
            .any(|(_, tips, _, _)| tips.len() == ARTICLE_TIPS));
        assert!(fast.iter().any(|(_, _, _, notes)| !notes.is_empty()));
    }
}
