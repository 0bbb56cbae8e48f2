//! The report as text for an 80-column terminal: the counts, a table of findings, and
//! what search loads. A finding is a row of its code and place, with its detail wrapped
//! beneath the place; a place too long for its column keeps its end (the file name and
//! line), and every other line wraps between words.

use crate::diagnostics::display_width;
use crate::words::plural;

use super::{kilobytes, HealthReport};

/// Columns the report fits in: the width terminals open at.
pub(super) const WIDTH: usize = 80;
/// What every line of the report starts with.
const INDENT: &str = "  ";
/// Between the table's columns.
const GAP: &str = "  ";
/// Between the items of a list: counts, sample queries.
const SEPARATOR: &str = " · ";

/// The whole report, each line at most [`WIDTH`] columns wide.
pub(super) fn render(report: &HealthReport) -> String {
    let mut out = format!(
        "Editorial report: {} in {} pages\n",
        plural(report.findings.len(), "finding"),
        report.pages
    );
    let counts: Vec<String> = report
        .counts
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    push_lines(&mut out, INDENT, &wrap_items(&counts, WIDTH - INDENT.len()));
    if !report.findings.is_empty() {
        out.push('\n');
        findings(report, &mut out);
    }
    out.push('\n');
    if !report.unknown_fields.is_empty() {
        let counts: Vec<String> = report
            .unknown_fields
            .iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect();
        let sentence = format!(
            "unknown fields (passed to templates under `extra`): {}",
            counts.join(SEPARATOR)
        );
        push_lines(&mut out, INDENT, &wrap(&sentence, WIDTH - INDENT.len()));
    }
    match &report.search {
        Some(s) => {
            let sentence = format!(
                "search: a typical one-word query loads {}: the median of {} sample queries, each counting the index files it reads and the documents of its first {} results",
                kilobytes(s.median_bytes),
                s.queries.len(),
                s.shown,
            );
            push_lines(&mut out, INDENT, &wrap(&sentence, WIDTH - INDENT.len()));
            let queries: Vec<String> = s
                .queries
                .iter()
                .map(|q| format!("{} {}", q.query, kilobytes(q.bytes)))
                .collect();
            let indent = format!("{INDENT}{INDENT}");
            push_lines(
                &mut out,
                &indent,
                &wrap_items(&queries, WIDTH - indent.len()),
            );
        }
        None => push_lines(&mut out, INDENT, &["search: no index to measure".into()]),
    }
    out
}

/// The table of findings: a header, then per finding its code and place, and its
/// detail wrapped beneath the place.
fn findings(report: &HealthReport, out: &mut String) {
    let code_width = report
        .findings
        .iter()
        .map(|f| f.code.name().len())
        .chain(["finding".len()])
        .max()
        .unwrap_or(0);
    let indent = format!("{INDENT}{}{GAP}", " ".repeat(code_width));
    let width = WIDTH - indent.len();
    let row = |code: &str, place: &str| {
        let line = format!("{INDENT}{code:code_width$}{GAP}{}", keep_end(place, width));
        format!("{}\n", line.trim_end())
    };
    out.push_str(&row("finding", "page and detail"));
    for f in &report.findings {
        let place = match f.line {
            Some(line) => format!("{}:{line}", f.file.display()),
            None => f.file.display().to_string(),
        };
        out.push_str(&row(f.code.name(), &place));
        push_lines(out, &indent, &wrap(&f.message, width));
    }
}

/// Appends each line after `indent`.
fn push_lines(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
}

/// `text` broken at spaces into lines of at most `width` columns; a word longer than a
/// line (a long path) is cut across lines.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && display_width(&line) + 1 + display_width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        for c in word.chars() {
            if display_width(&line) + display_width(c.encode_utf8(&mut [0; 4])) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Items joined by " · ", broken between items into lines of at most `width` columns;
/// a line that goes on ends with the separator, so it reads as unfinished.
fn wrap_items(items: &[String], width: usize) -> Vec<String> {
    let tail = SEPARATOR.trim_end();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty()
            && display_width(&line)
                + display_width(SEPARATOR)
                + display_width(item)
                + display_width(tail)
                > width
        {
            line.push_str(tail);
            lines.push(std::mem::take(&mut line));
        } else if !line.is_empty() {
            line.push_str(SEPARATOR);
        }
        line.push_str(item);
    }
    lines.push(line);
    lines
}

/// `text` as it is if it fits in `width` columns, else its end after "…", from a `/`
/// when one is left: of a path with its line, the file name and line are what tell
/// findings apart.
fn keep_end(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut kept = Vec::new();
    let mut used = display_width("…");
    for c in text.chars().rev() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    let kept: String = kept.into_iter().rev().collect();
    let from = kept.find('/').unwrap_or(0);
    format!("…{}", &kept[from..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij x", 4), ["abcd", "efgh", "ij x"]);
        assert_eq!(wrap("", 10), [""]);
        for line in wrap("a café 漢字漢字 done", 5) {
            assert!(display_width(&line) <= 5, "{line}");
        }
    }

    #[test]
    fn items_wrap_between_items() {
        let items: Vec<String> = ["alpha 1", "beta 2", "gamma 3"].map(String::from).into();
        assert_eq!(wrap_items(&items, 80), ["alpha 1 · beta 2 · gamma 3"]);
        assert_eq!(wrap_items(&items, 18), ["alpha 1 · beta 2 ·", "gamma 3"]);
    }

    #[test]
    fn long_places_keep_their_end() {
        assert_eq!(keep_end("content/tips/x.md:3", 40), "content/tips/x.md:3");
        assert_eq!(keep_end("content/tips/x.md:3", 10), "…/x.md:3".to_string());
        assert_eq!(
            keep_end("content/a/b/c/long-name.md:12", 17),
            "…/long-name.md:12"
        );
        assert_eq!(keep_end("content/a/long-name.md:12", 8), "…e.md:12");
    }
}
