//! `ladder serve`: builds in memory, serves over tiny_http, watches with notify, and tells
//! browsers over Server-Sent Events when to reload.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use tera::Tera;
use tiny_http::{Header, Request, Response, Server};

use crate::content::is_ignored;
use crate::diagnostics::Diagnostics;
use crate::output::Contents;
use crate::site::{Failure, Options, Site, Update};
use crate::theme::Theme;

/// How long the watcher waits for a burst of file events to settle.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often idle event streams are pinged, so closed tabs are noticed.
const HEARTBEAT: Duration = Duration::from_secs(10);
const EVENTS_PATH: &str = "/__ladder/events";
const SCRIPT_PATH: &str = "/__ladder/live.js";
const LIVE_RELOAD_JS: &str = include_str!("live_reload.js");

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
#[derive(Default)]
struct Served {
    files: Files,
    /// The problems of the last build, when it failed.
    problems: Option<Vec<String>>,
}

/// Open event streams of connected browsers.
#[derive(Default)]
struct Clients {
    senders: Mutex<Vec<Sender<String>>>,
}

impl Clients {
    /// Sends one Server-Sent Event to every open stream, dropping closed ones.
    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        let mut senders = self.senders.lock().unwrap_or_else(|e| e.into_inner());
        senders.retain(|s| s.send(message.clone()).is_ok());
    }

    fn count(&self) -> usize {
        self.senders.lock().map_or(0, |s| s.len())
    }
}

/// A running server: its address, and a handle to stop it (used by tests).
pub struct Running {
    pub addr: SocketAddr,
    server: Arc<Server>,
    clients: Arc<Clients>,
}

impl Running {
    /// Stops accepting requests.
    pub fn stop(&self) {
        self.server.unblock();
    }

    /// How many browsers hold a live-reload stream open.
    pub fn live_clients(&self) -> usize {
        self.clients.count()
    }
}

/// Builds the site, starts the server and the watcher, and serves until stopped.
pub fn serve(options: &ServeOptions) -> Result<(), String> {
    let running = start(options)?;
    println!(
        "Serving the site at http://{}/ (Ctrl-C stops)",
        running.addr
    );
    if options.open {
        open_browser(&format!("http://{}/", running.addr));
    }
    // The server threads do the work; this thread only waits.
    loop {
        thread::park();
    }
}

