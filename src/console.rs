//! What ladder prints to the terminal, for the command line and the dev server alike:
//! whether to colour it, diagnostics (for people with their source lines, or JSON Lines),
//! counts in words, and where summary lines go.
//!
//! - Colour only when stderr is a terminal and `NO_COLOR` is not set (to anything, even
//!   an empty value): diagnostics and errors go to stderr, so its terminal decides.
//! - For people, problems go to stderr; as JSON they go to stdout, one object a line, and
//!   summaries then go to stderr so that stdout holds nothing but JSON.
//! - A reader that stops early (`ladder check --format json | head`) ends the output:
//!   ladder exits quietly, as a command killed by its pipe would, instead of panicking.

use std::ffi::OsStr;
use std::fmt::Display;
use std::io::{ErrorKind, IsTerminal, Write};
use std::path::Path;

use crate::diagnostics::{Diagnostics, SourceLines};

/// Bold red, for the word "error" in a failure message.
const RED: &str = "\x1b[1;31m";
/// Ends a colour.
const RESET: &str = "\x1b[0m";

/// Prints `text` and a line end on stdout. A closed pipe means nobody reads any more, so
/// the process ends there with success; any other failure to write is ignored, as a
/// terminal that cannot show a line has nobody to tell.
pub fn out(text: impl Display) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Whether output should be coloured: stderr is a terminal and `NO_COLOR` is unset.
pub fn color_wanted() -> bool {
    color_for(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

/// The colour rule on its own, so it can be tested without a terminal or the environment.
fn color_for(stderr_is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    stderr_is_terminal && no_color.is_none()
}

/// Prints a failure that is not about content (I/O, usage) on stderr: "error: …".
pub fn print_error(message: &str, color: bool) {
    let (red, reset) = if color { (RED, RESET) } else { ("", "") };
    eprintln!("{red}error{reset}: {message}");
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: each problem with its source line, on stderr.
    Human,
    /// JSON Lines: one object per problem, on stdout.
    Json,
}

/// Prints diagnostics and summary lines in one [`Format`].
///
/// It caches the source files it quotes: make a new one for each build, since files
/// change between builds.
#[derive(Debug)]
pub struct Printer {
    format: Format,
    color: bool,
    sources: SourceLines,
}

impl Printer {
    /// A printer quoting source lines from the site folder `root`.
    pub fn new(format: Format, color: bool, root: &Path) -> Printer {
        Printer {
            format,
            color,
            sources: SourceLines::new(root),
        }
    }

    /// The format it prints in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether it colours what it prints.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Human: each problem with its source line on stderr. JSON: one line each on stdout.
    pub fn diagnostics(&mut self, diagnostics: &Diagnostics) {
        for d in diagnostics.iter() {
            match self.format {
                Format::Human => eprintln!("{}\n", self.sources.render(d, self.color)),
                Format::Json => out(d.to_json()),
            }
        }
    }

    /// The closing summary: on stdout for a human reading a success, else on stderr, so
    /// that JSON output holds nothing but JSON.
    pub fn summary(&self, line: &str, success: bool) {
        if success && self.format == Format::Human {
            out(line);
        } else {
            eprintln!("{line}");
        }
    }

    /// Prints a failure that is not about content, coloured as the printer is.
    pub fn error(&self, message: &str) {
        print_error(message, self.color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_needs_a_terminal() {
        assert!(color_for(true, None));
        assert!(!color_for(false, None));
    }

    #[test]
    fn no_color_turns_colour_off_whatever_its_value() {
        for value in ["1", "0", "false", ""] {
            assert!(
                !color_for(true, Some(OsStr::new(value))),
                "NO_COLOR={value:?}"
            );
            assert!(!color_for(false, Some(OsStr::new(value))));
        }
    }
}
