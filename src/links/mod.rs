//! Resolving relative `.md` links and `[[wiki links]]` to pages, and checking their anchors.
//! What an embed becomes, its card, is in `embed`.

pub(crate) mod embed;

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::content::{slugify, Page};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::{LinkRef, Links, Resolved, Rewrite, Syntax};
use crate::suggest::closest;
use crate::urls::{is_script, percent_decode, relative};

/// A page a link leads to, and the heading within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The page, by index.
    pub page: usize,
    /// The heading's anchor, without `#`.
    pub fragment: Option<String>,
}

/// Why a link could not be resolved: a message and an optional suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkError {
    /// What is wrong; [`Code::DraftLink`] is a warning, the others errors.
    pub code: Code,
    /// The problem, for the reader.
    pub message: String,
    /// A suggestion, such as the nearest existing target.
    pub help: Option<String>,
    /// The target's file failed to load and has its own error; this one adds nothing.
    pub quiet: bool,
}

impl LinkError {
    fn new(code: Code, message: String, help: Option<String>) -> Self {
        LinkError {
            code,
            message,
            help,
            quiet: false,
        }
    }

    /// A link to a page whose file failed to load.
    fn unloaded(target: &str) -> Self {
        LinkError {
            quiet: true,
            ..LinkError::new(Code::BrokenLink, format!("{target} failed to load"), None)
        }
    }
}

/// Lookup tables over every page, built once and shared by all pages' renders.
#[derive(Debug, Clone)]
pub(crate) struct LinkIndex {
    by_source: HashMap<PathBuf, usize>,
    by_slug: HashMap<String, Vec<usize>>,
    by_title: HashMap<String, Vec<usize>>,
    /// Drafts left out of this build: source path and slug → title, to explain links to them.
    drafts: HashMap<String, String>,
    /// Files that failed to load, by source path and by slug: links to them are not
    /// reported, since the file's own error says more.
    unloaded: HashSet<String>,
    /// The content folder, relative to the site folder (empty for the site folder itself):
    /// where relative links may lead.
    content: PathBuf,
    /// The files beside the pages, which `![[file.png]]` embeds (see [`LinkIndex::with_files`]).
    files: embed::Files,
}

impl LinkIndex {
    /// Indexes `pages`; `drafts` are pages left out of this build.
    pub(crate) fn new(pages: &[Page], drafts: &[Page]) -> LinkIndex {
        let mut index = LinkIndex {
            by_source: HashMap::new(),
            by_slug: HashMap::new(),
            by_title: HashMap::new(),
            drafts: HashMap::new(),
            unloaded: HashSet::new(),
            content: PathBuf::from("content"),
            files: embed::Files::default(),
        };
        for (i, page) in pages.iter().enumerate() {
            if page.has_file() {
                index.by_source.insert(page.source.clone(), i);
            }
            index.by_slug.entry(page.slug.clone()).or_default().push(i);
            let stem = page.url.trim_end_matches('/').trim_end_matches(".html");
            if stem != page.slug {
                index.by_slug.entry(stem.to_string()).or_default().push(i);
            }
            index
                .by_title
                .entry(page.meta.title.to_lowercase())
                .or_default()
                .push(i);
        }
        for page in drafts {
            let key = page.source.to_string_lossy().into_owned();
            index.drafts.insert(key, page.meta.title.clone());
            index
                .drafts
                .insert(page.slug.clone(), page.meta.title.clone());
        }
        index
    }

    /// Marks `files` (relative to the site root) as pages that failed to load.
    pub(crate) fn with_unloaded(mut self, files: impl IntoIterator<Item = PathBuf>) -> LinkIndex {
        for file in files {
            if let Some(stem) = file.file_stem() {
                self.unloaded.insert(slugify(&stem.to_string_lossy()));
            }
            self.unloaded.insert(file.to_string_lossy().into_owned());
        }
        self
    }

    /// Sets the content folder, relative to the site folder (`""` for the site folder).
    pub(crate) fn with_content_dir(mut self, dir: &str) -> LinkIndex {
        self.content = PathBuf::from(dir);
        self
    }

    /// Indexes the files beside the pages, for embeds: (source path relative to the site
    /// root, as `content/img/chart.png`; output path).
    pub(crate) fn with_files(mut self, files: impl IntoIterator<Item = (PathBuf, String)>) -> Self {
        self.files = embed::Files::new(files);
        self
    }

