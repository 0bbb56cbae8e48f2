//! A link's fragment to an anchor of the target page: a heading's id as written or as
//! GitHub slugs it, a heading's text in any case (`[[Note#Heading text]]`), nested headings
//! (`[[Note#A#B]]`: B under A), or a block id (`[[Note#^id]]`).

use super::LinkError;
use crate::content::Page;
use crate::diagnostics::Code;
use crate::markdown::{block_anchor, github_id, Heading, Syntax};
use crate::suggest::closest;
use crate::urls::percent_decode;

/// The id of the anchor `written` names on `page`: what the link's `#…` becomes.
pub(super) fn find(page: &Page, written: &str, syntax: Syntax) -> Result<String, LinkError> {
    // Encoded as GitHub writes it (`#r%C3%A9sum%C3%A9`), the anchor is matched decoded.
    let decoded = match syntax {
        Syntax::Markdown => percent_decode(written),
        Syntax::Wiki => None,
    };
    let fragment = decoded.as_deref().unwrap_or(written);
    if page.outline.has_anchor(fragment) {
        return Ok(fragment.to_string());
    }
    if let Some(block) = fragment.strip_prefix('^') {
        return block_id(page, block);
    }
    let headings = &page.outline.headings;
    let mut scope = 0..headings.len();
    let mut found = None;
    for part in fragment.split('#').map(str::trim).filter(|p| !p.is_empty()) {
        let within = &headings[scope.clone()];
        let Some(at) = heading_named(within, part) else {
            return Err(missing(page, fragment, part, syntax));
        };
        let at = scope.start + at;
        // The next part is looked for among this heading's subheadings.
        let level = headings[at].level;
        let end = headings[at + 1..scope.end]
            .iter()
            .position(|h| h.level <= level)
            .map_or(scope.end, |n| at + 1 + n);
        scope = at + 1..end;
        found = Some(at);
    }
    match found {
        Some(at) => Ok(headings[at].id.clone()),
        None => Err(missing(page, fragment, fragment, syntax)),
    }
}

/// The heading among `headings` that `part` names: by text as Obsidian writes it in a
/// link, then by id, as written or as GitHub makes it from the text.
fn heading_named(headings: &[Heading], part: &str) -> Option<usize> {
    let key = text_key(part);
    headings
        .iter()
        .position(|h| text_key(&h.text) == key)
        .or_else(|| {
            let id = github_id(part);
            headings.iter().position(|h| h.id == part || h.id == id)
        })
        .or_else(|| {
            // Zola and Hugo make `get_page` into `get-page`, where GitHub keeps the `_`.
            let loose = |id: &str| id.replace('_', "-");
            let wanted = loose(part);
            headings.iter().position(|h| loose(&h.id) == wanted)
        })
}

/// A heading's text as a link names it: Obsidian leaves `#`, `|`, `^`, `:`, `%`, `[` and
/// `]` out of heading links, so they match as spaces; case and runs of spaces do not count.
fn text_key(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if "#|^:%[]".contains(c) { ' ' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn block_id(page: &Page, id: &str) -> Result<String, LinkError> {
    if page.outline.blocks.contains_key(id) {
        return Ok(block_anchor(id));
    }
    let mut ids: Vec<&str> = page.outline.blocks.keys().map(String::as_str).collect();
    ids.sort_unstable();
    let help = match closest(id, &ids) {
        Some(near) => format!("did you mean `#^{near}`?"),
        None => format!(
            "mark the paragraph by ending it with ` ^{id}` in {}",
            page.source.display()
        ),
    };
    Err(LinkError::new(
        Code::BrokenAnchor,
        format!("{} has no block `^{id}`", page.source.display()),
        Some(help),
    ))
}

/// The error for a fragment with no heading: a Markdown link names an id, a wiki link a
/// heading's text, and each is answered in its own terms.
fn missing(page: &Page, fragment: &str, part: &str, syntax: Syntax) -> LinkError {
    let headings = &page.outline.headings;
    let source = page.source.display();
    let names: Vec<&str> = match syntax {
        Syntax::Markdown => headings.iter().map(|h| h.id.as_str()).collect(),
        Syntax::Wiki => headings.iter().map(|h| h.text.as_str()).collect(),
    };
    let help = match closest(part, &names) {
        Some(near) => Some(format!("did you mean `#{near}`?")),
        None if names.is_empty() => Some(format!("{source} has no headings")),
        None => Some(format!(
            "its headings are: {}",
            names
                .iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    let message = match syntax {
        Syntax::Markdown => format!("{source} has no heading with the anchor `#{fragment}`"),
        Syntax::Wiki if part == fragment => format!("{source} has no heading `{fragment}`"),
        Syntax::Wiki => format!("{source} has no heading `{part}` (in `#{fragment}`)"),
    };
    LinkError::new(Code::BrokenAnchor, message, help)
}
