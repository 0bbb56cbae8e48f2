//! Markdown with pulldown-cmark: heading ids, outline, and HTML with links rewritten.
//!
//! Bodies are read in Obsidian's dialect too: `%%comments%%` are taken out before
//! parsing ([`comments`]), block quotes that start with `[!type]` are callouts
//! ([`callouts`]), `==text==` is highlighted and `#tags` are topics ([`inline`]), and
//! `![[…]]` embeds images, files, notes and sections (see [`render`]).

mod callouts;
mod comments;
mod inline;
mod steps;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

pub(crate) use steps::{steps as path_steps, StepRef};

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
    /// The body's inline `#tags`, in order: each name (without `#`) and its line in the
    /// body, counted from 1. They are topics of the page.
    pub tags: Vec<(String, usize)>,
    /// Block ids: paragraphs that end in `^id` (Obsidian's block references), without
    /// `^`, each with the paragraph's byte range in the body (for `![[Note#^id]]`).
    pub blocks: HashMap<String, Range<usize>>,
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
    if crate::html::has_forbidden(&text) {
        let mut owned = text.into_string();
        crate::html::replace_forbidden(&mut owned);
        CowStr::from(owned)
    } else {
        text
    }
}

/// What a wiki embed (`![[target]]`) names, by the target's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmbedKind {
    /// `![[chart.png]]`: shown as an image.
    Image,
    /// `![[paper.pdf]]`: shown in a viewer.
    Pdf,
    /// `![[talk.mp3]]`: an audio player.
    Audio,
    /// `![[demo.mp4]]`: a video player.
    Video,
    /// Any other file: a link to it.
    File,
    /// A page, or a section of one.
    Note,
}

/// What a wiki embed's target names (`chart.png`, `paper.pdf`, `Weekly review#Why`).
pub(crate) fn embed_kind(dest: &str) -> EmbedKind {
    let path = dest.split('#').next().unwrap_or_default().trim();
    let Some(ext) = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    else {
        return EmbedKind::Note;
    };
    let is = |list: &[&str]| list.contains(&ext.as_str());
    if is(&[
        "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "apng", "bmp", "ico", "tif", "tiff",
    ]) {
        EmbedKind::Image
    } else if ext == "pdf" {
        EmbedKind::Pdf
    } else if is(&["mp3", "wav", "ogg", "oga", "m4a", "flac", "opus"]) {
        EmbedKind::Audio
    } else if is(&["mp4", "webm", "ogv", "mov", "m4v", "mkv"]) {
        EmbedKind::Video
    } else if is(&["md", "markdown"]) || ext.chars().any(|c| !c.is_ascii_alphanumeric()) {
        // `Note.md`, or a name with a dot in it (`v1.2 notes`): a page.
        EmbedKind::Note
    } else if ext.chars().all(|c| c.is_ascii_digit()) {
        // `v1.2`: a version in a note's name, not a file type.
        EmbedKind::Note
    } else {
        EmbedKind::File
    }
}

/// A wiki link's target as written, without the `\` of a `\|` label separator (which
/// a table cell needs, since `|` would end the cell): `[[Note\|label]]`.
fn wiki_dest(dest: &str) -> &str {
    dest.strip_suffix('\\').unwrap_or(dest)
}

/// Counts lines on from the last offset asked, as offsets come in order.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// The line (from 1) of byte `offset` in `text`.
    fn line(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.offset || self.line == 0 {
            *self = LineCounter { offset: 0, line: 1 };
        }
        self.line += text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

/// A body's events, read in ladder's dialect, with the `#tags` found in its text.
struct Read<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    tags: Vec<inline::TagAt>,
}

