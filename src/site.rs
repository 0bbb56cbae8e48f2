//! The whole pipeline: load → topics → links → graph → render → output files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Tera;

use crate::config::{Config, CONFIG_FILE};
use crate::content::{self, FrontMatter, Kind, Page};
pub use crate::diagnostics::Failure;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::feeds;
use crate::graph::Graph;
use crate::links::{embed, LinkIndex, PageLinks, Resolver};
use crate::markdown;
use crate::output::{self, Contents, OutputFile};
use crate::render::{self, Renderer};
use crate::theme::{files_under, Theme};
use crate::topics::Topics;
use crate::walk::Fence;

/// Settings of one build that come from the command line rather than `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
}

/// A site loaded and linked, ready to render.
#[derive(Clone)]
pub struct Site {
    pub root: PathBuf,
    pub options: Options,
    pub config: Config,
    /// Published pages (drafts too when asked for), in a stable order.
    pub pages: Vec<Page>,
    pub topics: Topics,
    /// Each page's body as HTML.
    pub html: Vec<String>,
    /// Each page's outgoing links to other pages.
    pub links: Vec<Vec<usize>>,
    pub graph: Graph,
    /// Non-Markdown files under `content/`.
    pub assets: Vec<(String, PathBuf)>,
    /// Drafts left out of this build, kept to explain links to them.
    pub drafts: Vec<Page>,
    /// Lookup tables for resolving links, kept for [`Site::reload_page`].
    index: LinkIndex,
}

/// What re-reading one changed page requires.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// Only these pages' output may have changed (the page itself included).
    Pages(Vec<usize>),
    /// The change reaches too far (a new page, a new title or topics): rebuild everything.
    Full,
}

/// What rendering a whole site found along the way, and what it made.
pub struct Rendered {
    /// Warnings (rendering that finds an error fails instead).
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub topics: usize,
}

/// Where rendered files go, one at a time and from several threads at once: the
/// output folder, memory, or nowhere.
pub type Emit<'a> = dyn Fn(OutputFile) -> std::io::Result<()> + Sync + 'a;

/// Whether a site keeps its pages' Markdown sources once loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Kept for [`Site::reload_page`], which re-renders pages around an edit.
    Keep,
    /// Freed before rendering: a one-off build needs the memory more.
    Drop,
}

/// A site that loaded and rendered without errors, with the theme that rendered it.
pub struct Checked {
    /// The site as loaded.
    pub site: Site,
    /// The theme it was rendered with.
    pub theme: Theme,
    /// The theme's compiled templates.
    pub tera: Tera,
    /// What rendering made, with the warnings of loading and rendering together.
    pub rendered: Rendered,
}

impl Site {
    /// Loads and renders, handing each output file to `emit`, and reports the problems of
    /// both stages together: a page with an error does not hide a template's error, nor
    /// other pages' broken links. With any error, what was emitted must be dropped.
    pub fn load_and_render(
        root: &Path,
        options: &Options,
        sources: Sources,
        emit: &Emit,
    ) -> Result<Checked, Failure> {
        let (mut site, mut diagnostics) = Site::load_all(root, options)?;
        if sources == Sources::Drop {
            site.drop_sources();
        }
        let rendered = site.theme().and_then(|(theme, tera)| {
            let rendered = site.render_to(&theme, &tera, emit)?;
            Ok((theme, tera, rendered))
        });
        let rendered = match rendered {
            Ok((theme, tera, mut rendered)) => {
                diagnostics.extend(std::mem::take(&mut rendered.diagnostics));
                Some((theme, tera, rendered))
            }
            Err(Failure::Content(more)) => {
                diagnostics.extend(more);
                None
            }
            Err(io) => return Err(io),
        };
        diagnostics.sort();
        match rendered {
            Some((theme, tera, mut rendered)) if !diagnostics.has_errors() => {
                rendered.diagnostics = diagnostics;
                Ok(Checked {
                    site,
                    theme,
                    tera,
                    rendered,
                })
            }
            _ => Err(Failure::Content(diagnostics)),
        }
    }

