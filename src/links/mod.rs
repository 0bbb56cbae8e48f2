//! Resolving every link of a body: relative `.md` links and `[[wiki links]]` to pages (by
//! slug, title, or as Obsidian resolves them: file name, path suffix, alias), their anchors
//! (heading ids, heading text, nested headings, block ids), and links to files, to page
//! outputs, to folders and root-absolute links. What an embed becomes, its card, is in `embed`.
//!
//! Files: `names` resolves a wiki link's name to a page, `anchors` a fragment to an id,
//! `files` the links that name a file, a page's output or a folder.

mod anchors;
pub(crate) mod embed;
mod files;
mod names;
mod source;
mod steps;

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::content::{slugify, Page};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::{LinkRef, Links, Resolved, Rewrite, Syntax};
use crate::suggest::closest;
use crate::urls::{encode_path, is_script, is_url_alias, percent_decode, relative};

pub(crate) use files::url_key;
pub(crate) use steps::Stage;

/// A page a link leads to, and the heading within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The page, by index.
    pub page: usize,
    /// The heading's anchor, without `#`.
    pub fragment: Option<String>,
}

/// Where a link leads, once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dest {
    /// A page, and a heading or block within it.
    Page(Target),
    /// A file of the output (an attachment, a static file, a folder's listing) found
    /// elsewhere than the link says: its output path, to link to relatively.
    File(String),
    /// Not ours to rewrite: external, or a file found where the link says.
    Keep,
    /// A page of another language of a multilingual site, which a wiki link names when
    /// its own language has no page of that name.
    Foreign(Foreign),
}

