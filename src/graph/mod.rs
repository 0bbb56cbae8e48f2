//! The link graph: topic membership, related pages, source articles and backlinks,
//! computed once for the whole site.
//!
//! This module builds the graph from pages, topics and links; `rank` scores how related
//! pages are and keeps the best, and `order` is the order of pages in every list.

mod folders;
mod order;
mod paths;
mod rank;

use std::collections::HashMap;

use crate::content::{Kind, Page};
use crate::topics::Topics;

pub use folders::{Folder, Folders};
pub(crate) use order::listing_ranks;
pub use paths::{PathStage, Paths, StepPlace};

/// How many related topics a topic lists.
const RELATED_TOPICS: usize = 6;
/// How many recent articles the home page lists.
const RECENT: usize = 6;
/// How many tips the home page lists.
const HOME_TIPS: usize = 6;

/// How many entries each ranked list shows on a page. The graph keeps a few more
/// candidates than that ([`SPARE`]), so that a list whose entries an earlier section of
/// the page already shows still fills up.
pub(crate) mod shown {
    /// Related articles of an article or note.
    pub(crate) const RELATED: usize = 5;
    /// Tips of an article or note.
    pub(crate) const TIPS: usize = 8;
    /// Sibling tips of a tip.
    pub(crate) const SIBLINGS: usize = 6;
    /// Candidates a ranked list keeps beyond what it shows.
    pub(crate) const SPARE: usize = 4;
}

/// Cross-links of every page, by page index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    /// Pages that link to or embed each page, in listing order.
    pub backlinks: Vec<Vec<usize>>,
    /// For articles: related articles, best first, with spare candidates (see [`shown`]).
    pub related_articles: Vec<Vec<usize>>,
    /// For articles: tips that share its topics, best first, with spare candidates.
    pub tips: Vec<Vec<usize>>,
    /// For tips: the article the advice comes from, as its `source_article:` names it.
    pub source_article: Vec<Option<usize>>,
    /// For tips: other tips on the same ground, best first, with spare candidates.
    pub siblings: Vec<Vec<usize>>,
    /// For topic pages: member articles, in listing order.
    pub topic_articles: Vec<Vec<usize>>,
    /// For topic pages: member tips, in listing order.
    pub topic_tips: Vec<Vec<usize>>,
    /// For topic pages: member pages of other kinds (notes outside `articles/` and
    /// `tips/`), in listing order.
    pub topic_pages: Vec<Vec<usize>>,
    /// For other pages (notes): related pages of their own kind, best first, with spare
    /// candidates.
    pub related_pages: Vec<Vec<usize>>,
    /// For topic pages: (topic page, pages sharing both) by co-occurrence, most first.
    pub related_topics: Vec<Vec<(usize, usize)>>,
    /// Articles by date, newest first.
    pub recent_articles: Vec<usize>,
    /// Tips for the home page: the most linked to first, then in listing order.
    pub home_tips: Vec<usize>,
    /// Which pages are the home page, the one that lists recent articles.
    pub is_home: Vec<bool>,
    /// Learning paths: their steps, and each page's place on them (the steps before and
    /// after it are what its path navigation shows).
    pub paths: Paths,
}

