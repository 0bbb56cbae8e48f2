//! Rendering every output file, and handing each to its writer as soon as it is made.

use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Tera;

use super::{Emit, Rendered, Site};
use crate::content::{Kind, Page, Text};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::output::{self, OutputFile};
use crate::render::{self, Renderer};
use crate::theme::Theme;

/// The most bytes of rendered files a thread holds while another writes.
const QUEUE_BYTES: usize = 4 << 20;
/// The search index's merge starts once this fraction (one in so many) of the pages is
/// written: see [`Site::render_pages_to`].
const MERGE_AFTER: usize = 8;

impl Site {
    /// Loads the theme and compiles its templates.
    pub fn theme(&self) -> Result<(Theme, Tera), Failure> {
        let overrides = self.config.templates_path();
        let theme = Theme::load(&self.fence(), &self.config.theme, overrides.as_deref())
            .map_err(content_failure)?;
        let tera = render::compile(&theme, &self.strings).map_err(content_failure)?;
        Ok((theme, tera))
    }

    /// Renders every output file and hands each to `emit` as soon as it is made, so a
    /// large site is never held in memory whole. Output paths are checked before
    /// anything is emitted, and nothing is emitted when they clash; the search index's
    /// paths are checked once it is built, and it is not emitted when they clash. Every
    /// problem is collected: an error anywhere fails the whole, and whatever was emitted
    /// must then be dropped.
    pub fn render_to(&self, theme: &Theme, tera: &Tera, emit: &Emit) -> Result<Rendered, Failure> {
        let prepared = self.prepare(theme, tera, emit)?;
        self.render_pages_to(prepared, tera, Held::Kept(&self.html), emit)
    }

    /// Renders like [`Site::render_to`], but frees each page's body once its page is
    /// written, so that a large site's bodies are not all held to the end: afterwards
    /// the site has no bodies left, and can no longer be re-rendered.
    pub(crate) fn render_freeing(
        &mut self,
        theme: &Theme,
        tera: &Tera,
        emit: &Emit,
    ) -> Result<Rendered, Failure> {
        // The feed and the search index read the bodies first.
        let prepared = self.prepare(theme, tera, emit)?;
        let taken: Vec<Mutex<Text>> = std::mem::take(&mut self.html)
            .into_iter()
            .map(Mutex::new)
            .collect();
        self.render_pages_to(prepared, tera, Held::Taken(&taken), emit)
    }

