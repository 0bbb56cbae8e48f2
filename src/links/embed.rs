//! Embeds: what `![[target]]` becomes in the embedding (host) page's body.
//!
//! - A tip, article or topic embedded whole keeps its card ([`card`]): ladder's own pages
//!   are typed, and a card says what they are.
//! - Any other page (a note), a section of any page (`![[Note#Heading]]`), or a block
//!   (`![[Note#^id]]`: the paragraph that ends in `^id`) is shown in place, in an
//!   `<aside class="embed">` headed by a link to it. Its headings get no ids, so none can
//!   clash with the host's, and they follow on from the heading the embed stands under. Its links are resolved as from its own page and point from the host's.
//!   It is read again for each host, quietly: its problems are reported on its own page.
//! - Embeds nest [`MAX_DEPTH`] levels deep; deeper ones, and one that would go round in a
//!   circle, are links. A circle back to the host is an error on the host (`embed-cycle`).
//! - Files (`![[chart.png]]`, `![[paper.pdf]]`) are found beside the page, else by name
//!   anywhere in the content, as Obsidian finds attachments ([`file`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{is_external, normalize, Dest, Locator, PageLinks, Resolver, Target};
use crate::content::{Kind, Page};
use crate::diagnostics::{Code, Diagnostic};
use crate::html::escape;
use crate::markdown::{self, LinkRef, Links, Resolved, Rewrite, Syntax};
use crate::suggest::closest;
use crate::topics::Topics;
use crate::urls::{encode_path, percent_decode, relative};

/// How many pages deep embeds nest: a page in a page in a page.
pub(crate) const MAX_DEPTH: usize = 3;

/// The card for an embedded page, seen from the output file `from`, labelled with
/// `label` (the page's kind, in the site's language).
pub(crate) fn card(
    pages: &[Page],
    topics: &Topics,
    from: &str,
    index: usize,
    label: &str,
) -> String {
    let page = &pages[index];
    let mut html = format!(
        "<aside class=\"card card-{kind}\" aria-label=\"{label}: {title}\">\n<p class=\"card-kind\">{label}</p>\n<p class=\"card-title\"><a href=\"{href}\">{title}</a></p>\n",
        kind = page.kind.name(),
        label = escape(label),
        title = escape(&page.meta.title),
        href = escape(&relative(from, &page.url)),
    );
    let summary = page.summary();
    if !summary.is_empty() {
        html.push_str(&format!("<p class=\"card-text\">{}</p>\n", escape(summary)));
    }
    let chips: Vec<String> = page
        .topics
        .iter()
        .filter_map(|t| topics.page_of(t))
        .map(|t| {
            let tp = &pages[t];
            format!(
                "<li><a class=\"chip\" href=\"{}\">{}</a></li>",
                escape(&relative(from, &tp.url)),
                escape(&tp.meta.title)
            )
        })
        .collect();
    if !chips.is_empty() {
        html.push_str(&format!("<ul class=\"chips\">{}</ul>\n", chips.join("")));
    }
    html.push_str("</aside>\n");
    html
}

/// Whether `page` embedded whole shows as its card.
fn shows_card(page: &Page, target: &Target) -> bool {
    target.fragment.is_none() && matches!(page.kind, Kind::Tip | Kind::Article | Kind::Topic)
}

/// `![[target]]` alone on a line of the host `host.from`, under a heading of `level`.
pub(crate) fn embed(host: &mut Resolver, link: &LinkRef, target: &Target, level: u8) -> String {
    let pages = host.pages;
    if shows_card(&pages[target.page], target) {
        return (host.card)(&pages[host.from].path, target.page);
    }
    let mut chain = vec![host.from, target.page];
    let mut circles = Vec::new();
    let html = {
        let mut nested = Nested {
            host: &*host,
            from: target.page,
            chain: &mut chain,
            circles: &mut circles,
        };
        nested.in_place(target, level)
    };
    if let Some(circle) = circles.first() {
        let names: Vec<String> = circle
            .iter()
            .map(|&p| pages[p].source.display().to_string())
            .collect();
        let message = if circle.len() == 3 {
            format!(
                "{} and {} embed each other; the embed that closes the circle is shown as a link",
                names[0], names[1]
            )
        } else {
            format!(
                "embeds go round in a circle: {}; the embed that closes it is shown as a link",
                names.join(" embeds ")
            )
        };
        let (line, column) = host.locate(link);
        host.found.problems.push(
            Diagnostic::error(Code::EmbedCycle, pages[host.from].source.clone(), message)
                .at(line, column)
                .with_help("embed a page in only one of them, or link to it instead"),
        );
    }
    html
}

