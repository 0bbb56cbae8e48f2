//! Learning paths in pages: a path's own page (its stages and steps), the step navigation
//! on every page that is a step, the lists of paths (home page, topic pages, the paths
//! index), and the site id that keeps one site's reading progress apart from another's.

use serde::Serialize;
use tera::Context;

use super::context::{PageLink, Seen};
use super::folder::Crumb;
use super::paginate::{self, Slot};
use super::Renderer;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::graph::Paths;
use crate::urls::relative;

/// The template of the paths index.
pub(super) const INDEX_TEMPLATE: &str = "paths.html";

/// A path in a list of paths, as seen from the page being rendered.
#[derive(Serialize)]
pub(super) struct PathLink<'a> {
    title: &'a str,
    url: String,
    summary: &'a str,
    /// The `level` its front matter gives (`beginner`, …), if any.
    level: Option<&'a str>,
    /// How many steps it has.
    steps: usize,
    /// Minutes to read every step.
    reading_time: usize,
}

/// One stage of the path being rendered.
#[derive(Serialize)]
struct StageContext<'a> {
    name: Option<&'a str>,
    id: Option<&'a str>,
    steps: Vec<StepLink<'a>>,
}

/// One step of the path being rendered.
#[derive(Serialize)]
struct StepLink<'a> {
    /// From 1, counted over the whole path.
    number: usize,
    /// The step's key in reading progress: its output path from the site's root.
    key: &'a str,
    #[serde(flatten)]
    page: PageLink<'a>,
}

/// The page being rendered as a step of one path: the path, its number, its neighbours.
#[derive(Serialize)]
struct StepNav<'a> {
    /// The path's title and address.
    title: &'a str,
    url: String,
    /// The path's key in reading progress: its output path from the site's root.
    key: &'a str,
    number: usize,
    total: usize,
    /// The keys of every step of the path, in order, so progress can be counted.
    steps: Vec<&'a str>,
    /// This page's key.
    step: &'a str,
    previous: Option<PageLink<'a>>,
    next: Option<PageLink<'a>>,
}

impl<'a> Renderer<'a> {
    /// Where the paths index is written, relative to the output root; `None` when the site
    /// has no paths.
    pub(crate) fn paths_index_path(&self) -> Option<String> {
        index_path(self.config, &self.graph.paths)
    }

    /// What links to the paths index point at, from the output root.
    pub(super) fn paths_index_url(&self) -> Option<String> {
        index_url(self.config, &self.graph.paths)
    }

    /// Adds what every template sees of paths: `paths_url` (the paths index, from `from`)
    /// when the site has paths, and `site_id`, which keeps reading progress apart.
    pub(super) fn insert_path_links(&self, ctx: &mut Context, from: &str) {
        if let Some(url) = self.paths_index_url() {
            ctx.insert("paths_url", &relative(from, &url));
        }
        ctx.insert(
            "site_id",
            &site_id(&self.config.title, self.config.base_url.as_deref()),
        );
    }

