//! Markdown with pulldown-cmark: heading ids, outline, and HTML with links rewritten.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// The Markdown extensions every page is parsed with.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// A heading of a page, with its unique anchor id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// Byte offset in the body, for locating diagnostics.
    pub offset: usize,
}

/// What a first reading of the body finds, before any link is resolved.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    /// The ids of `headings`, so checking a link's anchor does not scan every heading.
    pub anchors: HashSet<String>,
    /// The first paragraph's opening, in plain text (see [`opening`]): the summary
    /// when front matter gives none.
    pub lead: String,
    pub words: usize,
    /// Minutes, rounded up, at least 1.
    pub reading_time: usize,
    /// The text of a `# heading` that is the body's first block: the page's title when
    /// its front matter gives an empty one.
    pub title: Option<String>,
    /// The first paragraph, when it holds wiki links without a label: a link shows its
    /// target's title, known only once every page is loaded (see [`Outline::lead_with`]).
    pub lead_links: Option<LeadLinks>,
    /// Block ids: paragraphs that end in `^id` (Obsidian's block references), without `^`.
    pub blocks: HashSet<String>,
}

/// The first paragraph's text with its unlabelled wiki links, each as the text it holds
/// (the target as written) and the target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadLinks {
    text: String,
    links: Vec<(std::ops::Range<usize>, String)>,
}

impl Outline {
    /// Whether the page has a heading with this id.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.anchors.contains(id)
    }

    /// The lead made again with each unlabelled wiki link shown as `title` gives it (the
    /// target's title, as the rendered link shows it); a link `title` does not know keeps
    /// its text, as a broken link does on the page. `None` when the lead has no such link.
    pub fn lead_with(&self, title: impl Fn(&str) -> Option<String>) -> Option<String> {
        let lead = self.lead_links.as_ref()?;
        let mut text = String::with_capacity(lead.text.len());
        let mut at = 0;
        for (range, target) in &lead.links {
            text.push_str(&lead.text[at..range.start]);
            match title(target) {
                Some(shown) => text.push_str(&shown),
                None => text.push_str(&lead.text[range.clone()]),
            }
            at = range.end;
        }
        text.push_str(&lead.text[at..]);
        Some(lead_of(&text))
    }
}

/// A summary made of a paragraph's text: its whitespace squashed, then its opening.
fn lead_of(paragraph: &str) -> String {
    let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    opening(&text, LEAD_CHARS)
}

/// Text with the characters no output may hold replaced: the source was cleaned when
/// read, but character references (`&#27;`) make them again.
fn clean(text: CowStr<'_>) -> CowStr<'_> {
    if text.contains(crate::html::is_forbidden_char) {
        let mut owned = text.into_string();
        crate::html::replace_forbidden(&mut owned);
        CowStr::from(owned)
    } else {
        text
    }
}

/// Whether a wiki embed names an image file (`![[chart.png]]`) rather than a page.
pub(crate) fn is_image_embed(dest: &str) -> bool {
    let path = dest.split('#').next().unwrap_or_default();
    std::path::Path::new(path.trim())
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            [
                "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "apng", "bmp", "ico", "tif",
                "tiff",
            ]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
        })
}

/// The longest summary taken from a page's own text. Lists, meta descriptions (search
/// engines show about 160 characters) and search results want a sentence or two, not
/// a whole paragraph.
pub(crate) const LEAD_CHARS: usize = 200;

/// The whole sentences that open `text` within `limit` characters; when even the first
/// is longer, the words of it that fit, and an ellipsis.
fn opening(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    // A sentence ends at `.`, `!` or `?` and a space before a capital, digit or quote
    // (not at `e.g. the`).
    let mut end = None;
    for (i, c) in text.char_indices().take(limit) {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = text[i + 1..]
            .strip_prefix(' ')
            .and_then(|rest| rest.chars().next());
        if next.is_some_and(|n| n.is_uppercase() || n.is_numeric() || "\"'“‘(".contains(n)) {
            end = Some(i + 1);
        }
    }
    if let Some(end) = end {
        return text[..end].to_string();
    }
    let cut = text
        .char_indices()
        .nth(limit.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end_matches([',', ';', ':', '-', '–', '—']))
}