    /// Loads, checks and links everything under `root`. Warnings come back with the site;
    /// any error makes the whole load a [`Failure::Content`].
    pub fn load(root: &Path, options: &Options) -> Result<(Site, Diagnostics), Failure> {
        let (site, diagnostics) = Site::load_all(root, options)?;
        if diagnostics.has_errors() {
            return Err(Failure::Content(diagnostics));
        }
        Ok((site, diagnostics))
    }

    /// Loads like [`Site::load`], but keeps the pages that loaded when others have errors,
    /// so that later stages can report their problems too. Fails only when the site cannot
    /// be linked at all: no readable `site.toml`, or two pages with one output path.
    pub fn load_all(root: &Path, options: &Options) -> Result<(Site, Diagnostics), Failure> {
        if !root.join(CONFIG_FILE).is_file() {
            return Err(Failure::Io(format!(
                "no {CONFIG_FILE} in {}: run ladder in a site folder, pass --root DIR, or create a site with `ladder init`",
                root.display()
            )));
        }
        let mut config = Config::load(root).map_err(|d| {
            let mut ds = Diagnostics::default();
            ds.push(d);
            Failure::Content(ds)
        })?;
        if let Some(url) = &options.base_url {
            let mut url = url.clone();
            if !url.ends_with('/') {
                url.push('/');
            }
            config.base_url = Some(url);
        }

        let fence = Fence::new(root, &config.allow_links_to);
        let loaded = content::load(root, &fence, config.pretty_urls, config.reading_speed);
        Site::assemble(root, options, config, loaded)
    }

    /// Topics, links and the graph for pages already read (from `root`, or from
    /// memory), as [`Site::load_all`] builds them: the pages that loaded are kept
    /// when others have errors.
    pub fn assemble(
        root: &Path,
        options: &Options,
        config: Config,
        loaded: content::Loaded,
    ) -> Result<(Site, Diagnostics), Failure> {
        let mut diagnostics = Diagnostics::default();
        // Files with errors that kept them from loading; links to them say nothing more.
        let unloaded: Vec<PathBuf> = loaded
            .problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.file.clone())
            .collect();
        diagnostics.extend(loaded.problems);
        let (mut pages, drafts): (Vec<Page>, Vec<Page>) = loaded
            .pages
            .into_iter()
            .partition(|p| options.drafts || !p.meta.draft);
        if !pages.iter().any(|p| p.kind == Kind::Home) {
            pages.insert(0, default_home(&config));
        }

        let (topics, problems) = Topics::collect(&config, &mut pages);
        diagnostics.extend(problems);
        diagnostics.extend(topics.assign(&mut pages));

        let collisions = path_collisions(&pages);
        if !collisions.is_empty() {
            diagnostics.extend(collisions);
            // Links cannot be resolved while two pages claim one address.
            diagnostics.sort();
            return Err(Failure::Content(diagnostics));
        }
        let index = LinkIndex::new(&pages, &drafts).with_unloaded(unloaded);
        let all: Vec<usize> = (0..pages.len()).collect();
        let mut html = Vec::with_capacity(pages.len());
        let mut links = Vec::with_capacity(pages.len());
        for (body, found) in render_bodies(&pages, &topics, &index, &all) {
            html.push(body);
            links.push(found.targets);
            diagnostics.extend(found.problems);
        }
        let graph = Graph::build(&pages, &topics, &links);

