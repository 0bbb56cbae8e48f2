//! The incremental builder: after each batch of changes, brings the served site up to
//! date by re-reading the pages edited, or rebuilds everything.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Instant;

use rayon::prelude::*;

use super::events::Clients;
use super::memory;
use super::packed::Dictionary;
use super::pages::Live;
use super::state::{Files, Held, Problem, Served};
use crate::console::{self, Format, Printer};
use crate::content::Page;
use crate::diagnostics::{Diagnostics, Failure, SourceLines};
use crate::output::{Contents, OutputFile};
use crate::site::{Bodies, Checked, Options, Site, Sources, Undo, Update};
use crate::words::plural;

/// What one batch of changes led to.
pub(super) struct Outcome {
    /// The event browsers get, if any.
    pub(super) event: Option<&'static str>,
    /// Pages changed incrementally, so the search index is behind.
    pub(super) search_behind: bool,
    /// Everything was rebuilt, search index included.
    pub(super) rebuilt_all: bool,
}

impl Outcome {
    /// After a full rebuild, which succeeded or not.
    fn full(ok: bool) -> Outcome {
        Outcome {
            event: ok.then_some("reload"),
            search_behind: false,
            rebuilt_all: ok,
        }
    }
}

/// Brings the served site up to date after edits.
pub(super) struct Builder {
    /// The site folder, canonical.
    pub(super) root: PathBuf,
    /// What served files are packed against: list pages of the last full build.
    dictionary: Dictionary,
    /// The last build failed: the site served is older than the files on disk.
    failed: bool,
    /// A search index is being computed in the background.
    searching: Arc<AtomicBool>,
    /// Whether the terminal shows colour.
    color: bool,
}

impl Builder {
    /// A builder for the site folder `root` (canonical) that has built nothing yet.
    pub(super) fn new(root: &Path) -> Builder {
        Builder {
            root: root.to_path_buf(),
            dictionary: Dictionary::default(),
            failed: false,
            searching: Arc::new(AtomicBool::new(false)),
            color: console::color_wanted(),
        }
    }

    /// Prints this build's problems, quoting the files as they are now.
    fn printer(&self) -> Printer {
        Printer::new(Format::Human, self.color, &self.root)
    }

    /// Rebuilds everything; on failure the last good files stay served.
    pub(super) fn full(&mut self, served: &RwLock<Served>, clients: &Clients) -> bool {
        let start = Instant::now();
        let options = Options {
            drafts: true,
            base_url: None,
            out: None,
        };
        // Loaded and rendered as `ladder check` does, so that serve reports every problem
        // check reports: a page that does not load hides no template's error. The pages'
        // own files are rendered again at each request, so they are not kept.
        let files = Mutex::new(Vec::new());
        let keep = |file: OutputFile| {
            if !file.page {
                files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            }
            Ok(())
        };
        let result =
            Site::load_and_render_keeping(&self.root, &options, Sources::Keep, Bodies::Free, &keep);
        match result {
            Ok(Checked {
                site,
                languages,
                tera,
                rendered,
                ..
            }) => {
                let files = files.into_inner().unwrap_or_else(|e| e.into_inner());
                self.printer().diagnostics(&rendered.diagnostics);
                let fixed = if self.failed {
                    "; the problems are fixed"
                } else {
                    ""
                };
                println!(
                    "Built {} in {} ms{fixed}",
                    plural(rendered.pages, "page"),
                    start.elapsed().as_millis()
                );
                let search_paths = files
                    .iter()
                    .filter(|f| is_search_file(f))
                    .map(|f| f.path.clone())
                    .collect();
                let dictionary =
                    Dictionary::sample(files.iter().filter_map(|f| match &f.contents {
                        Contents::Bytes(bytes) => Some((f.path.as_str(), bytes.as_slice())),
                        Contents::Copy(_) => None,
                    }));
                let mut files = pack(files, &dictionary);
                let live = Live::new(site, languages, tera);
                files.extend(live.files());
                self.dictionary = dictionary;
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                s.search_paths = search_paths;
                s.builds += 1;
                s.version += 1;
                let old = std::mem::replace(&mut s.files, files);
                let old_live = s.live.replace(live);
                s.problems = None;
                s.refused.clear();
                drop(s);
                // The last generation is freed without holding up requests.
                drop((old, old_live));
                memory::give_back();
                self.failed = false;
                true
            }
            Err(failure) => {
                self.report(failure, served, clients);
                false
            }
        }
    }

