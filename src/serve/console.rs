//! What the dev server prints about problems: diagnostics with their source lines, in
//! colour on a terminal, and the summary of a failed build. Kept apart so that one
//! shared console for every command can take its place.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, SourceLines};

/// Prints diagnostics of the site at `root` to standard error.
pub(super) struct Console {
    root: PathBuf,
    color: bool,
}

impl Console {
    /// A console for the site at `root`, in colour when standard error is a terminal
    /// and `NO_COLOR` is not set.
    pub(super) fn new(root: &Path) -> Console {
        Console {
            root: root.to_path_buf(),
            color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    /// Prints each diagnostic with its source lines.
    pub(super) fn print(&self, ds: &Diagnostics) {
        let mut sources = SourceLines::new(&self.root);
        for d in ds.iter() {
            eprintln!("{}\n", sources.render(d, self.color));
        }
    }

    /// Prints a failed build's problems and their summary, saying what is `kept` served.
    pub(super) fn print_failure(&self, ds: &Diagnostics, kept: &str) {
        self.print(ds);
        eprintln!("{}; {kept}", ds.summary());
    }

    /// Prints why the site could not be read at all.
    pub(super) fn print_io_error(&self, message: &str) {
        eprintln!("error: {message}");
    }
}
