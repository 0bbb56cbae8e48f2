//! Quoting the source line a diagnostic points at, with a caret under its column.
//!
//! Lines are read from disk only when a diagnostic is printed, so finding problems
//! never pays for keeping source text around.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Severity;

/// A line longer than this many terminal cells is shown as a window around the column.
const MAX_QUOTE_CELLS: usize = 100;
/// How many cells of the window come before the column.
const CELLS_BEFORE: usize = 40;
/// Cells a tab is shown as; the caret line uses the same, so it stays aligned.
const TAB_CELLS: usize = 4;

/// The site's files, read when a diagnostic first quotes one of them.
#[derive(Debug)]
pub(crate) struct SourceLines {
    root: PathBuf,
    /// File (as the diagnostic names it) → its text and where each line starts, or
    /// `None` when it cannot be read. The starts make quoting many lines of one large
    /// file linear.
    files: HashMap<PathBuf, Option<(String, Vec<usize>)>>,
}

impl SourceLines {
    /// Reads files relative to the site folder `root`.
    pub(crate) fn new(root: &Path) -> SourceLines {
        SourceLines {
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The text of 1-based `line` of `file`, without its line ending; `None` when the
    /// file cannot be read (a generated page, a folder) or is shorter.
    pub(crate) fn line(&mut self, file: &Path, line: usize) -> Option<&str> {
        let root = &self.root;
        let (text, starts) = self
            .files
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let path = root.join(file);
                if !path.is_file() {
                    return None;
                }
                let bytes = std::fs::read(path).ok()?;
                // Columns of bad bytes are counted in this lossy text, so the caret agrees.
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let starts = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                Some((text, starts))
            })
            .as_ref()?;
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let found = &text[start..end];
        let found = found.strip_suffix('\r').unwrap_or(found);
        Some(if line == 1 {
            found.strip_prefix('\u{FEFF}').unwrap_or(found)
        } else {
            found
        })
    }

    /// Renders `diagnostic` with its source line when it has one.
    pub(crate) fn render(&mut self, diagnostic: &super::Diagnostic, color: bool) -> String {
        let source = diagnostic
            .line
            .and_then(|line| self.line(&diagnostic.file, line));
        diagnostic.render_with(source, color)
    }
}

/// ANSI escapes for each part of a rendered diagnostic; all empty without colour.
pub(super) struct Palette {
    pub bold: &'static str,
    pub tint: &'static str,
    pub gutter: &'static str,
    pub help: &'static str,
    pub reset: &'static str,
}

impl Palette {
    pub(super) fn new(color: bool, severity: Severity) -> Palette {
        if !color {
            return Palette {
                bold: "",
                tint: "",
                gutter: "",
                help: "",
                reset: "",
            };
        }
        Palette {
            bold: "\x1b[1m",
            tint: match severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
            },
            gutter: "\x1b[1;34m",
            help: "\x1b[1;36m",
            reset: "\x1b[0m",
        }
    }
}

/// The lines under a diagnostic's header that quote `text` (line `line` of its file)
/// and put a caret under `column` (1-based, in characters), each starting with `\n`:
///
/// ```text
///   |
/// 3 | topics: feedback
///   |         ^
/// ```
pub(super) fn quote(line: usize, column: usize, text: &str, palette: &Palette) -> String {
    let cells: Vec<(String, usize)> = text.chars().map(cell).collect();
    // A column past the end (an error at the end of the line) points just after it.
    let at = column.saturating_sub(1).min(cells.len());
    let (start, end) = window(&cells, at);
    let mut shown = String::new();
    let mut pad = 0;
    if start > 0 {
        shown.push('…');
        pad += 1;
    }
    for (i, (text, width)) in cells[start..end].iter().enumerate() {
        shown.push_str(text);
        if start + i < at {
            pad += width;
        }
    }
    if end < cells.len() {
        shown.push('…');
    }
    let carets = cells.get(at).map_or(1, |(_, w)| (*w).max(1));
    let number = line.to_string();
    let blank = " ".repeat(number.len());
    let Palette {
        gutter,
        tint,
        reset,
        ..
    } = palette;
    let mut out = format!("\n{blank} {gutter}|{reset}\n{gutter}{number} |{reset}");
    if !shown.is_empty() {
        out.push(' ');
        out.push_str(&shown);
    }
    out.push_str(&format!(
        "\n{blank} {gutter}|{reset} {}{tint}{}{reset}",
        " ".repeat(pad),
        "^".repeat(carets)
    ));
    out
}

/// The range of cells to show so that the one at `at` is visible and the line fits.
fn window(cells: &[(String, usize)], at: usize) -> (usize, usize) {
    let total: usize = cells.iter().map(|c| c.1).sum();
    if total <= MAX_QUOTE_CELLS {
        return (0, cells.len());
    }
    let mut start = at.min(cells.len());
    let mut before = 0;
    while start > 0 && before + cells[start - 1].1 <= CELLS_BEFORE {
        start -= 1;
        before += cells[start].1;
    }
    // Room for the two ellipses.
    let mut used = 0;
    let mut end = start;
    while end < cells.len() && used + cells[end].1 <= MAX_QUOTE_CELLS - 2 {
        used += cells[end].1;
        end += 1;
    }
    (start, end.max((at + 1).min(cells.len())))
}