/// Starts serving in background threads and returns at once.
pub fn start(options: &ServeOptions) -> Result<Running, String> {
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

    // Watcher events carry absolute paths; compare them with an absolute root.
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        format!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        )
    })?;
    let served = Arc::new(RwLock::new(Served::default()));
    let clients = Arc::new(Clients::default());
    let mut builder = Builder::new(&root);
    builder.full(&served, &clients);

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !matches!(event.kind, notify::EventKind::Access(_)) {
                for path in event.paths {
                    let _ = tx.send(path);
                }
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    {
        let served = Arc::clone(&served);
        let clients = Arc::clone(&clients);
        thread::spawn(move || {
            // The watcher lives as long as this thread.
            let _watcher = watcher;
            rebuild_loop(builder, rx, &served, &clients);
        });
    }
    {
        let clients = Arc::clone(&clients);
        thread::spawn(move || loop {
            thread::sleep(HEARTBEAT);
            clients.broadcast("ping", "");
        });
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

/// Keeps the last good site and brings it up to date after edits.
struct Builder {
    root: PathBuf,
    site: Option<Site>,
    theme: Option<(Theme, Tera)>,
}

impl Builder {
    fn new(root: &Path) -> Builder {
        Builder {
            root: root.to_path_buf(),
            site: None,
            theme: None,
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
            let rendered = site.render_with(&theme, &tera)?;
            warnings.extend(rendered.diagnostics);
            Ok((site, theme, tera, rendered.files, warnings))
        });
        match result {
            Ok((site, theme, tera, files, warnings)) => {
                print_diagnostics(&warnings);
                println!(
                    "Built {} pages in {} ms",
                    site.pages.len(),
                    start.elapsed().as_millis()
                );
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                s.files = files.into_iter().map(|f| (f.path, f.contents)).collect();
                s.problems = None;
                self.site = Some(site);
                self.theme = Some((theme, tera));
                true
            }
            Err(failure) => {
                self.report(failure, served, clients);
                false
            }
        }
    }

    /// Applies one batch of changed paths; returns the event browsers should get.
    fn apply(
        &mut self,
        changed: &[PathBuf],
        served: &RwLock<Served>,
        clients: &Clients,
    ) -> Option<&'static str> {
        let start = Instant::now();
        if self.site.is_none() || self.theme.is_none() {
            return self.full(served, clients).then_some("reload");
        }
        if changed.iter().all(|p| is_stylesheet(&self.root, p)) {
            return self.restyle(served, clients).then_some("css");
        }
        let pages: Option<Vec<&PathBuf>> = changed
            .iter()
            .map(|p| is_page(&self.root, p).then_some(p))
            .collect();
        let Some(pages) = pages else {
            return self.full(served, clients).then_some("reload");
        };
        let mut affected = Vec::new();
        for path in pages {
            let site = self.site.as_mut()?;
            match site.reload_page(path) {
                Ok(Update::Pages(list)) => affected.extend(list),
                Ok(Update::Full) => return self.full(served, clients).then_some("reload"),
                Err(problems) => {
                    self.report(Failure::Content(problems), served, clients);
                    return None;
                }
            }
        }
        affected.sort_unstable();
        affected.dedup();
        let site = self.site.as_ref()?;
        let (_, tera) = self.theme.as_ref()?;
        let (files, problems) = site.render_pages(tera, &affected);
        if !problems.is_empty() {
            let mut ds = Diagnostics::default();
            ds.extend(problems);
            self.report(Failure::Content(ds), served, clients);
            return None;
        }
        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
        for file in files.into_iter().chain(site.site_files()) {
            s.files.insert(file.path, file.contents);
        }
        s.problems = None;
        println!(
            "Rebuilt {} page{} in {} ms",
            affected.len(),
            if affected.len() == 1 { "" } else { "s" },
            start.elapsed().as_millis()
        );
        Some("reload")
    }

    /// Re-reads the theme's static files after a stylesheet edit.
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
                s.problems = None;
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

    fn report(&self, failure: Failure, served: &RwLock<Served>, clients: &Clients) {
        let lines: Vec<String> = match failure {
            Failure::Content(ds) => {
                print_diagnostics(&ds);
                eprintln!("{}; still serving the last good build", ds.summary());
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
        let data = tera::Value::from(lines.clone()).to_string();
        served.write().unwrap_or_else(|e| e.into_inner()).problems = Some(lines);
        clients.broadcast("problems", &data);
    }
}

fn print_diagnostics(ds: &Diagnostics) {
    for d in ds.iter() {
        eprintln!("{d}");
    }
}

/// Waits for file events, lets a burst settle, rebuilds and signals browsers.
fn rebuild_loop(
    mut builder: Builder,
    rx: Receiver<PathBuf>,
    served: &RwLock<Served>,
    clients: &Clients,
) {
    while let Ok(first) = rx.recv() {
        let mut changed = vec![first];
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(path) => changed.push(path),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        changed.retain(|p| is_watched(&builder.root, p));
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        if let Some(event) = builder.apply(&changed, served, clients) {
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
    matches!(
        first.as_deref(),
        Some("content" | "templates" | "themes" | "static" | "site.toml")
    )
}

fn is_page(root: &Path, path: &Path) -> bool {
    path.starts_with(root.join("content"))
        && path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

fn is_stylesheet(root: &Path, path: &Path) -> bool {
    (path.starts_with(root.join("static")) || path.starts_with(root.join("themes")))
        && path.is_file()
        && path.extension().is_some_and(|e| e == "css")
}

/// Answers one request from the served files.
fn handle(request: Request, served: &RwLock<Served>, clients: &Clients) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        return stream_events(request, served, clients);
    }
    if path == SCRIPT_PATH {
        let _ = request.respond(with_type(
            Response::from_string(LIVE_RELOAD_JS),
            "text/javascript; charset=utf-8",
        ));
        return;
    }
    let Some(key) = file_key(path) else {
        let _ = request.respond(
            Response::from_string("400 Bad Request: that path is not allowed")
                .with_status_code(400),
        );
        return;
    };
    let s = served.read().unwrap_or_else(|e| e.into_inner());
    let found = s.files.get(&key).map(|c| (key.clone(), c.clone()));
    let (status, key, contents) = match found {
        Some((k, c)) => (200, k, c),
        None if s.files.contains_key(&format!("{key}/index.html")) => {
            drop(s);
            let location = format!("{}/", path.trim_end_matches('/'));
            let response = Response::empty(301).with_header(
                Header::from_bytes("Location", location.as_bytes()).expect("valid header"),
            );
            let _ = request.respond(response);
            return;
        }
        None => match s.files.get("404.html") {
            Some(c) => (404, "404.html".to_string(), c.clone()),
            None => {
                drop(s);
                let _ =
                    request.respond(Response::from_string("404 Not Found").with_status_code(404));
                return;
            }
        },
    };
    drop(s);
    let bytes = match contents {
        Contents::Bytes(b) => b,
        Contents::Copy(source) => match std::fs::read(&source) {
            Ok(b) => b,
            Err(_) => {
                let _ =
                    request.respond(Response::from_string("404 Not Found").with_status_code(404));
                return;
            }
        },
    };
    let content_type = content_type(&key);
    let body = if content_type.starts_with("text/html") {
        inject_script(bytes)
    } else {
        bytes
    };
    let response = Response::from_data(body).with_status_code(status);
    let _ = request.respond(with_type(response, content_type));
}

fn with_type<R: std::io::Read>(response: Response<R>, content_type: &str) -> Response<R> {
    response
        .with_header(Header::from_bytes("Content-Type", content_type).expect("valid header"))
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("valid header"))
}

/// The served file a URL path names, or `None` for paths that try to leave the site.
fn file_key(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
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

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Adds the live-reload script before `</body>`; only `serve` does this.
fn inject_script(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>\n");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The Content-Type for a served file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
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
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Holds an event stream open, writing events as they are broadcast.
fn stream_events(request: Request, served: &RwLock<Served>, clients: &Clients) {
    let (tx, rx) = mpsc::channel::<String>();
    let current = served
        .read()
        .ok()
        .and_then(|s| s.problems.clone())
        .map_or_else(
            || "event: ok\ndata: \n\n".to_string(),
            |lines| format!("event: problems\ndata: {}\n\n", tera::Value::from(lines)),
        );
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.write_all(current.as_bytes()))
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    clients
        .senders
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    // Ends when the browser goes away: the next write fails, the receiver is dropped,
    // and the next broadcast forgets the sender.
    for message in rx {
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            break;
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
