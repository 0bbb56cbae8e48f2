//! The files drawn from the whole site rather than one page: robots.txt, the sitemap and
//! feeds (the site's, each topic's and each path's), redirects for old addresses, and static files copied as they are.

use rayon::prelude::*;
use tera::Tera;

use super::lists::Lists;
use super::Site;
use crate::content::Kind;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::generated;
use crate::output::{Contents, OutputFile};
use crate::render::{self, Renderer};
use crate::theme::files_under;
use crate::urls::is_url_alias;

impl Site {
    /// Files drawn from every page at once: robots.txt, and the sitemap and feeds when
    /// `base_url` is set.
    pub fn site_files(&self, tera: &Tera) -> Vec<OutputFile> {
        let renderer = self.renderer(tera);
        let lists = self.lists(&renderer);
        self.site_files_with(&renderer, &lists)
    }

    /// [`Site::site_files`], with the generated list pages already laid out.
    pub(super) fn site_files_with(&self, renderer: &Renderer, lists: &Lists) -> Vec<OutputFile> {
        let mut files = vec![OutputFile::bytes(
            "robots.txt",
            generated::robots(self.config.base_url.as_deref()),
            "(robots.txt)",
        )];
        if let Some(base) = &self.config.base_url {
            // Every generated list page, and the further pages of long lists on pages.
            let mut extra_urls: Vec<String> = lists
                .slots
                .iter()
                .flat_map(|(_, slots)| slots.iter().map(|s| s.url.clone()))
                .collect();
            for i in 0..self.pages.len() {
                extra_urls.extend(renderer.page_slots(i).into_iter().skip(1).map(|s| s.url));
            }
            files.push(OutputFile::bytes(
                "sitemap.xml",
                generated::sitemap(base, &self.pages, &extra_urls),
                "(sitemap)",
            ));
            files.push(self.site_feed(base));
            files.extend(self.list_feeds(base, &self.feed_lists()));
        }
        files
    }

    /// The feeds that show one of `pages` (in order), made again; none without
    /// `base_url`. After edits that changed no address, date, title or list (an
    /// incremental [`Update::Pages`](super::Update) of those pages and the pages whose
    /// bodies changed with them), these are the only files of [`Site::site_files`]
    /// whose output may differ.
    pub fn feeds_touching(&self, pages: &[usize]) -> Vec<OutputFile> {
        let Some(base) = &self.config.base_url else {
            return Vec::new();
        };
        let shows = |entries: Vec<usize>| entries.iter().any(|i| pages.binary_search(i).is_ok());
        let mut files = Vec::new();
        let site_candidates = generated::site_feed_candidates(&self.pages);
        if shows(generated::feed_entries(&self.pages, site_candidates)) {
            files.push(self.site_feed(base));
        }
        let lists: Vec<usize> = self
            .feed_lists()
            .into_iter()
            .filter(|&i| {
                shows(generated::feed_entries(
                    &self.pages,
                    self.feed_members(i).into_iter(),
                ))
            })
            .collect();
        files.extend(self.list_feeds(base, &lists));
        files
    }

    /// The site's Atom feed, of its newest pages.
    fn site_feed(&self, base: &str) -> OutputFile {
        let head = generated::FeedHead {
            title: &self.config.title,
            subtitle: &self.config.description,
            path: "atom.xml",
            page_url: "",
            author: self.feed_author(),
        };
        OutputFile::bytes(
            "atom.xml",
            generated::atom(base, &head, &self.pages, &self.html),
            "(feed)",
        )
    }

    /// The author the feeds name: `author`, else the site's title.
    fn feed_author(&self) -> &str {
        self.config.author.as_deref().unwrap_or(&self.config.title)
    }

