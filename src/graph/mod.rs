//! The link graph: topic membership, related pages, source articles and backlinks,
//! computed once for the whole site.

use std::cmp::Ordering;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{Kind, Page};
use crate::topics::Topics;

/// How many related articles an article lists.
const RELATED_ARTICLES: usize = 5;
/// How many tips an article lists.
const ARTICLE_TIPS: usize = 8;
/// How many sibling tips a tip lists.
const SIBLINGS: usize = 6;
/// How many related topics a topic lists.
const RELATED_TOPICS: usize = 6;
/// How many recent articles the home page lists.
const RECENT: usize = 6;
/// What a direct link between two pages adds to their relatedness, in each direction.
const LINK_WEIGHT: f64 = 1.0;
/// Pages a ranking may lift above the order by topics (linked, or given a bonus);
/// with more, the page is ranked against every candidate.
const MAX_LIFTED: usize = 32;
/// How long a shortlist by topics is: the longest list kept, the page itself, and
/// every page that may be lifted.
const SHORTLIST: usize = ARTICLE_TIPS + 1 + MAX_LIFTED;
const _: () = assert!(ARTICLE_TIPS >= RELATED_ARTICLES && ARTICLE_TIPS >= SIBLINGS);

/// Cross-links of every page, by page index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    /// Pages that link to or embed each page, in listing order.
    pub backlinks: Vec<Vec<usize>>,
    /// For articles: related articles, best first.
    pub related_articles: Vec<Vec<usize>>,
    /// For articles: tips that share its topics, best first.
    pub tips: Vec<Vec<usize>>,
    /// For tips: the article the advice comes from.
    pub source_article: Vec<Option<usize>>,
    /// For tips: other tips on the same ground, best first.
    pub siblings: Vec<Vec<usize>>,
    /// For topic pages: member articles, in listing order.
    pub topic_articles: Vec<Vec<usize>>,
    /// For topic pages: member tips, in listing order.
    pub topic_tips: Vec<Vec<usize>>,
    /// For topic pages: (topic page, pages sharing both) by co-occurrence, most first.
    pub related_topics: Vec<Vec<(usize, usize)>>,
    /// Articles by date, newest first.
    pub recent_articles: Vec<usize>,
    /// Which pages are the home page, the one that lists recent articles.
    pub is_home: Vec<bool>,
}

impl Graph {
    /// Builds the graph from the pages, their topics and their outgoing links.
    pub fn build(pages: &[Page], topics: &Topics, links: &[Vec<usize>]) -> Graph {
        let n = pages.len();
        let ground = Ground::new(pages, links);
        let backlinks = ground.backlinks();
        let source_article = ground.source_articles(&backlinks);
        let mut graph = Graph {
            backlinks: Vec::new(),
            related_articles: vec![Vec::new(); n],
            tips: vec![Vec::new(); n],
            source_article: Vec::new(),
            siblings: vec![Vec::new(); n],
            topic_articles: vec![Vec::new(); n],
            topic_tips: vec![Vec::new(); n],
            related_topics: vec![Vec::new(); n],
            recent_articles: Vec::new(),
            is_home: pages.iter().map(|p| p.kind == Kind::Home).collect(),
        };

        for (slug, topic_page) in topics.iter() {
            let mut list = ground.members.get(slug).cloned().unwrap_or_default();
            list.sort_by_key(|&a| ground.rank[a]);
            let (articles, tips): (Vec<usize>, Vec<usize>) = list
                .into_iter()
                .partition(|&i| pages[i].kind == Kind::Article);
            graph.topic_articles[topic_page] = articles;
            graph.topic_tips[topic_page] = tips;
            graph.related_topics[topic_page] = co_occurring(slug, pages, &ground.members, topics);
        }

        let all: Vec<usize> = (0..n).collect();
        let lists = ground.ranked_lists(&all, &backlinks, &source_article);
        for (i, (related, tips, siblings)) in lists.into_iter().enumerate() {
            graph.related_articles[i] = related;
            graph.tips[i] = tips;
            graph.siblings[i] = siblings;
        }
        graph.backlinks = backlinks;
        graph.source_article = source_article;

        let rank = &ground.rank;
        let mut recent: Vec<usize> = (0..n).filter(|&i| pages[i].kind == Kind::Article).collect();
        recent.sort_by(|&a, &b| {
            pages[b]
                .meta
                .date
                .cmp(&pages[a].meta.date)
                .then_with(|| rank[a].cmp(&rank[b]))
        });
        recent.truncate(RECENT);
        graph.recent_articles = recent;
        graph
    }

