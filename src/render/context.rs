//! Per-page contexts: what a page's template sees of the page, the site and the graph.

use std::cell::RefCell;

use serde::Serialize;
use tera::Context;

use super::compile::page_error;
use super::folder::{self, self_link};
use super::paginate::{self, Pager, Slot};
use super::sections::{Sections, Shown};
use super::special::{recent_url, topics_index_url};
use super::Renderer;
use crate::content::{Date, Kind, Page, Place, Source};
use crate::diagnostics::Diagnostic;
use crate::urls::{relative, root_of};

/// How many entries a page's lists of related pages and backlinks show at most.
const CAPPED: usize = 20;

/// The long list a page shows, split over several pages when it is long.
enum Listing {
    /// The topics index (a `topics/_index.md`).
    Topics,
    /// A folder's listing (the folder's introduction page).
    Folder(Option<usize>),
    /// A topic's articles, tips and other pages.
    Topic,
    /// None: the page is one page.
    None,
}

/// The Atom feed beside a topic page written at `path`: `topics/mentoring.html` (or
/// `topics/mentoring/index.html`) → `topics/mentoring.xml`.
pub(crate) fn feed_path(path: &str) -> String {
    let base = path
        .strip_suffix("/index.html")
        .or_else(|| path.strip_suffix(".html"))
        .unwrap_or(path);
    format!("{base}.xml")
}

/// Site-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    author: Option<&'a str>,
    base_url: Option<&'a str>,
    extra: &'a toml::Table,
}

/// A link to a topic, as seen from the page being rendered.
#[derive(Serialize, Clone)]
pub(super) struct TopicLink<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    summary: &'a str,
    /// Pages under the topic: articles, tips and others.
    count: usize,
}

/// A link to another page, as seen from the page being rendered.
#[derive(Serialize)]
pub(super) struct PageLink<'a> {
    title: &'a str,
    url: String,
    kind: &'static str,
    summary: &'a str,
    date: Option<&'a str>,
    reading_time: usize,
    topics: Vec<TopicLink<'a>>,
}

/// A page in "Recently updated": its link, and the day it last changed.
#[derive(Serialize)]
pub(super) struct RecentLink<'a> {
    #[serde(flatten)]
    link: PageLink<'a>,
    /// `updated`, else `date`.
    changed: Option<&'a str>,
}

/// The next step offered at the end of a page on no path (on a path, its step
/// navigation is the next step): what it is and the page.
#[derive(Serialize)]
struct NextStep<'a> {
    /// Why it is next: "Read next" for the most related page.
    label: String,
    page: PageLink<'a>,
}

/// A heading in the page's table of contents.
#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

/// The page being rendered, as templates see it under `page`.
#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    kind: &'static str,
    /// The summary from front matter, else the opening of the text.
    summary: &'a str,
    /// The summary from front matter only: what the page shows above its text, which
    /// would otherwise repeat the text's opening.
    lede: Option<&'a str>,
    content: &'a str,
    toc: Vec<TocEntry<'a>>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    author: Option<&'a str>,
    source: Option<&'a Source>,
    topics: Vec<TopicLink<'a>>,
    reading_time: usize,
    words: usize,
    extra: &'a tera::Value,
    /// The output file, relative to the output root.
    path: &'a str,
    /// Absolute URL, when `base_url` is set.
    permalink: Option<String>,
}

