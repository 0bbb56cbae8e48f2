//! Generated pages without a source file: the topics index, "Recently updated", the
//! search page and 404.

use std::ops::Range;

use tera::Context;

use super::compile::template_error;
use super::folder::self_link;
use super::paginate::{self, Pager, Slot};
use super::Renderer;
use crate::diagnostics::Diagnostic;

/// Where the topics index is written, relative to the output root.
const TOPICS_INDEX: &str = "topics/index.html";

/// Where "Recently updated" is written, relative to the output root.
const RECENT: &str = "recent.html";

/// The template of "Recently updated"; a theme without it goes without the page.
pub(crate) const RECENT_TEMPLATE: &str = "recent.html";

impl Renderer<'_> {
    /// The pages the index of all topics is split over.
    pub(crate) fn topics_index_slots(&self) -> Vec<Slot> {
        paginate::slots(
            TOPICS_INDEX,
            &topics_index_url(self.config.pretty_urls),
            self.topics.len(),
            self.config.paginate,
            self.config.pretty_urls,
        )
    }

    /// Renders page `at` of `slots`, the pages of the index of all topics.
    pub(crate) fn topics_index(&self, slots: &[Slot], at: usize) -> Result<String, Diagnostic> {
        self.list_page(slots, at, "topics", "topics.html", |ctx, from, range| {
            ctx.insert("topics", &self.all_topics(from)[range]);
            ctx.insert("breadcrumbs", &self.topic_crumbs(from, true));
        })
    }

    /// The pages "Recently updated" is split over, listing `items` pages.
    pub(crate) fn recent_slots(&self, items: usize) -> Vec<Slot> {
        let pretty = self.config.pretty_urls;
        let path = if pretty { "recent/index.html" } else { RECENT };
        paginate::slots(
            path,
            &recent_url(pretty),
            items,
            self.config.paginate,
            pretty,
        )
    }

    /// Renders page `at` of `slots`, the pages of "Recently updated", which lists `list`
    /// (newest first).
    pub(crate) fn recent(
        &self,
        list: &[usize],
        slots: &[Slot],
        at: usize,
    ) -> Result<String, Diagnostic> {
        self.list_page(slots, at, "recent", RECENT_TEMPLATE, |ctx, from, range| {
            ctx.insert("pages", &self.recent_links(from, &list[range]));
            ctx.insert("breadcrumbs", &self.crumbs(from, &[]));
        })
    }

    /// Renders page `at` of `slots`, a generated list page of kind `kind` (its title and
    /// summary are the strings `<kind>_title` and `<kind>_summary`) with `template`;
    /// `fill` adds the page's entries, given where the page is and which entries it shows.
    pub(super) fn list_page(
        &self,
        slots: &[Slot],
        at: usize,
        kind: &str,
        template: &str,
        fill: impl FnOnce(&mut Context, &str, Range<usize>),
    ) -> Result<String, Diagnostic> {
        let slot = &slots[at];
        let from = slot.path.as_str();
        let mut ctx = self.base_context(from);
        ctx.insert(
            "page",
            &special_page(
                &self.strings.word(&format!("{kind}_title")),
                kind,
                &self.strings.word(&format!("{kind}_summary")),
                self.permalink(&slot.url),
            ),
        );
        fill(&mut ctx, from, slot.range.clone());
        ctx.insert("self_url", &self_link(from, &slot.url));
        ctx.insert("pager", &Pager::new(slots, at));
        self.tera
            .render(template, &ctx)
            .map_err(|e| template_error(template, &e))
    }

    /// Renders the search results page, `search/index.html`.
    pub(crate) fn search_page(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context(crate::search::PAGE);
        ctx.insert(
            "page",
            &special_page(&self.strings.word("search_title"), "search", "", None),
        );
        self.tera
            .render("search.html", &ctx)
            .map_err(|e| template_error("search.html", &e))
    }

    /// Renders `404.html`; its links are absolute from `base_url`, or from the host root,
    /// because a host serves it at whatever depth the missing page was asked for.
    pub(crate) fn not_found(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context("404.html");
        ctx.insert(
            "page",
            &special_page(&self.strings.word("not_found_title"), "404", "", None),
        );
        let root = self.config.base_url.clone().unwrap_or_else(|| "/".into());
        ctx.insert("root", &root);
        ctx.insert("home_url", &root);
        ctx.insert(
            "topics_url",
            &format!("{root}{}", topics_index_url(self.config.pretty_urls)),
        );
        if let Some(url) = self.paths_index_url() {
            ctx.insert("paths_url", &format!("{root}{url}"));
        }
        self.tera
            .render("404.html", &ctx)
            .map_err(|e| template_error("404.html", &e))
    }
}

/// The `page` value of a generated page that has no source file.
pub(super) fn special_page(
    title: &str,
    kind: &str,
    summary: &str,
    permalink: Option<String>,
) -> tera::Value {
    let mut map = tera::Map::new();
    for (k, v) in [("title", title), ("kind", kind), ("summary", summary)] {
        map.insert(k.to_string(), tera::Value::String(v.to_string()));
    }
    map.insert(
        "permalink".into(),
        permalink.map_or(tera::Value::Null, tera::Value::String),
    );
    tera::Value::Object(map)
}

/// Where the topics index lives, relative to the output root.
pub(crate) fn topics_index_url(pretty: bool) -> String {
    if pretty {
        "topics/".into()
    } else {
        TOPICS_INDEX.into()
    }
}

/// Where "Recently updated" lives, relative to the output root.
pub(crate) fn recent_url(pretty: bool) -> String {
    if pretty {
        "recent/".into()
    } else {
        RECENT.into()
    }
}
