//! Learning paths: each path's stages and steps, and each page's place on the paths it
//! is on (its number, and the steps before and after it).

use crate::content::Page;
use crate::links::Stage;
use crate::topics::Topics;

use super::listing_ranks;

/// A stage of a path: the `##` heading above its steps, and the steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathStage {
    /// The heading's text; `None` for steps before any `##` heading.
    pub name: Option<String>,
    /// The heading's anchor id on the path's page.
    pub id: Option<String>,
    /// The steps' pages, by index, in order.
    pub steps: Vec<usize>,
}

/// Where a page stands on one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepPlace {
    /// The path's page, by index.
    pub path: usize,
    /// The step's number, from 1.
    pub number: usize,
    /// How many steps the path has.
    pub total: usize,
    /// The step before, by page index; `None` for the first.
    pub previous: Option<usize>,
    /// The step after, by page index; `None` for the last.
    pub next: Option<usize>,
}

/// Every learning path of the site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paths {
    /// The path pages, in listing order.
    pub list: Vec<usize>,
    /// For path pages: the stages, in order (empty for other pages).
    pub stages: Vec<Vec<PathStage>>,
    /// For every page: its place on each path it is on, in the order of `list`.
    pub places: Vec<Vec<StepPlace>>,
    /// For topic pages: the paths on that topic, in listing order.
    pub on_topic: Vec<Vec<usize>>,
}

impl Paths {
    /// The paths of `pages`, given each path page's stages (by page index).
    pub(crate) fn build(
        pages: &[Page],
        topics: &Topics,
        resolved: Vec<(usize, Vec<Stage>)>,
    ) -> Paths {
        let n = pages.len();
        let rank = listing_ranks(pages);
        let mut paths = Paths {
            list: resolved.iter().map(|(i, _)| *i).collect(),
            stages: vec![Vec::new(); n],
            places: vec![Vec::new(); n],
            on_topic: vec![Vec::new(); n],
        };
        paths.list.sort_by_key(|&i| rank[i]);
        for (i, stages) in resolved {
            paths.stages[i] = stages
                .into_iter()
                .map(|s| PathStage {
                    name: s.name,
                    id: s.id,
                    steps: s.steps,
                })
                .collect();
        }
        for &path in &paths.list {
            let steps: Vec<usize> = paths.steps(path).collect();
            for (k, &step) in steps.iter().enumerate() {
                paths.places[step].push(StepPlace {
                    path,
                    number: k + 1,
                    total: steps.len(),
                    previous: k.checked_sub(1).map(|p| steps[p]),
                    next: steps.get(k + 1).copied(),
                });
            }
            for slug in &pages[path].topics {
                if let Some(topic) = topics.page_of(slug) {
                    paths.on_topic[topic].push(path);
                }
            }
        }
        paths
    }

    /// The steps of path page `path`, in order.
    pub fn steps(&self, path: usize) -> impl Iterator<Item = usize> + '_ {
        self.stages
            .get(path)
            .into_iter()
            .flatten()
            .flat_map(|s| s.steps.iter().copied())
    }

    /// Whether the site has any path.
    pub fn any(&self) -> bool {
        !self.list.is_empty()
    }

    /// Whether page `j`'s output shows page `i`: as one of its steps, as the step before
    /// or after it, as a path it is on, or as a path on its topic.
    pub fn mentions(&self, j: usize, i: usize) -> bool {
        let none = &Vec::new();
        self.stages
            .get(j)
            .unwrap_or(&Vec::new())
            .iter()
            .any(|s| s.steps.contains(&i))
            || self
                .places
                .get(j)
                .unwrap_or(&Vec::new())
                .iter()
                .any(|p| p.path == i || p.previous == Some(i) || p.next == Some(i))
            || self.on_topic.get(j).unwrap_or(none).contains(&i)
    }

    /// Whether page `j`'s path lists differ between `self` and `other`.
    pub fn differs(&self, other: &Paths, j: usize) -> bool {
        self.stages.get(j) != other.stages.get(j)
            || self.places.get(j) != other.places.get(j)
            || self.on_topic.get(j) != other.on_topic.get(j)
    }
}
