//! The incremental builder: keeps the last good site, and after each batch of changes
//! re-renders only the pages an edit reaches, or rebuilds everything.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Instant;

use rayon::prelude::*;
use tera::Tera;

use super::bodies::Bodies;
use super::events::Clients;
use super::memory;
use super::packed::Dictionary;
use super::state::{Files, Held, Problem, Served};
use crate::console::{self, Format, Printer};
use crate::content::Page;
use crate::diagnostics::{Diagnostics, Failure, SourceLines};
use crate::output::{Contents, OutputFile};
use crate::site::{Checked, Options, Site, Sources, Update};
use crate::theme::Theme;
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

/// Keeps the last good site and brings it up to date after edits.
pub(super) struct Builder {
    /// The site folder, canonical.
    pub(super) root: PathBuf,
    site: Option<Site>,
    /// Where the site's pages' bodies are, while they are held only in the served pages.
    bodies: Bodies,
    /// What served files are packed against: pages of the last full build.
    dictionary: Dictionary,
    /// The other languages of a multilingual site. Any change to such a site rebuilds
    /// every language: languages link each other, and a page's translations are known only
    /// once all are loaded.
    languages: Vec<Site>,
    theme: Option<(Theme, Tera)>,
    /// The last build failed: the site held is older than the files on disk.
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
            site: None,
            bodies: Bodies::default(),
            dictionary: Dictionary::default(),
            languages: Vec::new(),
            theme: None,
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
        // check reports: a page that does not load hides no template's error.
        let files = Mutex::new(Vec::new());
        let result = Site::load_and_render(&self.root, &options, Sources::Keep, &|file| {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        });
        match result {
            Ok(Checked {
                mut site,
                languages,
                theme,
                tera,
                rendered,
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
                // The served pages hold the bodies from now on.
                let mut bodies = Bodies::locate_all(&site, &files);
                let feed_pages = site.feed_pages();
                bodies.release(&mut site, &feed_pages);
                let dictionary =
                    Dictionary::sample(files.iter().filter_map(|f| match &f.contents {
                        Contents::Bytes(bytes) => Some((f.path.as_str(), bytes.as_slice())),
                        Contents::Copy(_) => None,
                    }));
                let files = pack(files, &dictionary);
                self.dictionary = dictionary;
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                s.search_paths = search_paths;
                s.builds += 1;
                s.version += 1;
                let old = std::mem::replace(&mut s.files, files);
                s.problems = None;
                s.refused.clear();
                drop(s);
                // The last generation is freed without holding up requests.
                drop(old);
                site.pack_sources();
                let mut languages = languages;
                languages.iter_mut().for_each(Site::pack_sources);
                self.site = Some(site);
                self.languages = languages;
                self.bodies = bodies;
                memory::give_back();
                self.theme = Some((theme, tera));
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
        if self.failed || self.site.is_none() || self.theme.is_none() || !self.languages.is_empty()
        {
            // Whatever was broken may be fixed by this change, or still broken elsewhere.
            return Outcome::full(self.full(served, clients));
        }
        if self.only_stylesheets(changed, served) {
            let ok = self.restyle(served, clients);
            return Outcome {
                event: ok.then_some("css"),
                search_behind: false,
                rebuilt_all: false,
            };
        }
        let content = self
            .site
            .as_ref()
            .map(|s| s.config.content_path(&self.root))
            .unwrap_or_default();
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
        for path in pages {
            let Some(site) = self.site.as_mut() else {
                return Outcome::full(self.full(served, clients));
            };
            let relative = path.strip_prefix(&site.root).unwrap_or(path);
            edited.extend(site.pages.iter().position(|p| p.source == relative));
            let reads = site.bodies_read_by_reload(path);
            let s = served.read().unwrap_or_else(|e| e.into_inner());
            self.bodies.restore(site, &s.files, reads);
            drop(s);
            match site.reload_page(path) {
                Ok(Update::Pages(list)) => affected.extend(list),
                Ok(Update::Full) => return Outcome::full(self.full(served, clients)),
                Err(_) if batch => return Outcome::full(self.full(served, clients)),
                Err(problems) => {
                    self.report(Failure::Content(problems), served, clients);
                    return Outcome::full(false);
                }
            }
        }
        affected.sort_unstable();
        affected.dedup();
        let (Some(site), Some((_, tera))) = (self.site.as_mut(), self.theme.as_ref()) else {
            return Outcome::full(self.full(served, clients));
        };
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        self.bodies
            .restore(site, &s.files, affected.iter().copied());
        // The feeds show their pages' bodies: the site keeps those (any that an edit
        // brought into a feed are restored).
        let feed_pages = site.feed_pages();
        self.bodies
            .restore(site, &s.files, feed_pages.iter().copied());
        drop(s);
        let (mut files, mut problems) = site.render_pages(tera, &affected);
        // Folder listings and "Recently updated" show these pages too.
        let (lists, list_problems) = site.render_lists_touching(tera, &edited);
        files.extend(lists);
        problems.extend(list_problems);
        if !problems.is_empty() && batch {
            return Outcome::full(self.full(served, clients));
        }
        if !problems.is_empty() {
            let mut ds = Diagnostics::default();
            ds.extend(problems);
            self.report(Failure::Content(ds), served, clients);
            return Outcome::full(false);
        }
        files.extend(site.site_files(tera));
        self.bodies.relocate(site, &files, &affected);
        self.bodies.release(site, &feed_pages);
        let files = pack(files, &self.dictionary);
        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
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
        let Some(site) = &mut self.site else {
            return true;
        };
        if self.failed || self.searching.swap(true, Ordering::SeqCst) {
            return false;
        }
        // Only what the index reads: the pages without their Markdown sources, the
        // bodies and the topics, not a copy of the whole site. Copied on rayon's threads,
        // which give the memory back once the index is made (this thread, idle between
        // edits, would hold on to it). Each source is set aside while its page is copied.
        let pages: Vec<Page> = site
            .pages
            .par_iter_mut()
            .map(|p| {
                let source = std::mem::take(&mut p.body);
                let copy = p.clone();
                p.body = source;
                copy
            })
            .collect();
        let site = &*site;
        let html = self.bodies.all(
            site,
            &served.read().unwrap_or_else(|e| e.into_inner()).files,
        );
        let topics = site.topics.clone();
        let language = site.config.language.clone();
        let synonyms = site.config.synonym_groups();
        let builds = served.read().map_or(0, |s| s.builds);
        let served = Arc::clone(served);
        let searching = Arc::clone(&self.searching);
        let dictionary = self.dictionary.clone();
        thread::spawn(move || {
            let start = Instant::now();
            let files = crate::search::output_files(&pages, &html, &topics, &language, &synonyms);
            drop((pages, html, topics));
            let files = pack(files, &dictionary);
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
        let Some(site) = &self.site else { return true };
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let sites = std::iter::once(site).chain(&self.languages);
        if sites
            .flat_map(|s| &s.pages)
            .any(|p| p.source.starts_with(relative))
        {
            return true;
        }
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        s.files.values().any(|c| match c {
            Held::Copy(source) => source.starts_with(path),
            Held::Bytes(_) => false,
        })
    }

    /// Whether every changed path is a stylesheet the site already serves.
    fn only_stylesheets(&self, changed: &[PathBuf], served: &RwLock<Served>) -> bool {
        let Some(site) = &self.site else { return false };
        let theme_static = self
            .root
            .join("themes")
            .join(&site.config.theme)
            .join("static");
        let s = served.read().unwrap_or_else(|e| e.into_inner());
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
        let Some(site) = &self.site else { return false };
        match site.theme() {
            Ok((theme, tera)) => {
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
                self.theme = Some((theme, tera));
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
                let kept = if self.site.is_some() {
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

/// Output path → contents as served, packed on rayon's threads; each rendered file is
/// freed as soon as it is packed.
fn pack(files: Vec<OutputFile>, dictionary: &Dictionary) -> Files {
    files
        .into_par_iter()
        .map(|f| (f.path, Held::pack(f.contents, dictionary)))
        .collect()
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
