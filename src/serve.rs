//! `ladder serve`: builds in memory, serves over tiny_http, watches with notify, and tells
//! browsers over Server-Sent Events when to reload.
//!
//! - Only files of the built site are served, from memory (generated pages) or read from
//!   the site folder at request time (static files and assets beside pages). A URL path
//!   with `..`, `.`, an empty segment, a backslash, a colon or a NUL, raw or
//!   percent-encoded, is refused with 400. A static file that is a symbolic link leading
//!   outside the site folder is refused with 403: `ladder build` copies what such a link
//!   points to, but the dev server never reads files outside the site folder.
//! - The watcher covers `content/`, `templates/`, `themes/`, `static/` and `site.toml`;
//!   a burst of events is handled once it has been quiet for [`DEBOUNCE`].
//! - A page edit re-renders only the pages that show it ([`Site::reload_page`]); the
//!   search index follows once edits pause ([`SEARCH_DELAY`]). Anything else, and every
//!   change while the site has errors, rebuilds everything.
//! - Events on `/__ladder/events`: `reload`, `css` (stylesheets changed, swap them),
//!   `problems` (JSON list of diagnostics; the last good build stays served) and `ok`.
//! - Nothing is written to disk.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use tera::Tera;
use tiny_http::{HTTPVersion, Method, Request, Server};

use crate::content::is_ignored;
use crate::diagnostics::{Diagnostics, SourceLines};
use crate::output::{Contents, OutputFile};
use crate::site::{Failure, Options, Site, Update};
use crate::theme::Theme;

/// How long the watcher waits for a burst of file events to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(30);
/// How long edits must pause before the search index is rebuilt after page edits.
pub const SEARCH_DELAY: Duration = Duration::from_millis(250);
/// How often an idle event stream gets a comment line, so a closed tab is noticed.
const KEEPALIVE: Duration = Duration::from_secs(3);
const EVENTS_PATH: &str = "/__ladder/events";
const SCRIPT_PATH: &str = "/__ladder/live.js";
const LIVE_RELOAD_JS: &str = include_str!("live_reload.js");
/// The folders of a site that the watcher covers, with `site.toml`.
const WATCHED: [&str; 4] = ["content", "templates", "themes", "static"];

/// Settings of `ladder serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub open: bool,
}

/// The built site as served: output path → contents.
type Files = HashMap<String, Contents>;

/// What request handlers read and the rebuilder replaces.
struct Served {
    /// The site folder, canonical: static files must resolve inside it.
    root: PathBuf,
    files: Files,
    /// The problems of the last build, when it failed.
    problems: Option<Vec<String>>,
    /// Static files already reported as leading outside the site.
    refused: HashSet<String>,
    /// Output paths of the search index files now served.
    search_paths: Vec<String>,
    /// Counts full builds: a search index computed before the last one is stale.
    builds: u64,
}

/// Open event streams of connected browsers.
#[derive(Default)]
struct Clients {
    streams: Mutex<Vec<(u64, Sender<String>)>>,
    next_id: AtomicU64,
}

impl Clients {
    /// Sends one Server-Sent Event to every open stream.
    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams.retain(|(_, s)| s.send(message.clone()).is_ok());
    }

    fn register(&self) -> (u64, Receiver<String>) {
        let (tx, rx) = mpsc::channel();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((id, tx));
        (id, rx)
    }

    fn unregister(&self, id: u64) {
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(i, _)| *i != id);
    }

    /// Ends every stream (their threads finish the response and exit).
    fn close_all(&self) {
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn count(&self) -> usize {
        self.streams.lock().map_or(0, |s| s.len())
    }
}

/// Removes a stream from [`Clients`] when its thread ends, however it ends.
struct Registration<'a> {
    clients: &'a Clients,
    id: u64,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        self.clients.unregister(self.id);
    }
}

/// What the watcher thread hears.
enum Signal {
    Changed(PathBuf),
    Stop,
}