impl Graph {
    /// Builds the graph from the pages, their topics, their outgoing links and each
    /// tip's source article (resolved from its front matter).
    pub fn build(
        pages: &[Page],
        topics: &Topics,
        links: &[Vec<usize>],
        source_article: &[Option<usize>],
    ) -> Graph {
        let n = pages.len();
        let ground = Ground::new(pages, links);
        let backlinks = ground.backlinks();
        let source_article = source_article.to_vec();
        let mut graph = Graph {
            backlinks: Vec::new(),
            related_articles: vec![Vec::new(); n],
            tips: vec![Vec::new(); n],
            source_article: Vec::new(),
            siblings: vec![Vec::new(); n],
            topic_articles: vec![Vec::new(); n],
            topic_tips: vec![Vec::new(); n],
            topic_pages: vec![Vec::new(); n],
            related_pages: vec![Vec::new(); n],
            related_topics: vec![Vec::new(); n],
            recent_articles: Vec::new(),
            home_tips: ground.most_linked_tips(&backlinks),
            is_home: pages.iter().map(|p| p.kind == Kind::Home).collect(),
            paths: Paths::build(pages, topics, Vec::new()),
        };

        for (slug, topic_page) in topics.iter() {
            let mut list = ground.members.get(slug).cloned().unwrap_or_default();
            list.sort_by_key(|&a| ground.rank[a]);
            for i in list {
                match pages[i].kind {
                    Kind::Article => graph.topic_articles[topic_page].push(i),
                    Kind::Tip => graph.topic_tips[topic_page].push(i),
                    _ => graph.topic_pages[topic_page].push(i),
                }
            }
            graph.related_topics[topic_page] = co_occurring(slug, pages, &ground.members, topics);
        }

        let all: Vec<usize> = (0..n).collect();
        let lists = ground.ranked_lists(&all, &backlinks, &source_article);
        for (i, (related, tips, siblings, notes)) in lists.into_iter().enumerate() {
            graph.related_articles[i] = related;
            graph.tips[i] = tips;
            graph.siblings[i] = siblings;
            graph.related_pages[i] = notes;
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
    /// date, topics and source article, and every other page's links). Gives exactly what
    /// [`Graph::build`] gives, recomputing only the lists the new links can reach.
    pub fn relink(&self, pages: &[Page], links: &[Vec<usize>], changed: usize) -> Graph {
        let n = pages.len();
        let ground = Ground::new(pages, links);
        let backlinks = ground.backlinks();

        // Pages whose ranked lists can differ: the changed page, and the pages it linked or
        // links to (their backlinks changed, and how strongly they relate to it).
        let mut redo = vec![false; n];
        redo[changed] = true;
        for j in 0..n {
            if backlinks[j] != self.backlinks[j] {
                redo[j] = true;
            }
        }
        let redo: Vec<usize> = (0..n).filter(|&j| redo[j]).collect();

        let mut graph = Graph {
            home_tips: ground.most_linked_tips(&backlinks),
            backlinks,
            related_articles: self.related_articles.clone(),
            tips: self.tips.clone(),
            source_article: self.source_article.clone(),
            siblings: self.siblings.clone(),
            topic_articles: self.topic_articles.clone(),
            topic_tips: self.topic_tips.clone(),
            topic_pages: self.topic_pages.clone(),
            related_pages: self.related_pages.clone(),
            related_topics: self.related_topics.clone(),
            recent_articles: self.recent_articles.clone(),
            is_home: self.is_home.clone(),
            paths: self.paths.clone(),
        };
        let lists = ground.ranked_lists(&redo, &graph.backlinks, &graph.source_article);
        for (&i, (related, tips, siblings, notes)) in redo.iter().zip(lists) {
            graph.related_articles[i] = related;
            graph.tips[i] = tips;
            graph.siblings[i] = siblings;
            graph.related_pages[i] = notes;
        }
        graph
    }

    /// The pages whose lists differ between this graph and `other` (same pages).
    pub fn differing(&self, other: &Graph) -> Vec<usize> {
        let n = self.backlinks.len().min(other.backlinks.len());
        let recent_changed =
            self.recent_articles != other.recent_articles || self.home_tips != other.home_tips;
        (0..n)
            .filter(|&j| {
                self.backlinks[j] != other.backlinks[j]
                    || self.related_articles[j] != other.related_articles[j]
                    || self.tips[j] != other.tips[j]
                    || self.source_article[j] != other.source_article[j]
                    || self.siblings[j] != other.siblings[j]
                    || self.topic_articles[j] != other.topic_articles[j]
                    || self.topic_tips[j] != other.topic_tips[j]
                    || self.topic_pages[j] != other.topic_pages[j]
                    || self.related_pages[j] != other.related_pages[j]
                    || self.related_topics[j] != other.related_topics[j]
                    || self.is_home[j] != other.is_home[j]
                    || self.paths.differs(&other.paths, j)
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

impl<'a> Ground<'a> {
    fn new(pages: &'a [Page], links: &'a [Vec<usize>]) -> Ground<'a> {
        let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            // Paths are listed on their topics' pages apart from the pages they lead through.
            if matches!(page.kind, Kind::Article | Kind::Tip | Kind::Page) {
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

    /// The tips the home page lists: those most linked to first (a tip many pages point
    /// to is one readers meet often), then in listing order.
    fn most_linked_tips(&self, backlinks: &[Vec<usize>]) -> Vec<usize> {
        let mut tips: Vec<usize> = (0..self.pages.len())
            .filter(|&i| self.pages[i].kind == Kind::Tip)
            .collect();
        tips.sort_by(|&a, &b| {
            backlinks[b]
                .len()
                .cmp(&backlinks[a].len())
                .then_with(|| self.rank[a].cmp(&self.rank[b]))
        });
        tips.truncate(HOME_TIPS);
        tips
    }
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
            || self.topic_pages[j].contains(&i)
            || self.related_pages[j].contains(&i)
            || (self.is_home[j]
                && (self.recent_articles.contains(&i) || self.home_tips.contains(&i)))
            || self.paths.mentions(j, i)
            || (self.is_home[j] && self.paths.list.contains(&i))
    }

    /// The graph with these learning paths.
    pub(crate) fn with_paths(mut self, paths: Paths) -> Graph {
        self.paths = paths;
        self
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
