//! Obsidian's inline marks in text: `==highlight==` (a `<mark>`) and `#tags` (topics).
//!
//! A highlight opens at `==` followed by a non-space and closes at the next `==` after a
//! non-space in the same element (paragraph, emphasis, cell…); `===` is text. One left
//! open is text.
//!
//! A tag is `#` at the start of a line or after a space, then letters, digits, `_`, `-`
//! and `/` (nesting: `#career/promotion`), with at least one letter: `#123` and `#--` are
//! text, as in Obsidian. Tags are read in text only: not in code, links, image text or
//! headings (where `#` is a heading's own business).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// A `#tag` found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagAt {
    /// The index of the event that holds the tag's text (`#name`) and nothing else.
    pub event: usize,
    /// The name, without `#`.
    pub name: String,
    /// Byte offset of the `#` in the text that was parsed.
    pub offset: usize,
}

/// Splits text events at highlights and tags; returns the events and the tags.
pub(crate) fn apply<'a>(source: &'a str, events: Events<'a>) -> (Events<'a>, Vec<TagAt>) {
    let marks = source.contains("==");
    let hashes = source.contains('#');
    if !marks && !hashes {
        return (events, Vec::new());
    }
    let mut out: Events<'a> = Vec::with_capacity(events.len() + 8);
    let mut tags = Vec::new();
    // For each open element: the index in `out` of a `<mark>` still waiting for its end.
    let mut frames: Vec<Option<usize>> = vec![None];
    // Inside code blocks, links, images and headings: no tags (and in code, no marks).
    let mut no_tags = 0usize;
    let mut code = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(tag) => {
                if matches!(tag, Tag::CodeBlock(_)) {
                    code += 1;
                }
                if matches!(
                    tag,
                    Tag::CodeBlock(_)
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                        | Tag::Heading { .. }
                        | Tag::MetadataBlock(_)
                ) {
                    no_tags += 1;
                }
                frames.push(None);
            }
            Event::End(end) => {
                if matches!(end, TagEnd::CodeBlock) {
                    code = code.saturating_sub(1);
                }
                if matches!(
                    end,
                    TagEnd::CodeBlock
                        | TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::Heading(_)
                        | TagEnd::MetadataBlock(_)
                ) {
                    no_tags = no_tags.saturating_sub(1);
                }
                if let Some(Some(unclosed)) = frames.pop() {
                    out[unclosed].0 = Event::Text(CowStr::Borrowed("=="));
                }
            }
            _ => {}
        }
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        if code > 0 || !(text.contains("==") || (no_tags == 0 && text.contains('#'))) {
            out.push((event, range));
            continue;
        }
        // Offsets of the text in the source hold only when it is written there as is.
        let verbatim = source.get(range.clone()) == Some(text.as_ref());
        let text = text.to_string();
        let mut piece_start = 0;
        let push_piece = |out: &mut Events<'a>, from: usize, to: usize| {
            if to > from {
                let r = if verbatim {
                    range.start + from..range.start + to
                } else {
                    range.clone()
                };
                out.push((Event::Text(CowStr::from(text[from..to].to_string())), r));
            }
        };
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let before = if at > 0 {
                text[..at].chars().next_back()
            } else if verbatim {
                source[..range.start].chars().next_back()
            } else {
                None
            };
            if let Some(after_marker) = rest.strip_prefix("==") {
                let run_before = before == Some('=');
                let run_after = after_marker.starts_with('=');
                if run_before || run_after {
                    at += rest.find(|c| c != '=').unwrap_or(rest.len());
                    continue;
                }
                let after = match after_marker.chars().next() {
                    None if verbatim => source[range.end..].chars().next(),
                    next => next,
                };
                let top = frames.last_mut().expect("a frame");
                if top.is_some() && before.is_some_and(|c| !c.is_whitespace()) {
                    push_piece(&mut out, piece_start, at);
                    out.push((
                        Event::InlineHtml(CowStr::Borrowed("</mark>")),
                        range.clone(),
                    ));
                    *top = None;
                    at += 2;
                    piece_start = at;
                    continue;
                }
                if top.is_none() && after.is_some_and(|c| !c.is_whitespace()) {
                    push_piece(&mut out, piece_start, at);
                    *top = Some(out.len());
                    out.push((Event::InlineHtml(CowStr::Borrowed("<mark>")), range.clone()));
                    at += 2;
                    piece_start = at;
                    continue;
                }
                at += 2;
                continue;
            }
            if let Some(name) = rest
                .strip_prefix('#')
                .filter(|_| no_tags == 0 && verbatim && before.is_none_or(char::is_whitespace))
                .and_then(tag_name)
            {
                push_piece(&mut out, piece_start, at);
                let end = at + 1 + name.len();
                tags.push(TagAt {
                    event: out.len(),
                    name: name.to_string(),
                    offset: range.start + at,
                });
                out.push((
                    Event::Text(CowStr::from(text[at..end].to_string())),
                    range.start + at..range.start + end,
                ));
                at = end;
                piece_start = at;
                continue;
            }
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
        push_piece(&mut out, piece_start, text.len());
    }
    (out, tags)
}

/// The tag name at the start of `text` (after its `#`), when it is one.
pub(crate) fn tag_name(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '/'))
        .unwrap_or(text.len());
    let name = text[..end].trim_end_matches('/');
    let parts_whole = !name.starts_with('/') && !name.contains("//");
    (parts_whole && name.chars().any(char::is_alphabetic)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_names() {
        assert_eq!(tag_name("career/promotion, more"), Some("career/promotion"));
        assert_eq!(tag_name("tag."), Some("tag"));
        assert_eq!(tag_name("2024-goals"), Some("2024-goals"));
        assert_eq!(tag_name("123"), None);
        assert_eq!(tag_name("--"), None);
        assert_eq!(tag_name("/x"), None);
        assert_eq!(tag_name("a//b"), None);
        assert_eq!(tag_name("trailing/"), Some("trailing"));
        assert_eq!(tag_name(" space"), None);
        assert_eq!(tag_name("café"), Some("café"));
    }
}