/// Reads headings (with unique ids), the first paragraph's opening and the word count.
pub(crate) fn outline(body: &str, words_per_minute: usize) -> Outline {
    let mut out = Outline::default();
    let mut taken = TakenIds::default();
    let mut heading: Option<(u8, Option<String>, usize, String)> = None;
    let mut paragraph: Option<String> = None;
    // The unlabelled wiki links of the first paragraph, and where the open one starts.
    let mut links = Vec::new();
    let mut link_start: Option<(usize, String)> = None;
    let mut image_depth = 0;
    // The last text of the open paragraph, where a block id (`^id`) would be.
    let mut tail: Option<String> = None;
    for (n, (event, range)) in Parser::new_ext(body, options())
        .into_offset_iter()
        .enumerate()
    {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level as u8,
                    id.map(|i| i.to_string()),
                    range.start,
                    String::new(),
                ));
                if n == 0 && level == pulldown_cmark::HeadingLevel::H1 {
                    out.title = Some(String::new());
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, offset, text)) = heading.take() {
                    let text = text.trim().to_string();
                    if out.headings.is_empty() && out.title.is_some() {
                        out.title = Some(text.clone()).filter(|t| !t.is_empty());
                    }
                    let id = unique_id(explicit.unwrap_or_else(|| github_id(&text)), &mut taken);
                    out.headings.push(Heading {
                        level,
                        id,
                        text,
                        offset,
                    });
                }
            }
            Event::Start(Tag::Paragraph) => {
                tail = Some(String::new());
                if out.lead.is_empty() {
                    paragraph = Some(String::new());
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(id) = tail.take().as_deref().and_then(block_marker) {
                    out.blocks.insert(id.1.to_string());
                }
                if let Some(mut text) = paragraph.take() {
                    if let Some((cut, _)) = block_marker(&text) {
                        text.truncate(cut);
                    }
                    out.lead = lead_of(&text);
                    if !links.is_empty() {
                        out.lead_links = Some(LeadLinks {
                            text,
                            links: std::mem::take(&mut links),
                        });
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                dest_url,
                ..
            }) if image_depth == 0 => {
                if let Some(p) = &paragraph {
                    link_start = Some((p.len(), dest_url.into_string()));
                }
            }
            Event::End(TagEnd::Link) => {
                if let (Some((start, target)), Some(p)) = (link_start.take(), &paragraph) {
                    links.push((start..p.len(), target));
                }
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth -= 1,
            Event::Text(text) | Event::Code(text) => {
                let text = clean(text);
                if let Some(tail) = &mut tail {
                    // Only a text with `^` can end a paragraph with a block id.
                    tail.clear();
                    if text.contains('^') {
                        tail.push_str(&text);
                    }
                }
                if image_depth == 0 {
                    out.words += text.split_whitespace().count();
                }
                if let Some((_, _, _, h)) = &mut heading {
                    h.push_str(&text);
                } else if let Some(p) = &mut paragraph {
                    if image_depth == 0 {
                        p.push_str(&text);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = &mut paragraph {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    out.reading_time = out.words.div_ceil(words_per_minute.max(1)).max(1);
    out.anchors = taken.ids;
    out
}

/// A heading id by GitHub's rule: lowercase, keep letters, digits, `-`, `_` and
/// spaces, then spaces become `-`.
pub(crate) fn github_id(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A block id at the end of a paragraph's last text (`… ^id`, or `^id` alone on the
/// paragraph's last line), as Obsidian writes them: where the text before it ends, and
/// the id without `^`. Ids are letters, digits and `-`.
pub(crate) fn block_marker(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end();
    let caret = trimmed.rfind('^')?;
    let id = &trimmed[caret + 1..];
    let before = &trimmed[..caret];
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid || !(before.is_empty() || before.ends_with(char::is_whitespace)) {
        return None;
    }
    Some((before.trim_end().len(), id))
}

/// The anchor id a paragraph with the block id `id` gets: `^` has no place in an id
/// that a URL fragment can name without escaping.
pub(crate) fn block_anchor(id: &str) -> String {
    format!("block-{id}")
}

/// Ids already given on one page, and the next number to try for each repeated base.
#[derive(Default)]
struct TakenIds {
    ids: HashSet<String>,
    next: HashMap<String, usize>,
}

fn unique_id(base: String, taken: &mut TakenIds) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    if taken.ids.insert(base.clone()) {
        return base;
    }
    // Resume counting where this base's last repeat stopped: starting again from 1
    // makes a page of many equal headings quadratic.
    let n = taken.next.entry(base.clone()).or_insert(0);
    loop {
        *n += 1;
        let id = format!("{base}-{n}");
        if taken.ids.insert(id.clone()) {
            return id;
        }
    }
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `[text](dest)`
    Markdown,
    /// `[[dest]]` or `[[dest|label]]`
    Wiki,
}

/// A link found while rendering, handed to a [`Links`] resolver.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkRef<'a> {
    pub dest: &'a str,
    pub syntax: Syntax,
    /// Byte offset in the body.
    pub offset: usize,
}

/// Where a resolved link goes.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub href: String,
    /// The target's title, shown for a wiki link without a label.
    pub title: String,
}

/// What to do with a link found in a body.
#[derive(Debug, Clone)]
pub(crate) enum Rewrite {
    /// Leave it as written (external links).
    Keep,
    /// Point it here.
    To(Resolved),
    /// Drop the link and keep its text (a link to a draft, already reported).
    Unlink,
    /// Drop the link and show its text as unresolved (a broken link, already reported):
    /// `<span class="unresolved">…</span>`, as Obsidian shows a link that leads nowhere.
    Unresolved,
}

/// Resolves links and embeds while a body renders; reports problems itself.
pub(crate) trait Links {
    /// What becomes of a link or image source.
    fn link(&mut self, link: &LinkRef) -> Rewrite;
    /// HTML for `![[target]]` standing alone, or `None` when it cannot be embedded.
    fn embed(&mut self, link: &LinkRef) -> Option<String>;
}

/// Renders a body to HTML: heading ids and anchors from `outline`, links through `links`.
pub(crate) fn render(body: &str, outline: &Outline, links: &mut dyn Links) -> String {
    let mut events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let blocks = if outline.blocks.is_empty() {
        Vec::new()
    } else {
        mark_blocks(&mut events)
    };
    let mut blocks = blocks.into_iter().peekable();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut headings = outline.headings.iter();
    let mut current_id: Option<&str> = None;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = headings.next().map(|h| h.id.as_str());
                current_id = id;
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: id.map(|s| CowStr::from(s.to_string())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(id) = current_id.take() {
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a>",
                        crate::html::escape(id)
                    ))));
                }
                out.push(Event::End(TagEnd::Heading(*level)));
            }
            Event::Start(Tag::Paragraph) => {
                if let Some((html, next)) = embed_at(&events, i, links) {
                    out.push(Event::Html(CowStr::from(html)));
                    i = next;
                    continue;
                }
                match blocks.next_if(|(at, _)| *at == i) {
                    Some((_, id)) => out.push(Event::Html(CowStr::from(format!(
                        "<p id=\"{}\">",
                        crate::html::escape(&block_anchor(&id))
                    )))),
                    None => out.push(event.clone()),
                }
            }
            // `<name@example.org>`: an address, written without `mailto:`.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => out.push(event.clone()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                let link = LinkRef {
                    dest: dest_url,
                    syntax: if wiki { Syntax::Wiki } else { Syntax::Markdown },
                    offset: range.start,
                };
                match links.link(&link) {
                    Rewrite::To(resolved) => {
                        out.push(Event::Start(Tag::Link {
                            link_type: *link_type,
                            dest_url: CowStr::from(resolved.href),
                            title: title.clone(),
                            id: id.clone(),
                        }));
                        if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                            // `[[slug]]` shows the target's title, not the slug.
                            out.push(Event::Text(CowStr::from(resolved.title)));
                            i = skip_to_link_end(&events, i);
                            out.push(Event::End(TagEnd::Link));
                        }
                    }
                    Rewrite::Unlink => i = copy_until_link_end(&events, i, &mut out),
                    Rewrite::Unresolved => {
                        out.push(Event::InlineHtml(CowStr::from(
                            "<span class=\"unresolved\">",
                        )));
                        i = copy_until_link_end(&events, i, &mut out);
                        out.push(Event::InlineHtml(CowStr::from("</span>")));
                    }
                    Rewrite::Keep if wiki => i = copy_until_link_end(&events, i, &mut out),
                    Rewrite::Keep => out.push(event.clone()),
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if !matches!(link_type, LinkType::WikiLink { .. }) || is_image_embed(dest_url) => {
                // An image embed (`![[chart.png]]`) names a file beside the page, as
                // `![](chart.png)` does.
                let link = LinkRef {
                    dest: dest_url,
                    syntax: Syntax::Markdown,
                    offset: range.start,
                };
                let dest_url = match links.link(&link) {
                    Rewrite::To(resolved) => CowStr::from(resolved.href),
                    Rewrite::Keep | Rewrite::Unlink | Rewrite::Unresolved => dest_url.clone(),
                };
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Text(text) => out.push(Event::Text(clean(text.clone()))),
            _ => out.push(event.clone()),
        }
        i += 1;
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    html_out
}

