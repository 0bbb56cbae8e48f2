//! Reading the site: `site.toml`, the pages, their topics, links and graph.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Options, Site};
use crate::config::{BrokenLinks, Config, CONFIG_FILE};
use crate::content::{self, FrontMatter, Kind, Page, Place, Text};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Failure};
use crate::graph::{Folders, Graph, Paths};
use crate::i18n;
use crate::links::{embed, BodyWords, LinkIndex, PageLinks, Resolver};
use crate::markdown;
use crate::topics::Topics;
use crate::walk::Fence;

impl Site {
    /// Loads, checks and links everything under `root`. Warnings come back with the site;
    /// any error makes the whole load a [`Failure::Content`].
    pub fn load(root: &Path, options: &Options) -> Result<(Site, Diagnostics), Failure> {
        let (site, mut diagnostics) = Site::load_all(root, options).map_err(Failure::sorted)?;
        diagnostics.sort();
        if diagnostics.has_errors() {
            return Err(Failure::Content(diagnostics));
        }
        Ok((site, diagnostics))
    }

    /// The settings of the site at `root`, with the command line's over `site.toml`'s.
    pub(super) fn config_of(root: &Path, options: &Options) -> Result<Config, Failure> {
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
        Ok(config)
    }

    /// Loads like [`Site::load`], but keeps the pages that loaded when others have errors,
    /// so that later stages can report their problems too. Fails only when the site cannot
    /// be linked at all: no readable `site.toml`, or two pages with one output path. Of a
    /// multilingual site, this loads the default language.
    pub fn load_all(root: &Path, options: &Options) -> Result<(Site, Diagnostics), Failure> {
        let mut config = Site::config_of(root, options)?;
        let layout = if config.is_multilingual() {
            config = config.for_language(&config.language);
            let default = config.language.clone();
            content::Layout::for_language(root, &config, &default, options.out.as_deref())
        } else {
            content::Layout::new(root, &config, options.out.as_deref())
        };
        let loaded = content::load(&layout);
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
        Site::assemble_with(root, options, config, loaded, &Elsewhere::default())
    }

    /// Assembles like [`Site::assemble`] one language of a multilingual site, whose wiki
    /// links may lead to the other languages' pages.
    pub(super) fn assemble_with(
        root: &Path,
        options: &Options,
        config: Config,
        loaded: content::Loaded,
        elsewhere: &Elsewhere,
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
        match pages.iter_mut().find(|p| p.kind == Kind::Home) {
            // A home page without a title of its own takes the site's.
            Some(home) if home.meta.title.is_empty() => home.meta.title = config.title.clone(),
            Some(_) => {}
            None => pages.insert(0, default_home(&config)),
        }

        let (topics, problems) = Topics::collect(&config, &mut pages);
        diagnostics.extend(problems);
        diagnostics.extend(topics.assign(&mut pages));
        // Pages were gathered one by one: at 10,000 pages the spare room is 6 MB.
        pages.shrink_to_fit();

        let collisions = path_collisions(&pages);
        if !collisions.is_empty() {
            diagnostics.extend(collisions);
            // Links cannot be resolved while two pages claim one address.
            return Err(Failure::Content(diagnostics));
        }
        let attachments = loaded.assets.iter().map(|(output, source)| {
            let source = source.strip_prefix(root).unwrap_or(source).to_path_buf();
            (source, output.clone())
        });
        let index = LinkIndex::new(&pages, &drafts)
            .with_unloaded(unloaded)
            .with_files(attachments)
            .with_outputs(static_outputs(
                &Fence::new(root, &config.allow_links_to),
                root,
            ))
            .lenient(config.broken_links == BrokenLinks::Warn)
            .with_content_dir(&config.content_dir)
            .with_elsewhere(elsewhere.names.clone());
        let index = match &elsewhere.suffix {
            Some(code) => index.without_suffix(code),
            None => index,
        };
        index.settle_leads(&mut pages);
        let all: Vec<usize> = (0..pages.len()).collect();
        let mut html = Vec::with_capacity(pages.len());
        let mut links = Vec::with_capacity(pages.len());
        let (strings, problems) = strings(root, &config);
        diagnostics.extend(problems);
        for (body, found) in render_bodies(&pages, &topics, &index, &all, &strings) {
            html.push(body);
            links.push(found.targets);
            diagnostics.extend(found.problems);
        }
        let mut sources = Vec::with_capacity(pages.len());
        for i in 0..pages.len() {
            let (source, problem) = index.source_article(&pages, i);
            sources.push(source);
            diagnostics.extend(problem);
        }
        let mut resolved = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            if page.kind == Kind::Path {
                let (stages, problems) = index.path_stages(&pages, i);
                diagnostics.extend(problems);
                resolved.push((i, stages));
            }
        }
        let paths = Paths::build(&pages, &topics, resolved);
        let graph = Graph::build(&pages, &topics, &links, &sources).with_paths(paths);
        let folders = Folders::build(&pages, &config.content_dir, config.pretty_urls);

