//! Answering requests: which URL paths name a file of the site, reading it from memory
//! or the site folder, the live-reload script, and writing each reply in one write.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use tiny_http::{HTTPVersion, Method, Request};

use super::events::{stream_events, Clients, EVENTS_PATH};
use super::mime::content_type;
use super::state::Served;
use crate::config::Config;
use crate::output::Contents;
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

/// Reads a file of the site, refusing one that resolves to a place outside `root` and
/// the folders its `site.toml` allows, as a build does. The settings are read at each
/// request, so an edit of `allow_links_to` applies at once; unreadable, none are allowed.
fn read_inside(root: &Path, source: &Path) -> Result<Vec<u8>, Refused> {
    let allowed = Config::load(root).map_or_else(|_| Vec::new(), |c| c.allow_links_to);
    let real = match Fence::new(root, &allowed).resolve(source) {
        Ok(real) => real,
        Err(Refusal::Outside(target)) => return Err(Refused::Outside(target)),
        Err(_) => return Err(Refused::Unreadable),
    };
    std::fs::read(&real).map_err(|_| Refused::Unreadable)
}

/// A page listing build problems, served while there is no good build at all.
fn problems_page(problems: &[String]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>ladder: the site does not build</title></head>\n<body>\n<h1>The site does not build yet</h1>\n",
    );
    for p in problems {
        html.push_str("<pre>");
        html.push_str(&crate::html::escape(p));
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