    /// Applies one batch of changed paths.
    pub(super) fn apply(
        &mut self,
        changed: &[PathBuf],
        served: &RwLock<Served>,
        clients: &Clients,
    ) -> Outcome {
        let start = Instant::now();
        // What an atomic save wrote under a temporary name in content/ and renamed: gone,
        // and never part of the site, so it changes nothing. (Elsewhere a file that is
        // gone may be a template or a setting that was read: that rebuilds.)
        let content = self.root.join("content");
        let changed: Vec<PathBuf> = changed
            .iter()
            .filter(|p| !p.starts_with(&content) || p.exists() || self.was_built_from(p, served))
            .cloned()
            .collect();
        if changed.is_empty() {
            return Outcome {
                event: None,
                search_behind: false,
                rebuilt_all: false,
            };
        }
        let changed = &changed[..];
        let content = {
            let s = served.read().unwrap_or_else(|e| e.into_inner());
            match &s.live {
                // A multilingual site rebuilds every language at any change: languages
                // link each other, and a page's translations are known only once all
                // are loaded.
                Some(live) if !self.failed && !live.is_multilingual() => {
                    Some(live.site().config.content_path(&self.root))
                }
                // Whatever was broken may be fixed by this change, or still broken
                // elsewhere.
                _ => None,
            }
        };
        let Some(content) = content else {
            return Outcome::full(self.full(served, clients));
        };
        if self.only_stylesheets(changed, served) {
            let ok = self.restyle(served, clients);
            return Outcome {
                event: ok.then_some("css"),
                search_behind: false,
                rebuilt_all: false,
            };
        }
        let pages: Option<Vec<&PathBuf>> = changed
            .iter()
            .map(|p| is_page(&content, p).then_some(p))
            .collect();
        let Some(pages) = pages else {
            return Outcome::full(self.full(served, clients));
        };
        // A batch is applied as a whole: pages are reloaded one after another, and a
        // problem on the way may be one that a later page of the batch solves (a link to a
        // page created with it, a heading renamed with the links to it). Then the whole
        // site is built again from what is on disk, which is what decides.
        let batch = pages.len() > 1;
        let mut affected = Vec::new();
        // The pages edited: the only ones whose entries in lists may have changed.
        let mut edited = Vec::new();
        // What each page's reload replaced: a batch that is not kept is undone, so that
        // the last good site stays served.
        let mut undo = Vec::new();
        for path in pages {
            let mut s = served.write().unwrap_or_else(|e| e.into_inner());
            let Some(site) = s.live.as_mut().map(Live::site_mut) else {
                drop(s);
                return Outcome::full(self.full(served, clients));
            };
            let relative = path.strip_prefix(&site.root).unwrap_or(path);
            edited.extend(site.pages.iter().position(|p| p.source == relative));
            let reloaded = site.reload_page_with_undo(path);
            drop(s);
            match reloaded {
                Ok((Update::Pages(list), replaced)) => {
                    affected.extend(list);
                    undo.push(replaced);
                }
                Ok((Update::Full, _)) | Err(_) if batch => {
                    undo_all(served, undo);
                    return Outcome::full(self.full(served, clients));
                }
                Ok((Update::Full, _)) => return Outcome::full(self.full(served, clients)),
                Err(problems) => {
                    self.report(Failure::Content(problems), served, clients);
                    return Outcome::full(false);
                }
            }
        }
        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
        if let Some(live) = s.live.as_mut() {
            let (around, replaced) = live.refresh_around(&edited);
            undo.push(replaced);
            affected.extend(around);
            affected.sort_unstable();
            affected.dedup();
            live.site_mut().restore_bodies(&affected);
        }
        drop(s);
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        let Some(live) = &s.live else {
            drop(s);
            return Outcome::full(self.full(served, clients));
        };
        let (site, tera) = (live.site(), live.tera());
        // The pages are rendered at each request; rendering them here finds their
        // templates' problems now.
        let (_, mut problems) = site.render_pages(tera, &affected);
        // Folder listings and "Recently updated" show these pages too.
        let (mut files, list_problems) = site.render_lists_touching(tera, &edited);
        problems.extend(list_problems);
        // The sitemap and robots.txt read nothing an incremental edit changes.
        if problems.is_empty() {
            files.extend(site.feeds_touching(&affected));
        }
        drop(s);
        if !problems.is_empty() {
            undo_all(served, undo);
            if batch {
                return Outcome::full(self.full(served, clients));
            }
            let mut ds = Diagnostics::default();
            ds.extend(problems);
            self.report(Failure::Content(ds), served, clients);
            return Outcome::full(false);
        }
        let files = pack(files, &self.dictionary);
        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
        if let Some(live) = s.live.as_mut() {
            live.hold_bodies();
        }
        s.files.extend(files);
        s.problems = None;
        s.version += 1;
        drop(s);
        println!(
            "Rebuilt {} in {} ms",
            plural(affected.len(), "page"),
            start.elapsed().as_millis()
        );
        Outcome {
            event: Some("reload"),
            search_behind: true,
            rebuilt_all: false,
        }
    }