        let site = Site {
            root: root.to_path_buf(),
            options: options.clone(),
            config,
            pages,
            topics,
            html,
            links,
            graph,
            assets: loaded.assets,
            drafts,
            index,
        };
        diagnostics.sort();
        Ok((site, diagnostics))
    }

    /// What the site may read through symbolic links: its folder and `allow_links_to`.
    pub(crate) fn fence(&self) -> Fence {
        Fence::new(&self.root, &self.config.allow_links_to)
    }

    /// Frees every page's Markdown source, which nothing after loading reads but
    /// [`Site::reload_page`]: a one-off build needs the memory more.
    pub fn drop_sources(&mut self) {
        for page in &mut self.pages {
            page.body = String::new();
        }
    }

    /// Loads the theme and compiles its templates.
    pub fn theme(&self) -> Result<(Theme, Tera), Failure> {
        let theme = Theme::load(&self.fence(), &self.config.theme).map_err(content_failure)?;
        let tera = render::compile(&theme).map_err(content_failure)?;
        Ok((theme, tera))
    }

    /// Renders every output file in memory with an already compiled theme, sorted by path.
    pub fn render_with(
        &self,
        theme: &Theme,
        tera: &Tera,
    ) -> Result<(Vec<OutputFile>, Rendered), Failure> {
        let files = Mutex::new(Vec::new());
        let rendered = self.render_to(theme, tera, &|file| {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        })?;
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((files, rendered))
    }

    /// Renders every output file and hands each to `emit` as soon as it is made, so a
    /// large site is never held in memory whole. Output paths are checked before
    /// anything is emitted, and nothing is emitted when they clash; the search index's
    /// paths are checked once it is built, and it is not emitted when they clash. Every
    /// problem is collected: an error anywhere fails the whole, and whatever was emitted
    /// must then be dropped.
    pub fn render_to(&self, theme: &Theme, tera: &Tera, emit: &Emit) -> Result<Rendered, Failure> {
        let mut diagnostics = Diagnostics::default();
        let renderer = self.renderer(tera);
        // Everything but the pages first: few files, and the search index's paths are
        // known only once it is built.
        let mut files = Vec::new();
        match renderer.topics_index() {
            Ok(html) => files.push(OutputFile::bytes(
                "topics/index.html",
                html,
                "(topics index)",
            )),
            Err(d) => diagnostics.push(d),
        }
        match renderer.not_found() {
            Ok(html) => files.push(OutputFile::bytes("404.html", html, "(404 page)")),
            Err(d) => diagnostics.push(d),
        }
        // Search: the results page (when the theme has one) and the index files.
        if tera.get_template_names().any(|n| n == "search.html") {
            match renderer.search_page() {
                Ok(html) => files.push(OutputFile::bytes(
                    crate::search::PAGE,
                    html,
                    "(search page)",
                )),
                Err(d) => diagnostics.push(d),
            }
        }
        files.extend(self.redirects(&mut diagnostics));
        files.extend(self.site_files());
        for (path, bytes) in &theme.statics {
            files.push(OutputFile::bytes(
                path.clone(),
                bytes.clone(),
                format!("themes/{}/static/{path}", self.config.theme),
            ));
        }
        self.statics(&mut files, &mut diagnostics);
        let pages = self.pages.iter().map(page_claim);
        diagnostics.extend(output::check_paths(
            pages.chain(files.iter().map(OutputFile::claim)),
        ));

        // With clashing paths, still render every page to report its problems too.
        let clashing = diagnostics.has_errors();
        let emit = |file| if clashing { Ok(()) } else { emit(file) };
        let written = |e: std::io::Error| Failure::Io(format!("cannot write the site: {e}"));
        files
            .par_iter()
            .cloned()
            .try_for_each(emit)
            .map_err(written)?;
        // The search index's words are counted first, on every thread; then its merges,
        // mostly on one thread, run beside the pages' rendering, which fills the others.
        // Its files are written as soon as their paths are known not to clash.
        let counted = crate::search::count(&self.pages, &self.html, &self.topics);
        // Topic pages list every page of their topic, so each costs as much as
        // hundreds of others: started first, none is left for one thread at the end.
        let mut order: Vec<usize> = (0..self.pages.len()).collect();
        order.sort_by_key(|&i| self.pages[i].kind != Kind::Topic);
        let (index_clashes, problems) = rayon::join(
            || {
                let index = crate::search::files_of(counted);
                if clashing {
                    return Ok(Vec::new());
                }
                let pages = self.pages.iter().map(page_claim);
                // The index first, so that a clash is reported on the author's file.
                let claims = pages.chain(index.iter().chain(&files).map(OutputFile::claim));
                let clashes = output::check_paths(claims);
                if clashes.is_empty() {
                    index.into_par_iter().try_for_each(emit)?;
                }
                Ok(clashes)
            },
            || {
                // One thread creates files at a time: threads creating files in one
                // folder at once contend for its lock in the kernel, and spin (at 50,000
                // pages, 0.3 s more system time). A thread that finds another writing
                // renders on and keeps its files for its next turn.
                let writing = Mutex::new(());
                let write = |queue: &mut Vec<OutputFile>| queue.drain(..).try_for_each(emit);
                order
                    .par_chunks(32)
                    .try_fold(
                        || (Vec::new(), Vec::new()),
                        |(mut queue, mut problems), run| {
                            for &i in run {
                                match renderer.page(i) {
                                    Ok(html) => queue.push(self.page_file(i, html)),
                                    Err(d) => problems.push(d),
                                }
                            }
                            let turn = match writing.try_lock() {
                                Ok(turn) => Some(turn),
                                // A long queue waits for its turn rather than grow.
                                Err(_) if queue.len() >= 256 => {
                                    Some(writing.lock().unwrap_or_else(|e| e.into_inner()))
                                }
                                Err(_) => None,
                            };
                            if turn.is_some() {
                                write(&mut queue)?;
                            }
                            Ok::<_, std::io::Error>((queue, problems))
                        },
                    )
                    .map(|done| {
                        let (mut queue, problems) = done?;
                        let _turn = writing.lock().unwrap_or_else(|e| e.into_inner());
                        write(&mut queue)?;
                        Ok(problems)
                    })
                    .collect::<Result<Vec<Vec<Diagnostic>>, std::io::Error>>()
            },
        );
        diagnostics.extend(index_clashes.map_err(written)?);
        diagnostics.extend(problems.map_err(written)?.into_iter().flatten());
        diagnostics.sort();
        if diagnostics.has_errors() {
            return Err(Failure::Content(diagnostics));
        }
        Ok(Rendered {
            diagnostics,
            pages: self.pages.len(),
            topics: self.topics.len(),
        })
    }

    fn renderer<'a>(&'a self, tera: &'a Tera) -> Renderer<'a> {
        Renderer {
            tera,
            config: &self.config,
            pages: &self.pages,
            html: &self.html,
            topics: &self.topics,
            graph: &self.graph,
        }
    }

    /// Renders the given pages with their templates, in parallel.
    pub fn render_pages(
        &self,
        tera: &Tera,
        indices: &[usize],
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let renderer = self.renderer(tera);
        let rendered: Vec<Result<String, Diagnostic>> =
            indices.par_iter().map(|&i| renderer.page(i)).collect();
        let mut files = Vec::with_capacity(indices.len());
        let mut problems = Vec::new();
        for (&i, result) in indices.iter().zip(rendered) {
            match result {
                Ok(html) => files.push(self.page_file(i, html)),
                Err(d) => problems.push(d),
            }
        }
        (files, problems)
    }

    /// The output file of page `i`, rendered as `html`.
    fn page_file(&self, i: usize, html: String) -> OutputFile {
        let page = &self.pages[i];
        let mut file = OutputFile::bytes(page.path.clone(), html, page.source.clone());
        if page.meta.slug.is_some() {
            file.origin_line = Some(page.meta.slug_line);
        }
        file
    }

    /// Files drawn from every page at once: robots.txt, and the sitemap and feed when
    /// `base_url` is set.
    pub fn site_files(&self) -> Vec<OutputFile> {
        let mut files = vec![OutputFile::bytes(
            "robots.txt",
            feeds::robots(self.config.base_url.as_deref()),
            "(robots.txt)",
        )];
        if let Some(base) = &self.config.base_url {
            let extra_urls = [render::topics_index_url(self.config.pretty_urls)];
            files.push(OutputFile::bytes(
                "sitemap.xml",
                feeds::sitemap(base, &self.pages, &extra_urls),
                "(sitemap)",
            ));
            files.push(OutputFile::bytes(
                "atom.xml",
                feeds::atom(
                    base,
                    &self.config.title,
                    &self.config.description,
                    &self.pages,
                    &self.html,
                ),
                "(feed)",
            ));
        }
        files
    }

    /// Re-reads the page at `file` after an edit and relinks the site around it.
    ///
    /// On success the site holds the new page, and the returned pages are the only
    /// ones whose output may differ. On error the site is left exactly as it was.
    pub fn reload_page(&mut self, file: &Path) -> Result<Update, Diagnostics> {
        let relative = file.strip_prefix(&self.root).unwrap_or(file);
        let Some(i) = self.pages.iter().position(|p| p.source == relative) else {
            return Ok(Update::Full);
        };
        let (page, problems) = content::load_one(
            &self.root,
            &self.fence(),
            file,
            self.config.pretty_urls,
            self.config.reading_speed,
        );
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(problems);
        let Some(mut page) = page else {
            diagnostics.sort();
            return Err(diagnostics);
        };
        diagnostics.extend(self.topics.assign(std::slice::from_mut(&mut page)));
        let old = &self.pages[i];
        let reaches_far = page.kind == Kind::Topic
            || page.path != old.path
            || page.meta.title != old.meta.title
            || page.topics != old.topics
            || page.meta.draft != old.meta.draft
            || page.meta.date != old.meta.date
            || page.meta.weight != old.meta.weight
            || page.meta.aliases != old.meta.aliases
            || page.meta.source != old.meta.source;
        if reaches_far {
            // Lists, counts, orderings or redirects elsewhere may change.
            if diagnostics.has_errors() {
                diagnostics.sort();
                return Err(diagnostics);
            }
            return Ok(Update::Full);
        }
        // What other pages show of this one in their lists (title, address, kind, date and
        // topics are unchanged here), and what links and embeds into it read.
        let listing_changed = page.summary() != old.summary()
            || page.outline.reading_time != old.outline.reading_time;
        let anchor_ids =
            |p: &Page| -> Vec<String> { p.outline.headings.iter().map(|h| h.id.clone()).collect() };
        let anchors_changed = anchor_ids(&page) != anchor_ids(old);

        let old_page = std::mem::replace(&mut self.pages[i], page);
        // Pages that link to or embed this one show its summary (cards) and check its anchors.
        let mut rebody: Vec<usize> = vec![i];
        if listing_changed || anchors_changed {
            rebody.extend(self.graph.backlinks[i].iter().copied());
        }
        // The link index reads sources, slugs, addresses and titles, all unchanged here.
        let bodies = render_bodies(&self.pages, &self.topics, &self.index, &rebody);
        for (_, found) in &bodies {
            diagnostics.extend(found.problems.iter().cloned());
        }
        if diagnostics.has_errors() {
            self.pages[i] = old_page;
            diagnostics.sort();
            return Err(diagnostics);
        }
        let mut affected = vec![i];
        let mut relinked = Vec::new();
        for (&j, (html, found)) in rebody.iter().zip(bodies) {
            if self.html[j] != html {
                affected.push(j);
                self.html[j] = html;
            }
            if self.links[j] != found.targets {
                relinked.push(j);
                self.links[j] = found.targets;
            }
        }
        // Links decide backlinks, source articles and relatedness; without a change in
        // them (or in anything else the graph reads) the graph stays as it is.
        let graph = match relinked[..] {
            [] => None,
            [j] => Some(self.graph.relink(&self.pages, &self.links, j)),
            _ => Some(Graph::build(&self.pages, &self.topics, &self.links)),
        };
        if let Some(graph) = &graph {
            affected.extend(self.graph.differing(graph));
        }
        if listing_changed {
            let new = graph.as_ref().unwrap_or(&self.graph);
            affected.extend(
                (0..self.pages.len()).filter(|&j| self.graph.mentions(j, i) || new.mentions(j, i)),
            );
        }
        affected.sort_unstable();
        affected.dedup();
        if let Some(graph) = graph {
            self.graph = graph;
        }
        Ok(Update::Pages(affected))
    }

    /// Redirect pages for every page's `aliases` (topic pages use aliases as synonyms).
    fn redirects(&self, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for page in self.pages.iter().filter(|p| p.kind != Kind::Topic) {
            for alias in &page.meta.aliases {
                match feeds::alias_path(alias) {
                    Some(path) => {
                        let html = feeds::redirect(&path, &page.url, &page.meta.title);
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
    fn statics(&self, files: &mut Vec<OutputFile>, diagnostics: &mut Diagnostics) {
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
            });
        }
    }
}

/// Two pages with one output path: an error on each page after the first, at its
/// `slug:` line when that is what chose the path.
fn path_collisions(pages: &[Page]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Page> = HashMap::new();
    let mut problems = Vec::new();
    for page in pages {
        if let Some(other) = first.insert(&page.path, page) {
            let mut d = Diagnostic::error(
                Code::PathCollision,
                page.source.clone(),
                format!(
                    "two pages have the same output path `{}`: {} and this one",
                    page.path,
                    other.source.display()
                ),
            )
            .with_help("rename one of the files, or give one a different `slug:`");
            if page.meta.slug.is_some() {
                d = d.at_line(page.meta.slug_line);
            }
            problems.push(d);
            first.insert(&other.path, other);
        }
    }
    problems
}

/// The output path `page` claims, for [`output::check_paths`]: at its `slug:` line when
/// that is what chose the path.
fn page_claim(page: &Page) -> output::Claim<'_> {
    output::Claim {
        path: &page.path,
        origin: &page.source,
        line: page.meta.slug.is_some().then_some(page.meta.slug_line),
    }
}