/// A running server: its address, and a handle to stop it. Dropping it stops it too.
pub struct Running {
    pub addr: SocketAddr,
    server: Arc<Server>,
    clients: Arc<Clients>,
    control: Mutex<Sender<Signal>>,
    stopped: AtomicBool,
}

impl Running {
    /// Stops accepting requests, stops watching and ends every event stream.
    pub fn stop(&self) {
        if self.stopped.swap(true, Ordering::SeqCst) {
            return;
        }
        self.server.unblock();
        if let Ok(control) = self.control.lock() {
            let _ = control.send(Signal::Stop);
        }
        self.clients.close_all();
    }

    /// How many browsers hold a live-reload stream open.
    pub fn live_clients(&self) -> usize {
        self.clients.count()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Builds the site, starts the server and the watcher, and serves until the process is
/// interrupted (Ctrl-C ends it; serving writes nothing, so nothing is left behind).
pub fn serve(options: &ServeOptions) -> Result<(), String> {
    let running = start(options)?;
    println!(
        "Serving the site at http://{}/ (Ctrl-C stops)",
        running.addr
    );
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&format!("http://{}/", running.addr));
    }
    // The server threads do the work; this thread only waits.
    loop {
        thread::park();
    }
}

/// Starts serving in background threads and returns once the first build is done.
pub fn start(options: &ServeOptions) -> Result<Running, String> {
    // Watcher events carry absolute paths; compare them with an absolute root.
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        format!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        )
    })?;
    let server = Server::http((options.bind.as_str(), options.port)).map_err(|e| {
        if e.to_string().contains("in use") {
            format!(
                "port {} on {} is already in use; pick another with --port, or --port 0 for any free one",
                options.port, options.bind
            )
        } else {
            format!("cannot listen on {}:{}: {e}", options.bind, options.port)
        }
    })?;
    let server = Arc::new(server);
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?;

    let served = Arc::new(RwLock::new(Served {
        root: root.clone(),
        files: Files::new(),
        problems: None,
        refused: HashSet::new(),
        search_paths: Vec::new(),
        builds: 0,
    }));
    let clients = Arc::new(Clients::default());
    let mut builder = Builder::new(&root);
    builder.full(&served, &clients);

    let (tx, rx) = mpsc::channel();
    let control = tx.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !matches!(event.kind, notify::EventKind::Access(_)) {
                for path in event.paths {
                    let _ = tx.send(Signal::Changed(path));
                }
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    // The root itself only for site.toml and for the folders appearing; never public/,
    // target/ or anything else that may sit in a site folder.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    {
        let served = Arc::clone(&served);
        let clients = Arc::clone(&clients);
        thread::spawn(move || rebuild_loop(builder, watcher, rx, &served, &clients));
    }
    {
        let server = Arc::clone(&server);
        let clients = Arc::clone(&clients);
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let served = Arc::clone(&served);
                let clients = Arc::clone(&clients);
                thread::spawn(move || handle(request, &served, &clients));
            }
        });
    }
    Ok(Running {
        addr,
        server,
        clients,
        control: Mutex::new(control),
        stopped: AtomicBool::new(false),
    })
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

/// What one batch of changes led to.
struct Outcome {
    /// The event browsers get, if any.
    event: Option<&'static str>,
    /// Pages changed incrementally, so the search index is behind.
    search_behind: bool,
    /// Everything was rebuilt, search index included.
    rebuilt_all: bool,
}

impl Outcome {
    fn full(ok: bool) -> Outcome {
        Outcome {
            event: ok.then_some("reload"),
            search_behind: false,
            rebuilt_all: ok,
        }
    }
}

/// Keeps the last good site and brings it up to date after edits.
struct Builder {
    root: PathBuf,
    site: Option<Site>,
    theme: Option<(Theme, Tera)>,
    /// The last build failed: the site held is older than the files on disk.
    failed: bool,
    /// A search index is being computed in the background.
    searching: Arc<AtomicBool>,
    color: bool,
}

