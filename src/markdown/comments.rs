//! Obsidian's `%%comments%%`: taken out of the text before it is parsed, so that no
//! output (page, summary, search index, feed) can hold them.
//!
//! A comment runs from `%%` to the next `%%`, across lines and blocks. A `%%` inside a
//! code span or a code block is text. An unclosed `%%` is text too: hiding the rest of a
//! page because of one stray `%%` would lose it silently.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A body with its comments removed, and how to find an offset of it in the body.
#[derive(Debug)]
pub(crate) struct Stripped<'a> {
    /// The text without comments.
    pub text: Cow<'a, str>,
    /// For each removed comment: where it was in `text`, and how many bytes were removed
    /// up to and including it. Sorted by position.
    cuts: Vec<(usize, usize)>,
}

impl Stripped<'_> {
    /// The offset in the original body of `offset` in [`Stripped::text`].
    pub(crate) fn original(&self, offset: usize) -> usize {
        // `cuts` is sorted by position: the last cut at or before `offset` says how much
        // text was removed before it.
        let n = self.cuts.partition_point(|&(at, _)| at <= offset);
        offset + n.checked_sub(1).map_or(0, |i| self.cuts[i].1)
    }
}

/// `body` without its comments. Bodies without `%%` are borrowed as they are.
pub(crate) fn strip(body: &str) -> Stripped<'_> {
    if !body.contains("%%") {
        return Stripped {
            text: Cow::Borrowed(body),
            cuts: Vec::new(),
        };
    }
    let code = code_ranges(body);
    let mut markers = Vec::new();
    let mut from = 0;
    while let Some(at) = body[from..].find("%%").map(|i| i + from) {
        if !code.iter().any(|r| r.contains(&at)) {
            markers.push(at);
        }
        from = at + 2;
    }
    let mut comments: Vec<Range<usize>> = markers
        .chunks_exact(2)
        .map(|pair| pair[0]..pair[1] + 2)
        .collect();
    if comments.is_empty() {
        return Stripped {
            text: Cow::Borrowed(body),
            cuts: Vec::new(),
        };
    }
    for comment in &mut comments {
        // A comment that fills its lines takes one of its line ends along, so that it
        // does not leave a blank line that would split the paragraph around it.
        let starts_line = body[..comment.start].ends_with('\n') || comment.start == 0;
        if starts_line && body[comment.end..].starts_with('\n') {
            comment.end += 1;
        } else if starts_line && body[comment.end..].starts_with("\r\n") {
            comment.end += 2;
        }
    }
    let mut text = String::with_capacity(body.len());
    let mut cuts = Vec::with_capacity(comments.len());
    let mut at = 0;
    let mut removed = 0;
    for comment in comments {
        text.push_str(&body[at..comment.start]);
        removed += comment.len();
        cuts.push((text.len(), removed));
        at = comment.end;
    }
    text.push_str(&body[at..]);
    Stripped {
        text: Cow::Owned(text),
        cuts,
    }
}

/// The byte ranges of code spans and code blocks, where `%%` is text.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_inline_and_across_lines() {
        let s = strip("Keep %%hide%% this.\n\n%%\nA block\n\nof lines\n%%\nAfter.\n");
        assert_eq!(s.text, "Keep  this.\n\nAfter.\n");
        // `After` is at 13 in the text and at 45 in the body.
        assert_eq!(s.original(13), 45);
        assert_eq!(s.original(4), 4);
        assert_eq!(s.original(5), 13);
    }

    #[test]
    fn code_and_unclosed_markers_are_text() {
        let body = "Use `%%x%%` and\n\n```\n%% not %%\n```\n\nrate 5%% only\n";
        assert_eq!(strip(body).text, body);
        let s = strip("a `%%` b %%gone%% c %% open\n");
        assert_eq!(s.text, "a `%%` b  c %% open\n");
    }

    #[test]
    fn a_comment_line_inside_a_paragraph_leaves_it_whole() {
        assert_eq!(strip("One\n%%note%%\ntwo\n").text, "One\ntwo\n");
    }
}