impl<'a> Renderer<'a> {
    fn site(&self) -> SiteContext<'a> {
        let c = self.config;
        SiteContext {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            author: c.author.as_deref(),
            base_url: c.base_url.as_deref(),
            extra: &c.extra,
        }
    }

    fn topic_count(&self, page: usize) -> usize {
        self.graph.topic_articles[page].len()
            + self.graph.topic_tips[page].len()
            + self.graph.topic_pages[page].len()
    }

    fn topic_link(&self, from: &str, topic_page: usize) -> TopicLink<'a> {
        let p = &self.pages[topic_page];
        TopicLink {
            slug: &p.slug,
            title: &p.meta.title,
            url: relative(from, &p.url),
            summary: p.summary(),
            count: self.topic_count(topic_page),
        }
    }

    /// Links to `page`'s topics from `from`, each made once per page rendered (`seen`
    /// holds them) however many of its list entries show it.
    fn topics_of(&self, from: &str, page: &'a Page, seen: &Seen<'a>) -> Vec<TopicLink<'a>> {
        let mut seen = seen.0.borrow_mut();
        page.topics
            .iter()
            .filter_map(|t| {
                if let Some((_, link)) = seen.iter().find(|(slug, _)| *slug == t.as_str()) {
                    return link.clone();
                }
                let link = self.topics.page_of(t).map(|i| self.topic_link(from, i));
                seen.push((t.as_str(), link.clone()));
                link
            })
            .collect()
    }

    pub(super) fn page_link(&self, from: &str, index: usize, seen: &Seen<'a>) -> PageLink<'a> {
        let p = &self.pages[index];
        PageLink {
            title: &p.meta.title,
            url: relative(from, &p.url),
            kind: p.kind.name(),
            summary: p.summary(),
            date: p.meta.date.as_ref().map(Date::day),
            reading_time: p.outline.reading_time,
            topics: self.topics_of(from, p, seen),
        }
    }

    pub(super) fn links(&self, from: &str, list: &[usize], seen: &Seen<'a>) -> Vec<PageLink<'a>> {
        list.iter()
            .map(|&i| self.page_link(from, i, seen))
            .collect()
    }

    /// Links to the pages of `list` for "Recently updated", with the day each changed.
    pub(super) fn recent_links(&self, from: &str, list: &[usize]) -> Vec<RecentLink<'a>> {
        let seen = Seen::default();
        list.iter()
            .map(|&i| {
                let meta = &self.pages[i].meta;
                RecentLink {
                    link: self.page_link(from, i, &seen),
                    changed: meta.updated.as_ref().or(meta.date.as_ref()).map(Date::day),
                }
            })
            .collect()
    }

    /// All topics with their counts, in slug order.
    pub(super) fn all_topics(&self, from: &str) -> Vec<TopicLink<'a>> {
        self.topics
            .iter()
            .map(|(_, i)| self.topic_link(from, i))
            .collect()
    }

    /// The values every template sees: `site`, and links to the root, home and topics.
    pub(super) fn base_context(&self, from: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site());
        // The page's language: one for the whole site, until pages carry their own.
        ctx.insert("lang", self.strings.code());
        ctx.insert("dir", self.strings.dir());
        ctx.insert("root", &root_of(from));
        ctx.insert(
            "home_url",
            &relative(
                from,
                if self.config.pretty_urls {
                    ""
                } else {
                    "index.html"
                },
            ),
        );
        ctx.insert(
            "topics_url",
            &relative(from, &topics_index_url(self.config.pretty_urls)),
        );
        self.insert_path_links(&mut ctx, from);
        self.insert_languages(&mut ctx, from, None);
        ctx
    }

    /// The absolute URL of `url`, when `base_url` is set.
    pub(super) fn permalink(&self, url: &str) -> Option<String> {
        self.config.base_url.as_ref().map(|b| format!("{b}{url}"))
    }

    /// Renders page `index` with the template of its kind: its file, then the further
    /// pages of its list when it shows a long one, each as (output path, HTML).
    pub(crate) fn page(&self, index: usize) -> Result<Vec<(String, String)>, Diagnostic> {
        self.page_with(index, &self.html[index].text())
    }

    /// Renders page `index` like [`Renderer::page`], with `content` as its body (shown on
    /// the first page of its list only, whose address its relative links are made for).
    pub(crate) fn page_with(
        &self,
        index: usize,
        content: &str,
    ) -> Result<Vec<(String, String)>, Diagnostic> {
        let slots = self.page_slots(index);
        (0..slots.len())
            .map(|at| {
                let body = if at == 0 { content } else { "" };
                let html = self.page_at(index, body, &slots, at)?;
                Ok((slots[at].path.clone(), html))
            })
            .collect()
    }

    /// Renders file `at` of page `index` alone (its own file, or a further page of its
    /// list) with `content` as its body, as [`Renderer::page_with`] renders it; `None`
    /// when the page has fewer files.
    pub(crate) fn page_file(
        &self,
        index: usize,
        at: usize,
        content: &str,
    ) -> Option<Result<String, Diagnostic>> {
        let slots = self.page_slots(index);
        if at >= slots.len() {
            return None;
        }
        let body = if at == 0 { content } else { "" };
        Some(self.page_at(index, body, &slots, at))
    }

    /// The long list page `index` shows, if any.
    fn listing_of(&self, index: usize) -> Listing {
        let page = &self.pages[index];
        if self.folders.topics_intro == Some(index) {
            Listing::Topics
        } else if page.place == Place::FolderIntro && self.has_template(folder::TEMPLATE) {
            Listing::Folder(self.folders.page_of[index])
        } else if page.kind == Kind::Topic {
            Listing::Topic
        } else {
            Listing::None
        }
    }

    /// The pages page `index` is split over: one, unless it shows a long list.
    pub(crate) fn page_slots(&self, index: usize) -> Vec<Slot> {
        let page = &self.pages[index];
        let g = self.graph;
        let items = match self.listing_of(index) {
            Listing::Topics => self.topics.len(),
            Listing::Folder(f) => self.listing_len(f),
            Listing::Topic => {
                g.topic_articles[index].len()
                    + g.topic_tips[index].len()
                    + g.topic_pages[index].len()
            }
            Listing::None => 0,
        };
        paginate::slots(
            &page.path,
            &page.url,
            items,
            self.config.paginate,
            self.config.pretty_urls,
        )
    }

    /// Renders page `at` of `slots`, the pages of page `index`.
    fn page_at(
        &self,
        index: usize,
        content: &str,
        slots: &[Slot],
        at: usize,
    ) -> Result<String, Diagnostic> {
        let page = &self.pages[index];
        let slot = &slots[at];
        let from = slot.path.as_str();
        let g = self.graph;
        let seen = Seen::default();
        let mut ctx = self.base_context(from);
        self.insert_languages(&mut ctx, from, Some(index));
        let first = at == 0;
        ctx.insert(
            "page",
            &PageContext {
                title: &page.meta.title,
                kind: page.kind.name(),
                summary: page.summary(),
                lede: page.meta.summary.as_deref(),
                content,
                toc: page
                    .outline
                    .headings
                    .iter()
                    .filter(|_| first)
                    .map(|h| TocEntry {
                        level: h.level,
                        id: &h.id,
                        title: &h.text,
                    })
                    .collect(),
                date: page.meta.date.as_ref().map(Date::day),
                updated: page.meta.updated.as_ref().map(Date::day),
                author: page.meta.author.as_deref(),
                source: page.meta.source.as_ref(),
                topics: self.topics_of(from, page, &seen),
                reading_time: page.outline.reading_time,
                words: page.outline.words,
                extra: &page.meta.extra,
                path: &slot.path,
                permalink: self.permalink(&slot.url),
            },
        );
        // Path navigation comes first: its previous and next steps are not listed again.
        let places = &g.paths.places[index];
        let mut shown = Shown::of(index);
        shown.seed(
            places
                .iter()
                .flat_map(|p| p.previous.into_iter().chain(p.next)),
        );
        let mut sections = Sections::fill(g, index, page.kind, shown);
        // On a path, the step navigation at the end is the next step; the page the
        // sections chose instead goes back to the head of its list.
        if !places.is_empty() {
            if let Some(i) = sections.next_step.take() {
                sections.related_articles.insert(0, i);
                sections
                    .related_articles
                    .truncate(crate::graph::shown::RELATED);
            }
        }
        let next_step = sections.next_step.map(|i| NextStep {
            label: self.strings.word("read_next"),
            page: self.page_link(from, i, &seen),
        });
        ctx.insert("next_step", &next_step);
        self.insert_step_navs(&mut ctx, from, index, &seen);
        self.insert_capped(&mut ctx, "backlinks", from, &sections.backlinks, &seen);
        ctx.insert("self_url", &self_link(from, &slot.url));
        ctx.insert("pager", &Pager::new(slots, at));
        match page.kind {
            Kind::Home => {}
            Kind::Topic => ctx.insert("breadcrumbs", &self.topic_crumbs(from, false)),
            _ => ctx.insert(
                "breadcrumbs",
                &self.crumbs(from, &self.folders.trail(index)),
            ),
        }
        match page.kind {
            Kind::Article => {
                self.insert_capped(
                    &mut ctx,
                    "related_articles",
                    from,
                    &sections.related_articles,
                    &seen,
                );
                self.insert_capped(&mut ctx, "tips", from, &sections.tips, &seen);
            }
            Kind::Tip => {
                let source = sections
                    .source_article
                    .map(|i| self.page_link(from, i, &seen));
                ctx.insert("source_article", &source);
                self.insert_capped(&mut ctx, "siblings", from, &sections.tips, &seen);
            }
            Kind::Topic => {
                // One list of articles, then tips, then other pages, split over the pages.
                let mut start = 0;
                for (name, list) in [
                    ("articles", &g.topic_articles[index]),
                    ("tips", &g.topic_tips[index]),
                    ("pages", &g.topic_pages[index]),
                ] {
                    let part = paginate::part(&slot.range, start, list.len());
                    ctx.insert(name, &self.links(from, &list[part], &seen));
                    ctx.insert(format!("{name}_total"), &list.len());
                    start += list.len();
                }
                let related: Vec<TopicLink> = g.related_topics[index]
                    .iter()
                    .map(|&(t, _)| self.topic_link(from, t))
                    .collect();
                ctx.insert("related_topics", &related);
                if self.config.base_url.is_some() {
                    ctx.insert("feed_url", &relative(from, &feed_path(&page.path)));
                }
                ctx.insert("paths", &self.path_links(from, &g.paths.on_topic[index]));
            }
            Kind::Path => {
                self.insert_path(&mut ctx, from, index, &seen);
                if self.config.base_url.is_some() {
                    ctx.insert("feed_url", &relative(from, &feed_path(&page.path)));
                }
            }
            Kind::Home => {
                ctx.insert("topics", &self.all_topics(from));
                ctx.insert("paths", &self.path_links(from, &g.paths.list));
                ctx.insert(
                    "recent_articles",
                    &self.links(from, &g.recent_articles, &seen),
                );
                if self.has_template(super::special::RECENT_TEMPLATE) {
                    let url = relative(from, &recent_url(self.config.pretty_urls));
                    ctx.insert("recently_updated_url", &url);
                }
                ctx.insert("home_tips", &self.links(from, &g.home_tips, &seen));
                self.insert_listing(&mut ctx, from, None, None);
            }
            Kind::Page => {
                self.insert_capped(
                    &mut ctx,
                    "related_articles",
                    from,
                    &sections.related_articles,
                    &seen,
                );
                self.insert_capped(&mut ctx, "tips", from, &sections.tips, &seen);
                self.insert_capped(
                    &mut ctx,
                    "related_pages",
                    from,
                    &sections.related_pages,
                    &seen,
                );
            }
        }
        let template = match self.listing_of(index) {
            Listing::Topics => {
                ctx.insert("topics", &self.all_topics(from)[slot.range.clone()]);
                ctx.insert("breadcrumbs", &self.topic_crumbs(from, true));
                "topics.html".to_string()
            }
            Listing::Folder(f) => {
                if let Some(f) = f {
                    self.insert_listing(&mut ctx, from, Some(f), Some(slot.range.clone()));
                }
                folder::TEMPLATE.to_string()
            }
            // A theme from before paths shows a path as a page.
            Listing::None if page.kind == Kind::Path && !self.has_template("path.html") => {
                "page.html".to_string()
            }
            Listing::Topic | Listing::None => format!("{}.html", page.kind.name()),
        };
        self.render(&template, &ctx, page)
    }

    /// Inserts the links of `list` under `name`, at most [`CAPPED`] of them, and under
    /// `<name>_more` how many are left out.
    fn insert_capped(
        &self,
        ctx: &mut Context,
        name: &str,
        from: &str,
        list: &[usize],
        seen: &Seen<'a>,
    ) {
        let shown = list.len().min(CAPPED);
        ctx.insert(name, &self.links(from, &list[..shown], seen));
        ctx.insert(format!("{name}_more"), &(list.len() - shown));
    }

    /// Whether the theme has the template `name`.
    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    fn render(&self, template: &str, ctx: &Context, page: &Page) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| page_error(template, page, &e))
    }
}

/// The links to topics made so far for the page being rendered: slug as written on a
/// page, and the link (none for a slug without a topic page).
#[derive(Default)]
pub(super) struct Seen<'a>(RefCell<Vec<(&'a str, Option<TopicLink<'a>>)>>);