    /// Starts rebuilding the search index after incremental page updates, in the
    /// background (on a large site it takes seconds; edits must not wait for it). Returns
    /// false when it cannot start now: one is still running, or the site has errors.
    pub(super) fn refresh_search(&mut self, served: &Arc<RwLock<Served>>) -> bool {
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        let Some(live) = &s.live else {
            return true;
        };
        if self.failed || self.searching.swap(true, Ordering::SeqCst) {
            return false;
        }
        let builds = s.builds;
        let site = live.site();
        // Only what the index reads: the pages without their Markdown sources, the
        // bodies (rendered again from the sources) and the topics, not a copy of the
        // whole site. Each page and body is made on rayon's threads, which give the
        // memory back once the index is made (this thread, idle between edits, would
        // hold on to it).
        let pages: Vec<Page> = site.pages.par_iter().map(Page::without_body).collect();
        let html = site.bodies();
        let topics = site.topics.clone();
        let language = site.config.language.clone();
        let synonyms = site.config.synonym_groups();
        drop(s);
        let served = Arc::clone(served);
        let searching = Arc::clone(&self.searching);
        let dictionary = self.dictionary.clone();
        thread::spawn(move || {
            let start = Instant::now();
            let counted = crate::search::count(&pages, &html, &topics, &language);
            drop((pages, html, topics));
            // Each file is packed as it is made: the index is never held whole.
            let mut files = Packing {
                dictionary: &dictionary,
                files: Files::new(),
            };
            // Packing files cannot fail.
            let _ = crate::search::write(counted, &synonyms, &mut files);
            let files = files.files;
            let mut s = served.write().unwrap_or_else(|e| e.into_inner());
            // A full build since then has served a newer index already.
            if s.builds == builds {
                for path in std::mem::take(&mut s.search_paths) {
                    s.files.remove(&path);
                }
                for (path, held) in files {
                    s.search_paths.push(path.clone());
                    s.files.insert(path, held);
                }
                println!(
                    "Updated the search index in {} ms",
                    start.elapsed().as_millis()
                );
            }
            drop(s);
            memory::give_back();
            searching.store(false, Ordering::SeqCst);
        });
        true
    }

    /// Whether the last good build used the file or folder at `path`: a page's source
    /// or a copied file at it or under it.
    fn was_built_from(&self, path: &Path, served: &RwLock<Served>) -> bool {
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        let Some(live) = &s.live else { return true };
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        if live
            .sites()
            .iter()
            .flat_map(|s| &s.pages)
            .any(|p| p.source.starts_with(relative))
        {
            return true;
        }
        s.files.values().any(|c| match c {
            Held::Copy(source) => source.starts_with(path),
            Held::Bytes(_) | Held::Page(_) => false,
        })
    }

    /// Whether every changed path is a stylesheet the site already serves.
    fn only_stylesheets(&self, changed: &[PathBuf], served: &RwLock<Served>) -> bool {
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        let Some(live) = &s.live else { return false };
        let theme_static = self
            .root
            .join("themes")
            .join(&live.site().config.theme)
            .join("static");
        changed.iter().all(|p| {
            let is_css = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"));
            let key = p
                .strip_prefix(self.root.join("static"))
                .or_else(|_| p.strip_prefix(&theme_static))
                .ok()
                .map(|rel| {
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                });
            is_css && p.is_file() && key.is_some_and(|k| s.files.contains_key(&k))
        })
    }