    /// The graph after the outgoing links of page `changed` became `links[changed]`, when
    /// nothing else that the graph reads changed (every page's kind, path, title, weight,
    /// date, topics and source, and every other page's links). Gives exactly what
    /// [`Graph::build`] gives, recomputing only the lists the new links can reach.
    pub fn relink(&self, pages: &[Page], links: &[Vec<usize>], changed: usize) -> Graph {
        let n = pages.len();
        let ground = Ground::new(pages, links);
        let backlinks = ground.backlinks();
        let source_article = ground.source_articles(&backlinks);

        // Pages whose ranked lists can differ: the changed page; the pages it linked or
        // links to (their backlinks changed, and how strongly they relate to it); tips whose
        // source article changed; and the pages whose rankings favour a shared source.
        let mut redo = vec![false; n];
        redo[changed] = true;
        let mut sources = Vec::new();
        for j in 0..n {
            if backlinks[j] != self.backlinks[j] {
                redo[j] = true;
            }
            if source_article[j] != self.source_article[j] {
                redo[j] = true;
                sources.extend(source_article[j]);
                sources.extend(self.source_article[j]);
            }
        }
        if !sources.is_empty() {
            for j in 0..n {
                let shares = |s: &Option<usize>| s.is_some_and(|s| sources.contains(&s));
                if sources.contains(&j)
                    || shares(&source_article[j])
                    || shares(&self.source_article[j])
                {
                    redo[j] = true;
                }
            }
        }
        let redo: Vec<usize> = (0..n).filter(|&j| redo[j]).collect();

        let mut graph = Graph {
            backlinks,
            related_articles: self.related_articles.clone(),
            tips: self.tips.clone(),
            source_article,
            siblings: self.siblings.clone(),
            topic_articles: self.topic_articles.clone(),
            topic_tips: self.topic_tips.clone(),
            related_topics: self.related_topics.clone(),
            recent_articles: self.recent_articles.clone(),
            is_home: self.is_home.clone(),
        };
        let lists = ground.ranked_lists(&redo, &graph.backlinks, &graph.source_article);
        for (&i, (related, tips, siblings)) in redo.iter().zip(lists) {
            graph.related_articles[i] = related;
            graph.tips[i] = tips;
            graph.siblings[i] = siblings;
        }
        graph
    }

    /// The pages whose lists differ between this graph and `other` (same pages).
    pub fn differing(&self, other: &Graph) -> Vec<usize> {
        let n = self.backlinks.len().min(other.backlinks.len());
        let recent_changed = self.recent_articles != other.recent_articles;
        (0..n)
            .filter(|&j| {
                self.backlinks[j] != other.backlinks[j]
                    || self.related_articles[j] != other.related_articles[j]
                    || self.tips[j] != other.tips[j]
                    || self.source_article[j] != other.source_article[j]
                    || self.siblings[j] != other.siblings[j]
                    || self.topic_articles[j] != other.topic_articles[j]
                    || self.topic_tips[j] != other.topic_tips[j]
                    || self.related_topics[j] != other.related_topics[j]
                    || self.is_home[j] != other.is_home[j]
                    || (recent_changed && (self.is_home[j] || other.is_home[j]))
            })
            .collect()
    }
}

/// What every ranking reads: topic members and weights, listing ranks and links.
struct Ground<'a> {
    pages: &'a [Page],
    links: &'a [Vec<usize>],
    /// Members of each topic, by topic slug, in page order.
    members: HashMap<&'a str, Vec<usize>>,
    /// A rare topic says more about two pages sharing it than a common one.
    weight: HashMap<&'a str, f64>,
    /// Each page's place in the listing order.
    rank: Vec<usize>,
}

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

type Lists = (Vec<usize>, Vec<usize>, Vec<usize>);

