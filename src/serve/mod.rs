//! `ladder serve`: builds in memory, serves over tiny_http, watches with notify, and tells
//! browsers over Server-Sent Events when to reload.
//!
//! - Only files of the built site are served, from memory (generated pages) or streamed
//!   from the site folder at request time (static files and assets beside pages); a
//!   single byte range is honoured. A URL path with `..`, `.`, an empty segment, a
//!   backslash, a drive (`C:`) or a NUL, raw or percent-encoded, is refused with 400. A static file that is a symbolic link leading
//!   outside the site folder is refused with 403: `ladder build` copies what such a link
//!   points to, but the dev server never reads files outside the site folder.
//! - The watcher covers `content/`, `templates/`, `themes/`, `static/` and `site.toml`;
//!   a burst of events is handled once it has been quiet for [`DEBOUNCE`].
//! - A page edit re-reads only that page ([`Site::reload_page`](crate::site::Site::reload_page)),
//!   and checks the pages that show it by rendering them; the search index follows once
//!   edits pause ([`SEARCH_DELAY`]). Anything else, and every
//!   change while the site has errors, rebuilds everything. A full build loads and
//!   renders as `ladder check` does, and reports the same problems.
//! - Events on `/__ladder/events`: `reload`, `css` (stylesheets changed, swap them),
//!   `problems` (JSON list of diagnostics with their source lines; the last good build
//!   stays served) and `ok`; each event's id is the served version.
//! - Resources: the soft open-files limit is raised at start, handlers and event streams
//!   are capped, and tiny_http's accept thread is started again if it ends (`listen`).
//! - Nothing is written to disk.
//!
//! - Memory: the pages are rendered at each request from the site held (`pages`), as a
//!   build renders them; the other generated files are held compressed, each in an
//!   allocation of its own size, and unpacked at each request (`packed`); after a full
//!   build and a search index, freed memory is given back to the system (`memory`).
//!
//! Files: `mod.rs` the lifecycle (start, stop); `state` the files shared between
//! threads; `packed` compressed files; `pages` pages rendered at each request;
//! `builder` the incremental rebuilds; `memory` giving freed memory back; `watch` file events
//! and their batching;
//! `listen` accepting connections and bounding handlers; `http` requests and replies;
//! `mime` content types; `events` the live-reload streams.
//! What it prints goes through [`crate::console`], as the command line's does.

mod builder;
mod events;
mod http;
mod listen;
mod memory;
mod mime;
mod packed;
mod pages;
mod state;
mod watch;

use crate::diagnostics::Failure;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

use builder::Builder;
use events::Clients;
use state::Served;
use watch::Signal;

/// Settings of `ladder serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: String,
    /// The port to listen on; 0 picks any free one.
    pub port: u16,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

/// A running server: its address, and a handle to stop it. Dropping it stops it too.
pub struct Running {
    /// Where the site is served.
    pub addr: SocketAddr,
    /// Tells the dispatcher to stop.
    halt: Arc<AtomicBool>,
    served: Arc<RwLock<Served>>,
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
        self.halt.store(true, Ordering::SeqCst);
        if let Ok(control) = self.control.lock() {
            let _ = control.send(Signal::Stop);
        }
        self.clients.close_all();
    }

    /// How many full builds have been served (the first one included).
    pub fn full_builds(&self) -> u64 {
        self.served.read().map_or(0, |s| s.builds)
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
pub fn serve(options: &ServeOptions) -> Result<(), Failure> {
    #[cfg(unix)]
    listen::raise_open_files_limit();
    listen::quiet_tiny_http_panics();
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
pub fn start(options: &ServeOptions) -> Result<Running, Failure> {
    // Watcher events carry absolute paths; compare them with an absolute root.
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        Failure::Io(format!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        ))
    })?;
    let socket = std::net::TcpListener::bind((options.bind.as_str(), options.port))
        .map_err(|e| {
            Failure::Io(if e.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "port {} on {} is already in use; pick another with --port, or --port 0 for any free one",
                    options.port, options.bind
                )
            } else {
                format!("cannot listen on {}:{}: {e}", options.bind, options.port)
            })
        })?;
    let addr = socket
        .local_addr()
        .map_err(|e| Failure::Io(format!("the server has no address: {e}")))?;
    let listener = listen::Listener::new(socket).map_err(|e| {
        Failure::Io(format!(
            "cannot listen on {}:{}: {e}",
            options.bind, options.port
        ))
    })?;

    let served = Arc::new(RwLock::new(Served::new(&root)));
    let clients = Arc::new(Clients::default());
    let mut builder = Builder::new(&root);
    builder.full(&served, &clients);

    let (tx, rx) = mpsc::channel();
    let control = tx.clone();
    let watcher = watch::watch(&root, tx)?;
    {
        let served = Arc::clone(&served);
        let clients = Arc::clone(&clients);
        thread::spawn(move || watch::rebuild_loop(builder, watcher, rx, &served, &clients));
    }
    let halt = Arc::new(AtomicBool::new(false));
    {
        let halt = Arc::clone(&halt);
        let served = Arc::clone(&served);
        let clients = Arc::clone(&clients);
        thread::spawn(move || listen::dispatch(listener, &halt, &served, &clients));
    }
    Ok(Running {
        addr,
        halt,
        served,
        clients,
        control: Mutex::new(control),
        stopped: AtomicBool::new(false),
    })
}

/// Opens `url` with the system's opener, or says where to go.
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
