//! Page contexts and tera: turning pages and the link graph into HTML.

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::{Kind, Page, Source};
use crate::diagnostics::{Code, Diagnostic};
use crate::graph::Graph;
use crate::theme::Theme;
use crate::topics::Topics;
use crate::urls::{relative, root_of};

/// Compiles a theme's templates once for the whole build.
pub fn compile(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    // Tera's own escaper also escapes `/`, which matters only in unquoted attributes
    // (the themes quote every one) and turns each `../` of a link into `..&#x2F;`.
    tera.set_escape_fn(crate::markdown::escape_attr);
    tera.register_filter("long_date", long_date);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()))
        .collect();
    tera.add_raw_templates(templates).map_err(|e| {
        // Tera names the failing template in the message chain; show the file it came from.
        let chain = error_chain(&e);
        let file = theme
            .templates
            .iter()
            .find(|(name, _)| chain.contains(&format!("'{name}'")))
            .map_or_else(|| "templates".to_string(), |(_, (shown, _))| shown.clone());
        vec![Diagnostic::error(
            Code::TemplateError,
            file,
            format!("template error: {chain}"),
        )]
    })?;
    Ok(tera)
}

/// Tera's error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
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
#[derive(Serialize)]
struct TopicLink<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    summary: &'a str,
    /// Articles and tips under the topic.
    count: usize,
}

/// A link to another page, as seen from the page being rendered.
#[derive(Serialize)]
struct PageLink<'a> {
    title: &'a str,
    url: String,
    kind: &'static str,
    summary: &'a str,
    date: Option<&'a str>,
    reading_time: usize,
    topics: Vec<TopicLink<'a>>,
}

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

