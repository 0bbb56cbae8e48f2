//! Callouts, as Obsidian writes them and GitHub writes its alerts: a block quote whose
//! first line is `[!type]`, then an optional `+` or `-` (foldable, open or closed), then
//! an optional title. The type picks the look; Obsidian's aliases (`hint`, `faq`, `cite`,
//! …) and GitHub's five alerts (`NOTE`, `TIP`, `IMPORTANT`, `WARNING`, `CAUTION`) are all
//! accepted, any case; an unknown type looks like a note. Without a title, the type as
//! written, capitalised, is the title.
//!
//! ```html
//! <div class="callout callout-tip" data-callout="hint" role="note">
//! <p class="callout-title">Title</p>
//! <div class="callout-body">…</div>
//! </div>
//! ```
//!
//! A foldable callout is a `<details>` (with `open` for `+`) and its title a `<summary>`,
//! so it folds without script.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::html::escape;

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The look of each type, and the names that choose it (Obsidian's aliases).
const KINDS: &[(&str, &[&str])] = &[
    ("note", &["note"]),
    ("abstract", &["abstract", "summary", "tldr"]),
    ("info", &["info"]),
    ("todo", &["todo"]),
    ("tip", &["tip", "hint", "important"]),
    ("success", &["success", "check", "done"]),
    ("question", &["question", "help", "faq"]),
    ("warning", &["warning", "caution", "attention"]),
    ("failure", &["failure", "fail", "missing"]),
    ("danger", &["danger", "error"]),
    ("bug", &["bug"]),
    ("example", &["example"]),
    ("quote", &["quote", "cite"]),
];

/// The look a type written in `[!type]` takes: one of [`KINDS`], else `note`.
pub(crate) fn kind_of(written: &str) -> &'static str {
    let lower = written.to_lowercase();
    KINDS
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map_or("note", |(kind, _)| kind)
}

/// How a callout folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// Not foldable.
    No,
    /// `+`: foldable, open.
    Open,
    /// `-`: foldable, closed.
    Closed,
}

/// The first line of a callout: `[!type]`, the fold sign and where the title starts.
struct Marker<'s> {
    written: &'s str,
    fold: Fold,
    /// Bytes of the line the marker takes, fold sign included.
    len: usize,
}

fn marker(line: &str) -> Option<Marker<'_>> {
    let rest = line.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let written = &rest[..close];
    if written.is_empty()
        || !written
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &rest[close + 1..];
    let fold = match after.chars().next() {
        Some('+') => Fold::Open,
        Some('-') => Fold::Closed,
        _ => Fold::No,
    };
    let len = 2 + close + 1 + usize::from(fold != Fold::No);
    // `[!tip]x` is not a callout: the marker ends the line or is followed by a space.
    if !line[len..].is_empty() && !line[len..].starts_with(char::is_whitespace) {
        return None;
    }
    Some(Marker { written, fold, len })
}

/// `faq` → `Faq`, `NOTE` → `Note`.
fn default_title(written: &str) -> String {
    let lower = written.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Turns block quotes that start with `[!type]` into callouts.
pub(crate) fn apply<'a>(source: &'a str, events: Events<'a>) -> Events<'a> {
    let mut out: Events<'a> = Vec::with_capacity(events.len() + 8);
    // For each open block quote: the HTML that closes it when it is a callout.
    let mut open: Vec<Option<&'static str>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::BlockQuote(_)) => {
                if let Some((close, next)) = callout(source, &events, i, &mut out) {
                    open.push(Some(close));
                    i = next;
                    continue;
                }
                open.push(None);
                out.push(events[i].clone());
            }
            Event::End(TagEnd::BlockQuote(_)) => match open.pop().flatten() {
                Some(close) => out.push((Event::Html(CowStr::from(close)), events[i].1.clone())),
                None => out.push(events[i].clone()),
            },
            _ => out.push(events[i].clone()),
        }
        i += 1;
    }
    out
}