impl Builder {
    fn new(root: &Path) -> Builder {
        Builder {
            root: root.to_path_buf(),
            site: None,
            theme: None,
            failed: false,
            searching: Arc::new(AtomicBool::new(false)),
            color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    /// Rebuilds everything; on failure the last good files stay served.
    fn full(&mut self, served: &RwLock<Served>, clients: &Clients) -> bool {
        let start = Instant::now();
        let options = Options {
            drafts: true,
            base_url: None,
        };
        let result = Site::load(&self.root, &options).and_then(|(site, mut warnings)| {
            let (theme, tera) = site.theme()?;
            let (files, rendered) = site.render_with(&theme, &tera)?;
            warnings.extend(rendered.diagnostics);
            Ok((site, theme, tera, files, warnings))
        });
        match result {
            Ok((site, theme, tera, files, warnings)) => {
                self.print(&warnings);
                let fixed = if self.failed {
                    "; the problems are fixed"
                } else {
                    ""
                };
                println!(
                    "Built {} pages in {} ms{fixed}",
                    site.pages.len(),
                    start.elapsed().as_millis()
                );
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                s.search_paths = files
                    .iter()
                    .filter(|f| is_search_file(f))
                    .map(|f| f.path.clone())
                    .collect();
                s.builds += 1;
                s.files = files.into_iter().map(|f| (f.path, f.contents)).collect();
                s.problems = None;
                s.refused.clear();
                drop(s);
                self.site = Some(site);
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
    fn apply(
        &mut self,
        changed: &[PathBuf],
        served: &RwLock<Served>,
        clients: &Clients,
    ) -> Outcome {
        let start = Instant::now();
        if self.failed || self.site.is_none() || self.theme.is_none() {
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
        let pages: Option<Vec<&PathBuf>> = changed
            .iter()
            .map(|p| is_page(&self.root, p).then_some(p))
            .collect();
        let Some(pages) = pages else {
            return Outcome::full(self.full(served, clients));
        };
        let mut affected = Vec::new();
        for path in pages {
            let Some(site) = self.site.as_mut() else {
                return Outcome::full(self.full(served, clients));
            };
            match site.reload_page(path) {
                Ok(Update::Pages(list)) => affected.extend(list),
                Ok(Update::Full) => return Outcome::full(self.full(served, clients)),
                Err(problems) => {
                    self.report(Failure::Content(problems), served, clients);
                    return Outcome::full(false);
                }
            }
        }
        affected.sort_unstable();
        affected.dedup();
        let (Some(site), Some((_, tera))) = (self.site.as_ref(), self.theme.as_ref()) else {
            return Outcome::full(self.full(served, clients));
        };
        let (files, problems) = site.render_pages(tera, &affected);
        if !problems.is_empty() {
            let mut ds = Diagnostics::default();
            ds.extend(problems);
            self.report(Failure::Content(ds), served, clients);
            return Outcome::full(false);
        }
        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
        for file in files.into_iter().chain(site.site_files()) {
            s.files.insert(file.path, file.contents);
        }
        s.problems = None;
        drop(s);
        println!(
            "Rebuilt {} page{} in {} ms",
            affected.len(),
            if affected.len() == 1 { "" } else { "s" },
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
    fn refresh_search(&mut self, served: &Arc<RwLock<Served>>) -> bool {
        let Some(site) = &self.site else { return true };
        if self.failed || self.searching.swap(true, Ordering::SeqCst) {
            return false;
        }
        let snapshot = site.clone();
        let builds = served.read().map_or(0, |s| s.builds);
        let served = Arc::clone(served);
        let searching = Arc::clone(&self.searching);
        thread::spawn(move || {
            let start = Instant::now();
            let files =
                crate::search::output_files(&snapshot.pages, &snapshot.html, &snapshot.topics);
            let mut s = served.write().unwrap_or_else(|e| e.into_inner());
            // A full build since then has served a newer index already.
            if s.builds == builds {
                for path in std::mem::take(&mut s.search_paths) {
                    s.files.remove(&path);
                }
                for file in files {
                    s.search_paths.push(file.path.clone());
                    s.files.insert(file.path, file.contents);
                }
                println!(
                    "Updated the search index in {} ms",
                    start.elapsed().as_millis()
                );
            }
            drop(s);
            searching.store(false, Ordering::SeqCst);
        });
        true
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
                    if !matches!(s.files.get(path), Some(Contents::Copy(_))) {
                        s.files.insert(path.clone(), Contents::Bytes(bytes.clone()));
                    }
                }
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

    fn print(&self, ds: &Diagnostics) {
        let mut sources = SourceLines::new(&self.root);
        for d in ds.iter() {
            eprintln!("{}\n", sources.render(d, self.color));
        }
    }

    /// Shows a failed build in the terminal and in every browser; keeps the last good site.
    fn report(&mut self, failure: Failure, served: &RwLock<Served>, clients: &Clients) {
        self.failed = true;
        let lines: Vec<String> = match failure {
            Failure::Content(ds) => {
                self.print(&ds);
                let kept = if self.site.is_some() {
                    "still serving the last good build"
                } else {
                    "nothing to serve until it is fixed"
                };
                eprintln!("{}; {kept}", ds.summary());
                ds.iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.to_string())
                    .collect()
            }
            Failure::Io(message) => {
                eprintln!("error: {message}");
                vec![message]
            }
        };
        let data = serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into());
        served.write().unwrap_or_else(|e| e.into_inner()).problems = Some(lines);
        clients.broadcast("problems", &data);
    }
}

/// Whether a built file is part of the search index (rebuilt apart from the pages).
fn is_search_file(file: &OutputFile) -> bool {
    file.path.starts_with(&format!("{}/", crate::search::DIR))
        && file.path.ends_with(".js")
        && matches!(file.contents, Contents::Bytes(_))
}

/// Waits for file events, lets a burst settle, rebuilds and signals browsers.
fn rebuild_loop(
    mut builder: Builder,
    mut watcher: notify::RecommendedWatcher,
    rx: Receiver<Signal>,
    served: &Arc<RwLock<Served>>,
    clients: &Clients,
) {
    let mut search_behind = false;
    loop {
        let first = if search_behind {
            match rx.recv_timeout(SEARCH_DELAY) {
                Ok(signal) => signal,
                Err(RecvTimeoutError::Timeout) => {
                    search_behind = !builder.refresh_search(served);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match rx.recv() {
                Ok(signal) => signal,
                Err(_) => return,
            }
        };
        let Signal::Changed(first) = first else {
            return;
        };
        let mut changed = vec![first];
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(Signal::Changed(path)) => changed.push(path),
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        // A watched folder created (or re-created) after the start is watched from now on.
        for path in &changed {
            if path.parent() == Some(builder.root.as_path())
                && WATCHED.iter().any(|d| path.ends_with(d))
                && path.is_dir()
            {
                let _ = watcher.watch(path, RecursiveMode::Recursive);
            }
        }
        changed.retain(|p| is_watched(&builder.root, p));
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        let outcome = builder.apply(&changed, served, clients);
        search_behind = outcome.search_behind || (search_behind && !outcome.rebuilt_all);
        if let Some(event) = outcome.event {
            clients.broadcast(event, "");
            clients.broadcast("ok", "");
        }
    }
}

/// Whether a change at `path` can affect the site.
fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    if relative
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
    {
        return false;
    }
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    match first.as_deref() {
        Some("site.toml") => true,
        Some(dir) => WATCHED.contains(&dir),
        None => false,
    }
}

fn is_page(root: &Path, path: &Path) -> bool {
    path.starts_with(root.join("content"))
        && path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Answers one request from the served files.
fn handle(request: Request, served: &RwLock<Served>, clients: &Clients) {
    const TEXT: &str = "text/plain; charset=utf-8";
    const HTML: &str = "text/html; charset=utf-8";
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let body = b"405 Method Not Allowed: ladder serve only reads";
        return reply(request, 405, TEXT, body, &[("Allow", "GET, HEAD")]);
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        if method == Method::Head {
            return reply(request, 200, "text/event-stream; charset=utf-8", b"", &[]);
        }
        return stream_events(request, served, clients);
    }
    if path == SCRIPT_PATH {
        let js = "text/javascript; charset=utf-8";
        return reply(request, 200, js, LIVE_RELOAD_JS.as_bytes(), &[]);
    }
    let Some(key) = file_key(path) else {
        let body = b"400 Bad Request: that path is not allowed";
        return reply(request, 400, TEXT, body, &[]);
    };
    let s = served.read().unwrap_or_else(|e| e.into_inner());
    if s.files.is_empty() {
        // The first build failed: a page that shows the problems and reloads once fixed.
        let problems = s.problems.clone().unwrap_or_default();
        drop(s);
        let html = inject_script(problems_page(&problems).into_bytes());
        return reply(request, 503, HTML, &html, &[]);
    }
    let found = s.files.get(&key).map(|c| (key.clone(), c.clone()));
    let (status, key, contents) = match found {
        Some((k, c)) => (200, k, c),
        None if s.files.contains_key(&format!("{key}/index.html")) => {
            drop(s);
            let location = format!("{}/", path.trim_end_matches('/'));
            return reply(request, 301, TEXT, b"", &[("Location", &location)]);
        }
        None => match s.files.get("404.html") {
            Some(c) => (404, "404.html".to_string(), c.clone()),
            None => {
                drop(s);
                let html = inject_script(
                    b"<!DOCTYPE html><title>Not found</title><h1>404 Not Found</h1>".to_vec(),
                );
                return reply(request, 404, HTML, &html, &[]);
            }
        },
    };
    let root = s.root.clone();
    drop(s);
    let bytes = match contents {
        Contents::Bytes(b) => b,
        Contents::Copy(source) => match read_inside(&root, &source) {
            Ok(b) => b,
            Err(Refused::Outside(target)) => {
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                if s.refused.insert(key.clone()) {
                    eprintln!(
                        "warning: not serving /{key}: {} leads outside the site folder (to {}); `ladder build` copies it, `ladder serve` never reads files outside the site",
                        source.strip_prefix(&root).unwrap_or(&source).display(),
                        target.display()
                    );
                }
                drop(s);
                let body = b"403 Forbidden: this file is a link to a file outside the site folder";
                return reply(request, 403, TEXT, body, &[]);
            }
            Err(Refused::Unreadable) => {
                return reply(request, 404, TEXT, b"404 Not Found", &[]);
            }
        },
    };
    let content_type = content_type(&key);
    let body = if content_type.starts_with("text/html") {
        inject_script(bytes)
    } else {
        bytes
    };
    reply(request, status, content_type, &body, &[])
}

/// Writes a whole response with one write. (Answering through tiny_http's `Response`
/// writes the head and the body apart; with Nagle's algorithm and delayed ACKs that
/// costs ~40 ms per file on loopback, which made every reload slow.)
fn reply(request: Request, status: u16, content_type: &str, body: &[u8], extra: &[(&str, &str)]) {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    };
    let close = *request.http_version() < HTTPVersion(1, 1)
        || request.headers().iter().any(|h| {
            h.field.equiv("Connection") && h.value.as_str().to_ascii_lowercase().contains("close")
        });
    let mut out = Vec::with_capacity(body.len() + 256);
    let _ = write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nServer: ladder\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n",
        body.len()
    );
    for (name, value) in extra {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    if close {
        out.extend_from_slice(b"Connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if *request.method() != Method::Head {
        out.extend_from_slice(body);
    }
    let mut writer = request.into_writer();
    let _ = writer.write_all(&out).and_then(|_| writer.flush());
}

/// Why a static file was not read.
enum Refused {
    /// It resolves (through symbolic links) to this path outside the site folder.
    Outside(PathBuf),
    Unreadable,
}

/// Reads a file of the site, refusing one that resolves to a place outside `root`.
fn read_inside(root: &Path, source: &Path) -> Result<Vec<u8>, Refused> {
    let real = std::fs::canonicalize(source).map_err(|_| Refused::Unreadable)?;
    if !real.starts_with(root) {
        return Err(Refused::Outside(real));
    }
    std::fs::read(&real).map_err(|_| Refused::Unreadable)
}

/// A page listing build problems, served while there is no good build at all.
fn problems_page(problems: &[String]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>ladder: the site does not build</title></head>\n<body>\n<h1>The site does not build yet</h1>\n",
    );
    for p in problems {
        html.push_str("<pre>");
        html.push_str(&crate::markdown::escape_attr(p));
        html.push_str("</pre>\n");
    }
    html.push_str("<p>This page reloads when the problems are fixed.</p>\n</body>\n</html>\n");
    html
}

/// The served file a URL path names, or `None` for paths that try to leave the site.
fn file_key(path: &str) -> Option<String> {
    let decoded = crate::urls::percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let inner = &decoded[1..];
    let segments: Vec<&str> = inner.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == ".." || *segment == "." || segment.contains(':') {
            return None;
        }
    }
    let mut key = inner.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

/// Adds the live-reload script before the last `</body>`; only `serve` does this.
fn inject_script(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>\n");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.bytes());
    html
}

/// The Content-Type for a served file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    };
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" | "markdown" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Holds an event stream open, writing events as they are broadcast.
///
/// HTTP/1.1 streams are chunked, so the response is well framed and ends cleanly when
/// the server stops; HTTP/1.0 streams end by closing the connection. An idle stream
/// gets a comment line every [`KEEPALIVE`]: writing to a closed tab fails, and the
/// stream ends and unregisters instead of lingering.
fn stream_events(request: Request, served: &RwLock<Served>, clients: &Clients) {
    let chunked = *request.http_version() >= HTTPVersion(1, 1);
    // Register before reading the state, so no broadcast falls in between.
    let (id, rx) = clients.register();
    let _registration = Registration { clients, id };
    let current = served
        .read()
        .ok()
        .and_then(|s| s.problems.clone())
        .map_or_else(
            || "event: ok\ndata: \n\n".to_string(),
            |lines| {
                let data = serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into());
                format!("event: problems\ndata: {data}\n\n")
            },
        );
    let mut writer = request.into_writer();
    let framing = if chunked {
        "Transfer-Encoding: chunked\r\n"
    } else {
        "Connection: close\r\n"
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\n{framing}\r\n"
    );
    let send = |writer: &mut Box<dyn Write + Send>, text: &str| -> std::io::Result<()> {
        if chunked {
            write!(writer, "{:x}\r\n{text}\r\n", text.len())?;
        } else {
            writer.write_all(text.as_bytes())?;
        }
        writer.flush()
    };
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| send(&mut writer, &current))
        .is_err()
    {
        return;
    }
    loop {
        let result = match rx.recv_timeout(KEEPALIVE) {
            Ok(message) => send(&mut writer, &message),
            Err(RecvTimeoutError::Timeout) => send(&mut writer, ": keepalive\n\n"),
            Err(RecvTimeoutError::Disconnected) => {
                // The server is stopping: end the response properly.
                if chunked {
                    let _ = writer.write_all(b"0\r\n\r\n").and_then(|_| writer.flush());
                }
                return;
            }
        };
        if result.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/tips/..%2f..%2fetc/passwd",
            "/tips/%2E%2E/x",
            "/..\\windows",
            "/%5c..%5cwin",
            "//etc/passwd",
            "/C:/windows",
            "/a/%00",
            "/%ff",
        ] {
            assert_eq!(file_key(bad), None, "{bad}");
        }
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_key("/tips/a%20b.html").as_deref(),
            Some("tips/a b.html")
        );
        assert_eq!(file_key("/tips/x/").as_deref(), Some("tips/x/index.html"));
    }

    #[test]
    fn script_goes_before_body_end() {
        let html = inject_script(b"<html><body><p>x</p></body></html>".to_vec());
        assert!(String::from_utf8(html)
            .unwrap()
            .contains("<p>x</p><script src=\"/__ladder/live.js\"></script>\n</body>"));
    }
}