/// Everything the renderer needs, shared by all pages of one build.
pub struct Renderer<'a> {
    pub tera: &'a Tera,
    pub config: &'a Config,
    pub pages: &'a [Page],
    pub html: &'a [String],
    pub topics: &'a Topics,
    pub graph: &'a Graph,
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
        self.graph.topic_articles[page].len() + self.graph.topic_tips[page].len()
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

    fn topics_of(&self, from: &str, page: &Page) -> Vec<TopicLink<'a>> {
        page.topics
            .iter()
            .filter_map(|t| self.topics.page_of(t))
            .map(|i| self.topic_link(from, i))
            .collect()
    }

    fn page_link(&self, from: &str, index: usize) -> PageLink<'a> {
        let p = &self.pages[index];
        PageLink {
            title: &p.meta.title,
            url: relative(from, &p.url),
            kind: p.kind.name(),
            summary: p.summary(),
            date: p.meta.date.as_deref(),
            reading_time: p.outline.reading_time,
            topics: self.topics_of(from, p),
        }
    }

    fn links(&self, from: &str, list: &[usize]) -> Vec<PageLink<'a>> {
        list.iter().map(|&i| self.page_link(from, i)).collect()
    }

    /// All topics with their counts, in slug order.
    fn all_topics(&self, from: &str) -> Vec<TopicLink<'a>> {
        self.topics
            .iter()
            .map(|(_, i)| self.topic_link(from, i))
            .collect()
    }

    fn base_context(&self, from: &str) -> Context {
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

    fn permalink(&self, url: &str) -> Option<String> {
        self.config.base_url.as_ref().map(|b| format!("{b}{url}"))
    }

    /// Renders page `index` with the template of its kind.
    pub fn page(&self, index: usize) -> Result<String, Diagnostic> {
        let page = &self.pages[index];
        let from = page.path.as_str();
        let g = self.graph;
        let mut ctx = self.base_context(from);
        ctx.insert(
            "page",
            &PageContext {
                title: &page.meta.title,
                kind: page.kind.name(),
                summary: page.summary(),
                lede: page.meta.summary.as_deref(),
                content: &self.html[index],
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
                date: page.meta.date.as_deref(),
                updated: page.meta.updated.as_deref(),
                author: page.meta.author.as_deref(),
                source: page.meta.source.as_ref(),
                topics: self.topics_of(from, page),
                reading_time: page.outline.reading_time,
                words: page.outline.words,
                extra: &page.meta.extra,
                path: &page.path,
                permalink: self.permalink(&page.url),
            },
        );
        ctx.insert("backlinks", &self.links(from, &g.backlinks[index]));
        match page.kind {
            Kind::Article => {
                ctx.insert(
                    "related_articles",
                    &self.links(from, &g.related_articles[index]),
                );
                ctx.insert("tips", &self.links(from, &g.tips[index]));
            }
            Kind::Tip => {
                let source = g.source_article[index].map(|i| self.page_link(from, i));
                ctx.insert("source_article", &source);
                ctx.insert("siblings", &self.links(from, &g.siblings[index]));
            }
            Kind::Topic => {
                ctx.insert("articles", &self.links(from, &g.topic_articles[index]));
                ctx.insert("tips", &self.links(from, &g.topic_tips[index]));
                let related: Vec<TopicLink> = g.related_topics[index]
                    .iter()
                    .map(|&(t, _)| self.topic_link(from, t))
                    .collect();
                ctx.insert("related_topics", &related);
            }
            Kind::Home => {
                ctx.insert("topics", &self.all_topics(from));
                ctx.insert("recent_articles", &self.links(from, &g.recent_articles));
            }
            Kind::Page => {}
        }
        let template = format!("{}.html", page.kind.name());
        self.render(&template, &ctx, page)
    }

    /// Renders the index of all topics.
    pub fn topics_index(&self) -> Result<String, Diagnostic> {
        let from = "topics/index.html";
        let mut ctx = self.base_context(from);
        ctx.insert(
            "page",
            &special_page(
                "Topics",
                "topics",
                "Every topic in this knowledge base.",
                self.permalink(&topics_index_url(self.config.pretty_urls)),
            ),
        );
        ctx.insert("topics", &self.all_topics(from));
        self.tera.render("topics.html", &ctx).map_err(|e| {
            Diagnostic::error(
                Code::TemplateError,
                "topics.html",
                format!("template error: {}", error_chain(&e)),
            )
        })
    }

    /// Renders the search results page, `search/index.html`.
    pub fn search_page(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context(crate::search::PAGE);
        ctx.insert("page", &special_page("Search", "search", "", None));
        self.tera.render("search.html", &ctx).map_err(|e| {
            Diagnostic::error(
                Code::TemplateError,
                "search.html",
                format!("template error: {}", error_chain(&e)),
            )
        })
    }

    /// Renders `404.html`; its links are absolute from `base_url`, or from the host root,
    /// because a host serves it at whatever depth the missing page was asked for.
    pub fn not_found(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context("404.html");
        ctx.insert("page", &special_page("Page not found", "404", "", None));
        let root = self.config.base_url.clone().unwrap_or_else(|| "/".into());
        ctx.insert("root", &root);
        ctx.insert("home_url", &root);
        ctx.insert(
            "topics_url",
            &format!("{root}{}", topics_index_url(self.config.pretty_urls)),
        );
        self.tera.render("404.html", &ctx).map_err(|e| {
            Diagnostic::error(
                Code::TemplateError,
                "404.html",
                format!("template error: {}", error_chain(&e)),
            )
        })
    }

    fn render(&self, template: &str, ctx: &Context, page: &Page) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| {
            Diagnostic::error(
                Code::TemplateError,
                page.source.clone(),
                format!(
                    "cannot render with template {template}: {}",
                    error_chain(&e)
                ),
            )
        })
    }
}

/// The `page` value of a generated page that has no source file.
fn special_page(title: &str, kind: &str, summary: &str, permalink: Option<String>) -> tera::Value {
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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-03-02` → `2 March 2026`; anything else is left as it is.
fn long_date(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().unwrap_or_default();
    let parts: Vec<&str> = text.split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) {
            if (1..=12).contains(&m) {
                return Ok(tera::Value::String(format!("{d} {} {y}", MONTHS[m - 1])));
            }
        }
    }
    Ok(value.clone())
}

/// Where the topics index lives, relative to the output root.
pub fn topics_index_url(pretty: bool) -> String {
    if pretty {
        "topics/".into()
    } else {
        "topics/index.html".into()
    }
}