    /// Re-reads the theme's static files after a stylesheet edit (a site's own static
    /// files are read from disk at each request anyway).
    fn restyle(&mut self, served: &RwLock<Served>, clients: &Clients) -> bool {
        let theme = {
            let s = served.read().unwrap_or_else(|e| e.into_inner());
            let Some(live) = &s.live else { return false };
            live.site().theme()
        };
        match theme {
            Ok((theme, _)) => {
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                for (path, bytes) in &theme.statics {
                    // A site's own static file wins over the theme's, as in a build.
                    if !matches!(s.files.get(path), Some(Held::Copy(_))) {
                        s.files.insert(
                            path.clone(),
                            Held::pack(Contents::Bytes(bytes.clone()), &self.dictionary),
                        );
                    }
                }
                s.version += 1;
                drop(s);
                println!("Stylesheet updated");
                true
            }
            Err(failure) => {
                self.report(failure, served, clients);
                false
            }
        }
    }

    /// Shows a failed build in the terminal and in every browser; keeps the last good site.
    fn report(&mut self, failure: Failure, served: &RwLock<Served>, clients: &Clients) {
        self.failed = true;
        let problems: Vec<Problem> = match failure {
            Failure::Content(mut ds) => {
                ds.sort();
                let held = served
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .live
                    .is_some();
                let kept = if held {
                    "still serving the last good build"
                } else {
                    "nothing to serve until it is fixed"
                };
                let mut printer = self.printer();
                printer.diagnostics(&ds);
                printer.summary(&format!("{}; {kept}", ds.summary()), false);
                // Errors first, then warnings, each as the terminal shows it.
                let mut sources = SourceLines::new(&self.root);
                let (errors, warnings): (Vec<_>, Vec<_>) = ds.iter().partition(|d| d.is_error());
                errors
                    .into_iter()
                    .chain(warnings)
                    .map(|d| Problem::of(d, &mut sources))
                    .collect()
            }
            Failure::Io(message) => {
                console::print_error(&message, self.color);
                vec![Problem::other(&message)]
            }
        };
        let data = serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into());
        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
        s.problems = Some(problems);
        let id = s.event_id();
        drop(s);
        clients.broadcast(&id, "problems", &data);
    }
}

/// Puts back what the reloads of a batch replaced, last first, and frees the bodies
/// they brought in.
fn undo_all(served: &RwLock<Served>, undo: Vec<Undo>) {
    let mut s = served.write().unwrap_or_else(|e| e.into_inner());
    if let Some(live) = s.live.as_mut() {
        let site = live.site_mut();
        undo.into_iter().rev().for_each(|u| site.undo(u));
        live.hold_bodies();
    }
}

/// Output path → contents as served, packed on rayon's threads; each rendered file is
/// freed as soon as it is packed.
fn pack(files: Vec<OutputFile>, dictionary: &Dictionary) -> Files {
    files
        .into_par_iter()
        .map(|f| (f.path, Held::pack(f.contents, dictionary)))
        .collect()
}

/// The search index's files, packed as they come.
struct Packing<'d> {
    dictionary: &'d Dictionary,
    files: Files,
}

impl crate::search::Sink for Packing<'_> {
    fn paths(&mut self, _: Vec<String>) -> bool {
        // The full build checked the index's paths against the site's; a shard that an
        // edit's new words add takes its path over.
        true
    }

    fn files(&mut self, files: Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let dictionary = self.dictionary;
        self.files.par_extend(
            files
                .into_par_iter()
                .map(|(path, bytes)| (path, Held::pack(Contents::Bytes(bytes), dictionary))),
        );
        Ok(())
    }
}

/// Whether a built file is part of the search index (rebuilt apart from the pages).
fn is_search_file(file: &OutputFile) -> bool {
    file.path.starts_with(&format!("{}/", crate::search::DIR))
        && file.path.ends_with(".js")
        && matches!(file.contents, Contents::Bytes(_))
}

/// Whether `path` is a page file under the content folder `content`.
fn is_page(content: &Path, path: &Path) -> bool {
    path.starts_with(content)
        && path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}