/// `![[Note]]` inside a sentence: a link, and a warning that says why.
pub(crate) fn inline(host: &mut Resolver, link: &LinkRef) -> Rewrite {
    let rewrite = host.link(link);
    if let Rewrite::To(resolved) = &rewrite {
        let (line, column) = host.locate(link);
        host.found.problems.push(
            Diagnostic::warning(
                Code::EmbedInSentence,
                host.pages[host.from].source.clone(),
                format!(
                    "`![[{}]]` is inside a sentence, so \"{}\" is shown as a link",
                    link.dest, resolved.title
                ),
            )
            .at(line, column)
            .with_help("put the embed on a line of its own to show the page in place"),
        );
    }
    rewrite
}

/// The files beside the pages, by source path and by name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Files {
    /// Source path (relative to the site root) → output path.
    by_source: HashMap<PathBuf, String>,
    /// Lowercased file name → source paths.
    by_name: HashMap<String, Vec<PathBuf>>,
}

impl Files {
    /// Indexes (source path relative to the site root, output path) pairs.
    pub(crate) fn new(files: impl IntoIterator<Item = (PathBuf, String)>) -> Files {
        let mut index = Files::default();
        for (source, out) in files {
            if let Some(name) = source.file_name() {
                index
                    .by_name
                    .entry(name.to_string_lossy().to_lowercase())
                    .or_default()
                    .push(source.clone());
            }
            index.by_source.insert(source, out);
        }
        for paths in index.by_name.values_mut() {
            paths.sort();
        }
        index
    }

    /// The source path `dest` names from a page in `dir`: beside it first, then by name
    /// (and path suffix) anywhere, the nearest folder first, then the shortest path.
    fn find(&self, dir: &Path, dest: &str) -> Option<&PathBuf> {
        let beside = normalize(&dir.join(dest.trim_start_matches("./")));
        if let Some((path, _)) = beside.and_then(|b| self.by_source.get_key_value(&b)) {
            return Some(path);
        }
        let wanted: Vec<String> = dest
            .split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .map(str::to_lowercase)
            .collect();
        let name = wanted.last()?;
        self.by_name
            .get(name)?
            .iter()
            .filter(|p| {
                let parts: Vec<String> = p
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
                    .collect();
                parts.ends_with(&wanted)
            })
            .min_by_key(|p| (p.parent() != Some(dir), p.components().count()))
    }
}

/// Where `![[file]]` on the host's page leads; a missing file is reported there.
pub(crate) fn file(host: &mut Resolver, link: &LinkRef) -> Rewrite {
    let page = &host.pages[host.from];
    if is_external(link.dest) {
        return Rewrite::Keep;
    }
    let decoded = percent_decode(link.dest).unwrap_or_else(|| link.dest.to_string());
    let dir = page.source.parent().unwrap_or(Path::new(""));
    let files = &host.index.files;
    let found = match decoded.strip_prefix('/') {
        Some(rest) => files.find(&host.index.content, rest),
        None => files.find(dir, &decoded),
    };
    if let Some(out) = found.and_then(|source| files.by_source.get(source)) {
        return Rewrite::To(Resolved {
            // As every rewritten link is written: `Chart one.png` → `Chart%20one.png`.
            href: encode_path(&relative(&page.path, out)),
            title: String::new(),
            lang: None,
        });
    }
    // Not a file beside a page: as an ordinary image link (`![](chart.png)`) would be
    // read, which may know other places; only what that leaves alone is missing here.
    let as_link = LinkRef {
        syntax: Syntax::Markdown,
        ..*link
    };
    match host.link(&as_link) {
        Rewrite::Keep if !is_external(link.dest) => {}
        other => return other,
    }
    let page = &host.pages[host.from];
    let files = &host.index.files;
    let wanted = decoded
        .rsplit('/')
        .next()
        .unwrap_or(&decoded)
        .to_lowercase();
    let help = closest(&wanted, files.by_name.keys()).map(|near| {
        let path = &files.by_name[near][0];
        format!(
            "did you mean `{}`?",
            path.file_name().unwrap_or_default().to_string_lossy()
        )
    });
    let (line, column) = host.locate(link);
    let mut d = Diagnostic::error(
        Code::BrokenLink,
        page.source.clone(),
        format!(
            "embedded file `{}` is neither beside the page nor anywhere in content/",
            link.dest
        ),
    )
    .at(line, column);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    host.found.problems.push(d);
    Rewrite::Unlink
}

