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

/// Cross-links of every page, by page index.
#[derive(Debug, Default)]
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
        let mut graph = Graph {
            backlinks: vec![Vec::new(); n],
            related_articles: vec![Vec::new(); n],
            tips: vec![Vec::new(); n],
            source_article: vec![None; n],
            siblings: vec![Vec::new(); n],
            topic_articles: vec![Vec::new(); n],
            topic_tips: vec![Vec::new(); n],
            related_topics: vec![Vec::new(); n],
            recent_articles: Vec::new(),
            is_home: pages.iter().map(|p| p.kind == Kind::Home).collect(),
        };

        for (from, targets) in links.iter().enumerate() {
            for &to in targets {
                if to != from {
                    graph.backlinks[to].push(from);
                }
            }
        }
        for list in &mut graph.backlinks {
            list.sort_by(|&a, &b| listing_order(&pages[a], &pages[b]));
            list.dedup();
        }

        // Members of each topic, by topic page index.
        let members: HashMap<&str, Vec<usize>> = {
            let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, page) in pages.iter().enumerate() {
                if matches!(page.kind, Kind::Article | Kind::Tip) {
                    for t in &page.topics {
                        m.entry(t.as_str()).or_default().push(i);
                    }
                }
            }
            m
        };
        let total = members.values().map(Vec::len).sum::<usize>().max(1) as f64;
        // A rare topic says more about two pages sharing it than a common one.
        let weight: HashMap<&str, f64> = members
            .iter()
            .map(|(t, m)| (*t, (1.0 + total / m.len() as f64).ln()))
            .collect();

        for (slug, topic_page) in topics.iter() {
            let mut list = members.get(slug).cloned().unwrap_or_default();
            list.sort_by(|&a, &b| listing_order(&pages[a], &pages[b]));
            let (articles, tips): (Vec<usize>, Vec<usize>) = list
                .into_iter()
                .partition(|&i| pages[i].kind == Kind::Article);
            graph.topic_articles[topic_page] = articles;
            graph.topic_tips[topic_page] = tips;
            graph.related_topics[topic_page] = co_occurring(slug, pages, &members, topics);
        }

        let linked = |a: usize, b: usize| -> f64 {
            let mut s = 0.0;
            if links[a].contains(&b) {
                s += LINK_WEIGHT;
            }
            if links[b].contains(&a) {
                s += LINK_WEIGHT;
            }
            s
        };
        let ranked = |a: usize, kind: Kind, bonus: &dyn Fn(usize) -> f64| -> Vec<usize> {
            let mut scores: HashMap<usize, f64> = HashMap::new();
            for t in &pages[a].topics {
                for &b in members.get(t.as_str()).into_iter().flatten() {
                    if b != a && pages[b].kind == kind {
                        *scores.entry(b).or_default() += weight[t.as_str()];
                    }
                }
            }
            for &b in links[a].iter().chain(&graph.backlinks[a]) {
                if b != a && pages[b].kind == kind {
                    scores.entry(b).or_default();
                }
            }
            let mut scored: Vec<(usize, f64)> = scores
                .into_iter()
                .map(|(b, s)| (b, s + linked(a, b) + bonus(b)))
                .collect();
            scored.sort_by(|(a, sa), (b, sb)| {
                sb.total_cmp(sa)
                    .then_with(|| listing_order(&pages[*a], &pages[*b]))
            });
            scored.into_iter().map(|(b, _)| b).collect()
        };

        let source_article: Vec<Option<usize>> = (0..n)
            .map(|i| {
                if pages[i].kind != Kind::Tip {
                    return None;
                }
                let is_article = |j: &&usize| pages[**j].kind == Kind::Article;
                links[i]
                    .iter()
                    .find(is_article)
                    .or_else(|| graph.backlinks[i].iter().find(is_article))
                    .copied()
                    .or_else(|| {
                        let title = pages[i].meta.source.as_ref()?.title.as_ref()?;
                        pages.iter().position(|p| {
                            p.kind == Kind::Article
                                && p.meta.source.as_ref().and_then(|s| s.title.as_ref())
                                    == Some(title)
                        })
                    })
            })
            .collect();

        let per_page: Vec<(Vec<usize>, Vec<usize>, Vec<usize>)> = (0..n)
            .into_par_iter()
            .map(|i| match pages[i].kind {
                Kind::Article => {
                    let mut related = ranked(i, Kind::Article, &|_| 0.0);
                    related.truncate(RELATED_ARTICLES);
                    let mut tips = ranked(i, Kind::Tip, &|t| {
                        if source_article[t] == Some(i) {
                            LINK_WEIGHT
                        } else {
                            0.0
                        }
                    });
                    tips.truncate(ARTICLE_TIPS);
                    (related, tips, Vec::new())
                }
                Kind::Tip => {
                    let mut siblings = ranked(i, Kind::Tip, &|t| {
                        if source_article[i].is_some() && source_article[t] == source_article[i] {
                            LINK_WEIGHT
                        } else {
                            0.0
                        }
                    });
                    siblings.truncate(SIBLINGS);
                    (Vec::new(), Vec::new(), siblings)
                }
                _ => Default::default(),
            })
            .collect();
        for (i, (related, tips, siblings)) in per_page.into_iter().enumerate() {
            graph.related_articles[i] = related;
            graph.tips[i] = tips;
            graph.siblings[i] = siblings;
        }
        graph.source_article = source_article;

        let mut recent: Vec<usize> = (0..n).filter(|&i| pages[i].kind == Kind::Article).collect();
        recent.sort_by(|&a, &b| {
            pages[b]
                .meta
                .date
                .cmp(&pages[a].meta.date)
                .then_with(|| listing_order(&pages[a], &pages[b]))
        });
        recent.truncate(RECENT);
        graph.recent_articles = recent;
        graph
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