/// If the block quote starting at `start` is a callout, pushes its opening and title to
/// `out` and returns the HTML that closes it and the index of the next event to read.
fn callout<'a>(
    source: &'a str,
    events: &Events<'a>,
    start: usize,
    out: &mut Events<'a>,
) -> Option<(&'static str, usize)> {
    let (Event::Start(Tag::Paragraph), para) = events.get(start + 1)? else {
        return None;
    };
    let text = &source[para.start..para.end];
    let line = text.split('\n').next().unwrap_or_default().trim_end();
    let marker = marker(line)?;
    let marker_end = para.start + marker.len;
    let line_end = para.start + line.len();

    // The title: the inline events of the first line after the marker.
    let mut title: Events<'a> = Vec::new();
    let mut depth = 0usize;
    let mut j = start + 2;
    while let Some((event, range)) = events.get(j) {
        match event {
            Event::End(TagEnd::Paragraph) if depth == 0 => break,
            Event::SoftBreak | Event::HardBreak if depth == 0 => break,
            _ if depth == 0 && range.start >= line_end => break,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if range.end <= marker_end && depth == 0 {
            // Part of `[!type]`.
        } else if range.start < marker_end {
            // Text that holds the end of the marker and the start of the title.
            if let Event::Text(t) = event {
                if source.get(range.clone()) == Some(t.as_ref()) {
                    let rest = t[marker_end - range.start..].trim_start();
                    if !rest.is_empty() {
                        title.push((Event::Text(CowStr::from(rest.to_string())), range.clone()));
                    }
                }
            }
        } else {
            title.push((event.clone(), range.clone()));
        }
        j += 1;
    }
    if let Some((Event::Text(t), _)) = title.first_mut() {
        if t.starts_with(char::is_whitespace) {
            *t = CowStr::from(t.trim_start().to_string());
        }
    }
    title.retain(|(e, _)| !matches!(e, Event::Text(t) if t.is_empty()));
    if title.is_empty() {
        title.push((
            Event::Text(CowStr::from(default_title(marker.written))),
            para.clone(),
        ));
    }

    let kind = kind_of(marker.written);
    let written = escape(&marker.written.to_lowercase());
    let quote = events[start].1.clone();
    let (open, title_end, close) = match marker.fold {
        Fold::No => (
            format!("<div class=\"callout callout-{kind}\" data-callout=\"{written}\" role=\"note\">\n<p class=\"callout-title\">"),
            "</p>\n<div class=\"callout-body\">\n",
            "</div>\n</div>\n",
        ),
        fold => (
            format!(
                "<details class=\"callout callout-{kind}\" data-callout=\"{written}\"{}>\n<summary class=\"callout-title\">",
                if fold == Fold::Open { " open" } else { "" }
            ),
            "</summary>\n<div class=\"callout-body\">\n",
            "</div>\n</details>\n",
        ),
    };
    out.push((Event::Html(CowStr::from(open)), quote.clone()));
    out.extend(title);
    out.push((Event::Html(CowStr::from(title_end)), quote));
    match events.get(j) {
        // More lines in the first paragraph: they open the body.
        Some((Event::SoftBreak | Event::HardBreak, _)) => {
            out.push((Event::Start(Tag::Paragraph), para.clone()));
            Some((close, j + 1))
        }
        // The title line was the whole paragraph.
        Some((Event::End(TagEnd::Paragraph), _)) => Some((close, j + 1)),
        _ => {
            out.push((Event::Start(Tag::Paragraph), para.clone()));
            Some((close, j))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_kinds() {
        assert!(marker("[!tip] Title").is_some());
        assert!(marker("[!tip]").is_some());
        assert_eq!(marker("[!faq]-").map(|m| m.fold), Some(Fold::Closed));
        assert_eq!(marker("[!faq]+ x").map(|m| m.fold), Some(Fold::Open));
        assert!(marker("[!tip]x").is_none());
        assert!(marker("[!] x").is_none());
        assert!(marker("[! tip]").is_none());
        assert!(marker("[link](x)").is_none());
        assert_eq!(kind_of("HINT"), "tip");
        assert_eq!(kind_of("NOTE"), "note");
        assert_eq!(kind_of("Caution"), "warning");
        assert_eq!(kind_of("cite"), "quote");
        assert_eq!(kind_of("whatever"), "note");
        assert_eq!(default_title("IMPORTANT"), "Important");
    }
}
