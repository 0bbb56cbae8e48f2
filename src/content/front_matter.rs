//! Splitting a page into YAML front matter and Markdown body, and checking each field.

use std::path::Path;

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Code, Diagnostic};
use crate::urls::is_safe_href;

/// A page's metadata, checked field by field.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: String,
    pub summary: Option<String>,
    /// Topic names as written, each with its line in the file.
    pub topics: Vec<(String, usize)>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
    pub author: Option<String>,
    pub source: Option<Source>,
    pub slug: Option<String>,
    /// Old URLs (on most pages) or synonyms (on topic pages).
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub extra: tera::Value,
    /// Line of `slug:`, to locate slug problems.
    pub slug_line: usize,
    /// Line of `aliases:`, to locate alias problems.
    pub aliases_line: usize,
}

/// Credit for advice taken from elsewhere.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Source {
    pub title: Option<String>,
    pub author: Option<String>,
    pub publication: Option<String>,
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

/// Parses and checks the YAML of a front matter block that starts on line 2.
///
/// Returns the fields (with defaults where a field was bad) and every problem found.
pub fn parse(yaml: &str, file: &Path) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
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
    let mut saw_title = false;
    let mut saw_topics = false;
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
        match key {
            "title" => {
                saw_title = true;
                if let Some(t) = fields.string(key, value) {
                    if t.trim().is_empty() {
                        fields.error(key, Code::MissingTitle, "title must not be empty");
                    }
                    fm.title = t;
                }
            }
            "summary" => {
                // An empty summary means "use the first paragraph".
                fm.summary = fields.string(key, value).filter(|s| !s.trim().is_empty());
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
}