    /// Resolves a link written on page `from`. `Ok(None)` means it is not ours to resolve
    /// (external, or a file that is not a page).
    pub(crate) fn resolve(
        &self,
        pages: &[Page],
        from: usize,
        dest: &str,
        syntax: Syntax,
    ) -> Result<Option<Target>, LinkError> {
        let (path, fragment) = match dest.split_once('#') {
            // `#` alone means the top of the page.
            Some((p, "")) => (p, None),
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        let page = match syntax {
            Syntax::Wiki => self.wiki(pages, path.trim())?,
            Syntax::Markdown => {
                if path.is_empty() {
                    // `#fragment` on the same page; `#` or nothing is left alone.
                    if fragment.is_none() {
                        return Ok(None);
                    }
                    from
                } else if is_external(path) || !is_markdown_path(path) {
                    return Ok(None);
                } else {
                    self.relative(pages, from, path)?
                }
            }
        };
        if let Some(written) = &fragment {
            let target = &pages[page];
            // Encoded as GitHub writes it (`#r%C3%A9sum%C3%A9`), the anchor is matched decoded.
            let decoded = match syntax {
                Syntax::Markdown => percent_decode(written),
                Syntax::Wiki => None,
            };
            let id = decoded.as_deref().unwrap_or(written);
            if !target.outline.has_anchor(id) {
                let ids: Vec<&str> = target
                    .outline
                    .headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .collect();
                let help = match closest(id, &ids) {
                    Some(near) => Some(format!("did you mean `#{near}`?")),
                    None if ids.is_empty() => {
                        Some(format!("{} has no headings", target.source.display()))
                    }
                    None => Some(format!(
                        "its headings are: {}",
                        ids.iter()
                            .map(|i| format!("#{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                return Err(LinkError::new(
                    Code::BrokenAnchor,
                    format!(
                        "{} has no heading with the anchor `#{id}`",
                        target.source.display()
                    ),
                    help,
                ));
            }
        }
        Ok(Some(Target { page, fragment }))
    }

    /// What an unlabelled wiki link to `dest` shows: its target's title, or `None` when it
    /// leads nowhere (and shows its text as written).
    pub(crate) fn wiki_title(&self, pages: &[Page], dest: &str) -> Option<String> {
        let name = dest.split_once('#').map_or(dest, |(name, _)| name).trim();
        let page = self.wiki(pages, name).ok()?;
        Some(pages[page].meta.title.clone())
    }

    /// Makes the leads of `pages` again once every title is known, so that a wiki link
    /// in a summary reads as it does on the page ([`Outline::lead_with`]).
    ///
    /// [`Outline::lead_with`]: crate::markdown::Outline::lead_with
    pub(crate) fn settle_leads(&self, pages: &mut [Page]) {
        let leads: Vec<(usize, String)> = pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let lead = p.outline.lead_with(|dest| self.wiki_title(pages, dest))?;
                Some((i, lead))
            })
            .collect();
        for (i, lead) in leads {
            pages[i].outline.lead = lead;
        }
    }

    /// Settles the lead of `page`, read again after an edit, among the site's `pages`.
    pub(crate) fn settle_lead(&self, pages: &[Page], page: &mut Page) {
        if let Some(lead) = page.outline.lead_with(|dest| self.wiki_title(pages, dest)) {
            page.outline.lead = lead;
        }
    }

    fn wiki(&self, pages: &[Page], name: &str) -> Result<usize, LinkError> {
        let candidates = self
            .by_slug
            .get(name)
            .or_else(|| self.by_title.get(&name.to_lowercase()))
            .or_else(|| self.by_slug.get(&slugify(name)));
        match candidates.map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) if !many.is_empty() => {
                let paths: Vec<String> = many
                    .iter()
                    .map(|&i| {
                        pages[i]
                            .url
                            .trim_end_matches(".html")
                            .trim_end_matches('/')
                            .to_string()
                    })
                    .collect();
                Err(LinkError::new(
                    Code::AmbiguousLink,
                    format!(
                        "wiki link `[[{name}]]` matches several pages: {}",
                        paths.join(", ")
                    ),
                    Some(format!("name one by its path, e.g. `[[{}]]`", paths[0])),
                ))
            }
            _ => {
                if self.unloaded.contains(name) || self.unloaded.contains(&slugify(name)) {
                    return Err(LinkError::unloaded(name));
                }
                if let Some(title) = self.drafts.get(name) {
                    return Err(LinkError::new(
                        Code::DraftLink,
                        format!("`[[{name}]]` links to the draft \"{title}\", which is not published; the link is shown as plain text"),
                        Some("publish the draft, or build with --drafts".into()),
                    ));
                }
                let help = closest(name, self.by_slug.keys())
                    .map(|near| format!("did you mean `[[{near}]]`?"));
                Err(LinkError::new(
                    Code::BrokenLink,
                    format!("wiki link `[[{name}]]` matches no page"),
                    help,
                ))
            }
        }
    }

