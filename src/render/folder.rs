//! Folders in pages: the breadcrumbs above every page but the home page, the listing of
//! a folder (its pages and subfolders), and the generated page of a folder that has no
//! introduction of its own.

use std::ops::Range;

use serde::Serialize;
use tera::Context;

use super::compile::template_error;
use super::context::Seen;
use super::paginate::{self, Pager, Slot};
use super::special::{special_page, topics_index_url};
use super::Renderer;
use crate::diagnostics::Diagnostic;
use crate::urls::relative;

/// The template of a folder's page.
pub(super) const TEMPLATE: &str = "folder.html";

/// One step of the breadcrumbs, as seen from the page being rendered.
#[derive(Serialize)]
pub(super) struct Crumb {
    title: String,
    url: String,
}

/// A subfolder in a listing, as seen from the page being rendered.
#[derive(Serialize)]
struct FolderLink {
    title: String,
    url: String,
    /// Pages it holds, at any depth.
    count: usize,
}

impl Crumb {
    /// A crumb titled `title`, leading to `url`.
    pub(super) fn new(title: &str, url: String) -> Crumb {
        Crumb {
            title: title.into(),
            url,
        }
    }
}

impl Renderer<'_> {
    /// The breadcrumbs above a page at `from`: the home page, then the folders `trail`
    /// (outermost first); the page itself is the template's to add.
    pub(super) fn crumbs(&self, from: &str, trail: &[usize]) -> Vec<Crumb> {
        let home = if self.config.pretty_urls {
            ""
        } else {
            "index.html"
        };
        let mut crumbs = vec![Crumb {
            title: self.strings.word("nav_home"),
            url: relative(from, home),
        }];
        for &f in trail {
            let folder = &self.folders.list[f];
            crumbs.push(Crumb {
                title: folder.title(self.pages).into_owned(),
                url: relative(from, &folder.url),
            });
        }
        crumbs
    }

    /// The breadcrumbs above a topic page or the topics index: Home, then Topics.
    pub(super) fn topic_crumbs(&self, from: &str, index: bool) -> Vec<Crumb> {
        let mut crumbs = self.crumbs(from, &[]);
        if !index {
            crumbs.push(Crumb {
                title: self.strings.word("nav_topics"),
                url: relative(from, &topics_index_url(self.config.pretty_urls)),
            });
        }
        crumbs
    }

    /// How many entries folder `f`'s listing has: its subfolders, then its pages.
    pub(super) fn listing_len(&self, f: Option<usize>) -> usize {
        match f {
            Some(f) => self.folders.list[f].folders.len() + self.folders.list[f].pages.len(),
            None => self.folders.top_folders.len() + self.folders.top_pages.len(),
        }
    }

    /// Adds folder `f`'s listing to `ctx`: `folders` (its subfolders, with their page
    /// counts) and `pages` (its pages), or the top of the content for `None`; only the
    /// entries `range` of the subfolders and pages one after the other, when given.
    pub(super) fn insert_listing(
        &self,
        ctx: &mut Context,
        from: &str,
        f: Option<usize>,
        range: Option<Range<usize>>,
    ) {
        let tree = self.folders;
        let (folders, pages) = match f {
            Some(f) => (&tree.list[f].folders, &tree.list[f].pages),
            None => (&tree.top_folders, &tree.top_pages),
        };
        let range = range.unwrap_or(0..folders.len() + pages.len());
        let subfolders = folders.len();
        let folders = &folders[paginate::part(&range, 0, subfolders)];
        let pages = &pages[paginate::part(&range, subfolders, pages.len())];
        let folders: Vec<FolderLink> = folders
            .iter()
            .map(|&sub| {
                let folder = &tree.list[sub];
                FolderLink {
                    title: folder.title(self.pages).into_owned(),
                    url: relative(from, &folder.url),
                    count: folder.count,
                }
            })
            .collect();
        ctx.insert("folders", &folders);
        ctx.insert("pages", &self.links(from, pages, &Seen::default()));
    }

    /// The pages the generated page of folder `f` is split over.
    pub(crate) fn folder_slots(&self, f: usize) -> Vec<Slot> {
        let folder = &self.folders.list[f];
        paginate::slots(
            &format!("{}/index.html", folder.dir),
            &folder.url,
            self.listing_len(Some(f)),
            self.config.paginate,
            self.config.pretty_urls,
        )
    }

    /// Renders page `at` of `slots`, the pages of folder `f`, which has no introduction
    /// of its own.
    pub(crate) fn folder(&self, f: usize, slots: &[Slot], at: usize) -> Result<String, Diagnostic> {
        let folder = &self.folders.list[f];
        let slot = &slots[at];
        let from = slot.path.as_str();
        let mut ctx = self.base_context(from);
        let title = folder.title(self.pages);
        ctx.insert(
            "page",
            &special_page(&title, "folder", "", self.permalink(&slot.url)),
        );
        let trail = self.folders.trail_from(folder.parent);
        ctx.insert("breadcrumbs", &self.crumbs(from, &trail));
        ctx.insert("self_url", &self_link(from, &slot.url));
        ctx.insert("pager", &Pager::new(slots, at));
        self.insert_listing(&mut ctx, from, Some(f), Some(slot.range.clone()));
        self.tera
            .render(TEMPLATE, &ctx)
            .map_err(|e| template_error(TEMPLATE, &e))
    }
}

/// A link from the page at `from` to its own address `url`: `./` rather than an empty
/// link when the address is its folder.
pub(super) fn self_link(from: &str, url: &str) -> String {
    let link = relative(from, url);
    if link.is_empty() {
        "./".into()
    } else {
        link
    }
}