/// The links of a page shown inside the host page: resolved as from its own page
/// (`from`), quietly (its own render reports its problems), pointing from the host's.
struct Nested<'h, 'a> {
    host: &'h Resolver<'a>,
    /// The page whose body is rendering inside the host.
    from: usize,
    /// The pages embedded so far, the host first.
    chain: &'h mut Vec<usize>,
    /// Circles of embeds back to the host: the chain, the host again at its end.
    circles: &'h mut Vec<Vec<usize>>,
}

impl Nested<'_, '_> {
    /// A resolver for the page `from`, whose problems are dropped.
    fn quiet(&self) -> Resolver<'_> {
        let page = &self.host.pages[self.from];
        let deeper = page.path.ends_with("/index.html") && page.kind != Kind::Home;
        Resolver {
            index: self.host.index,
            pages: self.host.pages,
            from: self.from,
            card: self.host.card,
            topic: self.host.topic,
            file_prefix: if deeper { "../" } else { "" },
            found: PageLinks::default(),
            locator: Locator::default(),
            words: self.host.words,
        }
    }

    fn host_path(&self) -> &str {
        &self.host.pages[self.host.from].path
    }

    /// An href from the page `from`'s output file made relative to the host's.
    fn rebase(&self, href: &str) -> String {
        let page = &self.host.pages[self.from];
        let host = self.host_path();
        if href.starts_with('#') {
            return relative(host, &format!("{}{href}", page.url));
        }
        if is_external(href) || href.starts_with('/') || href.contains(':') {
            return href.to_string();
        }
        let (path, fragment) = match href.find('#') {
            Some(i) => href.split_at(i),
            None => (href, ""),
        };
        let dir = page.path.rfind('/').map_or("", |i| &page.path[..=i]);
        let full = format!("{dir}{path}");
        let mut parts: Vec<&str> = Vec::new();
        for part in full.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                _ => parts.push(part),
            }
        }
        let mut joined = parts.join("/");
        if path.ends_with('/') || path == "." || path.is_empty() {
            joined.push('/');
        }
        let joined = joined.trim_start_matches('/');
        format!("{}{fragment}", relative(host, joined))
    }

    /// The page (or section) `target`, shown in place under a heading of `level`.
    fn in_place(&mut self, target: &Target, level: u8) -> String {
        let pages = self.host.pages;
        let page = &pages[target.page];
        let fragment = target.fragment.as_deref();
        let source = page.body.text();
        let section = fragment.and_then(|f| section(page, f));
        let block = fragment
            .filter(|_| section.is_none())
            .and_then(|f| block(page, &source, f));
        let body = match (&section, &block) {
            (Some((range, _)), _) => Cow::Borrowed(&source[range.clone()]),
            (None, Some(text)) => Cow::Owned(text.clone()),
            (None, None) => Cow::Borrowed(whole(page, &source)),
        };
        let from = std::mem::replace(&mut self.from, target.page);
        let inner = markdown::render_embedded(&body, self, level);
        self.from = from;
        let (href, title) = match (&section, fragment) {
            (Some((_, heading)), _) => (
                format!("{}#{}", page.url, fragment.unwrap_or("")),
                format!("{} › {heading}", page.meta.title),
            ),
            // A block is a paragraph, shown under its page's title.
            (None, Some(f)) if block.is_some() => {
                (format!("{}#{f}", page.url), page.meta.title.clone())
            }
            (None, _) => (page.url.clone(), page.meta.title.clone()),
        };
        format!(
            "<aside class=\"embed\" aria-label=\"{label}\">\n<p class=\"embed-source\"><a href=\"{href}\">{title}</a></p>\n{inner}</aside>\n",
            label = escape(&self.host.words.embedded.replace("{title}", &title)),
            title = escape(&title),
            href = escape(&relative(self.host_path(), &href)),
        )
    }

    /// A link to `target`, for an embed that cannot be shown in place.
    fn link_to(&self, target: &Target) -> String {
        let page = &self.host.pages[target.page];
        let url = match &target.fragment {
            Some(f) => format!("{}#{f}", page.url),
            None => page.url.clone(),
        };
        format!(
            "<p class=\"embed-link\"><a href=\"{}\">{}</a></p>\n",
            escape(&relative(self.host_path(), &url)),
            escape(&page.meta.title)
        )
    }
}