    fn relative(&self, pages: &[Page], from: usize, path: &str) -> Result<usize, LinkError> {
        // A path that is not valid percent-encoding is taken as written.
        let decoded = percent_decode(path).unwrap_or_else(|| path.to_string());
        let base: PathBuf = if let Some(rest) = decoded.strip_prefix('/') {
            self.content.join(rest)
        } else {
            pages[from]
                .source
                .parent()
                .unwrap_or(Path::new(""))
                .join(&decoded)
        };
        let Some(target) = normalize(&base).filter(|p| p.starts_with(&self.content)) else {
            return Err(LinkError::new(
                Code::LinkOutsideContent,
                format!("link `{path}` leads out of the content folder"),
                Some("link only to pages under content/".into()),
            ));
        };
        if let Some(&i) = self.by_source.get(&target) {
            return Ok(i);
        }
        if self.unloaded.contains(target.to_string_lossy().as_ref()) {
            return Err(LinkError::unloaded(path));
        }
        if let Some(title) = self.drafts.get(target.to_string_lossy().as_ref()) {
            return Err(LinkError::new(
                Code::DraftLink,
                format!("link `{path}` leads to the draft \"{title}\", which is not published; the link is shown as plain text"),
                Some("publish the draft, or build with --drafts".into()),
            ));
        }
        let target_text = target.to_string_lossy();
        let help = self.nearest_source(pages, from, &target).map(|near| {
            let from_dir = pages[from].source.parent().unwrap_or(Path::new(""));
            format!(
                "did you mean `{}`?",
                relative(
                    &format!("{}/x", from_dir.to_string_lossy()),
                    &near.to_string_lossy()
                )
            )
        });
        Err(LinkError::new(
            Code::BrokenLink,
            format!("link `{path}` leads to {target_text}, which does not exist"),
            help,
        ))
    }
}

impl LinkIndex {
    /// The page file a broken link most likely meant: the closest file name, in the
    /// target's folder when several pages share that name. Whole paths are not compared,
    /// since every page in one folder shares a long prefix with the target.
    fn nearest_source(&self, pages: &[Page], from: usize, target: &Path) -> Option<&PathBuf> {
        let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
        // The linking page itself is never the page meant.
        let others: Vec<&PathBuf> = self
            .by_source
            .keys()
            .filter(|p| **p != pages[from].source)
            .collect();
        let mut stems: Vec<String> = others.iter().filter_map(|p| stem(p)).collect();
        stems.sort();
        stems.dedup();
        let near = closest(&stem(target)?, &stems)?;
        others
            .into_iter()
            .filter(|p| stem(p).as_deref() == Some(near))
            .min_by_key(|p| (p.parent() != target.parent(), p.as_path()))
    }
}

fn is_external(dest: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
}

/// A relative link to a file of the site (not a page, anchor, or other site).
fn is_local_file(dest: &str) -> bool {
    !dest.is_empty()
        && !is_external(dest)
        && !dest.starts_with('/')
        && !dest.starts_with('#')
        && !dest.contains(':')
}

fn is_markdown_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Resolves `.` and `..` without touching the disk; `None` if it climbs above the start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// What rendering one page's body found: links out, embeds and problems.
#[derive(Debug, Default)]
pub(crate) struct PageLinks {
    /// Pages this page links to or embeds, in order, repeats removed.
    pub targets: Vec<usize>,
    /// Broken, ambiguous and draft links, and self-embeds.
    pub problems: Vec<Diagnostic>,
}

/// Turns byte offsets into 1-based lines and columns (in characters), counting on from
/// the previous offset when offsets come in order, as links do while a body renders.
/// Counting from the start each time made a page with many broken links quadratic.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Locator {
    offset: usize,
    /// 0 until the first call.
    line: usize,
    column: usize,
}

impl Locator {
    /// The line and column of `offset` in `text` (clamped to a character boundary).
    pub(crate) fn locate(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if self.line == 0 || offset < self.offset {
            *self = Locator {
                offset: 0,
                line: 1,
                column: 1,
            };
        }
        for c in text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// The [`Links`] resolver used while one page's body renders.
pub(crate) struct Resolver<'a> {
    /// Lookup tables over every page.
    pub index: &'a LinkIndex,
    /// Every page of the build.
    pub pages: &'a [Page],
    /// The page whose body is rendering, by index.
    pub from: usize,
    /// Renders the card for an embedded page, given the embedding page's output path.
    pub card: &'a (dyn Fn(&str, usize) -> String + Sync),
    /// The page of the topic an inline `#tag` names, if there is one.
    pub topic: &'a (dyn Fn(&str) -> Option<usize> + Sync),
    /// Prepended to relative links to other files (`../` when the page's output sits a
    /// folder deeper than its source, as with pretty URLs).
    pub file_prefix: &'a str,
    /// What the body's links found so far.
    pub found: PageLinks,
    /// Where the last problem was located, so that locating many stays linear.
    pub locator: Locator,
}

impl Resolver<'_> {
    fn locate(&mut self, link: &LinkRef) -> (usize, usize) {
        let page = &self.pages[self.from];
        let (line, column) = self.locator.locate(&page.body, link.offset);
        (line + page.body_line - 1, column)
    }