/// Renders the Markdown bodies of the given pages, resolving their links.
fn render_bodies(
    pages: &[Page],
    topics: &Topics,
    index: &LinkIndex,
    which: &[usize],
) -> Vec<(String, PageLinks)> {
    let card = |from: &str, target: usize| embed::card(pages, topics, from, target);
    which
        .par_iter()
        .map(|&i| {
            let page = &pages[i];
            let deeper = page.path.ends_with("/index.html") && page.kind != Kind::Home;
            let mut resolver = Resolver {
                index,
                pages,
                from: i,
                card: &card,
                file_prefix: if deeper { "../" } else { "" },
                found: PageLinks::default(),
                locator: Default::default(),
            };
            let html = markdown::render(&pages[i].body, &pages[i].outline, &mut resolver);
            (html, resolver.found)
        })
        .collect()
}

fn content_failure(problems: Vec<Diagnostic>) -> Failure {
    let mut ds = Diagnostics::default();
    ds.extend(problems);
    Failure::Content(ds)
}

/// The home page of a site without `content/_index.md`.
fn default_home(config: &Config) -> Page {
    Page {
        source: PathBuf::from(CONFIG_FILE),
        kind: Kind::Home,
        slug: "index".into(),
        path: "index.html".into(),
        url: if config.pretty_urls {
            String::new()
        } else {
            "index.html".into()
        },
        meta: FrontMatter {
            title: config.title.clone(),
            summary: (!config.description.is_empty()).then(|| config.description.clone()),
            extra: tera::Value::Object(Default::default()),
            ..FrontMatter::default()
        },
        body: String::new(),
        body_line: 1,
        outline: markdown::Outline {
            reading_time: 1,
            ..Default::default()
        },
        topics: Vec::new(),
    }
}