    /// Path `i` in a list, as seen from `from`.
    fn path_link(&self, from: &str, i: usize) -> PathLink<'a> {
        let p = &self.pages[i];
        let paths = &self.graph.paths;
        PathLink {
            title: &p.meta.title,
            url: relative(from, &p.url),
            summary: p.summary(),
            level: p.meta.level.as_deref(),
            steps: paths.steps(i).count(),
            reading_time: paths
                .steps(i)
                .map(|s| self.pages[s].outline.reading_time)
                .sum(),
        }
    }

    /// The paths among `list`, as seen from `from`.
    pub(super) fn path_links(&self, from: &str, list: &[usize]) -> Vec<PathLink<'a>> {
        list.iter().map(|&i| self.path_link(from, i)).collect()
    }

    /// Adds what a path's own page shows: `stages` (each with its steps), `step_count` and
    /// `reading_time_total`, and breadcrumbs through the paths index.
    pub(super) fn insert_path(&self, ctx: &mut Context, from: &str, index: usize, seen: &Seen<'a>) {
        let mut number = 0;
        let stages: Vec<StageContext> = self.graph.paths.stages[index]
            .iter()
            .map(|stage| StageContext {
                name: stage.name.as_deref(),
                id: stage.id.as_deref(),
                steps: stage
                    .steps
                    .iter()
                    .map(|&s| {
                        number += 1;
                        StepLink {
                            number,
                            key: &self.pages[s].path,
                            page: self.page_link(from, s, seen),
                        }
                    })
                    .collect(),
            })
            .collect();
        let link = self.path_link(from, index);
        ctx.insert("stages", &stages);
        ctx.insert("step_count", &link.steps);
        ctx.insert("reading_time_total", &link.reading_time);
        ctx.insert("level", &link.level);
        ctx.insert("path_key", &self.pages[index].path);
        let keys: Vec<&str> = self
            .graph
            .paths
            .steps(index)
            .map(|s| self.pages[s].path.as_str())
            .collect();
        ctx.insert("step_keys", &keys);
        ctx.insert("breadcrumbs", &self.path_crumbs(from));
    }

    /// Adds `path_steps`: page `index`'s place on each path it is on.
    pub(super) fn insert_step_navs(
        &self,
        ctx: &mut Context,
        from: &str,
        index: usize,
        seen: &Seen<'a>,
    ) {
        let paths = &self.graph.paths;
        let navs: Vec<StepNav> = paths.places[index]
            .iter()
            .map(|place| {
                let path = &self.pages[place.path];
                StepNav {
                    title: &path.meta.title,
                    url: relative(from, &path.url),
                    key: &path.path,
                    number: place.number,
                    total: place.total,
                    steps: paths
                        .steps(place.path)
                        .map(|s| self.pages[s].path.as_str())
                        .collect(),
                    step: &self.pages[index].path,
                    previous: place.previous.map(|p| self.page_link(from, p, seen)),
                    next: place.next.map(|n| self.page_link(from, n, seen)),
                }
            })
            .collect();
        ctx.insert("path_steps", &navs);
    }

    /// The breadcrumbs above a path: Home, then Paths.
    fn path_crumbs(&self, from: &str) -> Vec<Crumb> {
        let mut crumbs = self.crumbs(from, &[]);
        if let Some(url) = self.paths_index_url() {
            crumbs.push(Crumb::new(
                &self.strings.word("nav_paths"),
                relative(from, &url),
            ));
        }
        crumbs
    }

    /// The pages the paths index is split over; none when the site has no paths or the
    /// theme no paths index.
    pub(crate) fn paths_index_slots(&self) -> Vec<Slot> {
        match (self.paths_index_path(), self.paths_index_url()) {
            (Some(path), Some(url)) if self.has_template(INDEX_TEMPLATE) => paginate::slots(
                &path,
                &url,
                self.graph.paths.list.len(),
                self.config.paginate,
                self.config.pretty_urls,
            ),
            _ => Vec::new(),
        }
    }

    /// Renders page `at` of `slots`, the pages of the index of all paths.
    pub(crate) fn paths_index(&self, slots: &[Slot], at: usize) -> Result<String, Diagnostic> {
        self.list_page(slots, at, "paths", INDEX_TEMPLATE, |ctx, from, range| {
            ctx.insert(
                "paths",
                &self.path_links(from, &self.graph.paths.list[range]),
            );
            ctx.insert("breadcrumbs", &self.crumbs(from, &[]));
        })
    }
}

/// Where the paths index is written, relative to the output root: `<paths_dir>/index.html`,
/// when the site has paths.
fn index_path(config: &Config, paths: &Paths) -> Option<String> {
    let dir = crate::content::slugify(&config.paths_dir);
    (paths.any() && !dir.is_empty()).then(|| format!("{dir}/index.html"))
}

/// What links to the paths index point at, from the output root (its folder, with
/// `pretty_urls`), when the site has paths.
pub(crate) fn index_url(config: &Config, paths: &Paths) -> Option<String> {
    let path = index_path(config, paths)?;
    Some(if config.pretty_urls {
        path.trim_end_matches("index.html").to_string()
    } else {
        path
    })
}

/// A short id for the site, the same on every build of it: the prefix of its reading
/// progress in the browser's storage, which `file://` pages of every site share.
fn site_id(title: &str, base_url: Option<&str>) -> String {
    // FNV-1a: stable across releases and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in title
        .bytes()
        .chain([0])
        .chain(base_url.unwrap_or("").bytes())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_ids_are_stable_and_tell_sites_apart() {
        assert_eq!(site_id("Ladder", None), site_id("Ladder", None));
        assert_eq!(site_id("Ladder", None).len(), 16);
        assert_ne!(
            site_id("Ladder", None),
            site_id("Ladder", Some("https://a.org/"))
        );
        assert_ne!(site_id("Ladder", None), site_id("Ladders", None));
        assert_ne!(site_id("ab", None), site_id("a", Some("b")));
    }
}