/// How one character is shown, and how many terminal cells it takes.
fn cell(c: char) -> (String, usize) {
    match c {
        '\t' => (" ".repeat(TAB_CELLS), TAB_CELLS),
        // Control characters (a NUL in a binary file, an escape) would drive the terminal:
        // shown escaped, they cannot, and the reader sees which they are.
        c if c.is_control() => {
            let escaped = c.escape_unicode().to_string();
            let width = escaped.len();
            (escaped, width)
        }
        c => (c.to_string(), char_width(c)),
    }
}

/// Terminal cells `text` takes, as diagnostics show it (tabs as four cells).
pub(crate) fn display_width(text: &str) -> usize {
    text.chars().map(|c| cell(c).1).sum()
}

/// Cells a printable character takes: 0 for combining marks and zero-width characters,
/// 2 for East Asian wide and full-width characters and most emoji, else 1. This covers
/// the common blocks, not every assignment of Unicode's width table.
fn char_width(c: char) -> usize {
    let n = c as u32;
    let zero = unicode_normalization::char::is_combining_mark(c)
        || matches!(n, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF);
    if zero {
        return 0;
    }
    let wide = matches!(
        n,
        0x1100..=0x115F
            | 0x231A..=0x231B
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x2FFFD
            | 0x30000..=0x3FFFD
    );
    if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Palette {
        Palette::new(false, Severity::Error)
    }

    /// The caret line's offset of `^` from the start of the quoted text.
    fn caret_offset(quoted: &str) -> usize {
        let lines: Vec<&str> = quoted.lines().collect();
        let text_start = lines[2].find(" | ").unwrap() + 3;
        let caret = lines[3].find('^').unwrap();
        display_width(&lines[3][text_start..caret])
    }

    #[test]
    fn caret_under_an_ascii_column() {
        let q = quote(3, 9, "topics: feedback", &plain());
        assert_eq!(q, "\n  |\n3 | topics: feedback\n  |         ^");
    }

    #[test]
    fn caret_counts_characters_and_their_widths() {
        // "é" is one cell, "日本" two cells each; the caret sits under "x".
        let q = quote(12, 5, "é日本 x", &plain());
        assert!(q.ends_with("\n   |       ^"), "{q:?}");
        assert_eq!(caret_offset(&q), 6);
        // A combining accent adds a character but no cell.
        let q = quote(1, 4, "e\u{301}a b", &plain());
        assert_eq!(caret_offset(&q), 2);
    }

    #[test]
    fn tabs_are_expanded_on_both_lines() {
        let q = quote(1, 3, "\t\tx", &plain());
        assert!(q.contains("1 |         x"), "{q:?}");
        assert_eq!(caret_offset(&q), 8);
    }

    #[test]
    fn control_characters_are_printed_escaped() {
        let q = quote(1, 3, "a\x1b[31mb\0", &plain());
        assert!(!q.contains('\x1b') && !q.contains('\0'), "{q:?}");
        assert!(q.contains("1 | a\\u{1b}[31mb\\u{0}"), "{q:?}");
        // The caret stays under the character after the escape.
        assert_eq!(caret_offset(&q), 7);
    }

    #[test]
    fn a_column_past_the_end_points_after_the_line() {
        let q = quote(1, 40, "abc", &plain());
        assert_eq!(caret_offset(&q), 3);
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let text = format!("{}TARGET{}", "a".repeat(300), "b".repeat(300));
        let q = quote(1, 301, &text, &plain());
        let shown = q.lines().nth(2).unwrap();
        assert!(display_width(shown) <= MAX_QUOTE_CELLS + 4, "{shown}");
        assert!(shown.contains("…a") && shown.ends_with("b…"), "{shown}");
        let offset = caret_offset(&q);
        let quoted = &shown[shown.find(" | ").unwrap() + 3..];
        let under: String = quoted.chars().skip(offset).take(6).collect();
        assert_eq!(under, "TARGET");
    }

    #[test]
    fn source_lines_come_from_disk_without_line_endings_or_bom() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "\u{FEFF}one\r\ntwo\n").unwrap();
        let mut lines = SourceLines::new(dir.path());
        assert_eq!(lines.line(Path::new("a.md"), 1), Some("one"));
        assert_eq!(lines.line(Path::new("a.md"), 2), Some("two"));
        assert_eq!(lines.line(Path::new("a.md"), 9), None);
        assert_eq!(lines.line(Path::new("a.md"), 0), None);
        assert_eq!(lines.line(Path::new("(default theme) page.html"), 1), None);
        assert_eq!(lines.line(Path::new("."), 1), None);
    }
}
