//! Splitting a page into YAML front matter and Markdown body, and checking each field.

use std::path::Path;

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Code, Diagnostic};
use crate::urls::is_safe_href;

/// A page's metadata, checked field by field.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// What the page is called.
    pub title: String,
    /// One or two sentences for lists, search results and the meta description.
    pub summary: Option<String>,
    /// Topic names as written, each with its line in the file.
    pub topics: Vec<(String, usize)>,
    /// When the page was published, as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// When the page last changed meaningfully, as `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Drafts build only with `--drafts`, and in `serve`.
    pub draft: bool,
    /// Who wrote the page.
    pub author: Option<String>,
    /// Where the advice comes from.
    pub source: Option<Source>,
    /// Overrides the file name in the page's address.
    pub slug: Option<String>,
    /// Old URLs (on most pages) or synonyms (on topic pages).
    pub aliases: Vec<String>,
    /// Order in lists: lower first, unweighted pages last.
    pub weight: Option<i64>,
    /// Anything else, passed to templates as written.
    pub extra: tera::Value,
    /// Line of `title:`, to locate findings about the title.
    pub title_line: usize,
    /// Line of `summary:` when written, even empty; else 0.
    pub summary_line: usize,
    /// Line of `slug:`, to locate slug problems.
    pub slug_line: usize,
    /// Line of `aliases:`, to locate alias problems.
    pub aliases_line: usize,
}

/// Credit for advice taken from elsewhere.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Source {
    /// The original piece's title.
    pub title: Option<String>,
    /// Who wrote the original.
    pub author: Option<String>,
    /// Where it was published.
    pub publication: Option<String>,
    /// Its address: `http(s)`, `mailto:` or relative.
    pub url: Option<String>,
}

/// A page's text split at its front matter.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the two `---` lines.
    pub yaml: &'a str,
    /// Everything after the closing `---` line.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits `text` (already free of a BOM and CRLF) into front matter and body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let (code, message) = if text.trim().is_empty() {
            (
                Code::EmptyFile,
                "the file is empty; a page needs front matter with at least a title",
            )
        } else {
            (
                Code::MissingFrontMatter,
                "no front matter: a page must start with a line of `---`, then YAML fields such as `title:`, then another `---`",
            )
        };
        return Err(Diagnostic::error(code, file, message).at(1, 1));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                body: &text[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Code::UnclosedFrontMatter,
        file,
        "the front matter block is not closed: add a line of `---` after the last field",
    )
    .at(1, 1))
}

/// The title a page gets when its front matter gives an empty one, and where it comes from.
#[derive(Debug, Clone)]
pub struct FallbackTitle {
    /// The title.
    pub title: String,
    /// Where it comes from, as the warning says it: "its first heading" or "its file name".
    pub origin: &'static str,
}

