//! Pages rendered at each request from the site held, rather than held rendered. At
//! 10,000 pages the rendered pages take 50 MB even compressed, and holding them all as
//! they are rendered makes the first build peak at 400 MB. The site holds its pages'
//! Markdown sources for edits anyway, so it does not hold their bodies (HTML, another
//! 28 MB compressed) either: a page's body is rendered again from its source with the
//! page, but for the pages whose bodies the feeds show. A page renders in under a
//! millisecond, on the requesting thread.

use rayon::prelude::*;
use tera::Tera;

use super::state::Held;
use crate::site::{Site, Undo};

/// The last good site as served: every language, each with its templates.
pub(super) struct Live {
    /// The site (of a multilingual site, its default language), then its other languages.
    sites: Vec<Site>,
    /// Each site's templates, speaking its language.
    teras: Vec<Tera>,
    /// Each site's pages whose bodies it holds: those its feeds show.
    kept: Vec<Vec<usize>>,
}

/// One file made by a page's template: which site, which page, which of its files.
#[derive(Debug, Clone, Copy)]
pub(super) struct PageFile {
    site: u32,
    page: u32,
    at: u32,
}

impl Live {
    /// The site checked by a full build, its other languages, and its templates; each
    /// site holds only the bodies its feeds show.
    pub(super) fn new(site: Site, languages: Vec<Site>, tera: Tera) -> Live {
        let mut teras: Vec<Tera> = languages.iter().map(|l| l.speaking(&tera)).collect();
        teras.insert(0, tera);
        let mut sites = languages;
        sites.insert(0, site);
        let kept: Vec<Vec<usize>> = sites.iter().map(Site::feed_pages).collect();
        for (site, kept) in sites.iter_mut().zip(&kept) {
            site.hold_bodies(kept);
        }
        Live { sites, teras, kept }
    }

    /// Frees the bodies [`Site::reload_page`] and [`Site::restore_bodies`] brought into
    /// the site, but those its feeds show. (A change to what they show rebuilds all.)
    pub(super) fn hold_bodies(&mut self) {
        self.sites[0].hold_bodies(&self.kept[0]);
    }

    /// Renders again the bodies held for the feeds of the pages that link to or embed
    /// one of `edited`: a page that embeds another shows its text, which
    /// [`Site::reload_page`] does not render again when the page's summary and headings
    /// stay. Returns those pages, and what their bodies replaced.
    pub(super) fn refresh_around(&mut self, edited: &[usize]) -> (Vec<usize>, Undo) {
        let site = &mut self.sites[0];
        let kept = &self.kept[0];
        let mut around: Vec<usize> = edited
            .iter()
            .filter_map(|&e| site.graph.backlinks.get(e))
            .flatten()
            .copied()
            .filter(|j| kept.binary_search(j).is_ok())
            .collect();
        around.sort_unstable();
        around.dedup();
        let undo = site.render_bodies_again(&around);
        (around, undo)
    }

    /// The site, or of a multilingual site its default language.
    pub(super) fn site(&self) -> &Site {
        &self.sites[0]
    }

    /// The site, to change after an edit.
    pub(super) fn site_mut(&mut self) -> &mut Site {
        &mut self.sites[0]
    }

    /// The templates of [`Live::site`].
    pub(super) fn tera(&self) -> &Tera {
        &self.teras[0]
    }

    /// Every language's site.
    pub(super) fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Whether the site has several languages.
    pub(super) fn is_multilingual(&self) -> bool {
        self.sites.len() > 1
    }

    /// Every file the pages' templates make, by output path, as served.
    pub(super) fn files(&self) -> Vec<(String, Held)> {
        self.sites
            .par_iter()
            .zip(&self.teras)
            .enumerate()
            .flat_map_iter(|(s, (site, tera))| {
                site.page_file_paths(tera)
                    .into_iter()
                    .map(move |(path, page, at)| {
                        let file = PageFile {
                            site: s as u32,
                            page: page as u32,
                            at: at as u32,
                        };
                        (format!("{}{path}", site.prefix), Held::Page(file))
                    })
            })
            .collect()
    }

    /// Renders `file` with the site as it is now.
    pub(super) fn render(&self, file: PageFile) -> Result<Vec<u8>, String> {
        let (s, page, at) = (file.site as usize, file.page as usize, file.at as usize);
        let (Some(site), Some(tera)) = (self.sites.get(s), self.teras.get(s)) else {
            return Err("the page is no longer part of the site".into());
        };
        if page >= site.pages.len() {
            return Err("the page is no longer part of the site".into());
        }
        match site.render_page_file(tera, page, at) {
            Some(Ok(html)) => Ok(html.into_bytes()),
            Some(Err(problem)) => Err(format!("{}: {}", problem.file.display(), problem.message)),
            None => Err("the page no longer has this part of its list".into()),
        }
    }
}
