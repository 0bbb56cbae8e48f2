//! Generated files that are not pages: sitemap, Atom feed, robots.txt and alias redirects.

use crate::content::{Date, Kind, Page, Text};
use crate::html::escape;
use crate::urls::relative;

/// How many entries the Atom feed carries.
const FEED_ENTRIES: usize = 50;

/// `sitemap.xml` listing every page, with absolute URLs under `base_url`.
pub(crate) fn sitemap(base_url: &str, pages: &[Page], extra_urls: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entries: Vec<(String, Option<String>)> = pages
        .iter()
        .map(|p| {
            let lastmod = p.meta.updated.as_ref().or(p.meta.date.as_ref());
            (p.url.clone(), lastmod.map(|d| d.w3c()))
        })
        .chain(extra_urls.iter().map(|u| (u.clone(), None)))
        .collect();
    entries.sort();
    for (url, lastmod) in entries {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&format!("{base_url}{url}"))
        ));
        if let Some(date) = lastmod {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// One address of a multilingual site's sitemap, with its translations.
pub(crate) struct SitemapEntry {
    /// The address, from the output root (`fr/tips/x.html`).
    pub url: String,
    /// When it last changed, in W3C form.
    pub lastmod: Option<String>,
    /// The page in each language it exists in, itself included: (language code, address
    /// from the output root); empty for an address without translations.
    pub alternates: Vec<(String, String)>,
}

/// The sitemap of a multilingual site: every language's addresses, each page with its
/// translations as `xhtml:link rel="alternate" hreflang` entries, as search engines
/// read them.
pub(crate) fn sitemap_with_alternates(base_url: &str, mut entries: Vec<SitemapEntry>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    for entry in entries {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&format!("{base_url}{}", entry.url))
        ));
        if let Some(date) = entry.lastmod {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        if entry.alternates.len() > 1 {
            for (code, url) in &entry.alternates {
                out.push_str(&format!(
                    "\n    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(code),
                    escape(&format!("{base_url}{url}"))
                ));
            }
            out.push_str("\n  ");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// What an Atom feed says of itself.
pub(crate) struct FeedHead<'a> {
    /// The feed's title.
    pub title: &'a str,
    /// One sentence about it.
    pub subtitle: &'a str,
    /// Where the feed is written, relative to the output root; its id too, made absolute.
    pub path: &'a str,
    /// The page it follows, relative to the output root (`""` for the home page).
    pub page_url: &'a str,
    /// Who writes the site: the feed's author, which Atom requires of a feed whose
    /// entries do not all name one.
    pub author: &'a str,
}

/// Pages with a date, the most recently changed (`updated`, else `date`) first, then by
/// address; pages without either are left out.
pub(crate) fn by_update(pages: &[Page], candidates: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut dated: Vec<usize> = candidates
        .filter(|&i| pages[i].meta.date.is_some() || pages[i].meta.updated.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        changed(&pages[b])
            .cmp(&changed(&pages[a]))
            .then_with(|| pages[a].url.cmp(&pages[b].url))
    });
    dated
}

/// When a page last changed: `updated`, else `date`.
fn changed(page: &Page) -> Option<&Date> {
    page.meta.updated.as_ref().or(page.meta.date.as_ref())
}

/// Whether a page belongs in feeds and "Recently updated": an article, a tip or another
/// page (a note), not a topic or the home page.
pub(crate) fn is_dated_kind(page: &Page) -> bool {
    matches!(page.kind, Kind::Article | Kind::Tip | Kind::Page)
}

/// The site's Atom feed: its newest dated articles, tips and other pages (notes).
pub(crate) fn atom(base_url: &str, head: &FeedHead, pages: &[Page], html: &[Text]) -> String {
    atom_of(base_url, head, pages, html, site_feed_candidates(pages))
}

/// The pages the site's feed chooses from: dated articles, tips and other pages (notes).
pub(crate) fn site_feed_candidates(pages: &[Page]) -> impl Iterator<Item = usize> + '_ {
    (0..pages.len()).filter(|&i| is_dated_kind(&pages[i]))
}

/// The pages a feed of `candidates` shows, newest first: the newest that have a `date`
/// (a feed entry needs the day it was published).
pub(crate) fn feed_entries(pages: &[Page], candidates: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut dated = by_update(pages, candidates.filter(|&i| pages[i].meta.date.is_some()));
    dated.truncate(FEED_ENTRIES);
    dated
}

