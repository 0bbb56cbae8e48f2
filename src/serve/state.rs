//! What the server shares between threads: the files of the last good build, and the
//! problems of the last failed one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, SourceLines};
use crate::output::Contents;

/// The built site as served: output path → contents.
pub(super) type Files = HashMap<String, Contents>;

/// What request handlers read and the rebuilder replaces.
pub(super) struct Served {
    /// The site folder, canonical: static files must resolve inside it.
    pub(super) root: PathBuf,
    /// Output path → contents of the last good build.
    pub(super) files: Files,
    /// The problems of the last build, when it failed.
    pub(super) problems: Option<Vec<Problem>>,
    /// Static files already reported as leading outside the site.
    pub(super) refused: HashSet<String>,
    /// Output paths of the search index files now served.
    pub(super) search_paths: Vec<String>,
    /// Counts full builds: a search index computed before the last one is stale.
    pub(super) builds: u64,
    /// Changes whenever what is served changes; with [`Served::boot`] it is the id of
    /// every event, so a browser that reconnects can tell whether it missed a change.
    pub(super) version: u64,
    /// Differs between runs of the server, so a restarted server is a change too.
    pub(super) boot: u64,
}

/// One problem of a failed build as browsers get it: the terminal's rendering (source
/// line, caret and help included) and its parts.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Problem {
    /// `error` or `warning`.
    pub(super) severity: &'static str,
    /// The diagnostic code, e.g. `broken-link`; empty for a problem that is not about content.
    pub(super) code: String,
    /// The file, relative to the site folder, when known.
    pub(super) file: Option<String>,
    /// 1-based line and column, when known.
    pub(super) line: Option<usize>,
    pub(super) column: Option<usize>,
    pub(super) message: String,
    /// The text of the line the problem is on.
    pub(super) source: Option<String>,
    /// What may fix it ("did you mean …").
    pub(super) help: Option<String>,
    /// Everything above as the terminal shows it, without colour.
    pub(super) text: String,
}

impl Problem {
    /// A diagnostic, quoting its line from `sources`.
    pub(super) fn of(d: &Diagnostic, sources: &mut SourceLines) -> Problem {
        let source = d
            .line
            .and_then(|line| sources.line(&d.file, line))
            .map(str::to_string);
        Problem {
            severity: if d.is_error() { "error" } else { "warning" },
            code: d.code.to_string(),
            file: Some(d.file.display().to_string()),
            line: d.line,
            column: d.line.and(d.column.or(Some(1))),
            message: d.message.clone(),
            help: d.help.clone(),
            text: d.render_with(source.as_deref(), false),
            source,
        }
    }

    /// A failure that is not about one place in the content (a folder that cannot be read).
    pub(super) fn other(message: &str) -> Problem {
        Problem {
            severity: "error",
            code: String::new(),
            file: None,
            line: None,
            column: None,
            message: message.to_string(),
            source: None,
            help: None,
            text: message.to_string(),
        }
    }
}

impl Served {
    /// Nothing built yet, for the site folder `root` (canonical).
    pub(super) fn new(root: &Path) -> Served {
        Served {
            root: root.to_path_buf(),
            files: Files::new(),
            problems: None,
            refused: HashSet::new(),
            search_paths: Vec::new(),
            builds: 0,
            version: 0,
            boot: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64),
        }
    }

    /// The id of events sent now: which run of the server, and which version of the site.
    pub(super) fn event_id(&self) -> String {
        format!("{:x}-{}", self.boot, self.version)
    }
}

/// `contents` in an allocation of its own size. Rendered text grows by doubling, so its
/// buffer is up to twice its length, and the allocator keeps a buffer in place when it
/// is shrunk by less than half: only a copy gives the slack back.
pub(super) fn compact(contents: Contents) -> Contents {
    match contents {
        Contents::Bytes(bytes) if bytes.capacity() > bytes.len() => {
            Contents::Bytes(bytes.as_slice().to_vec())
        }
        other => other,
    }
}
