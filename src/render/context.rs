//! Per-page contexts: what a page's template sees of the page, the site and the graph.

use std::cell::RefCell;

use serde::Serialize;
use tera::Context;

use super::compile::page_error;
use super::folder::{self, self_link};
use super::sections::{Sections, Shown};
use super::special::topics_index_url;
use super::Renderer;
use crate::content::{Date, Kind, Page, Place, Source};
use crate::diagnostics::Diagnostic;
use crate::urls::{relative, root_of};

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

/// The next step offered at the end of a page: what it is (the label says why it is
/// next) and the page.
#[derive(Serialize)]
struct NextStep<'a> {
    /// "Read next" for the most related page; a path's next step says its path.
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

    fn page_link(&self, from: &str, index: usize, seen: &Seen<'a>) -> PageLink<'a> {
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
        ctx
    }

    /// The absolute URL of `url`, when `base_url` is set.
    pub(super) fn permalink(&self, url: &str) -> Option<String> {
        self.config.base_url.as_ref().map(|b| format!("{b}{url}"))
    }

    /// Renders page `index` with the template of its kind.
    pub(crate) fn page(&self, index: usize) -> Result<String, Diagnostic> {
        self.page_with(index, &self.html[index])
    }

    /// Renders page `index` with the template of its kind, and `content` as its body.
    pub(crate) fn page_with(&self, index: usize, content: &str) -> Result<String, Diagnostic> {
        let page = &self.pages[index];
        let from = page.path.as_str();
        let g = self.graph;
        let seen = Seen::default();
        let mut ctx = self.base_context(from);
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
                path: &page.path,
                permalink: self.permalink(&page.url),
            },
        );
        // Path navigation, once built, seeds `shown` with its steps before the sections.
        let sections = Sections::fill(g, index, page.kind, Shown::of(index));
        let next_step = sections.next_step.map(|i| NextStep {
            label: "Read next".to_string(),
            page: self.page_link(from, i, &seen),
        });
        ctx.insert("next_step", &next_step);
        ctx.insert("backlinks", &self.links(from, &sections.backlinks, &seen));
        ctx.insert("self_url", &self_link(from, &page.url));
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
                ctx.insert(
                    "related_articles",
                    &self.links(from, &sections.related_articles, &seen),
                );
                ctx.insert("tips", &self.links(from, &sections.tips, &seen));
            }
            Kind::Tip => {
                let source = sections
                    .source_article
                    .map(|i| self.page_link(from, i, &seen));
                ctx.insert("source_article", &source);
                ctx.insert("siblings", &self.links(from, &sections.tips, &seen));
            }
            Kind::Topic => {
                ctx.insert(
                    "articles",
                    &self.links(from, &g.topic_articles[index], &seen),
                );
                ctx.insert("tips", &self.links(from, &g.topic_tips[index], &seen));
                ctx.insert("pages", &self.links(from, &g.topic_pages[index], &seen));
                let related: Vec<TopicLink> = g.related_topics[index]
                    .iter()
                    .map(|&(t, _)| self.topic_link(from, t))
                    .collect();
                ctx.insert("related_topics", &related);
            }
            Kind::Home => {
                ctx.insert("topics", &self.all_topics(from));
                ctx.insert(
                    "recent_articles",
                    &self.links(from, &g.recent_articles, &seen),
                );
                ctx.insert("home_tips", &self.links(from, &g.home_tips, &seen));
                self.insert_listing(&mut ctx, from, None);
            }
            Kind::Page => {
                ctx.insert(
                    "related_articles",
                    &self.links(from, &sections.related_articles, &seen),
                );
                ctx.insert("tips", &self.links(from, &sections.tips, &seen));
                ctx.insert(
                    "related_pages",
                    &self.links(from, &sections.related_pages, &seen),
                );
            }
        }
        let folders = self.folders;
        let template = if folders.topics_intro == Some(index) {
            ctx.insert("topics", &self.all_topics(from));
            ctx.insert("breadcrumbs", &self.topic_crumbs(from, true));
            "topics.html".to_string()
        } else if page.place == Place::FolderIntro
            && self
                .tera
                .get_template_names()
                .any(|n| n == folder::TEMPLATE)
        {
            if let Some(f) = folders.page_of[index] {
                self.insert_listing(&mut ctx, from, Some(f));
            }
            folder::TEMPLATE.to_string()
        } else {
            format!("{}.html", page.kind.name())
        };
        self.render(&template, &ctx, page)
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
