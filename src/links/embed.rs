//! Cards: what an embed (`![[page]]`) becomes in the embedding page's body.

use crate::content::{Kind, Page};
use crate::html::escape;
use crate::topics::Topics;
use crate::urls::relative;

/// The card for an embedded page, seen from the output file `from`.
pub(crate) fn card(pages: &[Page], topics: &Topics, from: &str, index: usize) -> String {
    let page = &pages[index];
    let mut html = format!(
        "<aside class=\"card card-{kind}\" aria-label=\"{label}: {title}\">\n<p class=\"card-kind\">{label}</p>\n<p class=\"card-title\"><a href=\"{href}\">{title}</a></p>\n",
        kind = page.kind.name(),
        label = match page.kind {
            Kind::Tip => "Tip",
            Kind::Article => "Article",
            Kind::Topic => "Topic",
            _ => "Page",
        },
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