/// Parses and checks the YAML of a front matter block that starts on line 2; an empty
/// title is replaced by `fallback`.
///
/// Returns the fields (with defaults where a field was bad) and every problem found.
pub fn parse(
    yaml: &str,
    file: &Path,
    fallback: &FallbackTitle,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut value: Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            if let Some(d) = repeated_key(yaml, file, &e) {
                return (None, vec![d]);
            }
            let mut d = Diagnostic::error(
                Code::YamlSyntax,
                file,
                format!("invalid YAML: {}", yaml_message(&e)),
            );
            if let Some(loc) = e.location() {
                // From the offset, not YAML's own line count: YAML also breaks lines at
                // U+0085, U+2028 and U+2029, which editors do not.
                let (line, column) = crate::diagnostics::line_col(yaml, loc.index());
                d = d.at(line + 1, column);
            } else {
                d = d.at_line(2);
            }
            return (None, vec![d]);
        }
    };
    // Escapes such as `"\e"` make control characters the text itself did not hold.
    let mut escaped = None;
    if let Value::Mapping(map) = &mut value {
        for (key, value) in map.iter_mut() {
            let found = first_forbidden(value);
            if let Some(c) = found.filter(|_| escaped.is_none()) {
                escaped = Some((key.as_str().unwrap_or_default().to_string(), c));
            }
            if found.is_some() {
                replace_forbidden_in(value);
            }
        }
    }
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        _ => {
            problems.push(
                Diagnostic::error(
                    Code::WrongType,
                    file,
                    "front matter must be a set of `field: value` lines",
                )
                .at_line(2),
            );
            return (None, problems);
        }
    };

    let mut fm = FrontMatter {
        extra: tera::Value::Object(Default::default()),
        ..FrontMatter::default()
    };
    let mut fields = Fields {
        yaml,
        file,
        problems: &mut problems,
    };
    if let Some((key, c)) = escaped {
        let d = control_character(file, c).at_line(fields.line(&key));
        fields.problems.push(d);
    }
    let mut saw_title = false;
    let mut saw_topics = false;
    fm.title = fallback.title.clone();
    for (key, value) in &map {
        let Some(key) = key.as_str() else {
            let d = Diagnostic::error(
                Code::WrongType,
                file,
                "front matter keys must be plain names",
            )
            .at_line(2);
            fields.problems.push(d);
            continue;
        };
        if is_blank(value) && KNOWN_FIELDS.contains(&key) {
            saw_title |= key == "title";
            // Still located, for the report's findings about the missing value.
            match key {
                "title" => fm.title_line = fields.line(key),
                "summary" => fm.summary_line = fields.line(key),
                _ => {}
            }
            fields.empty(key, fallback);
            continue;
        }
        match key {
            "title" => {
                saw_title = true;
                fm.title_line = fields.line(key);
                if let Some(t) = fields.string(key, value) {
                    fm.title = t;
                }
            }
            "summary" => {
                fm.summary_line = fields.line(key);
                fm.summary = fields.string(key, value);
            }
            "topics" | "tags" => {
                if saw_topics {
                    fields.error(
                        key,
                        Code::DuplicateField,
                        "give either `topics` or `tags`, not both",
                    );
                }
                saw_topics = true;
                let line = fields.line(key);
                fm.topics = fields
                    .string_list(key, value)
                    .into_iter()
                    .map(|t| (t, line))
                    .collect();
            }
            "date" => fm.date = fields.date(key, value),
            "updated" => fm.updated = fields.date(key, value),
            "draft" => match value {
                Value::Bool(b) => fm.draft = *b,
                _ => fields.error(key, Code::WrongType, "draft must be true or false"),
            },
            "author" => fm.author = fields.string(key, value),
            "source" => fm.source = fields.source(key, value),
            "slug" => {
                fm.slug_line = fields.line(key);
                fm.slug = fields.string(key, value);
            }
            "aliases" => {
                fm.aliases_line = fields.line(key);
                fm.aliases = fields.string_list(key, value);
            }
            "weight" => match value.as_i64() {
                Some(n) => fm.weight = Some(n),
                None => fields.error(key, Code::WrongType, "weight must be a whole number"),
            },
            "extra" => match tera::to_value(value) {
                Ok(v @ tera::Value::Object(_)) => fm.extra = v,
                _ => fields.error(
                    key,
                    Code::WrongType,
                    "extra must be a map of names to values",
                ),
            },
            other => {
                let mut d = Diagnostic::warning(
                    Code::UnknownField,
                    file,
                    format!("unknown field `{other}` is ignored"),
                )
                .at_line(fields.line(other));
                if let Some(close) = crate::suggest::closest(other, KNOWN_FIELDS) {
                    d = d.with_help(format!("did you mean `{close}`?"));
                } else {
                    d = d.with_help("put your own values under `extra:`");
                }
                fields.problems.push(d);
            }
        }
    }
    if !saw_title {
        problems.push(
            Diagnostic::error(
                Code::MissingTitle,
                file,
                "missing `title`: every page needs a title",
            )
            .at_line(1),
        );
    }
    (Some(fm), problems)
}

/// The warning for the first control character `c` of `file`, which is replaced with
/// U+FFFD with all the others.
pub fn control_character(file: &Path, c: char) -> Diagnostic {
    Diagnostic::warning(
        Code::ControlCharacter,
        file,
        format!(
            "control character U+{:04X}; it and any others in this file are replaced with U+FFFD (�)",
            c as u32
        ),
    )
    .with_help("control characters are invisible, garble terminals, and are not allowed in feeds or sitemaps; delete them")
}

/// Whether a field was written without a value: `title:`, `title: ~` or `title: ""`.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The first forbidden character in the strings of `value`.
fn first_forbidden(value: &Value) -> Option<char> {
    match value {
        Value::String(s) => s.chars().find(|&c| crate::html::is_forbidden_char(c)),
        Value::Sequence(items) => items.iter().find_map(first_forbidden),
        Value::Mapping(map) => map.iter().find_map(|(_, item)| first_forbidden(item)),
        Value::Tagged(tagged) => first_forbidden(&tagged.value),
        _ => None,
    }
}