/// An Atom feed of the newest pages among `candidates` ([`feed_entries`]).
pub(crate) fn atom_of(
    base_url: &str,
    head: &FeedHead,
    pages: &[Page],
    html: &[Text],
    candidates: impl Iterator<Item = usize>,
) -> String {
    let dated = feed_entries(pages, candidates);
    let updated = dated
        .first()
        .and_then(|&i| changed(&pages[i]))
        .map_or_else(|| "1970-01-01T00:00:00Z".into(), Date::rfc3339);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{self_url}\" rel=\"self\"/>\n  <link href=\"{page}\"/>\n  <id>{self_url}</id>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        escape(head.title),
        escape(head.subtitle),
        escape(head.author),
        self_url = escape(&format!("{base_url}{}", head.path)),
        page = escape(&format!("{base_url}{}", head.page_url)),
    );
    for i in dated {
        let page = &pages[i];
        let url = escape(&format!("{base_url}{}", page.url));
        // Relative links inside the body must become absolute in a feed reader.
        let content = absolutize(&html[i].text(), base_url, &page.path);
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{url}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n",
            escape(&page.meta.title),
            page.meta.date.as_ref().map(Date::rfc3339).unwrap_or_default(),
            changed(page).map(Date::rfc3339).unwrap_or_default(),
        ));
        if let Some(author) = &page.meta.author {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(author)
            ));
        }
        out.push_str(&format!(
            "    <summary>{}</summary>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            escape(page.summary()),
            escape(&content)
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// Rewrites relative `href="…"` and `src="…"` values of a page's HTML to absolute URLs.
fn absolutize(html: &str, base_url: &str, page_path: &str) -> String {
    let dir = match page_path.rfind('/') {
        Some(i) => format!("{base_url}{}/", &page_path[..i]),
        None => base_url.to_string(),
    };
    let mut html = html.to_string();
    for attribute in ["href=\"", "src=\""] {
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(i) = rest.find(attribute) {
            let (head, tail) = rest.split_at(i + attribute.len());
            out.push_str(head);
            let value = &tail[..tail.find('"').unwrap_or(0)];
            let relative_link = !(value.starts_with('#')
                || value.starts_with('/')
                || value.starts_with("mailto:")
                || value.starts_with("data:")
                || value.contains("://"));
            if relative_link {
                out.push_str(&dir);
            }
            rest = tail;
        }
        out.push_str(rest);
        html = out;
    }
    html
}

/// `robots.txt`, pointing at the sitemap when there is one.
pub(crate) fn robots(base_url: Option<&str>) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = base_url {
        out.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    out
}

/// The output file an alias writes: `old/page/` → `old/page/index.html`, `old.html` as is.
/// `None` when the alias is empty or climbs out of the output folder.
pub(crate) fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let segments: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == ".." || *s == "." || s.contains('\\'))
    {
        return None;
    }
    let joined = segments.join("/");
    let last = segments[segments.len() - 1];
    if trimmed.ends_with('/') || !last.contains('.') {
        Some(format!("{joined}/index.html"))
    } else {
        Some(joined)
    }
}

/// A page that sends readers from an old path to the page's current one.
pub(crate) fn redirect(alias_file: &str, target_url: &str, title: &str) -> String {
    let href = escape(&relative(alias_file, target_url));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<link rel=\"canonical\" href=\"{href}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n",
        title = escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(
            alias_path("/old/tip/").as_deref(),
            Some("old/tip/index.html")
        );
        assert_eq!(alias_path("old.html").as_deref(), Some("old.html"));
        assert_eq!(alias_path("/a/b"), Some("a/b/index.html".into()));
        assert_eq!(alias_path("../../etc/passwd"), None);
        assert_eq!(alias_path("/"), None);
    }

    #[test]
    fn redirect_is_relative() {
        let html = redirect("old/tip/index.html", "tips/new.html", "A <b>");
        assert!(html.contains("url=../../tips/new.html"));
        assert!(html.contains("A &lt;b&gt;"));
    }

    #[test]
    fn absolutize_links() {
        let out = absolutize(
            r##"<a href="x.html">x</a><a href="#f">f</a><a href="https://e.org">e</a><img src="p.png">"##,
            "https://s.org/kb/",
            "tips/a.html",
        );
        assert!(out.contains(r#"href="https://s.org/kb/tips/x.html""#));
        assert!(out.contains(r##"href="#f""##));
        assert!(out.contains(r#"href="https://e.org""#));
        assert!(out.contains(r#"src="https://s.org/kb/tips/p.png""#));
    }
}