/// The body of `page`, its Markdown `source`, without its leading `# title` heading
/// (shown by the embed's link).
fn whole<'a>(page: &Page, source: &'a str) -> &'a str {
    match (&page.outline.title, page.outline.headings.first()) {
        (Some(_), Some(h)) => {
            let rest = &source[h.offset..];
            rest.find('\n').map_or("", |end| &rest[end + 1..])
        }
        _ => source,
    }
}

/// The byte range of the section under the heading `fragment` names (by id, else by its
/// text), up to the next heading of its level or above, and the heading's text.
fn section(page: &Page, fragment: &str) -> Option<(std::ops::Range<usize>, String)> {
    let headings = &page.outline.headings;
    let id = markdown::github_id(fragment);
    let at = headings
        .iter()
        .position(|h| h.id == fragment)
        .or_else(|| headings.iter().position(|h| h.id == id))
        .or_else(|| {
            headings
                .iter()
                .position(|h| h.text.eq_ignore_ascii_case(fragment))
        })?;
    let heading = &headings[at];
    let end = headings[at + 1..]
        .iter()
        .find(|h| h.level <= heading.level)
        .map_or(page.body.len(), |h| h.offset);
    Some((heading.offset..end, heading.text.clone()))
}

/// The paragraph the block anchor `fragment` (`block-id`, from `![[Note#^id]]`) names in
/// `page`, whose Markdown is `source`, as Markdown of its own: the block quote markers of
/// the lines after its first are left out.
fn block(page: &Page, source: &str, fragment: &str) -> Option<String> {
    let id = fragment.strip_prefix("block-")?;
    let text = source.get(page.outline.blocks.get(id)?.clone())?;
    let mut lines = text.lines();
    let mut paragraph = lines.next()?.to_string();
    for line in lines {
        paragraph.push('\n');
        paragraph.push_str(line.trim_start_matches(|c: char| c == '>' || c.is_whitespace()));
    }
    paragraph.push('\n');
    Some(paragraph)
}

impl Links for Nested<'_, '_> {
    fn link(&mut self, link: &LinkRef) -> Rewrite {
        match self.quiet().link(link) {
            Rewrite::To(mut resolved) => {
                resolved.href = self.rebase(&resolved.href);
                Rewrite::To(resolved)
            }
            other => other,
        }
    }

    fn embed(&mut self, link: &LinkRef, level: u8) -> Option<String> {
        let Ok(Dest::Page(target)) = self.quiet().target(link) else {
            return None;
        };
        if target.page == self.from {
            return None;
        }
        let page = &self.host.pages[target.page];
        if shows_card(page, &target) {
            return Some((self.host.card)(self.host_path(), target.page));
        }
        if self.chain.contains(&target.page) || self.chain.len() > MAX_DEPTH {
            if target.page == self.chain[0] {
                let mut circle = self.chain.clone();
                circle.push(target.page);
                self.circles.push(circle);
            }
            return Some(self.link_to(&target));
        }
        self.chain.push(target.page);
        let html = self.in_place(&target, level);
        self.chain.pop();
        Some(html)
    }

    fn embed_inline(&mut self, link: &LinkRef) -> Rewrite {
        self.link(link)
    }

    fn file(&mut self, link: &LinkRef) -> Rewrite {
        match file(&mut self.quiet(), link) {
            Rewrite::To(mut resolved) => {
                resolved.href = self.rebase(&resolved.href);
                Rewrite::To(resolved)
            }
            other => other,
        }
    }

    fn tag(&mut self, name: &str) -> Option<String> {
        let href = self.quiet().tag(name)?;
        Some(self.rebase(&href))
    }
}