/// Replaces forbidden characters in every string of `value`.
fn replace_forbidden_in(value: &mut Value) {
    match value {
        Value::String(s) => {
            crate::html::replace_forbidden(s);
        }
        Value::Sequence(items) => items.iter_mut().for_each(replace_forbidden_in),
        Value::Mapping(map) => map
            .iter_mut()
            .for_each(|(_, item)| replace_forbidden_in(item)),
        Value::Tagged(tagged) => replace_forbidden_in(&mut tagged.value),
        _ => {}
    }
}

/// A key given twice in one map, reported where it is repeated: serde_yaml points at
/// the start of the map. `None` when the error is another one, or the repeat cannot be
/// found (a `{flow: map}`), and the YAML error stands as it is.
fn repeated_key(yaml: &str, file: &Path, e: &serde_yaml::Error) -> Option<Diagnostic> {
    let message = yaml_message(e);
    // Inside a nested map the message starts with its path: `source: duplicate entry …`.
    let (_, key) = message.split_once("duplicate entry with key ")?;
    let key = key.trim_matches(['"', '`']);
    let start = e.location()?.index().min(yaml.len());
    let line_start = yaml[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    // The map's keys start in its first key's column; the map ends at a line indented less.
    let mut found = Vec::new();
    let mut offset = line_start;
    for (n, line) in yaml[line_start..].split_inclusive('\n').enumerate() {
        let text = line.trim_end();
        let this = offset;
        offset += line.len();
        let body = text.trim_start_matches(' ');
        if n > 0 && (body.is_empty() || body.starts_with('#')) {
            continue;
        }
        let at = if n == 0 {
            indent
        } else {
            text.len() - body.len()
        };
        if at < indent {
            break;
        }
        if at > indent || !text.is_char_boundary(at) {
            continue;
        }
        let entry = &text[at..];
        let names_key = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                entry
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            });
        if names_key {
            found.push(crate::diagnostics::line_col(yaml, this + at));
        }
    }
    let [(first, _), (line, column), ..] = found[..] else {
        return None;
    };
    Some(
        Diagnostic::error(
            Code::DuplicateField,
            file,
            format!(
                "`{key}` is given twice; it is first given on line {}",
                first + 1
            ),
        )
        .at(line + 1, column)
        .with_help("keep one of the two"),
    )
}

const KNOWN_FIELDS: &[&str] = &[
    "title", "summary", "topics", "tags", "date", "updated", "draft", "author", "source", "slug",
    "aliases", "weight", "extra",
];

/// serde_yaml appends "at line X column Y" to messages; the location is reported separately.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let message = e.to_string();
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

/// Field checks that share the file, the YAML text for locating keys, and the problem list.
struct Fields<'a> {
    yaml: &'a str,
    file: &'a Path,
    problems: &'a mut Vec<Diagnostic>,
}