    /// Everything but the pages: the files drawn from the whole site, written (unless
    /// paths clash), and the search index's words counted.
    fn prepare(&self, theme: &Theme, tera: &Tera, emit: &Emit) -> Result<Prepared, Failure> {
        let mut diagnostics = Diagnostics::default();
        let renderer = self.renderer(tera);
        // Everything but the pages first: few files, and the search index's paths are
        // known only once it is built.
        let lists = self.lists(&renderer);
        let (mut files, problems) = self.render_lists(&renderer, &lists, None);
        diagnostics.extend(problems);
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
        files.extend(self.site_files_with(&renderer, &lists));
        for (path, bytes) in &theme.statics {
            files.push(OutputFile::bytes(
                path.clone(),
                bytes.clone(),
                format!("themes/{}/static/{path}", self.config.theme),
            ));
        }
        self.statics(&mut files, &mut diagnostics);
        let further = self.further_pages(&renderer);
        let pages = self.pages.iter().map(page_claim);
        diagnostics.extend(output::check_paths(
            pages
                .chain(further.iter().map(|f| self.further_claim(f)))
                .chain(files.iter().map(OutputFile::claim)),
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
        let counted =
            crate::search::count(&self.pages, &self.html, &self.topics, &self.config.language);
        Ok(Prepared {
            diagnostics,
            files,
            further,
            clashing,
            counted,
        })
    }

    /// Renders and writes every page, beside the search index's merges (`prepared`
    /// holds its counted words), and collects every problem.
    fn render_pages_to(
        &self,
        prepared: Prepared,
        tera: &Tera,
        bodies: Held,
        emit: &Emit,
    ) -> Result<Rendered, Failure> {
        let Prepared {
            mut diagnostics,
            files,
            further,
            clashing,
            counted,
        } = prepared;
        let renderer = self.renderer(tera);
        let emit = |file| if clashing { Ok(()) } else { emit(file) };
        let written = |e: std::io::Error| Failure::Io(format!("cannot write the site: {e}"));
        // Topic pages list every page of their topic, so each costs as much as
        // hundreds of others: started first, none is left for one thread at the end.
        let mut order: Vec<usize> = (0..self.pages.len()).collect();
        order.sort_by_key(|&i| self.pages[i].kind != Kind::Topic);
        // One thread creates files at a time: threads creating files in one folder at
        // once contend for its lock in the kernel, and spin (at 50,000 pages, 0.3 s more
        // system time). A thread that finds another writing renders on and keeps its
        // files for its next turn.
        let writing = Mutex::new(());
        let write = |queue: &mut Vec<OutputFile>| queue.drain(..).try_for_each(emit);
        let render = |pages: &[usize]| {
            pages
                .par_chunks(32)
                .try_fold(
                    || (Vec::new(), Vec::new()),
                    |(mut queue, mut problems), run| {
                        for &i in run {
                            match bodies.with(i, |body| renderer.page_with(i, body)) {
                                Ok(html) => queue.extend(self.page_files(i, html)),
                                Err(d) => problems.push(d),
                            }
                            // A topic's list pages run to megabytes at 50,000 pages:
                            // a queue that large waits for its turn before rendering on.
                            if queue.iter().map(OutputFile::held).sum::<usize>() >= QUEUE_BYTES {
                                let _turn = writing.lock().unwrap_or_else(|e| e.into_inner());
                                write(&mut queue)?;
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
        };
        // The index's merge starts once the topic pages and the first pages after them
        // are written (the topic pages' long lists, held beside the merge, would add to
        // its peak), and runs beside the rest: it takes about as long as rendering them,
        // so started later, it would be left running alone at the end.
        let (first, rest) = order.split_at(order.len() / MERGE_AFTER);
        let mut problems = render(first).map_err(written)?;
        let (index_clashes, rest_problems) = rayon::join(
            || {
                let mut sink = IndexSink {
                    site: self,
                    files: &files,
                    further: &further,
                    clashing,
                    clashes: Vec::new(),
                    emit: &emit,
                };
                crate::search::write(counted, &self.config.synonym_groups(), &mut sink)?;
                Ok(sink.clashes)
            },
            || render(rest),
        );
        diagnostics.extend(index_clashes.map_err(written)?);
        problems.extend(rest_problems.map_err(written)?);
        diagnostics.extend(problems.into_iter().flatten());
        if diagnostics.has_errors() {
            return Err(Failure::Content(diagnostics));
        }
        Ok(Rendered {
            diagnostics,
            pages: self.pages.len(),
            topics: self.topics.len(),
        })
    }

    pub(super) fn renderer<'a>(&'a self, tera: &'a Tera) -> Renderer<'a> {
        Renderer {
            tera,
            config: &self.config,
            pages: &self.pages,
            html: &self.html,
            topics: &self.topics,
            graph: &self.graph,
            folders: &self.folders,
            alternates: self.alternates.as_ref(),
            strings: &self.strings,
        }
    }

    /// Renders the given pages with their templates, in parallel: every file of each
    /// (a page showing a long list is split over several).
    pub fn render_pages(
        &self,
        tera: &Tera,
        indices: &[usize],
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let renderer = self.renderer(tera);
        let rendered: Vec<Result<Vec<(String, String)>, Diagnostic>> =
            indices.par_iter().map(|&i| renderer.page(i)).collect();
        let mut files = Vec::with_capacity(indices.len());
        let mut problems = Vec::new();
        for (&i, result) in indices.iter().zip(rendered) {
            match result {
                Ok(html) => files.extend(self.page_files(i, html)),
                Err(d) => problems.push(d),
            }
        }
        (files, problems)
    }

    /// Renders the generated list pages (folder listings, "Recently updated") that list
    /// one of `touching`: after edits to those pages that changed no list's order or
    /// length (an incremental [`Update::Pages`](super::Update)), the only list pages
    /// whose output may differ.
    pub fn render_lists_touching(
        &self,
        tera: &Tera,
        touching: &[usize],
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let renderer = self.renderer(tera);
        let lists = self.lists(&renderer);
        self.render_lists(&renderer, &lists, Some(touching))
    }

    /// Renders file `at` of page `i` alone: its own file, or a further page of its list,
    /// its body rendered again from its source when the site does not hold it; `None`
    /// when the page has fewer files.
    pub(crate) fn render_page_file(
        &self,
        tera: &Tera,
        i: usize,
        at: usize,
    ) -> Option<Result<String, Diagnostic>> {
        let body = if at == 0 {
            self.body(i)
        } else {
            Text::default()
        };
        self.renderer(tera).page_file(i, at, &body.text())
    }

    /// The path of every file the pages' templates make: (path, page, which of its files).
    pub(crate) fn page_file_paths(&self, tera: &Tera) -> Vec<(String, usize, usize)> {
        self.page_files_of(&self.renderer(tera)).collect()
    }

    /// Every file the pages' templates make, as [`Site::page_file_paths`] gives them.
    fn page_files_of<'r>(
        &'r self,
        renderer: &'r Renderer,
    ) -> impl Iterator<Item = (String, usize, usize)> + 'r {
        (0..self.pages.len()).flat_map(move |i| {
            renderer
                .page_slots(i)
                .into_iter()
                .enumerate()
                .map(move |(at, slot)| (slot.path, i, at))
        })
    }

    /// The output files of page `i`, rendered as (path, HTML): its own file first.
    fn page_files(&self, i: usize, rendered: Vec<(String, String)>) -> Vec<OutputFile> {
        let page = &self.pages[i];
        rendered
            .into_iter()
            .enumerate()
            .map(|(n, (path, html))| {
                let mut file = OutputFile::bytes(path, html, page.source.clone());
                file.page = true;
                if n == 0 && page.meta.slug.is_some() {
                    file.origin_line = Some(page.meta.slug_line);
                }
                file
            })
            .collect()
    }

    /// The further pages of pages that show long lists: each one's path and page.
    fn further_pages(&self, renderer: &Renderer) -> Vec<(String, usize)> {
        self.page_files_of(renderer)
            .filter(|&(_, _, at)| at > 0)
            .map(|(path, i, _)| (path, i))
            .collect()
    }

    /// The path a further page of a long list claims, for [`output::check_paths`].
    fn further_claim<'a>(&'a self, (path, i): &'a (String, usize)) -> output::Claim<'a> {
        output::Claim {
            path,
            origin: &self.pages[*i].source,
            line: None,
        }
    }
}

/// What [`Site::prepare`] leaves for the pages' rendering.
struct Prepared {
    /// Problems so far.
    diagnostics: Diagnostics,
    /// The files drawn from the whole site, already written.
    files: Vec<OutputFile>,
    /// The further pages of pages showing long lists (path, page), not yet written.
    further: Vec<(String, usize)>,
    /// Output paths clash: nothing more is written.
    clashing: bool,
    /// The search index's words, counted.
    counted: crate::search::Counted,
}

/// Writes the search index's files as they are made, once their paths are known not to
/// clash with the site's other files.
struct IndexSink<'a, E> {
    site: &'a Site,
    /// The files drawn from the whole site.
    files: &'a [OutputFile],
    /// The further pages of long lists.
    further: &'a [(String, usize)],
    /// Other paths clash already: nothing more is written.
    clashing: bool,
    /// The index's clashes with the site's other files.
    clashes: Vec<Diagnostic>,
    emit: &'a E,
}

impl<E: Fn(OutputFile) -> std::io::Result<()> + Sync> crate::search::Sink for IndexSink<'_, E> {
    fn paths(&mut self, paths: Vec<String>) -> bool {
        if self.clashing {
            return false;
        }
        let site = self.site;
        let origin = Path::new(crate::search::ORIGIN);
        let index = paths.iter().map(|path| output::Claim {
            path,
            origin,
            line: None,
        });
        // The index first, so that a clash is reported on the author's file.
        let claims = site
            .pages
            .iter()
            .map(page_claim)
            .chain(index)
            .chain(self.files.iter().map(OutputFile::claim))
            .chain(self.further.iter().map(|f| site.further_claim(f)));
        let clashes = output::check_paths(claims);
        let clear = clashes.is_empty();
        self.clashes.extend(clashes);
        clear
    }

    fn files(&mut self, files: Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let origin = crate::search::ORIGIN;
        files
            .into_par_iter()
            .try_for_each(|(path, bytes)| (self.emit)(OutputFile::bytes(path, bytes, origin)))
    }
}

/// Each page's body while pages are rendered: borrowed from the site, or taken from it
/// and freed as each page is rendered.
enum Held<'a> {
    /// The site's own, kept for later renderings.
    Kept(&'a [Text]),
    /// Taken from the site, one per page; each is emptied once read.
    Taken(&'a [Mutex<Text>]),
}

impl Held<'_> {
    /// Calls `f` with page `i`'s body, which is freed afterwards when taken.
    fn with<R>(&self, i: usize, f: impl FnOnce(&str) -> R) -> R {
        match self {
            Held::Kept(html) => f(&html[i].text()),
            Held::Taken(html) => {
                let body = std::mem::take(&mut *html[i].lock().unwrap_or_else(|e| e.into_inner()));
                f(&body.text())
            }
        }
    }
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

fn content_failure(problems: Vec<Diagnostic>) -> Failure {
    let mut ds = Diagnostics::default();
    ds.extend(problems);
    Failure::Content(ds)
}
