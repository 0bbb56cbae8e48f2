//! One diagnostic type for every problem ladder reports, with file, line and column.

mod code;
mod json;
mod snippet;

pub use code::Code;
pub(crate) use snippet::{display_width, SourceLines};

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported; the build still succeeds.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed and in JSON.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem found in the input, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the problem has one.
    pub column: Option<usize>,
    /// Whether it fails the build.
    pub severity: Severity,
    /// What kind of problem this is.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A suggested fix, such as the closest existing name.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error of kind `code` in `file`, with no known position.
    pub fn error(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            severity: Severity::Error,
            code,
            message: message.into(),
            help: None,
        }
    }

    /// A warning of kind `code` in `file`, with no known position.
    pub fn warning(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the 1-based line, column 1.
    pub fn at_line(self, line: usize) -> Self {
        self.at(line, 1)
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The location as editors read it: `file:line:column`, or less when unknown.
    pub fn location(&self) -> String {
        let mut location = self.file.display().to_string();
        if let Some(line) = self.line {
            location.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                location.push_str(&format!(":{column}"));
            }
        }
        location
    }

    /// Renders the header line and the help, with ANSI colour when `color` is set.
    pub fn render(&self, color: bool) -> String {
        self.render_with(None, color)
    }

    /// Renders the diagnostic like [`Diagnostic::render`], quoting `source` (the text of
    /// its line) under the header with a caret under its column.
    ///
    /// Control characters in the file name, message and help (text from the page itself)
    /// are printed escaped, so that a page cannot send escape sequences to a terminal.
    pub fn render_with(&self, source: Option<&str>, color: bool) -> String {
        let palette = snippet::Palette::new(color, self.severity);
        let mut out = format!(
            "{}{}{}: {}{}[{}]{}: {}",
            palette.bold,
            escape_controls(&self.location()),
            palette.reset,
            palette.tint,
            self.severity.label(),
            self.code,
            palette.reset,
            escape_controls(&self.message)
        );
        let gutter = match (self.line, source) {
            (Some(line), Some(text)) => {
                let column = self.column.unwrap_or(1);
                out.push_str(&snippet::quote(line, column, text, &palette));
                line.to_string().len()
            }
            _ => 1,
        };
        if let Some(help) = &self.help {
            let help = escape_controls(help);
            out.push_str(&format!(
                "\n{:gutter$} {}={} {}help{}: {help}",
                "", palette.gutter, palette.reset, palette.help, palette.reset
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// `text` with control characters but line feeds and tabs written as Rust escapes
/// (`\u{1b}`).
fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if text.chars().all(shown) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out.into()
}

/// The problems collected during a build, reported together at the end.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorts by file and position so reports are stable across runs: done once, where a
    /// run ends and its problems are shown.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, a.code, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message))
        });
        self.items.dedup();
    }

    /// All diagnostics, in the order collected (or sorted).
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Counts as words: "3 errors, 1 warning".
    pub fn summary(&self) -> String {
        use crate::words::plural;
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, more: I) {
        self.items.extend(more);
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(items: I) -> Self {
        Diagnostics {
            items: items.into_iter().collect(),
        }
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Why a run produced nothing.
#[derive(Debug)]
pub enum Failure {
    /// The input has errors; every problem found, warnings included.
    Content(Diagnostics),
    /// The site cannot be read or the output cannot be written (exit code 2).
    Io(String),
}

impl Failure {
    /// The same failure with its problems sorted, for a run that ends with it.
    pub fn sorted(self) -> Failure {
        match self {
            Failure::Content(mut diagnostics) => {
                diagnostics.sort();
                Failure::Content(diagnostics)
            }
            io => io,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Content(diagnostics) => write!(f, "{}", diagnostics.summary()),
            Failure::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Failure {}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Self {
        Failure::Content(diagnostics)
    }
}

/// Converts a byte offset in `text` to a 1-based (line, column in characters).
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Shows `path` relative to `root` when it lies inside it.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_editor_form() {
        let d = Diagnostic::error(
            Code::WrongType,
            "content/tips/x.md",
            "topics must be a list",
        )
        .at(3, 7);
        assert_eq!(
            d.to_string(),
            "content/tips/x.md:3:7: error[wrong-type]: topics must be a list"
        );
    }

    #[test]
    fn diagnostics_collect_extend_and_convert() {
        let error = Diagnostic::error(Code::WrongType, "a.md", "e");
        let warning = Diagnostic::warning(Code::UnknownField, "b.md", "w");
        let mut all: Diagnostics = vec![error.clone()].into();
        all.extend([warning.clone()]);
        assert_eq!((all.error_count(), all.warning_count()), (1, 1));
        let collected: Diagnostics = all.into_iter().filter(|d| !d.is_error()).collect();
        assert_eq!(collected.iter().collect::<Vec<_>>(), [&warning]);
        assert!(Diagnostics::from(error).has_errors());
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé d";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "é" is two bytes; the space after it is column 3.
        assert_eq!(line_col(text, 6), (2, 3));
    }

    #[test]
    fn summary_pluralises() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error(Code::BrokenLink, "a", "x"));
        ds.push(Diagnostic::error(Code::BrokenLink, "a", "y"));
        ds.push(Diagnostic::warning(Code::UnknownField, "a", "z"));
        assert_eq!(ds.summary(), "2 errors, 1 warning");
    }
}