    /// Resolves a link: `Ok(None)` when it is not a page link, `Err` once reported.
    fn target(&mut self, link: &LinkRef) -> Result<Option<Target>, ()> {
        match self
            .index
            .resolve(self.pages, self.from, link.dest, link.syntax)
        {
            Ok(Some(target)) => {
                if target.page != self.from && !self.found.targets.contains(&target.page) {
                    self.found.targets.push(target.page);
                }
                Ok(Some(target))
            }
            Ok(None) => Ok(None),
            Err(e) if e.quiet => Err(()),
            Err(e) => {
                let (line, column) = self.locate(link);
                let file = self.pages[self.from].source.clone();
                let mut d = if e.code == Code::DraftLink {
                    Diagnostic::warning(e.code, file, e.message)
                } else {
                    Diagnostic::error(e.code, file, e.message)
                }
                .at(line, column);
                if let Some(help) = e.help {
                    d = d.with_help(help);
                }
                self.found.problems.push(d);
                Err(())
            }
        }
    }
}

impl Links for Resolver<'_> {
    fn link(&mut self, link: &LinkRef) -> Rewrite {
        if link.syntax == Syntax::Markdown && is_script(link.dest) {
            // Kept as text: a reader who follows it would run it.
            let (line, column) = self.locate(link);
            let d = Diagnostic::warning(
                Code::ScriptLink,
                self.pages[self.from].source.clone(),
                format!(
                    "link to `{}` runs script when followed; it is shown as plain text",
                    link.dest
                ),
            )
            .at(line, column)
            .with_help("link to an http(s) address or to a page of the site");
            self.found.problems.push(d);
            return Rewrite::Unlink;
        }
        let target = match self.target(link) {
            Ok(Some(target)) => target,
            Ok(None) if !self.file_prefix.is_empty() && is_local_file(link.dest) => {
                return Rewrite::To(Resolved {
                    href: format!("{}{}", self.file_prefix, link.dest),
                    title: String::new(),
                });
            }
            Ok(None) => return Rewrite::Keep,
            Err(()) => return Rewrite::Unlink,
        };
        let from = &self.pages[self.from];
        let to = &self.pages[target.page];
        let href = match (&target.fragment, target.page == self.from) {
            (Some(f), true) => format!("#{f}"),
            (Some(f), false) => format!("{}#{f}", relative(&from.path, &to.url)),
            (None, _) => relative(&from.path, &to.url),
        };
        Rewrite::To(Resolved {
            href,
            title: to.meta.title.clone(),
        })
    }

    fn embed(&mut self, link: &LinkRef, level: u8) -> Option<String> {
        let target = self.target(link).ok().flatten()?;
        if target.page == self.from {
            let (line, column) = self.locate(link);
            self.found.problems.push(
                Diagnostic::error(
                    Code::SelfEmbed,
                    self.pages[self.from].source.clone(),
                    "a page cannot embed itself",
                )
                .at(line, column),
            );
            return None;
        }
        Some(embed::embed(self, link, &target, level))
    }

    fn embed_inline(&mut self, link: &LinkRef) -> Rewrite {
        embed::inline(self, link)
    }

    fn file(&mut self, link: &LinkRef) -> Rewrite {
        embed::file(self, link)
    }

    fn tag(&mut self, name: &str) -> Option<String> {
        let topic = (self.topic)(name)?;
        Some(relative(
            &self.pages[self.from].path,
            &self.pages[topic].url,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(
            normalize(Path::new("content/articles/../tips/x.md")),
            Some(PathBuf::from("content/tips/x.md"))
        );
        assert_eq!(normalize(Path::new("content/../../x.md")), None);
    }

    #[test]
    fn locator_agrees_with_line_col_in_any_order() {
        let text = "ab\ncé d\n\nlast line é";
        let mut locator = Locator::default();
        let offsets = [0, 3, 5, 6, 2, 9, 10, 14, 1, 100, 4];
        for offset in offsets {
            assert_eq!(
                locator.locate(text, offset),
                crate::diagnostics::line_col(text, offset),
                "offset {offset}"
            );
        }
    }
}