    /// The pages whose bodies the feeds show, in order, none without `base_url`: of
    /// every page's body, [`Site::site_files`] reads only these.
    pub fn feed_pages(&self) -> Vec<usize> {
        if self.config.base_url.is_none() {
            return Vec::new();
        }
        let mut shown =
            generated::feed_entries(&self.pages, generated::site_feed_candidates(&self.pages));
        for i in self.feed_lists() {
            shown.extend(generated::feed_entries(
                &self.pages,
                self.feed_members(i).into_iter(),
            ));
        }
        shown.sort_unstable();
        shown.dedup();
        shown
    }

    /// The pages with a feed of their own: topics and learning paths.
    fn feed_lists(&self) -> Vec<usize> {
        (0..self.pages.len())
            .filter(|&i| matches!(self.pages[i].kind, Kind::Topic | Kind::Path))
            .collect()
    }

    /// The pages the feed of topic or path `i` chooses from: a path's steps, a topic's pages.
    fn feed_members(&self, i: usize) -> Vec<usize> {
        let g = &self.graph;
        if self.pages[i].kind == Kind::Path {
            g.paths.steps(i).collect()
        } else {
            g.topic_articles[i]
                .iter()
                .chain(&g.topic_tips[i])
                .chain(&g.topic_pages[i])
                .copied()
                .collect()
        }
    }

    /// An Atom feed beside each topic page of `lists`, of the topic's newest pages, and
    /// beside each learning path, of its steps.
    fn list_feeds(&self, base: &str, lists: &[usize]) -> Vec<OutputFile> {
        let author = self.feed_author();
        lists
            .par_iter()
            .map(|&i| {
                let page = &self.pages[i];
                let title = format!("{} · {}", page.meta.title, self.config.title);
                let path = render::feed_path(&page.path);
                let head = generated::FeedHead {
                    title: &title,
                    subtitle: page.summary(),
                    path: &path,
                    page_url: &page.url,
                    author,
                };
                let members = self.feed_members(i).into_iter();
                let feed = generated::atom_of(base, &head, &self.pages, &self.html, members);
                OutputFile::bytes(path, feed, page.source.clone())
            })
            .collect()
    }

    /// Redirect pages for every page's `aliases` (topic pages use aliases as synonyms).
    pub(super) fn redirects(&self, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for page in self.pages.iter().filter(|p| p.kind != Kind::Topic) {
            // Other aliases are names that links use (`[[Old name]]`), as in Obsidian.
            for alias in page.meta.aliases.iter().filter(|a| is_url_alias(a)) {
                match generated::alias_path(alias) {
                    Some(path) => {
                        let html = generated::redirect(&path, &page.url, &page.meta.title);
                        let mut file = OutputFile::bytes(path, html, page.source.clone());
                        file.origin_line = Some(page.meta.aliases_line);
                        files.push(file);
                    }
                    None => diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidAlias,
                            page.source.clone(),
                            format!("alias `{alias}` is not a path inside the site"),
                        )
                        .at_line(page.meta.aliases_line),
                    ),
                }
            }
        }
        files
    }

    /// The site's `static/` folder and the assets beside its pages, copied as they are.
    /// A site's static file replaces a theme's file of the same name.
    pub(super) fn statics(&self, files: &mut Vec<OutputFile>, diagnostics: &mut Diagnostics) {
        let mut problems = Vec::new();
        let site_static = files_under(&self.fence(), &self.root.join("static"), &mut problems);
        diagnostics.extend(problems);
        for (path, source) in site_static {
            files.retain(|f| !(f.path == path && f.origin.starts_with("themes/")));
            files.push(OutputFile {
                origin: source
                    .strip_prefix(&self.root)
                    .unwrap_or(&source)
                    .to_path_buf(),
                path,
                origin_line: None,
                page: false,
                contents: Contents::Copy(source),
            });
        }
        for (path, source) in &self.assets {
            files.push(OutputFile {
                path: path.clone(),
                contents: Contents::Copy(source.clone()),
                origin: source
                    .strip_prefix(&self.root)
                    .unwrap_or(source)
                    .to_path_buf(),
                origin_line: None,
                page: false,
            });
        }
    }
}
