//! Live reload: browsers hold a Server-Sent Events stream open on [`EVENTS_PATH`], and
//! every build's outcome is broadcast to them.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use tiny_http::{HTTPVersion, Request};

use super::state::Served;

/// How often an idle event stream gets a comment line, so a closed tab is noticed.
const KEEPALIVE: Duration = Duration::from_secs(3);
/// How long a stream lives without an event: a browser that went away without closing
/// its connection (a laptop asleep, a network gone) holds it no longer than this.
const IDLE: Duration = Duration::from_secs(300);
/// Event streams open at once; more are answered 503 (a browser tab holds one).
pub(super) const MAX_STREAMS: usize = 128;
/// Where browsers open their event stream.
pub(super) const EVENTS_PATH: &str = "/__ladder/events";

/// Open event streams of connected browsers.
#[derive(Default)]
pub(super) struct Clients {
    streams: Mutex<Vec<(u64, Sender<String>)>>,
    next_id: AtomicU64,
}

impl Clients {
    /// Sends one Server-Sent Event to every open stream; `id` is the served version's.
    pub(super) fn broadcast(&self, id: &str, event: &str, data: &str) {
        let message = message(id, event, data);
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
    pub(super) fn close_all(&self) {
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// How many streams are open.
    pub(super) fn count(&self) -> usize {
        self.streams.lock().map_or(0, |s| s.len())
    }
}

/// One event as the stream carries it.
fn message(id: &str, event: &str, data: &str) -> String {
    format!("id: {id}\nevent: {event}\ndata: {data}\n\n")
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

/// Holds an event stream open, writing events as they are broadcast.
///
/// HTTP/1.1 streams are chunked, so the response is well framed and ends cleanly when
/// the server stops; HTTP/1.0 streams end by closing the connection. An idle stream
/// gets a comment line every [`KEEPALIVE`]: writing to a closed tab fails, and the
/// stream ends and unregisters instead of lingering.
pub(super) fn stream_events(request: Request, served: &RwLock<Served>, clients: &Clients) {
    let chunked = *request.http_version() >= HTTPVersion(1, 1);
    // Register before reading the state, so no broadcast falls in between.
    let (id, rx) = clients.register();
    let _registration = Registration { clients, id };
    let current = {
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        let id = s.event_id();
        match &s.problems {
            None => message(&id, "ok", ""),
            Some(problems) => {
                let data = serde_json::to_string(problems).unwrap_or_else(|_| "[]".into());
                message(&id, "problems", &data)
            }
        }
    };
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
    let mut last_event = Instant::now();
    loop {
        let result = match rx.recv_timeout(KEEPALIVE) {
            Ok(message) => {
                last_event = Instant::now();
                send(&mut writer, &message)
            }
            // Ended like the server stopping; the browser reconnects at once if it is
            // still there, and reloads only if it missed a change (the event id says).
            Err(RecvTimeoutError::Timeout) if last_event.elapsed() >= IDLE => break,
            Err(RecvTimeoutError::Timeout) => send(&mut writer, ": keepalive\n\n"),
            // The server is stopping.
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if result.is_err() {
            return;
        }
    }
    // End the response properly.
    if chunked {
        let _ = writer.write_all(b"0\r\n\r\n").and_then(|_| writer.flush());
    }
}
