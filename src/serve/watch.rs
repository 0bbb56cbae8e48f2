//! File watching: which paths matter, and batching a burst of events into one rebuild.

use crate::diagnostics::Failure;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::builder::Builder;
use super::events::Clients;
use super::state::Served;
use crate::content::is_ignored;

/// How long the watcher waits for a burst of file events to settle.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(30);
/// How long edits must pause before the search index is rebuilt after page edits.
pub(crate) const SEARCH_DELAY: Duration = Duration::from_millis(250);
/// How long a changed page that is empty is waited for before it is built as it is.
const EMPTY_GRACE: Duration = Duration::from_millis(500);
/// The folders of a site that the watcher covers, with `site.toml`.
const WATCHED: [&str; 5] = ["content", "templates", "themes", "static", "i18n"];

/// The content folder `site.toml` names, relative to `root` (empty for the site folder
/// itself); `content` when it cannot be read, for the build to report why.
fn content_dir(root: &Path) -> String {
    crate::config::Config::load(root).map_or_else(|_| "content".into(), |c| c.content_dir)
}

/// The content folders of a multilingual site's languages other than [`content_dir`],
/// relative to `root`.
fn language_dirs(root: &Path) -> Vec<String> {
    crate::config::Config::load(root).map_or_else(
        |_| Vec::new(),
        |c| {
            c.languages
                .values()
                .filter_map(|l| l.content_dir.clone())
                .filter(|d| *d != c.content_dir)
                .collect()
        },
    )
}

/// Starts watching the site folder `root`, sending every change to `tx`.
pub(super) fn watch(
    root: &Path,
    tx: Sender<Signal>,
) -> Result<notify::RecommendedWatcher, Failure> {
    let content = content_dir(root);
    let languages = language_dirs(root);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !matches!(event.kind, notify::EventKind::Access(_)) {
                for path in event.paths {
                    let _ = tx.send(Signal::Changed(path));
                }
            }
        }
    })
    .map_err(|e| Failure::Io(format!("cannot watch files: {e}")))?;
    // The root itself only for site.toml and for the folders appearing; never public/,
    // target/ or anything else that may sit in a site folder.
    // A vault is its own content folder: then everything in it is watched, and
    // `is_watched` leaves out the output.
    let mode = if content.is_empty() {
        RecursiveMode::Recursive
    } else {
        RecursiveMode::NonRecursive
    };
    watcher
        .watch(root, mode)
        .map_err(|e| Failure::Io(format!("cannot watch {}: {e}", root.display())))?;
    let dirs = [content.as_str()]
        .into_iter()
        .chain(languages.iter().map(String::as_str));
    for dir in WATCHED.iter().copied().chain(dirs) {
        if dir.is_empty() || (dir == "content" && content != "content") {
            continue;
        }
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Failure::Io(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    Ok(watcher)
}

/// What the watcher thread hears.
pub(super) enum Signal {
    /// Something changed at this path.
    Changed(PathBuf),
    /// The server is stopping.
    Stop,
}

/// Waits for file events, lets a burst settle, rebuilds and signals browsers.
pub(super) fn rebuild_loop(
    mut builder: Builder,
    mut watcher: notify::RecommendedWatcher,
    rx: Receiver<Signal>,
    served: &Arc<RwLock<Served>>,
    clients: &Clients,
) {
    let mut search_behind = false;
    let content = content_dir(&builder.root);
    let languages = language_dirs(&builder.root);
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
        let mut waited = Duration::ZERO;
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(Signal::Changed(path)) => changed.push(path),
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                // A page read between an editor's truncate and its write is empty: give
                // the write a moment before taking the page as empty.
                Err(RecvTimeoutError::Timeout)
                    if waited < EMPTY_GRACE && changed.iter().any(|p| is_empty_page(p)) =>
                {
                    waited += DEBOUNCE;
                }
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        // A watched folder created (or re-created) after the start is watched from now on.
        for path in &changed {
            if path.parent() == Some(builder.root.as_path())
                && (WATCHED.iter().any(|d| path.ends_with(d)) || path.ends_with(&content))
                && path.is_dir()
            {
                let _ = watcher.watch(path, RecursiveMode::Recursive);
            }
        }
        changed.retain(|p| {
            let root = &builder.root;
            is_watched(root, &content, p) || languages.iter().any(|d| is_watched(root, d, p))
        });
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        let outcome = builder.apply(&changed, served, clients);
        search_behind = outcome.search_behind || (search_behind && !outcome.rebuilt_all);
        if let Some(event) = outcome.event {
            let id = served
                .read()
                .map_or_else(|_| String::new(), |s| s.event_id());
            clients.broadcast(&id, event, "");
            clients.broadcast(&id, "ok", "");
        }
    }
}

/// Whether `path` is a Markdown file with nothing in it.
fn is_empty_page(path: &Path) -> bool {
    let markdown = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    markdown && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0)
}

/// Whether a change at `path` can affect the site whose content folder is `content`.
fn is_watched(root: &Path, content: &str, path: &Path) -> bool {
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
        Some(dir) if WATCHED.contains(&dir) && dir != "content" => true,
        // A vault's own folder holds its output too, which is never content.
        Some("public") if content.is_empty() => false,
        Some(_) if content.is_empty() => true,
        Some(_) => relative.starts_with(content),
        None => false,
    }
}
