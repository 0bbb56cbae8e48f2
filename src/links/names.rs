//! A wiki link's name to a page: ladder's slugs and titles, and Obsidian's file names, path
//! suffixes and aliases, with Obsidian's choice between notes that share a name.

use std::borrow::Cow;
use std::path::Path;

use super::{LinkError, LinkIndex};
use crate::content::{slugify, Page};
use crate::diagnostics::Code;
use crate::suggest::closest;

impl LinkIndex {
    /// The page `[[name]]` names, written on page `from`.
    pub(super) fn wiki(&self, pages: &[Page], from: usize, name: &str) -> Result<usize, LinkError> {
        self.wiki_from(pages, &pages[from].source, name)
    }

    /// The page `[[name]]` names, written in the file `source`. Tried in turn, the first
    /// that matches wins: a slug or address as written (`[[ask-early]]`, `[[tips/ask-early]]`),
    /// a file name or path suffix in any case (`[[Weekly review]]`, `[[Work/Weekly review]]`),
    /// a title, an alias, and the slug the name makes.
    pub(super) fn wiki_from(
        &self,
        pages: &[Page],
        source: &Path,
        name: &str,
    ) -> Result<usize, LinkError> {
        let bare = strip_markdown_extension(name);
        let lower = bare.to_lowercase();
        let found = match self.by_slug.get(bare) {
            Some(exact) if !exact.is_empty() => Cow::Borrowed(exact.as_slice()),
            _ => {
                let by_path = self.by_file_name(pages, &lower);
                if !by_path.is_empty() {
                    by_path
                } else if let Some(titled) = self.by_title.get(&lower) {
                    Cow::Borrowed(titled.as_slice())
                } else if let Some(aliased) = self.by_alias.get(&lower) {
                    Cow::Borrowed(aliased.as_slice())
                } else if let Some(slugged) = self.by_slug.get(&slugify(bare)) {
                    Cow::Borrowed(slugged.as_slice())
                } else {
                    Cow::Borrowed(&[][..])
                }
            }
        };
        if !found.is_empty() {
            return pick(pages, source, &found).map_err(|tied| ambiguous(pages, name, &tied));
        }
        if [name, lower.as_str(), slugify(bare).as_str()]
            .iter()
            .any(|n| self.unloaded.contains(*n))
        {
            return Err(LinkError::unloaded(name));
        }
        if let Some(title) = self.drafts.get(name).or_else(|| self.drafts.get(&lower)) {
            return Err(LinkError::new(
                Code::DraftLink,
                format!("`[[{name}]]` links to the draft \"{title}\", which is not published; the link is shown as plain text"),
                Some("publish the draft, or build with --drafts".into()),
            ));
        }
        Err(LinkError::new(
            Code::BrokenLink,
            format!("wiki link `[[{name}]]` matches no page"),
            self.nearest_name(pages, name)
                .map(|near| format!("did you mean `[[{near}]]`?")),
        ))
    }

    /// Pages whose file is named `lower` (no extension, lowercased), or whose path ends
    /// with it when it holds a `/`.
    fn by_file_name<'a>(&'a self, pages: &[Page], lower: &str) -> Cow<'a, [usize]> {
        let Some((_, last)) = lower.rsplit_once('/') else {
            return Cow::Borrowed(self.by_name.get(lower).map_or(&[][..], Vec::as_slice));
        };
        let suffix = format!("/{}", lower.trim_start_matches('/'));
        self.by_name
            .get(last)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                let source = pages[i].source.with_extension("");
                let path = source.to_string_lossy().to_lowercase();
                path.ends_with(&suffix) || path == suffix[1..]
            })
            .collect::<Vec<usize>>()
            .into()
    }

    /// The name a broken wiki link most likely meant: a slug, or a file name as written.
    fn nearest_name(&self, pages: &[Page], name: &str) -> Option<String> {
        let slug = closest(name, self.by_slug.keys()).map(str::to_string);
        let mut names: Vec<String> = pages
            .iter()
            .filter(|p| p.has_file())
            .filter_map(|p| Some(p.source.file_stem()?.to_string_lossy().into_owned()))
            .collect();
        names.sort();
        names.dedup();
        let file = closest(name, &names).map(str::to_string);
        // A name written like a file name is best answered with one.
        if name.contains(' ') || name.chars().any(char::is_uppercase) {
            file.or(slug)
        } else {
            slug.or(file)
        }
    }
}

/// `Note.md` names the note `Note`, as in Obsidian.
pub(super) fn strip_markdown_extension(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for ext in [".md", ".markdown"] {
        if lower.ends_with(ext) && name.len() > ext.len() {
            return &name[..name.len() - ext.len()];
        }
    }
    name
}

/// Among pages that share a name, the one Obsidian links to: the one in the linking
/// note's folder, else the one with the shortest path. Several equally short are a tie.
fn pick(pages: &[Page], source: &Path, candidates: &[usize]) -> Result<usize, Vec<usize>> {
    let mut all = candidates.to_vec();
    all.sort_unstable();
    all.dedup();
    if let [one] = all[..] {
        return Ok(one);
    }
    let folder = source.parent();
    let near: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| pages[i].has_file() && pages[i].source.parent() == folder)
        .collect();
    let pool = if near.is_empty() { all } else { near };
    let length = |i: usize| {
        let page = &pages[i];
        if page.has_file() {
            page.source.as_os_str().len()
        } else {
            page.url.len()
        }
    };
    let shortest = pool.iter().map(|&i| length(i)).min().unwrap_or(0);
    let best: Vec<usize> = pool
        .into_iter()
        .filter(|&i| length(i) == shortest)
        .collect();
    match best[..] {
        [one] => Ok(one),
        _ => Err(best),
    }
}

fn ambiguous(pages: &[Page], name: &str, tied: &[usize]) -> LinkError {
    let paths: Vec<String> = tied
        .iter()
        .map(|&i| {
            pages[i]
                .url
                .trim_end_matches(".html")
                .trim_end_matches('/')
                .to_string()
        })
        .collect();
    LinkError::new(
        Code::AmbiguousLink,
        format!(
            "wiki link `[[{name}]]` matches several pages: {}",
            paths.join(", ")
        ),
        Some(format!("name one by its path, e.g. `[[{}]]`", paths[0])),
    )
}
