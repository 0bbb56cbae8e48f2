//! Answering requests: which URL paths name a file of the site, reading it from memory
//! or the site folder, the live-reload script, and writing each reply in one write.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use tiny_http::{Method, Request};

use super::events::{stream_events, Clients, EVENTS_PATH, MAX_STREAMS};
use super::mime::content_type;
use super::state::{Held, Problem, Served};
use crate::config::Config;
use crate::walk::{Fence, Refusal};

/// Where pages load the live-reload script from.
const SCRIPT_PATH: &str = "/__ladder/live.js";
/// The live-reload script: listens to the event stream and reloads or restyles the page.
const LIVE_RELOAD_JS: &str = include_str!("live_reload.js");

/// Answers one request from the served files.
pub(super) fn handle(request: Request, served: &RwLock<Served>, clients: &Clients) {
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
        if clients.count() >= MAX_STREAMS {
            return busy(request);
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
        let version = s.event_id();
        drop(s);
        let html = inject_script(problems_page(&problems).into_bytes(), &version);
        return reply(request, 503, HTML, &html, &[]);
    }
    // The version this reply shows, so that its live-reload script knows whether a later
    // event brings anything new.
    let version = s.event_id();
    let found = s.files.get(&key).map(|c| (key.clone(), Found::of(c, &s)));
    let (status, key, found) = match found {
        Some((k, c)) => (200, k, c),
        None if s.files.contains_key(&format!("{key}/index.html")) => {
            drop(s);
            let location = format!("{}/", path.trim_end_matches('/'));
            return reply(request, 301, TEXT, b"", &[("Location", &location)]);
        }
        None => match s.files.get("404.html") {
            Some(c) => (404, "404.html".to_string(), Found::of(c, &s)),
            None => {
                drop(s);
                let html = inject_script(
                    b"<!DOCTYPE html><title>Not found</title><h1>404 Not Found</h1>".to_vec(),
                    &version,
                );
                return reply(request, 404, HTML, &html, &[]);
            }
        },
    };
    let root = s.root.clone();
    drop(s);
    let content_type = content_type(&key);
    let is_html = content_type.starts_with("text/html");
    let body = match found {
        Found::Bytes(Ok(b)) => Body::Memory(b),
        Found::Bytes(Err(e)) => {
            let message = format!("/{key} could not be made: {e}");
            eprintln!("error: {message}");
            if is_html {
                // A page whose template fails on an edit not yet fixed: it reloads once
                // the fix is served.
                let page = problems_page(&[Problem::other(&message)]).into_bytes();
                return reply(request, 500, HTML, &inject_script(page, &version), &[]);
            }
            let body = format!("500 Internal Server Error: {message}");
            return reply(request, 500, TEXT, body.as_bytes(), &[]);
        }
        Found::Copy(source) => match open_inside(&root, &source) {
            // HTML gets the script, so it is read whole; pages are small.
            Ok((mut file, _)) if is_html => {
                let mut bytes = Vec::new();
                if file.read_to_end(&mut bytes).is_err() {
                    return reply(request, 404, TEXT, b"404 Not Found", &[]);
                }
                Body::Memory(bytes)
            }
            Ok((file, len)) => Body::File(file, len),
            Err(Refused::Outside(target)) => {
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                if s.refused.insert(key.clone()) {
                    eprintln!(
                        "warning: not serving /{key}: {} leads outside the site folder (to {}), as `ladder build` refuses it too; list the folder in `allow_links_to` in site.toml to publish it",
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
    let body = match body {
        Body::Memory(bytes) if is_html => Body::Memory(inject_script(bytes, &version)),
        other => other,
    };
    if status != 200 {
        return send(request, status, content_type, body, &[]);
    }
    // Only a found file is offered in parts; a 404 page is always whole.
    let len = body.len();
    match requested_range(&request, len) {
        Range::Whole => send(request, 200, content_type, body, &[ACCEPT_RANGES]),
        Range::Part(from, to) => {
            let range = format!("bytes {from}-{to}/{len}");
            let extra = [ACCEPT_RANGES, ("Content-Range", range.as_str())];
            send(request, 206, content_type, body.part(from, to), &extra)
        }
        Range::Unsatisfiable => {
            let range = format!("bytes */{len}");
            let extra = [ACCEPT_RANGES, ("Content-Range", range.as_str())];
            let body = b"416 Range Not Satisfiable";
            reply(request, 416, TEXT, body, &extra)
        }
    }
}

/// Answers 503 at once: too many requests are being answered.
pub(super) fn busy(request: Request) {
    let body = b"503 Service Unavailable: too many requests at once; try again";
    const TEXT: &str = "text/plain; charset=utf-8";
    reply(request, 503, TEXT, body, &[("Retry-After", "1")]);
}

/// Says that files are offered in parts.
const ACCEPT_RANGES: (&str, &str) = ("Accept-Ranges", "bytes");
/// How much of a file is read and written at a time: what one request holds in memory.
const CHUNK: usize = 64 * 1024;

/// A served file as a request found it: its bytes unpacked or rendered, or where to
/// read it.
enum Found {
    Bytes(Result<Vec<u8>, String>),
    Copy(PathBuf),
}

impl Found {
    /// The bytes of `held` unpacked, or rendered from the site `served` holds, or the
    /// file to read.
    fn of(held: &Held, served: &Served) -> Found {
        match held {
            Held::Bytes(packed) => Found::Bytes(packed.unpack().map_err(|e| e.to_string())),
            Held::Copy(source) => Found::Copy(source.clone()),
            Held::Page(file) => Found::Bytes(match &served.live {
                Some(live) => live.render(*file),
                None => Err("the site is not loaded".into()),
            }),
        }
    }
}

/// The body of a reply: bytes in memory, or an open file read as it is sent.
enum Body {
    Memory(Vec<u8>),
    /// A file and how many bytes of it to send from where it is positioned.
    File(File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Memory(bytes) => bytes.len() as u64,
            Body::File(_, len) => *len,
        }
    }

    /// Bytes `from..=to` of this body (both within it).
    fn part(self, from: u64, to: u64) -> Body {
        match self {
            Body::Memory(bytes) => Body::Memory(bytes[from as usize..=to as usize].to_vec()),
            Body::File(mut file, _) => match file.seek(SeekFrom::Start(from)) {
                Ok(_) => Body::File(file, to - from + 1),
                // Sends nothing rather than the wrong bytes; the length tells the client.
                Err(_) => Body::Memory(Vec::new()),
            },
        }
    }
}

/// What a request's `Range` header asks for, for a body of `len` bytes.
#[derive(Debug, PartialEq)]
enum Range {
    /// No range, or one that is ignored (several ranges, another unit, bad syntax).
    Whole,
    /// Bytes `from..=to`.
    Part(u64, u64),
    /// A range that starts past the end: 416.
    Unsatisfiable,
}

/// Reads the `Range` header: one range is honoured (RFC 9110 §14.2); several are
/// answered with the whole file, which the RFC allows. `If-Range` cannot be checked
/// (no validators are sent), so it means the whole file.
fn requested_range(request: &Request, len: u64) -> Range {
    if header(request, "If-Range").is_some() {
        return Range::Whole;
    }
    header(request, "Range").map_or(Range::Whole, |value| parse_range(value, len))
}

/// The value of a request's header `name`, if it has one.
fn header<'r>(request: &'r Request, name: &'static str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// Parses a `Range` header value against a body of `len` bytes.
fn parse_range(value: &str, len: u64) -> Range {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Range::Whole;
    };
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Whole;
    };
    if spec.contains(',') {
        return Range::Whole;
    }
    // Digits only: `parse` alone would take a `+`.
    let number = |s: &str| -> Option<u64> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        // `-n`: the last n bytes.
        return match number(last) {
            Some(0) => Range::Unsatisfiable,
            Some(_) if len == 0 => Range::Unsatisfiable,
            Some(suffix) => Range::Part(len.saturating_sub(suffix), len - 1),
            None => Range::Whole,
        };
    }
    let Some(from) = number(first) else {
        return Range::Whole;
    };
    let to = if last.is_empty() {
        None
    } else {
        match number(last) {
            Some(to) if to >= from => Some(to),
            _ => return Range::Whole,
        }
    };
    if from >= len {
        return Range::Unsatisfiable;
    }
    Range::Part(from, to.map_or(len - 1, |to| to.min(len - 1)))
}

/// Writes a whole response with one write. (Answering through tiny_http's `Response`
/// writes the head and the body apart; with Nagle's algorithm and delayed ACKs that
/// costs ~40 ms per file on loopback, which made every reload slow.)
fn reply(request: Request, status: u16, content_type: &str, body: &[u8], extra: &[(&str, &str)]) {
    send(
        request,
        status,
        content_type,
        Body::Memory(body.to_vec()),
        extra,
    );
}

/// Writes a response: the head and the start of the body in one write, then a file's
/// rest [`CHUNK`] by [`CHUNK`], so a large file never sits whole in memory.
fn send(request: Request, status: u16, content_type: &str, body: Body, extra: &[(&str, &str)]) {
    let reason = match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    };
    let mut head = Vec::with_capacity(256);
    let _ = write!(
        head,
        "HTTP/1.1 {status} {reason}\r\nServer: ladder\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n",
        body.len()
    );
    for (name, value) in extra {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    // Every reply closes its connection. tiny_http reads each connection on a thread of
    // a pool that starts with four; a burst of more new connections than it has idle
    // threads leaves the rest unread until a connection ends, and with keep-alive that
    // is when the browser drops an idle one: a page with five scripts and stylesheets
    // never finished loading. A closed connection frees its thread at once.
    head.extend_from_slice(b"Connection: close\r\n");
    head.extend_from_slice(b"\r\n");
    let is_head = *request.method() == Method::Head;
    let mut writer = BufWriter::with_capacity(CHUNK, request.into_writer());
    let result = writer.write_all(&head).and_then(|_| match body {
        _ if is_head => Ok(()),
        Body::Memory(bytes) => writer.write_all(&bytes),
        Body::File(file, len) => {
            let sent = std::io::copy(&mut file.take(len), &mut writer)?;
            if sent < len {
                // The file shrank while being sent: the reply cannot be finished, so the
                // connection must not carry another one.
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            Ok(())
        }
    });
    let _ = result.and_then(|_| writer.flush());
}

/// Why a static file was not read.
enum Refused {
    /// It resolves (through symbolic links) to this path outside the site folder.
    Outside(PathBuf),
    Unreadable,
}

/// Opens a file of the site, refusing one that resolves to a place outside `root` and
/// the folders its `site.toml` allows, as a build does; returns it with its length. The
/// settings are read at each request, so an edit of `allow_links_to` applies at once;
/// unreadable, none are allowed.
fn open_inside(root: &Path, source: &Path) -> Result<(File, u64), Refused> {
    let allowed = Config::load(root).map_or_else(|_| Vec::new(), |c| c.allow_links_to);
    let real = match Fence::new(root, &allowed).resolve(source) {
        Ok(real) => real,
        Err(Refusal::Outside(target)) => return Err(Refused::Outside(target)),
        Err(_) => return Err(Refused::Unreadable),
    };
    let file = File::open(&real).map_err(|_| Refused::Unreadable)?;
    let len = file.metadata().map_err(|_| Refused::Unreadable)?.len();
    Ok((file, len))
}

/// A page listing build problems, served while there is no good build at all.
fn problems_page(problems: &[Problem]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>ladder: the site does not build</title></head>\n<body>\n<h1>The site does not build yet</h1>\n",
    );
    for p in problems {
        html.push_str("<pre>");
        html.push_str(&crate::html::escape(&p.text));
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
        // A colon is allowed (`build` publishes such names) except in a first segment
        // that reads as a drive (`C:`), which Windows would resolve outside the site.
        let drive = i == 0 && segment.len() == 2 && segment.ends_with(':');
        if empty_inside || *segment == ".." || *segment == "." || drive {
            return None;
        }
    }
    let mut key = inner.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

/// Adds the live-reload script before the last `</body>`, with the version of the site
/// the page was served from; only `serve` does this.
fn inject_script(mut html: Vec<u8>, version: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\"></script>\n");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.bytes());
    html
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
            "/c:",
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
        assert_eq!(file_key("/a:b.txt").as_deref(), Some("a:b.txt"));
        assert_eq!(file_key("/t/C:/x").as_deref(), Some("t/C:/x"));
    }

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        for (value, expected) in [
            ("bytes=0-9", Range::Part(0, 9)),
            ("bytes=5-", Range::Part(5, 99)),
            ("bytes=-10", Range::Part(90, 99)),
            ("bytes=-1000", Range::Part(0, 99)),
            ("bytes=90-1000", Range::Part(90, 99)),
            ("bytes=100-", Range::Unsatisfiable),
            ("bytes=-0", Range::Unsatisfiable),
            ("bytes=9-5", Range::Whole),
            ("bytes=0-1,3-4", Range::Whole),
            ("bytes=+1-2", Range::Whole),
            ("bytes=a-", Range::Whole),
            ("items=0-9", Range::Whole),
            ("bytes=", Range::Whole),
        ] {
            assert_eq!(parse_range(value, 100), expected, "{value}");
        }
        assert_eq!(parse_range("bytes=0-", 0), Range::Unsatisfiable);
    }

    #[test]
    fn script_goes_before_body_end() {
        let html = inject_script(b"<html><body><p>x</p></body></html>".to_vec(), "1-2");
        assert!(String::from_utf8(html).unwrap().contains(
            "<p>x</p><script src=\"/__ladder/live.js\" data-version=\"1-2\"></script>\n</body>"
        ));
    }
}
