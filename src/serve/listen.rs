//! Accepting connections: tiny_http's accept thread, watched and started again when it
//! stops, and the handler threads, bounded.
//!
//! tiny_http ends its accept thread for good on the first failed `accept` (or panics in
//! it when duplicating a socket fails), which running out of open files causes. The
//! listening socket is ours, shared with tiny_http, so the port stays bound while a new
//! accept thread is started on it.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::Duration;

use tiny_http::{Request, Server};

use super::events::Clients;
use super::http;
use super::state::Served;

/// How long the dispatcher waits for a request before checking on the accept thread.
const CHECK_EVERY: Duration = Duration::from_millis(250);
/// Requests handled at once; beyond it, a request is answered 503 at once. Each handler
/// holds a thread and up to [`http`]'s chunk of memory.
pub(super) const MAX_HANDLERS: usize = 512;

/// A listening socket and the tiny_http server accepting on (a copy of) it.
pub(super) struct Listener {
    socket: TcpListener,
    server: Server,
    /// Identifies tiny_http's copy of the socket, to tell whether its thread still runs.
    #[cfg(unix)]
    copy: CopyId,
}

impl Listener {
    /// Serves on `socket`.
    pub(super) fn new(socket: TcpListener) -> std::io::Result<Listener> {
        let (server, copy) = accept_on(&socket)?;
        Ok(Listener {
            socket,
            server,
            #[cfg(unix)]
            copy,
        })
    }

    /// Whether tiny_http's accept thread has ended: its copy of the socket is closed.
    fn accept_thread_ended(&self) -> bool {
        #[cfg(unix)]
        if let Some(copy) = &self.copy {
            return !copy.is_open();
        }
        false
    }

    /// Starts a new accept thread on the same socket, replacing the ended one.
    fn restart(&mut self) -> std::io::Result<()> {
        let (server, copy) = accept_on(&self.socket)?;
        let old = std::mem::replace(&mut self.server, server);
        // Dropping a tiny_http server connects to it, to wake its accept thread; with
        // that thread gone and the queue of pending connections full, the connect waits
        // until the new thread empties it, so the old server is dropped aside.
        let _ = thread::Builder::new().spawn(move || drop(old));
        #[cfg(unix)]
        {
            self.copy = copy;
        }
        #[cfg(not(unix))]
        let () = copy;
        Ok(())
    }
}

/// What identifies tiny_http's copy of the socket, where that can be told.
#[cfg(unix)]
type CopyId = Option<SocketCopy>;
#[cfg(not(unix))]
type CopyId = ();

/// A tiny_http server accepting on a copy of `socket`.
fn accept_on(socket: &TcpListener) -> std::io::Result<(Server, CopyId)> {
    let copy = socket.try_clone()?;
    #[cfg(unix)]
    let id = SocketCopy::of(socket, &copy);
    #[cfg(not(unix))]
    let id = ();
    let server =
        Server::from_listener(copy, None).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok((server, id))
}

/// tiny_http's copy of the listening socket, by descriptor and by identity: once its
/// accept thread ends, the descriptor is closed or reused for another file.
#[cfg(unix)]
struct SocketCopy {
    fd: std::os::fd::RawFd,
    identity: (u64, u64),
}

#[cfg(unix)]
impl SocketCopy {
    fn of(socket: &TcpListener, copy: &TcpListener) -> Option<SocketCopy> {
        use std::os::fd::AsRawFd;
        Some(SocketCopy {
            fd: copy.as_raw_fd(),
            identity: identity(socket.as_raw_fd())?,
        })
    }

    fn is_open(&self) -> bool {
        identity(self.fd) == Some(self.identity)
    }
}

/// The device and inode of an open descriptor.
#[cfg(unix)]
fn identity(fd: std::os::fd::RawFd) -> Option<(u64, u64)> {
    let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstat only writes into `stat`, and fails cleanly on a closed descriptor.
    if unsafe { libc::fstat(fd, stat.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: fstat succeeded, so it filled `stat`.
    let stat = unsafe { stat.assume_init() };
    #[allow(clippy::unnecessary_cast)] // their types differ between platforms
    Some((stat.st_dev as u64, stat.st_ino as u64))
}

/// Hands every request to a handler thread, until `stop` is set; starts the accept
/// thread again whenever it ends, saying so once per outage.
pub(super) fn dispatch(
    mut listener: Listener,
    stop: &AtomicBool,
    served: &Arc<RwLock<Served>>,
    clients: &Arc<Clients>,
) {
    let active = Arc::new(AtomicUsize::new(0));
    let mut reported = false;
    while !stop.load(Ordering::SeqCst) {
        let ended = match listener.server.recv_timeout(CHECK_EVERY) {
            Ok(Some(request)) => {
                reported = false;
                handle(request, &active, served, clients);
                continue;
            }
            Ok(None) => {
                if !listener.accept_thread_ended() {
                    continue;
                }
                // It panicked: tiny_http does when it cannot duplicate a new connection's
                // socket, which only fails for want of file descriptors.
                "no file descriptor left for a new connection".to_string()
            }
            // tiny_http passes on the error that ended its accept thread.
            Err(e) => e.to_string(),
        };
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if !reported {
            eprintln!(
                "warning: the server stopped accepting connections ({ended}); listening again"
            );
            reported = true;
        }
        // Give connections time to close: what ended it (no file descriptors left) may
        // end a new accept thread at once.
        thread::sleep(CHECK_EVERY);
        // When no copy of the socket can be made now, the next round tries again.
        let _ = listener.restart();
    }
}

/// Answers `request` in a thread of its own, or at once with 503 when too many are
/// being answered or no thread can be started.
fn handle(
    request: Request,
    active: &Arc<AtomicUsize>,
    served: &Arc<RwLock<Served>>,
    clients: &Arc<Clients>,
) {
    if active.fetch_add(1, Ordering::SeqCst) >= MAX_HANDLERS {
        active.fetch_sub(1, Ordering::SeqCst);
        return http::busy(request);
    }
    let guard = Active(Arc::clone(active));
    let served = Arc::clone(served);
    let clients = Arc::clone(clients);
    // A request that cannot get a thread is dropped, and tiny_http answers it with 500.
    let _ = thread::Builder::new().spawn(move || {
        let _guard = guard;
        http::handle(request, &served, &clients);
    });
}

/// Counts a running handler until it ends, however it ends.
struct Active(Arc<AtomicUsize>);

impl Drop for Active {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Keeps tiny_http's panics off the terminal: its accept thread panics when it cannot
/// duplicate a socket (no descriptors left), which [`dispatch`] notices and reports in
/// its own words before starting a new one. Other panics print as before.
pub(super) fn quiet_tiny_http_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_tiny_http = info
            .location()
            .is_some_and(|l| l.file().contains("tiny_http"));
        if !in_tiny_http {
            previous(info);
        }
    }));
}

/// Raises the soft limit on open files to the hard limit: each connection costs two
/// descriptors, and the usual soft limit (256 on macOS, 1,024 on Linux) runs out with a
/// few hundred connections. Returns the new limit when it was raised.
#[cfg(unix)]
pub(super) fn raise_open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write `limit`.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    // macOS refuses more than OPEN_MAX (10,240) per process, whatever the hard limit says.
    let wanted = if cfg!(target_os = "macos") {
        limit.rlim_max.min(10_240)
    } else {
        limit.rlim_max
    };
    if limit.rlim_cur >= wanted {
        return None;
    }
    limit.rlim_cur = wanted;
    // SAFETY: as above.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
        return None;
    }
    #[allow(clippy::unnecessary_cast)] // rlim_t differs between platforms
    Some(wanted as u64)
}