impl Fields<'_> {
    /// The file line of a top-level `key:`, counting the opening `---` as line 1.
    fn line(&self, key: &str) -> usize {
        self.yaml
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
                    || l.strip_prefix(&format!("\"{key}\""))
                        .or_else(|| l.strip_prefix(&format!("'{key}'")))
                        .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map_or(1, |i| i + 2)
    }

    /// Reports a known field given without a value; the field is left as if absent, and an
    /// empty title is replaced by `fallback`.
    fn empty(&mut self, key: &str, fallback: &FallbackTitle) {
        let line = self.line(key);
        let d = if key == "title" {
            Diagnostic::warning(
                Code::MissingTitle,
                self.file,
                format!(
                    "`title` is empty; the page is titled \"{}\", from {}",
                    fallback.title, fallback.origin
                ),
            )
            .with_help("write the page's title after `title:`")
        } else {
            let what = match key {
                "summary" => "; the body's opening sentences summarise the page",
                "draft" => "; the page is not a draft",
                _ => " and is ignored",
            };
            Diagnostic::warning(
                Code::EmptyField,
                self.file,
                format!("`{key}` is empty{what}"),
            )
            .with_help(format!("give `{key}` a value, or remove the line"))
        };
        self.problems.push(d.at_line(line));
    }

    /// The file line of `child:` in the map under the top-level `key:`, or of `key:`
    /// itself when the map is written on its line (`source: { url: … }`).
    fn nested_line(&self, key: &str, child: &str) -> usize {
        let start = self.line(key);
        self.yaml
            .lines()
            .enumerate()
            .skip(start.saturating_sub(1))
            .take_while(|(i, l)| *i + 2 == start || l.starts_with([' ', '\t']))
            .find(|(_, l)| {
                let l = l.trim_start().trim_start_matches(['"', '\'']);
                l.strip_prefix(child).is_some_and(|rest| {
                    rest.trim_start_matches(['"', '\''])
                        .trim_start()
                        .starts_with(':')
                })
            })
            .map_or(start, |(i, _)| i + 2)
    }

    fn error(&mut self, key: &str, code: Code, message: impl Into<String>) {
        let d = Diagnostic::error(code, self.file, message).at_line(self.line(key));
        self.problems.push(d);
    }

    fn string(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            _ => {
                self.error(
                    key,
                    Code::WrongType,
                    format!("{key} must be text, not {}", kind_of(value)),
                );
                None
            }
        }
    }

    fn string_list(&mut self, key: &str, value: &Value) -> Vec<String> {
        match value {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => self.error(
                            key,
                            Code::WrongType,
                            format!("every entry of {key} must be text, not {}", kind_of(item)),
                        ),
                    }
                }
                out
            }
            Value::Null => Vec::new(),
            Value::String(s) => {
                let d = Diagnostic::error(
                    Code::WrongType,
                    self.file,
                    format!("{key} must be a list, not a string"),
                )
                .at_line(self.line(key))
                .with_help(format!("write `{key}: [{s}]`, or one `- item` per line"));
                self.problems.push(d);
                // Read as the one-item list it surely means, so that the error does not
                // bring others after it (a tip without topics, say).
                vec![s.clone()]
            }
            _ => {
                self.error(
                    key,
                    Code::WrongType,
                    format!("{key} must be a list, not {}", kind_of(value)),
                );
                Vec::new()
            }
        }
    }

    fn date(&mut self, key: &str, value: &Value) -> Option<String> {
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Null => return None,
            _ => {
                self.error(
                    key,
                    Code::InvalidDate,
                    format!("{key} must be a date written YYYY-MM-DD"),
                );
                return None;
            }
        };
        if is_valid_date(&text) {
            Some(text)
        } else {
            self.error(
                key,
                Code::InvalidDate,
                format!("`{text}` is not a valid date; write {key} as YYYY-MM-DD, e.g. 2024-05-17"),
            );
            None
        }
    }

    fn source(&mut self, key: &str, value: &Value) -> Option<Source> {
        match value {
            Value::Mapping(map) => {
                let mut source = Source::default();
                for (k, v) in map {
                    let name = k.as_str().unwrap_or("");
                    let slot = match name {
                        "title" => &mut source.title,
                        "author" => &mut source.author,
                        "publication" => &mut source.publication,
                        "url" => &mut source.url,
                        _ => {
                            let d = Diagnostic::warning(
                                Code::UnknownField,
                                self.file,
                                format!("unknown field `source.{name}` is ignored"),
                            )
                            .at_line(self.line(key))
                            .with_help("source takes title, author, publication and url");
                            self.problems.push(d);
                            continue;
                        }
                    };
                    *slot = self.string(key, v);
                }
                // A template makes an `href` of the URL: nothing that runs when followed.
                if let Some(url) = source.url.take_if(|url| !is_safe_href(url)) {
                    let d = Diagnostic::error(
                        Code::UnsafeUrl,
                        self.file,
                        format!("source.url `{url}` must be an http(s) or mailto: address, or a relative one"),
                    )
                    .at_line(self.nested_line(key, "url"));
                    self.problems.push(d);
                }
                Some(source)
            }
            Value::String(s) => Some(Source {
                title: Some(s.clone()),
                ..Source::default()
            }),
            Value::Null => None,
            _ => {
                self.error(
                    key,
                    Code::WrongType,
                    "source must be a map with title, author, publication, url",
                );
                None
            }
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Whether `text` is a real calendar date written YYYY-MM-DD.
pub fn is_valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !text[..4].bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.md")
    }

    fn parse(yaml: &str, file: &Path) -> (Option<FrontMatter>, Vec<Diagnostic>) {
        let fallback = FallbackTitle {
            title: "From the file".into(),
            origin: "its file name",
        };
        super::parse(yaml, file, &fallback)
    }

    #[test]
    fn splits_and_counts_body_line() {
        let s = split("---\ntitle: A\n---\nHello\n", p()).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_and_missing_blocks_are_errors() {
        assert!(split("---\ntitle: A\n", p())
            .unwrap_err()
            .message
            .contains("not closed"));
        assert!(split("# Hi\n", p())
            .unwrap_err()
            .message
            .contains("no front matter"));
        assert!(split("", p()).unwrap_err().message.contains("empty"));
    }

    #[test]
    fn yaml_error_is_located_in_the_file() {
        let (fm, problems) = parse("title: A\ntopics: [a, b\n", p());
        assert!(fm.is_none());
        // The YAML starts on line 2 of the file; the error is reported on a file line.
        let line = problems[0].line.unwrap();
        assert!(line >= 3, "line {line}");
    }

    #[test]
    fn yaml_errors_count_only_line_feeds_as_line_ends() {
        // Found by fuzzing: a paragraph separator moved the error past the end of the file.
        for separator in ["\u{2029}", "\u{2028}", "\u{85}"] {
            let yaml = format!("title: \"A{separator}B\"\nsummary: x\n  bad: indent\n");
            let (fm, problems) = parse(&yaml, p());
            assert!(fm.is_none());
            assert_eq!(
                (problems[0].line, problems[0].column),
                (Some(4), Some(6)),
                "{separator:?}: {}",
                problems[0]
            );
        }
    }

    #[test]
    fn topics_as_string_is_an_error_with_help() {
        let (_, problems) = parse("title: A\ntopics: mentoring\n", p());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert!(problems[0].message.contains("must be a list"));
        assert!(problems[0].help.as_ref().unwrap().contains("[mentoring]"));
    }

    #[test]
    fn tags_alias_and_unknown_field() {
        let (fm, problems) = parse("title: A\ntags: [x]\ntitel: B\n", p());
        assert_eq!(fm.unwrap().topics, vec![("x".to_string(), 3)]);
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].is_error());
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("2024-13-01"));
        assert!(!is_valid_date("24-01-01"));
        let (_, problems) = parse("title: A\ndate: 2024-31-01\n", p());
        assert!(problems[0].message.contains("not a valid date"));
        assert_eq!(problems[0].line, Some(3));
    }

    #[test]
    fn script_urls_in_source_are_errors_at_their_line() {
        for url in [
            "javascript:alert(1)",
            "' JaVaScRiPt:x'",
            "\"java\\tscript:x\"",
            "data:,x",
        ] {
            let yaml = format!("title: A\nsource:\n  title: T\n  url: {url}\n");
            let (fm, problems) = parse(&yaml, p());
            assert_eq!(fm.unwrap().source.unwrap().url, None, "{url}");
            assert_eq!(problems.len(), 1, "{url}");
            assert_eq!(problems[0].code, Code::UnsafeUrl);
            assert_eq!(problems[0].line, Some(5), "{url}");
        }
        let (_, problems) = parse("title: A\nsource: { url: \"vbscript:x\" }\n", p());
        assert_eq!(problems[0].line, Some(3));
        for url in ["https://x.org/a", "mailto:a@x.org", "../a.html"] {
            let (fm, problems) = parse(&format!("title: A\nsource: {{ url: \"{url}\" }}\n"), p());
            assert!(problems.is_empty(), "{url}");
            assert_eq!(fm.unwrap().source.unwrap().url.as_deref(), Some(url));
        }
    }

    #[test]
    fn missing_title() {
        let (_, problems) = parse("summary: x\n", p());
        assert!(problems[0].message.contains("missing `title`"));
    }

    #[test]
    fn an_empty_title_is_a_warning_and_the_fallback_is_used() {
        for yaml in ["title:\n", "title: ~\n", "title: \"  \"\n", "title: null\n"] {
            let (fm, problems) = parse(yaml, p());
            assert_eq!(fm.unwrap().title, "From the file", "{yaml}");
            assert_eq!(problems.len(), 1, "{yaml}: {problems:?}");
            assert!(!problems[0].is_error());
            assert_eq!(problems[0].code, Code::MissingTitle);
            assert_eq!(problems[0].line, Some(2));
        }
    }

    #[test]
    fn repeated_keys_are_found_in_their_own_map() {
        let (_, problems) = parse(
            "title: A\nsource:\n  title: B\n  # note\n\n  'title': C\ntitle: D\n",
            p(),
        );
        assert_eq!(problems[0].code, Code::DuplicateField);
        assert_eq!((problems[0].line, problems[0].column), (Some(7), Some(3)));
        assert!(problems[0].message.contains("line 4"), "{}", problems[0]);
        // In a list of maps, the first key follows `- `.
        let (_, problems) = parse("title: A\nextra:\n  - a: 1\n    b: 2\n    a: 3\n", p());
        assert_eq!((problems[0].line, problems[0].column), (Some(6), Some(5)));
        // A flow map keeps the YAML error.
        let (_, problems) = parse("title: A\nextra: {a: 1, a: 2}\n", p());
        assert_eq!(problems[0].code, Code::YamlSyntax);
    }
}