impl<'a> Ground<'a> {
    fn new(pages: &'a [Page], links: &'a [Vec<usize>]) -> Ground<'a> {
        let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            if matches!(page.kind, Kind::Article | Kind::Tip) {
                for t in &page.topics {
                    members.entry(t.as_str()).or_default().push(i);
                }
            }
        }
        let total = members.values().map(Vec::len).sum::<usize>().max(1) as f64;
        let weight = members
            .iter()
            .map(|(t, m)| (*t, (1.0 + total / m.len() as f64).ln()))
            .collect();
        Ground {
            pages,
            links,
            members,
            weight,
            rank: listing_ranks(pages),
        }
    }

    /// Pages that link to or embed each page, in listing order.
    fn backlinks(&self) -> Vec<Vec<usize>> {
        let mut backlinks = vec![Vec::new(); self.pages.len()];
        for (from, targets) in self.links.iter().enumerate() {
            for &to in targets {
                if to != from {
                    backlinks[to].push(from);
                }
            }
        }
        for list in &mut backlinks {
            list.sort_by_key(|&a| self.rank[a]);
            list.dedup();
        }
        backlinks
    }

    /// For each tip, the article its advice comes from: the first article it links to,
    /// else the first that links to it, else one with the same `source.title`.
    fn source_articles(&self, backlinks: &[Vec<usize>]) -> Vec<Option<usize>> {
        let pages = self.pages;
        let mut by_source_title: HashMap<&str, usize> = HashMap::new();
        for (j, p) in pages.iter().enumerate() {
            if p.kind == Kind::Article {
                if let Some(title) = p.meta.source.as_ref().and_then(|s| s.title.as_ref()) {
                    by_source_title.entry(title.as_str()).or_insert(j);
                }
            }
        }
        (0..pages.len())
            .map(|i| {
                if pages[i].kind != Kind::Tip {
                    return None;
                }
                let is_article = |j: &&usize| pages[**j].kind == Kind::Article;
                self.links[i]
                    .iter()
                    .find(is_article)
                    .or_else(|| backlinks[i].iter().find(is_article))
                    .copied()
                    .or_else(|| {
                        let title = pages[i].meta.source.as_ref()?.title.as_ref()?;
                        by_source_title.get(title.as_str()).copied()
                    })
            })
            .collect()
    }

    /// Related articles and tips of each article and sibling tips of each tip in `which`.
    fn ranked_lists(
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
                _ => {}
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let shortlists: Shortlists = keys
            .par_chunks(16)
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
            .par_chunks(256)
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
                (related, tips, Vec::new())
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
                (Vec::new(), Vec::new(), siblings)
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

impl Graph {
    /// Whether page `j`'s own output lists page `i` (so a change to `i` re-renders `j`).
    pub fn mentions(&self, j: usize, i: usize) -> bool {
        self.backlinks[j].contains(&i)
            || self.related_articles[j].contains(&i)
            || self.tips[j].contains(&i)
            || self.source_article[j] == Some(i)
            || self.siblings[j].contains(&i)
            || self.topic_articles[j].contains(&i)
            || self.topic_tips[j].contains(&i)
            || (self.is_home[j] && self.recent_articles.contains(&i))
    }
}

/// Topics that share pages with `slug`, with how many pages they share, most first.
fn co_occurring(
    slug: &str,
    pages: &[Page],
    members: &HashMap<&str, Vec<usize>>,
    topics: &Topics,
) -> Vec<(usize, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &i in members.get(slug).into_iter().flatten() {
        for t in &pages[i].topics {
            if t != slug {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    list.into_iter()
        .take(RELATED_TOPICS)
        .filter_map(|(t, c)| Some((topics.page_of(t)?, c)))
        .collect()
}

/// Each page's place in [`listing_order`] (ties keep page order), so that sorting many
/// lists compares integers instead of lowercasing titles again and again.
pub fn listing_ranks(pages: &[Page]) -> Vec<usize> {
    let titles: Vec<String> = pages.iter().map(|p| p.meta.title.to_lowercase()).collect();
    let weight = |i: usize| pages[i].meta.weight.unwrap_or(i64::MAX);
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
    let weight = |p: &Page| p.meta.weight.unwrap_or(i64::MAX);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FrontMatter;
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
                let kind = if i % 5 == 0 { Kind::Article } else { Kind::Tip };
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
                    body: String::new(),
                    body_line: 1,
                    outline: Outline::default(),
                    topics,
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
        let source_article = ground.source_articles(&backlinks);
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
        assert!(fast.iter().any(|(_, tips, _)| tips.len() == ARTICLE_TIPS));
    }
}