        let site = Site {
            root: root.to_path_buf(),
            options: options.clone(),
            config,
            pages,
            topics,
            html,
            links,
            graph,
            folders,
            assets: loaded.assets,
            drafts,
            index,
            alternates: None,
            prefix: String::new(),
            strings: Arc::new(strings),
        };
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
            page.body = Text::default();
        }
    }

    /// Compresses every page's Markdown source: a site kept for [`Site::reload_page`]
    /// reads only the sources of the few pages an edit renders again.
    pub fn pack_sources(&mut self) {
        self.pages.par_iter_mut().for_each(|page| page.body.pack());
    }
}

/// What one language of a multilingual site knows of the others while its links are
/// resolved; nothing for a site in one language.
#[derive(Debug, Clone, Default)]
pub(super) struct Elsewhere {
    /// The other languages' pages by lowercased name, with their addresses from this
    /// language's output root, titles and languages.
    pub(super) names: std::sync::Arc<HashMap<String, crate::links::Foreign>>,
    /// This language's code, when its files carry it (`x.fr.md`).
    pub(super) suffix: Option<String>,
}

/// The output paths of the site's `static/` files, which links may name.
fn static_outputs(fence: &Fence, root: &Path) -> Vec<String> {
    let folder = root.join("static");
    if !folder.is_dir() {
        return Vec::new();
    }
    // Problems reading static/ are reported when it is copied.
    let mut ignored = Vec::new();
    crate::theme::files_under(fence, &folder, &mut ignored)
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// Two pages with one output path: an error on each page after the first, at its
/// `slug:` line when that is what chose the path.
fn path_collisions(pages: &[Page]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Page> = HashMap::new();
    let mut problems = Vec::new();
    for page in pages {
        if let Some(other) = first.insert(&page.path, page) {
            let (a, b) = (
                other.source.to_string_lossy(),
                page.source.to_string_lossy(),
            );
            if a != b && a.to_lowercase() == b.to_lowercase() {
                // One note on macOS and Windows, whose file systems ignore case.
                problems.push(
                    Diagnostic::error(
                        Code::PathCollision,
                        page.source.clone(),
                        format!("{a} and {b} differ only in case: on macOS and Windows they are one file, and here they would be one page"),
                    )
                    .with_help("rename one of them, or merge them into one note"),
                );
                first.insert(&other.path, other);
                continue;
            }
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

/// Renders the Markdown bodies of the given pages, resolving their links.
pub(super) fn render_bodies(
    pages: &[Page],
    topics: &Topics,
    index: &LinkIndex,
    which: &[usize],
    strings: &i18n::Table,
) -> Vec<(Text, PageLinks)> {
    let words = BodyWords {
        anchor: strings.word("anchor_label"),
        embedded: strings.word("embedded"),
    };
    let card_label = |kind: Kind| {
        strings.word(match kind {
            Kind::Tip => "kicker_tip",
            Kind::Article => "kicker_article",
            Kind::Topic => "kicker_topic",
            _ => "kicker_page",
        })
    };
    let card = |from: &str, target: usize| {
        embed::card(pages, topics, from, target, &card_label(pages[target].kind))
    };
    let topic = |name: &str| topics.resolve(name).and_then(|slug| topics.page_of(slug));
    let render = |&i: &usize| {
        let page = &pages[i];
        // A page written as `<slug>/index.html` sits one folder below its source; a
        // page at its folder's address (an `index.md`, `_index.md`, folder note) does not.
        let deeper = page.path.ends_with("/index.html")
            && page.kind != Kind::Home
            && page.place == Place::Own;
        let mut resolver = Resolver {
            index,
            pages,
            from: i,
            card: &card,
            topic: &topic,
            file_prefix: if deeper { "../" } else { "" },
            found: PageLinks::default(),
            locator: Default::default(),
            words: &words,
        };
        // A path's page shows its introduction, then its stages and steps as a listing
        // of their own: the steps' links are resolved as steps, not as the body's.
        let source = page.body.text();
        let body = match page.kind {
            Kind::Path => {
                let end = markdown::path_steps(&source).intro_end;
                source.get(..end).unwrap_or(&source)
            }
            _ => &source,
        };
        let html = markdown::render(body, &page.outline, &mut resolver);
        (Text::packed(&html), resolver.found)
    };
    // One body renders on the calling thread: a page asked for by a browser must not
    // wait for rayon's threads while they are busy with a build.
    match which {
        [_] => which.iter().map(render).collect(),
        _ => which.par_iter().map(render).collect(),
    }
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
        body: Text::default(),
        body_line: 1,
        outline: markdown::Outline {
            reading_time: 1,
            ..Default::default()
        },
        topics: Vec::new(),
        place: Default::default(),
    }
}

/// The theme's words in the site's language, from the theme's and the site's strings
/// files and `[strings]` in `site.toml`.
fn strings(root: &Path, config: &Config) -> (i18n::Table, Vec<Diagnostic>) {
    let fence = Fence::new(root, &config.allow_links_to);
    let (files, mut problems) = crate::theme::strings_files(&fence, &config.theme);
    let files: Vec<i18n::StringsFile> = files
        .into_iter()
        .map(|(language, shown, text)| i18n::StringsFile {
            language,
            shown,
            text,
        })
        .collect();
    // Read again only to locate a bad value under `[strings]`.
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok();
    let (table, more) = i18n::resolve(
        &config.language,
        &files,
        &config.strings,
        CONFIG_FILE,
        text.as_deref(),
    );
    problems.extend(more);
    (table, problems)
}