/// A page of another language of a multilingual site, as a wiki link may name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Foreign {
    /// Its address from the output root of the language that links to it (`../x.html`).
    pub address: String,
    /// Its title, in its language.
    pub title: String,
    /// Its language's code (`fr`).
    pub lang: String,
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
    /// Pages with a file, by file name without extension, lowercased (Obsidian's names).
    by_name: HashMap<String, Vec<usize>>,
    /// Pages by the other names their `aliases` give them, lowercased.
    by_alias: HashMap<String, Vec<usize>>,
    /// Pages by address ([`url_key`]), old addresses (`aliases: [/old/]`) included, for
    /// links that name an output (`x.html`, `x/`, `/tips/x/`).
    by_url: HashMap<String, usize>,
    /// Output folders that hold pages (`tips`, `notes/2024`), for folder links.
    folders: HashSet<String>,
    /// Files that are not pages: attachments by source and name, and every output file.
    attachments: files::Files,
    /// `broken_links = "warn"`: broken links are warnings, not errors.
    lenient: bool,
    /// In a multilingual site, the other languages' pages by name (see
    /// [`LinkIndex::with_elsewhere`]): where a wiki link that matches no page of its own
    /// language leads.
    elsewhere: std::sync::Arc<HashMap<String, Foreign>>,
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
            by_name: HashMap::new(),
            by_alias: HashMap::new(),
            by_url: HashMap::new(),
            folders: HashSet::new(),
            attachments: files::Files::default(),
            lenient: false,
            elsewhere: Default::default(),
        };
        for (i, page) in pages.iter().enumerate() {
            if page.has_file() {
                index.by_source.insert(page.source.clone(), i);
                if let Some(stem) = page.source.file_stem() {
                    let name = stem.to_string_lossy().to_lowercase();
                    index.by_name.entry(name).or_default().push(i);
                }
            }
            for alias in &page.meta.aliases {
                if is_url_alias(alias) {
                    index.by_url.entry(url_key(alias)).or_insert(i);
                } else {
                    let name = alias.trim().to_lowercase();
                    index.by_alias.entry(name).or_default().push(i);
                }
            }
            index.by_url.insert(url_key(&page.url), i);
            let mut folder = page.path.as_str();
            while let Some((parent, _)) = folder.rsplit_once('/') {
                if !index.folders.insert(parent.to_string()) {
                    break;
                }
                folder = parent;
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
            if let Some(stem) = page.source.file_stem() {
                let name = stem.to_string_lossy().to_lowercase();
                index.drafts.insert(name, page.meta.title.clone());
            }
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
                self.unloaded.insert(stem.to_string_lossy().to_lowercase());
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

    /// Indexes the files beside the pages, which links and embeds may name: (source path
    /// relative to the site root, as `content/img/chart.png`; output path).
    pub(crate) fn with_files(mut self, files: impl IntoIterator<Item = (PathBuf, String)>) -> Self {
        let files: Vec<(PathBuf, String)> = files.into_iter().collect();
        self.files = embed::Files::new(files.iter().cloned());
        self.attachments.add_attachments(files);
        self
    }
    /// Indexes the output paths of other files that links may name: the site's `static/`
    /// files, and the files ladder generates.
    pub(crate) fn with_outputs(mut self, outputs: impl IntoIterator<Item = String>) -> Self {
        self.attachments.add_outputs(outputs);
        self
    }

    /// Indexes the pages of a multilingual site's other languages, for wiki links that
    /// match no page of this one: each name (lowercased slug, file name, title or alias)
    /// with the page's address from this language's output root, title and language.
    pub(crate) fn with_elsewhere(
        mut self,
        names: std::sync::Arc<HashMap<String, Foreign>>,
    ) -> Self {
        self.elsewhere = names;
        self
    }

    /// Names the pages of a language whose files carry its code (`x.fr.md`) by their
    /// names without it, as links in that language write them (`[[x]]`).
    pub(crate) fn without_suffix(mut self, code: &str) -> Self {
        let suffix = format!(".{}", code.to_lowercase());
        let names: Vec<String> = self
            .by_name
            .keys()
            .filter(|n| n.ends_with(&suffix))
            .cloned()
            .collect();
        for name in names {
            if let Some(pages) = self.by_name.remove(&name) {
                let bare = name[..name.len() - suffix.len()].to_string();
                self.by_name.entry(bare).or_default().extend(pages);
            }
        }
        self
    }

    /// Makes broken links warnings (`broken_links = "warn"`), so that a site publishes
    /// with links that lead nowhere shown as unresolved text.
    pub(crate) fn lenient(mut self, lenient: bool) -> Self {
        self.lenient = lenient;
        self
    }

    /// Resolves a link written on page `from`: to a page (and anchor), to a file found
    /// elsewhere than written, or to be kept as written.
    pub(crate) fn resolve_dest(
        &self,
        pages: &[Page],
        from: usize,
        dest: &str,
        syntax: Syntax,
    ) -> Result<Dest, LinkError> {
        let (path, fragment) = match dest.split_once('#') {
            // `#` alone means the top of the page.
            Some((p, "")) => (p, None),
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let page = match syntax {
            // `[[#Heading]]` is on the same page.
            Syntax::Wiki if path.trim().is_empty() && fragment.is_some() => from,
            Syntax::Wiki => match self.wiki(pages, from, path.trim()) {
                Ok(page) => page,
                // `[[report.pdf]]` names an attachment.
                Err(e) if e.code == Code::BrokenLink && !e.quiet => {
                    match self.attachment(pages, from, path.trim()) {
                        Some(out) => return Ok(Dest::File(out)),
                        None => match self.elsewhere(path.trim()) {
                            Some(page) => return Ok(Dest::Foreign(page.clone())),
                            None => return Err(e),
                        },
                    }
                }
                Err(e) => return Err(e),
            },
            Syntax::Markdown => {
                if path.is_empty() {
                    // `#fragment` on the same page; `#` or nothing is left alone.
                    if fragment.is_none() {
                        return Ok(Dest::Keep);
                    }
                    from
                } else if is_external(path) {
                    return Ok(Dest::Keep);
                } else if !is_markdown_path(path) {
                    return self.file_or_output(pages, from, path, fragment);
                } else {
                    self.relative(pages, from, path)?
                }
            }
        };
        let fragment = match fragment {
            Some(written) => Some(anchors::find(&pages[page], written, syntax)?),
            None => None,
        };
        Ok(Dest::Page(Target { page, fragment }))
    }

    /// The page of another language that `[[name]]` names, when this language has none:
    /// its address from this language's output root.
    fn elsewhere(&self, name: &str) -> Option<&Foreign> {
        if self.elsewhere.is_empty() {
            return None;
        }
        let bare = names::strip_markdown_extension(name);
        let lower = bare.to_lowercase();
        self.elsewhere
            .get(&lower)
            .or_else(|| self.elsewhere.get(&slugify(bare)))
    }

    /// What an unlabelled wiki link to `dest` shows: its target's title, or `None` when it
    /// leads nowhere (and shows its text as written).
    pub(crate) fn wiki_title(&self, pages: &[Page], from: usize, dest: &str) -> Option<String> {
        self.wiki_title_from(pages, &pages[from].source, dest)
    }

    /// [`LinkIndex::wiki_title`] for a link on the page read from `source`.
    fn wiki_title_from(&self, pages: &[Page], source: &Path, dest: &str) -> Option<String> {
        let name = dest.split_once('#').map_or(dest, |(name, _)| name).trim();
        match self.wiki_from(pages, source, name) {
            Ok(page) => Some(pages[page].meta.title.clone()),
            // As the link itself reads: the title of the other language's page.
            Err(_) => self.elsewhere(name).map(|page| page.title.clone()),
        }
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
                let lead = p
                    .outline
                    .lead_with(|dest| self.wiki_title(pages, i, dest))?;
                Some((i, lead))
            })
            .collect();
        for (i, lead) in leads {
            pages[i].outline.lead = lead;
        }
    }

    /// Settles the lead of `page`, read again after an edit, among the site's `pages`.
    pub(crate) fn settle_lead(&self, pages: &[Page], page: &mut Page) {
        let source = page.source.clone();
        if let Some(lead) = page
            .outline
            .lead_with(|dest| self.wiki_title_from(pages, &source, dest))
        {
            page.outline.lead = lead;
        }
    }

    fn relative(&self, pages: &[Page], from: usize, path: &str) -> Result<usize, LinkError> {
        // A path that is not valid percent-encoding is taken as written.
        let decoded = percent_decode(path).unwrap_or_else(|| path.to_string());
        // `/x.md`, and Zola's `@/x.md`, start at the content folder.
        let from_top = decoded
            .strip_prefix("@/")
            .or_else(|| decoded.strip_prefix('/'));
        let base: PathBuf = if let Some(rest) = from_top {
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
        // Obsidian resolves `[x](Note.md)` as it resolves `[[Note]]`: by name or path
        // suffix anywhere in the vault, when the file is not where the link says.
        let name = decoded.trim_start_matches("./").trim_start_matches('/');
        let name = &name[..name.len() - Path::new(name).extension().map_or(0, |e| e.len() + 1)];
        if !name.starts_with("../") {
            if let Ok(i) = self.wiki(pages, from, name) {
                return Ok(i);
            }
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
    /// The words the body's own markup shows readers.
    pub words: &'a BodyWords,
}

/// The words a body's own markup shows readers (heading anchors, embedded pages), in
/// the site's language.
#[derive(Debug, Clone)]
pub(crate) struct BodyWords {
    /// The label of a heading's anchor link.
    pub anchor: String,
    /// The label of an embedded page, with `{title}` where its title goes.
    pub embedded: String,
}

impl Resolver<'_> {
    fn locate(&mut self, link: &LinkRef) -> (usize, usize) {
        let page = &self.pages[self.from];
        let (line, column) = self.locator.locate(&page.body.text(), link.offset);
        (line + page.body_line - 1, column)
    }

    /// Resolves a link, reporting a problem once: `Err(true)` for a link that leads
    /// nowhere, `Err(false)` for a link to a draft.
    fn target(&mut self, link: &LinkRef) -> Result<Dest, bool> {
        match self
            .index
            .resolve_dest(self.pages, self.from, link.dest, link.syntax)
        {
            Ok(Dest::Page(target)) => {
                if target.page != self.from && !self.found.targets.contains(&target.page) {
                    self.found.targets.push(target.page);
                }
                Ok(Dest::Page(target))
            }
            Ok(dest) => Ok(dest),
            Err(e) if e.quiet => Err(true),
            Err(e) => {
                let (line, column) = self.locate(link);
                let file = self.pages[self.from].source.clone();
                let broken = e.code != Code::DraftLink;
                let mut d = if !broken || self.index.lenient {
                    Diagnostic::warning(e.code, file, e.message)
                } else {
                    Diagnostic::error(e.code, file, e.message)
                }
                .at(line, column);
                if let Some(help) = e.help {
                    d = d.with_help(help);
                }
                self.found.problems.push(d);
                Err(broken)
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
            Ok(Dest::Page(target)) => target,
            Ok(Dest::File(out)) => {
                return Rewrite::To(Resolved {
                    href: encode_path(&relative(&self.pages[self.from].path, &out)),
                    title: link.dest.to_string(),
                    lang: None,
                });
            }
            // Shown as a link to this language's own pages is: by the target's title, with
            // its language marked, since that title is in it.
            Ok(Dest::Foreign(page)) => {
                return Rewrite::To(Resolved {
                    href: encode_path(&relative(&self.pages[self.from].path, &page.address)),
                    title: page.title,
                    lang: Some(page.lang),
                });
            }
            Ok(Dest::Keep) if !self.file_prefix.is_empty() && is_local_file(link.dest) => {
                return Rewrite::To(Resolved {
                    href: format!("{}{}", self.file_prefix, link.dest),
                    title: String::new(),
                    lang: None,
                });
            }
            Ok(Dest::Keep) => return Rewrite::Keep,
            Err(true) => return Rewrite::Unresolved,
            Err(false) => return Rewrite::Unlink,
        };
        let from = &self.pages[self.from];
        let to = &self.pages[target.page];
        let href = match (&target.fragment, target.page == self.from) {
            (Some(f), true) => format!("#{f}"),
            (Some(f), false) => format!("{}#{f}", relative(&from.path, &to.url)),
            (None, _) => relative(&from.path, &to.url),
        };
        // `[[#Heading]]` shows the heading, not the page's own title.
        let title = match (&target.fragment, target.page == self.from) {
            (Some(f), true) if link.syntax == Syntax::Wiki => to
                .outline
                .headings
                .iter()
                .find(|h| h.id == *f)
                .map_or_else(|| to.meta.title.clone(), |h| h.text.clone()),
            _ => to.meta.title.clone(),
        };
        Rewrite::To(Resolved {
            href,
            title,
            lang: None,
        })
    }

    fn anchor_label(&self) -> &str {
        &self.words.anchor
    }

    fn embed(&mut self, link: &LinkRef, level: u8) -> Option<String> {
        let Ok(Dest::Page(target)) = self.target(link) else {
            return None;
        };
        if target.page == self.from {
            // A section of this very page is already on it: a link to it stands in, as
            // the section itself would repeat what the reader can scroll to.
            if let Some(fragment) = &target.fragment {
                let page = &self.pages[self.from];
                let title = page
                    .outline
                    .headings
                    .iter()
                    .find(|h| h.id == *fragment)
                    .map_or(page.meta.title.as_str(), |h| h.text.as_str());
                return Some(format!(
                    "<p class=\"embed-link\"><a href=\"#{}\">{}</a></p>\n",
                    crate::html::escape(fragment),
                    crate::html::escape(title)
                ));
            }
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