/// Parses `text` (a body without its comments) and applies callouts, highlights and tags.
fn read(text: &str) -> Read<'_> {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    if text.contains("[!") {
        events = callouts::apply(text, events);
    }
    let (events, tags) = inline::apply(text, events);
    Read { events, tags }
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
    let stripped = comments::strip(body);
    let read = read(&stripped.text);
    let mut out = Outline::default();
    let mut lines = LineCounter::default();
    out.tags = read
        .tags
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                lines.line(body, stripped.original(t.offset)),
            )
        })
        .collect();
    let mut taken = TakenIds::default();
    let mut heading: Option<(u8, Option<String>, usize, String)> = None;
    let mut paragraph: Option<String> = None;
    // The unlabelled wiki links of the first paragraph, and where the open one starts.
    let mut links: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut link_start: Option<(usize, String)> = None;
    let mut image_depth = 0;
    // The last text of the open paragraph, where a block id (`^id`) would be.
    let mut tail: Option<String> = None;
    // Where the open paragraph is in the body.
    let mut paragraph_at = 0..0;
    for (n, (event, range)) in read.events.into_iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level as u8,
                    id.map(|i| i.to_string()),
                    stripped.original(range.start),
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
                paragraph_at = stripped.original(range.start)..stripped.original(range.end);
                if out.lead.is_empty() {
                    paragraph = Some(String::new());
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(id) = tail.take().as_deref().and_then(block_marker) {
                    out.blocks.insert(id.1.to_string(), paragraph_at.clone());
                }
                if let Some(mut text) = paragraph.take() {
                    if let Some((cut, _)) = block_marker(&text) {
                        text.truncate(cut);
                        // A link the cut reaches into is no longer in the lead.
                        links.retain(|(range, _)| range.end <= cut);
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
                    link_start = Some((p.len(), wiki_dest(&dest_url).to_string()));
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
    /// The target's language, when it is not the page's: a page of another language of
    /// a multilingual site.
    pub lang: Option<String>,
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
    /// HTML for `![[target]]` (a page or a section of one) standing alone, or `None` when
    /// it cannot be embedded. `level` is the level of the heading it stands under (1
    /// before any), so that the headings it shows can follow on from it.
    fn embed(&mut self, link: &LinkRef, level: u8) -> Option<String>;
    /// `![[target]]` naming a page inside a sentence, where it can only be a link.
    fn embed_inline(&mut self, link: &LinkRef) -> Rewrite {
        self.link(link)
    }
    /// Where a file embedded with `![[file.png]]` is.
    fn file(&mut self, link: &LinkRef) -> Rewrite {
        self.link(&LinkRef {
            syntax: Syntax::Markdown,
            ..*link
        })
    }
    /// Where an inline `#tag` leads (its topic's page), if anywhere.
    fn tag(&mut self, _name: &str) -> Option<String> {
        None
    }
    /// The label of a heading's anchor link, in the site's language.
    fn anchor_label(&self) -> &str {
        "Link to this section"
    }
}

/// How a body is rendered: as the page's own, or embedded in another page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The page's body: headings get their ids and anchor links.
    Page,
    /// Shown inside another page under a heading of this level: headings get no ids
    /// (they would clash with the host's) and follow on from that level.
    Embedded(u8),
}

/// Renders a body to HTML: heading ids and anchors from `outline`, links through `links`.
pub(crate) fn render(body: &str, outline: &Outline, links: &mut dyn Links) -> String {
    render_as(body, Some(outline), links, Mode::Page)
}

/// Renders a body, or a section of one, to be shown inside another page under a heading
/// of level `level`: its headings have no ids and start one level below it. Links are
/// resolved through `links` as from the embedded page.
pub(crate) fn render_embedded(body: &str, links: &mut dyn Links, level: u8) -> String {
    render_as(body, None, links, Mode::Embedded(level))
}

fn render_as(body: &str, outline: Option<&Outline>, links: &mut dyn Links, mode: Mode) -> String {
    let stripped = comments::strip(body);
    let Read { mut events, tags } = read(&stripped.text);
    let at = |range: &Range<usize>| stripped.original(range.start);
    // Block ids (`^id`) come off their paragraphs; a page's own paragraphs keep them as
    // anchors, an embedded page's do not (its ids could clash with the host's).
    let blocks = match (&mode, outline) {
        (Mode::Page, Some(o)) if o.blocks.is_empty() => Vec::new(),
        _ => mark_blocks(&mut events),
    };
    let mut blocks = blocks.into_iter().peekable();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut headings = outline.map(|o| o.headings.iter());
    let anchor_label = crate::html::escape(links.anchor_label());
    let mut current_id: Option<&str> = None;
    let mut tags = tags.into_iter().peekable();
    // The level of the last heading, for embeds below it; and how far embedded headings move.
    let (mut level, shift) = match mode {
        Mode::Page => (1u8, 0i16),
        Mode::Embedded(host) => {
            let top = events
                .iter()
                .filter_map(|(e, _)| match e {
                    Event::Start(Tag::Heading { level, .. }) => Some(*level as i16),
                    _ => None,
                })
                .min()
                .unwrap_or(1);
            (host, i16::from(host) + 1 - top)
        }
    };
    let mut split: Option<Split> = None;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        if let Some(s) = &mut split {
            if s.embeds.last().is_some_and(|e| e.from == i) {
                let embed = s.embeds.pop().expect("checked");
                if s.open {
                    out.push(Event::End(TagEnd::Paragraph));
                    s.open = false;
                }
                let html = block_embed(&events, embed.image, links, level, &at);
                out.push(Event::Html(CowStr::from(html)));
                i = embed.resume;
                continue;
            }
            match (event, &s.opener) {
                (Event::End(TagEnd::Paragraph), Some(_)) => {
                    if s.open {
                        out.push(event.clone());
                    }
                    split = None;
                    i += 1;
                    continue;
                }
                // A list item's text after its last embed is as any other.
                (_, None) if s.embeds.is_empty() => split = None,
                (_, Some(opener)) if !s.open => {
                    out.push(opener.clone());
                    // The block id's anchor goes on the first part only.
                    s.opener = Some(Event::Start(Tag::Paragraph));
                    s.open = true;
                }
                _ => {}
            }
        }
        if tags.peek().is_some_and(|t| t.event == i) {
            let tag = tags.next().expect("peeked");
            out.push(Event::InlineHtml(CowStr::from(tag_html(
                &tag.name,
                links.tag(&tag.name),
            ))));
            i += 1;
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level: written,
                classes,
                attrs,
                ..
            }) => {
                let (shown, id) = match mode {
                    Mode::Page => (
                        *written,
                        headings
                            .as_mut()
                            .and_then(Iterator::next)
                            .map(|h| h.id.as_str()),
                    ),
                    Mode::Embedded(_) => (heading_level(*written as i16 + shift), None),
                };
                level = shown as u8;
                current_id = id;
                out.push(Event::Start(Tag::Heading {
                    level: shown,
                    id: id.map(|s| CowStr::from(s.to_string())),
                    classes: classes.clone(),
                    attrs: if mode == Mode::Page {
                        attrs.clone()
                    } else {
                        Vec::new()
                    },
                }));
            }
            Event::End(TagEnd::Heading(written)) => {
                if let Some(id) = current_id.take() {
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        " <a class=\"anchor\" href=\"#{}\" aria-label=\"{anchor_label}\">#</a>",
                        crate::html::escape(id)
                    ))));
                }
                let shown = match mode {
                    Mode::Page => *written,
                    Mode::Embedded(_) => heading_level(*written as i16 + shift),
                };
                out.push(Event::End(TagEnd::Heading(shown)));
            }
            Event::Start(Tag::Paragraph) => {
                let opener = match blocks.next_if(|(at, _)| *at == i) {
                    Some((_, id)) if matches!(mode, Mode::Page) => Event::Html(CowStr::from(
                        format!("<p id=\"{}\">", crate::html::escape(&block_anchor(&id))),
                    )),
                    _ => event.clone(),
                };
                let embeds = line_embeds(&events, i);
                if embeds.is_empty() {
                    out.push(opener);
                } else {
                    split = Some(Split::new(embeds, Some(opener)));
                }
            }
            Event::Start(Tag::Item) => {
                out.push(event.clone());
                // A tight list item's text has no paragraph of its own.
                let embeds = line_embeds(&events, i);
                if !embeds.is_empty() {
                    split = Some(Split::new(embeds, None));
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
                let dest = if wiki { wiki_dest(dest_url) } else { dest_url };
                let link = LinkRef {
                    dest,
                    syntax: if wiki { Syntax::Wiki } else { Syntax::Markdown },
                    offset: at(range),
                };
                match links.link(&link) {
                    // A link to another language's page says so: `hreflang`, and `lang` on
                    // the target's title, which is in that language.
                    Rewrite::To(Resolved {
                        href,
                        title: target,
                        lang: Some(lang),
                    }) if wiki => {
                        let href = crate::html::escape(&href);
                        let lang = crate::html::escape(&lang);
                        if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                            out.push(Event::InlineHtml(CowStr::from(format!(
                                "<a href=\"{href}\" hreflang=\"{lang}\" lang=\"{lang}\">{}</a>",
                                crate::html::escape(&target)
                            ))));
                            i = skip_to_link_end(&events, i);
                        } else {
                            out.push(Event::InlineHtml(CowStr::from(format!(
                                "<a href=\"{href}\" hreflang=\"{lang}\">"
                            ))));
                            i = copy_until_link_end(&events, i, &mut out);
                            out.push(Event::InlineHtml(CowStr::from("</a>")));
                        }
                    }
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
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                // `![[…]]` inside a sentence: an image, a player or a link in place.
                let end = skip_to_image_end(&events, i);
                let label = (*has_pothole).then(|| plain_text(&events[i + 1..end]));
                let link = LinkRef {
                    dest: wiki_dest(dest_url),
                    syntax: Syntax::Wiki,
                    offset: at(range),
                };
                out.push(Event::InlineHtml(CowStr::from(inline_embed(
                    &link,
                    label.as_deref(),
                    links,
                ))));
                i = end;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let link = LinkRef {
                    dest: dest_url,
                    syntax: Syntax::Markdown,
                    offset: at(range),
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

/// A heading level from a number, kept within 2..=6: an embedded page never adds a
/// second `<h1>`.
fn heading_level(n: i16) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel as H;
    match n {
        ..=2 => H::H2,
        3 => H::H3,
        4 => H::H4,
        5 => H::H5,
        _ => H::H6,
    }
}

/// `#name` as a link to its topic's page, or as text when it has none.
fn tag_html(name: &str, href: Option<String>) -> String {
    let name = crate::html::escape(name);
    match href {
        Some(href) => format!(
            "<a class=\"tag\" href=\"{}\">#{name}</a>",
            crate::html::escape(&href)
        ),
        None => format!("<span class=\"tag\">#{name}</span>"),
    }
}

/// The text of inline events (an image's label), without markup.
fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

/// A size written as an image embed's label: `300` (width) or `300x200`.
fn image_size(label: &str) -> Option<(u32, Option<u32>)> {
    let (w, h) = match label.trim().split_once('x') {
        Some((w, h)) => (w, Some(h)),
        None => (label.trim(), None),
    };
    let w = w.parse().ok()?;
    let h = match h {
        Some(h) => Some(h.parse().ok()?),
        None => None,
    };
    Some((w, h))
}

/// The href of an embedded file, or `None` when it was reported missing.
fn file_href(link: &LinkRef, links: &mut dyn Links) -> Option<String> {
    match links.file(link) {
        Rewrite::To(resolved) => Some(resolved.href),
        Rewrite::Keep => Some(link.dest.to_string()),
        Rewrite::Unlink | Rewrite::Unresolved => None,
    }
}

/// The file's name as a reader sees it: `img/chart.png` → `chart.png`.
fn file_name(dest: &str) -> &str {
    dest.rsplit('/').next().unwrap_or(dest)
}

/// `![[target]]` (or `![[target|label]]`) within a line of text.
fn inline_embed(link: &LinkRef, label: Option<&str>, links: &mut dyn Links) -> String {
    use crate::html::escape;
    let kind = embed_kind(link.dest);
    if kind == EmbedKind::Note {
        return match links.embed_inline(link) {
            Rewrite::To(resolved) => format!(
                "<a href=\"{}\">{}</a>",
                escape(&resolved.href),
                escape(label.unwrap_or(&resolved.title))
            ),
            Rewrite::Keep | Rewrite::Unlink => escape(label.unwrap_or(link.dest)),
            Rewrite::Unresolved => format!(
                "<span class=\"unresolved\">{}</span>",
                escape(label.unwrap_or(link.dest))
            ),
        };
    }
    let name = file_name(link.dest);
    let Some(href) = file_href(link, links) else {
        return format!("<span class=\"unresolved\">{}</span>", escape(name));
    };
    let href = escape(&href);
    match kind {
        EmbedKind::Image => {
            // `|300` or `|300x200` sizes the image; `|text` is its alternative text,
            // and `|text|300` both.
            let (alt, size) = match label {
                None => (name, None),
                Some(label) => match image_size(label) {
                    Some(size) => (name, Some(size)),
                    None => match label.rsplit_once('|') {
                        Some((alt, size)) if image_size(size).is_some() => {
                            (alt, image_size(size))
                        }
                        _ => (label, None),
                    },
                },
            };
            let size = match size {
                Some((w, Some(h))) => format!(" width=\"{w}\" height=\"{h}\""),
                Some((w, None)) => format!(" width=\"{w}\""),
                None => String::new(),
            };
            format!("<img src=\"{href}\" alt=\"{}\"{size}>", escape(alt))
        }
        EmbedKind::Audio => format!(
            "<audio class=\"embed-audio\" controls src=\"{href}\"><a href=\"{href}\">{}</a></audio>",
            escape(name)
        ),
        EmbedKind::Video => format!(
            "<video class=\"embed-video\" controls src=\"{href}\"><a href=\"{href}\">{}</a></video>",
            escape(name)
        ),
        EmbedKind::Pdf | EmbedKind::File | EmbedKind::Note => format!(
            "<a class=\"embed-file\" href=\"{href}\">{}</a>",
            escape(label.unwrap_or(name))
        ),
    }
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

/// An `![[page]]` or `![[file.pdf]]` alone on its line (only whitespace beside it) in a
/// paragraph or a tight list item's text: shown as a block there, as Obsidian shows it.
#[derive(Debug, Clone, Copy)]
struct LineEmbed {
    /// The first event it stands for: the break that ends the text before it, if any.
    from: usize,
    /// Its `Start(Image)`.
    image: usize,
    /// Where the text goes on: after the break that ends its line, or at the end.
    resume: usize,
}

/// A paragraph (or a tight list item's text) with embeds alone on their lines, while
/// it renders: text before, between and after them is in paragraphs of its own.
struct Split<'a> {
    /// The embeds still to come, the next one last.
    embeds: Vec<LineEmbed>,
    /// What opens a paragraph for text; `None` in a list item, whose text needs none.
    opener: Option<Event<'a>>,
    /// Whether a paragraph is open in the output.
    open: bool,
}

impl<'a> Split<'a> {
    fn new(mut embeds: Vec<LineEmbed>, opener: Option<Event<'a>>) -> Split<'a> {
        embeds.reverse();
        Split {
            embeds,
            opener,
            open: false,
        }
    }
}

/// Whether `tag` is inline (within a line of text) rather than a block.
fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// The embeds of pages and PDFs alone on their lines among the inline events after
/// `start` (a paragraph's, or a tight list item's up to its first block), in order.
/// Images stay in their line.
fn line_embeds(events: &[(Event, Range<usize>)], start: usize) -> Vec<LineEmbed> {
    let blank = |e: &Event| matches!(e, Event::Text(t) if t.trim().is_empty());
    let ends_run = |e: &Event| match e {
        Event::End(_) | Event::Rule | Event::Html(_) => true,
        Event::Start(tag) => !is_inline(tag),
        _ => false,
    };
    let mut found = Vec::new();
    let mut depth = 0usize;
    // Where the current line starts, and the break before it when the line before held text.
    let mut line = start + 1;
    let mut after_text = None;
    let mut j = start + 1;
    while let Some((event, _)) = events.get(j) {
        match event {
            _ if depth == 0 && ends_run(event) => break,
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) if depth == 0
                && matches!(embed_kind(dest_url), EmbedKind::Note | EmbedKind::Pdf)
                && events[line..j].iter().all(|(e, _)| blank(e)) =>
            {
                let end = skip_to_image_end(events, j);
                let mut k = end + 1;
                while events.get(k).is_some_and(|(e, _)| blank(e)) {
                    k += 1;
                }
                let resume = match events.get(k).map(|(e, _)| e) {
                    Some(Event::SoftBreak | Event::HardBreak) => k + 1,
                    Some(e) if ends_run(e) => k,
                    None => k,
                    // Text follows on its line: an embed inside a sentence.
                    Some(_) => {
                        j = end + 1;
                        continue;
                    }
                };
                found.push(LineEmbed {
                    from: after_text.unwrap_or(line),
                    image: j,
                    resume,
                });
                line = resume;
                after_text = None;
                j = resume;
                continue;
            }
            Event::SoftBreak | Event::HardBreak if depth == 0 => {
                after_text = events[line..j].iter().any(|(e, _)| !blank(e)).then_some(j);
                line = j + 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        j += 1;
    }
    found
}

/// The HTML of `![[target]]` at `image` shown as a block: a page's card, a page or
/// section in place, a PDF's viewer.
fn block_embed(
    events: &[(Event, Range<usize>)],
    image: usize,
    links: &mut dyn Links,
    level: u8,
    at: &dyn Fn(&Range<usize>) -> usize,
) -> String {
    let (
        Event::Start(Tag::Image {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }),
        range,
    ) = &events[image]
    else {
        unreachable!("line_embeds finds wiki embeds only");
    };
    let link = LinkRef {
        dest: wiki_dest(dest_url),
        syntax: Syntax::Wiki,
        offset: at(range),
    };
    if embed_kind(dest_url) == EmbedKind::Pdf {
        let name = crate::html::escape(file_name(link.dest));
        match file_href(&link, links) {
            Some(href) => {
                let href = crate::html::escape(&href);
                format!(
                    "<object class=\"embed-pdf\" data=\"{href}\" type=\"application/pdf\" title=\"{name}\">\n<p><a href=\"{href}\">{name}</a></p>\n</object>\n"
                )
            }
            None => format!("<p><span class=\"unresolved\">{name}</span></p>\n"),
        }
    } else {
        links.embed(&link, level).unwrap_or_default()
    }
}

/// The index of the `End(Image)` that closes the image opened at `start`.
fn skip_to_image_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
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
                    lang: None,
                }),
                "ailleurs" => Rewrite::To(Resolved {
                    href: "../fr/notes/ailleurs.html".into(),
                    title: "Ailleurs & là".into(),
                    lang: Some("fr".into()),
                }),
                "gone.md" => Rewrite::Unlink,
                _ => Rewrite::Keep,
            }
        }
        fn embed(&mut self, link: &LinkRef, level: u8) -> Option<String> {
            Some(format!("<aside>{} {level}</aside>", link.dest))
        }
        fn tag(&mut self, name: &str) -> Option<String> {
            (name == "known").then(|| "topics/known.html".to_string())
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
    fn wiki_links_to_another_language_mark_it() {
        let (html, _) = render_str("See [[ailleurs]], [[ailleurs|*that* note]].\n");
        assert_eq!(
            html,
            "<p>See <a href=\"../fr/notes/ailleurs.html\" hreflang=\"fr\" lang=\"fr\">Ailleurs &amp; là</a>, \
             <a href=\"../fr/notes/ailleurs.html\" hreflang=\"fr\"><em>that</em> note</a>.</p>\n"
        );
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
        assert!(html.contains("<aside>some-tip 1</aside>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn embeds_alone_on_their_lines_stand_between_paragraphs() {
        let (html, _) = render_str("Text.\n![[a]]\n  ![[b|label]]\nMore *text*.\n");
        assert_eq!(
            html,
            "<p>Text.</p>\n<aside>a 1</aside><aside>b 1</aside>\n<p>More <em>text</em>.</p>\n"
        );
        // After a hard break, and in a tight list item, beside an image and a nested list.
        let (html, _) =
            render_str("Text.\\\n![[a]]\n\n- ![[b]]\n  - ![[chart.png]]\n    ![[paper.pdf]]\n");
        assert_eq!(
            html,
            "<p>Text.</p>\n<aside>a 1</aside>\n<ul>\n<li><aside>b 1</aside>\n<ul>\n<li><img src=\"chart.png\" alt=\"chart.png\"><object class=\"embed-pdf\" data=\"paper.pdf\" type=\"application/pdf\" title=\"paper.pdf\">\n<p><a href=\"paper.pdf\">paper.pdf</a></p>\n</object>\n</li>\n</ul>\n</li>\n</ul>\n"
        );
        // Text on the line, or markup around the embed: inside a sentence.
        let (html, seen) = render_str("A ![[a]]\n*x\n![[b]]*\n");
        assert!(!html.contains("<aside>"), "{html}");
        assert_eq!(seen, ["Wiki:a", "Wiki:b"]);
        // A block id marks the first part of a paragraph split by an embed.
        let body = "Text.\n![[a]]\nEnd. ^done\n";
        let (html, _) = render_str(body);
        assert_eq!(
            html,
            "<p id=\"block-done\">Text.</p>\n<aside>a 1</aside>\n<p>End.</p>\n"
        );
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
    fn a_block_id_that_cuts_into_a_lead_link_leaves_the_link_out() {
        // The block id's cut reaches back over the blank wiki link's text.
        let o = outline("[[ ]] ^a", 200);
        assert_eq!(o.lead_with(|_| Some("Title".into())), None);
        let o = outline("See [[x]] ^b", 200);
        assert_eq!(o.lead_with(|_| Some("X".into())).as_deref(), Some("See X"));
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
        use EmbedKind::*;
        let kinds: Vec<_> = [
            "chart.png",
            "img/Chart.JPG",
            "weekly review",
            "notes.md",
            "v1.2",
            "Dr. Who",
            "paper.pdf",
            "talk.MP3",
            "demo.mp4",
            "sheet.xlsx",
            "Note#Part.two",
        ]
        .iter()
        .map(|d| embed_kind(d))
        .collect();
        assert_eq!(
            kinds,
            [Image, Image, Note, Note, Note, Note, Pdf, Audio, Video, File, Note]
        );
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

    #[test]
    fn callouts_become_notes_and_foldable_details() {
        let (html, _) = render_str(
            "> [!tip] Ask *early*\n> Body text.\n\n> [!FAQ]-\n> Hidden.\n\n> [!warning]+ Open\n\n> Plain quote.\n",
        );
        assert!(
            html.contains("<div class=\"callout callout-tip\" data-callout=\"tip\" role=\"note\">\n<p class=\"callout-title\">Ask <em>early</em></p>\n<div class=\"callout-body\">\n<p>Body text.</p>\n</div>\n</div>"),
            "{html}"
        );
        assert!(
            html.contains("<details class=\"callout callout-question\" data-callout=\"faq\">\n<summary class=\"callout-title\">Faq</summary>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<details class=\"callout callout-warning\" data-callout=\"warning\" open>"
            ),
            "{html}"
        );
        assert!(html.contains("<blockquote>\n<p>Plain quote.</p>"), "{html}");
        assert!(!html.contains("[!"), "{html}");
        // The marker is not the summary.
        assert_eq!(
            outline("> [!note] Heads up\n> The point.\n", 200).lead,
            "The point."
        );
    }

    #[test]
    fn highlights_become_marks() {
        let (html, _) = render_str("A ==key **point**== and a == b, x === y, ==open\n");
        assert!(
            html.contains("A <mark>key <strong>point</strong></mark> and a == b, x === y, ==open"),
            "{html}"
        );
        let (html, _) = render_str("`==code==` ==*one*==\n");
        assert!(
            html.contains("<code>==code==</code> <mark><em>one</em></mark>"),
            "{html}"
        );
        assert_eq!(outline("A ==marked== word.\n", 200).lead, "A marked word.");
    }

    #[test]
    fn comments_reach_no_output() {
        let body =
            "Seen %%secret one%% here.\n\n%%\nsecret block\n\n[[gone]]\n%%\n\nEnd [[known]].\n";
        let (html, seen) = render_str(body);
        assert!(!html.contains("secret") && !html.contains("%%"), "{html}");
        assert_eq!(seen, ["Wiki:known"]);
        let o = outline(body, 200);
        assert_eq!(o.lead, "Seen here.");
        assert_eq!(o.words, 5);
    }

    #[test]
    fn tags_are_read_outside_code_links_and_headings() {
        let body = "# Title #nope\n\nAsk #known and #career/promotion, not C#, x#y, #123 or #--.\n\n`#code` [#link](x) <https://x.org/#frag>\n\n    #indented\n\nLast line #known\n";
        let o = outline(body, 200);
        assert_eq!(
            o.tags,
            [
                ("known".to_string(), 3),
                ("career/promotion".to_string(), 3),
                ("known".to_string(), 9)
            ]
        );
        let (html, _) = render_str(body);
        assert!(
            html.contains("Ask <a class=\"tag\" href=\"topics/known.html\">#known</a> and <span class=\"tag\">#career/promotion</span>, not C#, x#y, #123 or #–."),
            "{html}"
        );
        // Lines count in the body as written, comments included.
        assert_eq!(outline("%%a\nb%% #x\n", 200).tags, [("x".to_string(), 2)]);
    }

    #[test]
    fn table_cells_take_escaped_pipes_as_label_separators() {
        let (html, seen) = render_str("| a |\n|---|\n| [[known\\|the label]] |\n");
        assert!(
            html.contains(r#"<a href="tips/known.html">the label</a>"#),
            "{html}"
        );
        assert_eq!(seen, ["Wiki:known"]);
    }

    #[test]
    fn embeds_inside_a_sentence() {
        let (html, seen) = render_str(
            "See ![[chart.png|300]] and ![[pic.jpg|A pie|120x80]], ![[known]] and ![[talk.mp3]].\n",
        );
        assert!(
            html.contains(r#"<img src="chart.png" alt="chart.png" width="300">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="pic.jpg" alt="A pie" width="120" height="80">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="tips/known.html">Known &lt;Tip&gt;</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<audio class="embed-audio" controls src="talk.mp3">"#),
            "{html}"
        );
        assert_eq!(
            seen,
            [
                "Markdown:chart.png",
                "Markdown:pic.jpg",
                "Wiki:known",
                "Markdown:talk.mp3"
            ]
        );
    }

    #[test]
    fn a_pdf_alone_on_a_line_gets_a_viewer() {
        let (html, _) = render_str("![[paper.pdf]]\n");
        assert!(
            html.starts_with(
                r#"<object class="embed-pdf" data="paper.pdf" type="application/pdf""#
            ),
            "{html}"
        );
    }

    #[test]
    fn embedded_bodies_have_no_ids_and_follow_the_host_heading() {
        let mut fake = Fake(Vec::new());
        let html = render_embedded("# Top\n\n## Under\n\n![[x]]\n", &mut fake, 3);
        assert!(html.contains("<h4>Top</h4>\n<h5>Under</h5>"), "{html}");
        assert!(html.contains("<aside>x 5</aside>"), "{html}");
        let (html, _) = render_str("## Two\n\n![[x]]\n");
        assert!(html.contains("<aside>x 2</aside>"), "{html}");
    }
}