/// Takes the block ids (`^id`) off the paragraphs that end in one, and returns where each
/// such paragraph starts, in order, with its id.
fn mark_blocks(events: &mut [(Event, std::ops::Range<usize>)]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut start = None;
    for j in 0..events.len() {
        match &events[j].0 {
            Event::Start(Tag::Paragraph) => start = Some(j),
            Event::End(TagEnd::Paragraph) => {
                let (Some(at), Some(last)) = (start.take(), j.checked_sub(1)) else {
                    continue;
                };
                if let Event::Text(text) = &events[last].0 {
                    if let Some((cut, id)) = block_marker(text) {
                        found.push((at, id.to_string()));
                        let kept = text[..cut].to_string();
                        events[last].0 = Event::Text(CowStr::from(kept));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// If a paragraph at `start` holds only `![[target]]`, the card HTML and the index after it.
fn embed_at(
    events: &[(Event, std::ops::Range<usize>)],
    start: usize,
    links: &mut dyn Links,
) -> Option<(String, usize)> {
    let (
        Event::Start(Tag::Image {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }),
        range,
    ) = events.get(start + 1)?
    else {
        return None;
    };
    if is_image_embed(dest_url) {
        return None;
    }
    let image_end = start
        + 1
        + events[start + 1..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))?;
    if !matches!(events.get(image_end + 1)?.0, Event::End(TagEnd::Paragraph)) {
        return None;
    }
    let link = LinkRef {
        dest: dest_url,
        syntax: Syntax::Wiki,
        offset: range.start,
    };
    let html = links.embed(&link).unwrap_or_default();
    Some((html, image_end + 2))
}

fn skip_to_link_end(events: &[(Event, std::ops::Range<usize>)], start: usize) -> usize {
    let mut depth = 0;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::Link) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len()
}

fn copy_until_link_end<'a>(
    events: &[(Event<'a>, std::ops::Range<usize>)],
    start: usize,
    out: &mut Vec<Event<'a>>,
) -> usize {
    let end = skip_to_link_end(events, start);
    out.extend(events[start + 1..end].iter().map(|(e, _)| e.clone()));
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(Vec<String>);
    impl Links for Fake {
        fn link(&mut self, link: &LinkRef) -> Rewrite {
            self.0.push(format!("{:?}:{}", link.syntax, link.dest));
            match link.dest {
                "known" => Rewrite::To(Resolved {
                    href: "tips/known.html".into(),
                    title: "Known <Tip>".into(),
                }),
                "gone.md" => Rewrite::Unlink,
                _ => Rewrite::Keep,
            }
        }
        fn embed(&mut self, link: &LinkRef) -> Option<String> {
            Some(format!("<aside>{}</aside>", link.dest))
        }
    }

    fn render_str(body: &str) -> (String, Vec<String>) {
        let mut fake = Fake(Vec::new());
        let html = render(body, &outline(body, 200), &mut fake);
        (html, fake.0)
    }

    #[test]
    fn github_ids_and_repeats() {
        let o = outline(
            "# Why it works?\n\n## Why it works?\n\n## Ünïcode & more\n\n### Custom {#mine}\n",
            200,
        );
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["why-it-works", "why-it-works-1", "ünïcode--more", "mine"]
        );
        assert_eq!(o.headings[3].text, "Custom");
    }

    #[test]
    fn many_equal_headings_number_on_in_linear_time() {
        // Numbering each repeat from 1 again took minutes for a page like this one.
        let body = "## Same\n\n".repeat(20_000) + "## Same-5\n";
        let start = std::time::Instant::now();
        let o = outline(&body, 200);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        assert_eq!(o.headings.len(), 20_001);
        assert_eq!(o.headings[1].id, "same-1");
        assert_eq!(o.headings[19_999].id, "same-19999");
        // An explicit-looking id already given to a repeat still gets a fresh one.
        assert_eq!(o.headings[20_000].id, "same-5-1");
        assert!(o.has_anchor("same-19999") && !o.has_anchor("same-20000"));
    }

    #[test]
    fn headings_get_ids_and_anchor_links() {
        let (html, _) = render_str("## Hello there\n");
        assert!(
            html.contains(
                r##"<h2 id="hello-there">Hello there <a class="anchor" href="#hello-there""##
            ),
            "{html}"
        );
    }

    #[test]
    fn wiki_links_show_target_title_or_label() {
        let (html, seen) = render_str("See [[known]] and [[known|this one]] and [[missing]].\n");
        assert!(
            html.contains(r#"<a href="tips/known.html">Known &lt;Tip&gt;</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="tips/known.html">this one</a>"#),
            "{html}"
        );
        assert!(html.contains("and missing."), "{html}");
        assert_eq!(seen, ["Wiki:known", "Wiki:known", "Wiki:missing"]);
    }

    #[test]
    fn markdown_links_pass_through_when_unresolved() {
        let (html, seen) = render_str("[x](https://example.org) [y](../tips/known.md)\n");
        assert!(html.contains(r#"href="https://example.org""#));
        assert_eq!(
            seen,
            ["Markdown:https://example.org", "Markdown:../tips/known.md"]
        );
    }

    #[test]
    fn unlinked_links_keep_their_text() {
        let (html, _) = render_str("See [the draft](gone.md) now.\n");
        assert!(html.contains("<p>See the draft now.</p>"), "{html}");
    }

    #[test]
    fn embed_alone_on_a_line_becomes_a_card() {
        let (html, _) = render_str("Intro.\n\n![[some-tip]]\n\nAfter.\n");
        assert!(html.contains("<aside>some-tip</aside>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn extensions_are_on() {
        let (html, _) = render_str(
            "| a |\n|---|\n| b |\n\n~~x~~ \"q\"\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot\n",
        );
        for needle in [
            "<table>",
            "<del>x</del>",
            "\u{201c}q\u{201d}",
            "checkbox",
            "footnote",
        ] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
    }

    #[test]
    fn outline_counts_words_and_first_paragraph() {
        let o = outline("# T\n\n![[x]]\n\nFirst *para*\ngraph here.\n\nSecond.\n", 2);
        assert_eq!(o.lead, "First para graph here.");
        assert_eq!(o.reading_time, 3);
    }

    #[test]
    fn a_leading_level_one_heading_is_the_fallback_title() {
        assert_eq!(
            outline("# The *title*\n\nText.\n", 200).title.as_deref(),
            Some("The title")
        );
        // Not the first block, or not level one: no title.
        assert_eq!(outline("Text.\n\n# Later\n", 200).title, None);
        assert_eq!(outline("## Two\n\nText.\n", 200).title, None);
        assert_eq!(outline("#\n\nText.\n", 200).title, None);
    }

    #[test]
    fn unlabelled_wiki_links_in_the_lead_show_what_title_gives() {
        let o = outline(
            "Try [[weekly review#why]] and [[a|the label]], not [[gone]].\n\nMore [[x]].\n",
            200,
        );
        assert_eq!(o.lead, "Try weekly review#why and the label, not gone.");
        let lead = o.lead_with(|target| {
            (target == "weekly review#why").then(|| "Hold a weekly review".to_string())
        });
        assert_eq!(
            lead.as_deref(),
            Some("Try Hold a weekly review and the label, not gone.")
        );
        assert_eq!(
            outline("Plain [[a|label]].\n", 200).lead_with(|_| None),
            None
        );
    }

    #[test]
    fn image_embeds_are_told_from_page_embeds() {
        assert!(is_image_embed("chart.png") && is_image_embed("img/Chart.JPG"));
        assert!(!is_image_embed("weekly review") && !is_image_embed("notes.md"));
        assert!(!is_image_embed("v1.2"));
    }

    #[test]
    fn character_references_to_control_characters_are_replaced() {
        let (html, _) = render_str("a&#27;b &#x7f;\n");
        assert!(html.contains("a\u{fffd}b \u{fffd}"), "{html:?}");
        assert_eq!(outline("a&#27;b\n", 200).lead, "a\u{fffd}b");
    }

    #[test]
    fn a_long_first_paragraph_leads_with_its_opening_sentences() {
        // Whole sentences that fit; `e.g. the` does not end one.
        let text =
            "Ask early. Ask often, e.g. the day after a talk! Then write it down. Keep a list.";
        assert_eq!(opening(text, 81), text);
        assert_eq!(
            opening(text, 80),
            "Ask early. Ask often, e.g. the day after a talk! Then write it down."
        );
        assert_eq!(
            opening(text, 60),
            "Ask early. Ask often, e.g. the day after a talk!"
        );
        assert_eq!(opening(text, 20), "Ask early.");
        // No whole sentence fits: whole words, and an ellipsis.
        assert_eq!(opening("One two three, four five.", 16), "One two three…");
        assert_eq!(opening("Ünïcödé wörds everywhere here.", 12), "Ünïcödé…");
        let long = "word ".repeat(100);
        let lead = outline(&long, 200).lead;
        assert!(
            lead.ends_with('…') && lead.chars().count() <= LEAD_CHARS,
            "{lead}"
        );
    }
}
