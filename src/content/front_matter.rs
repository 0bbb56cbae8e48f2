//! Splitting a page into YAML front matter and Markdown body, and checking each field.

use std::path::Path;

use serde::Serialize;
use serde_yaml::{Mapping, Value};

pub use super::date::{is_valid_date, Date, ACCEPTED_FORMS};
use crate::diagnostics::{Code, Diagnostic};
use crate::suggest::within_one;
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
    /// When the page was published (`date`, or Hugo's `publishDate`, …).
    pub date: Option<Date>,
    /// When the page last changed meaningfully (`updated`, or `lastmod`, `modified`).
    pub updated: Option<Date>,
    /// Drafts build only with `--drafts`, and in `serve`.
    pub draft: bool,
    /// Who wrote the page.
    pub author: Option<String>,
    /// Where the advice comes from.
    pub source: Option<Source>,
    /// The article a tip's advice comes from, as written: a link (`[[slug]]`, a slug or
    /// title, a relative `.md` path), resolved and checked with the page's links.
    pub source_article: Option<String>,
    /// Line of `source_article:`, to locate problems with its link.
    pub source_article_line: usize,
    /// Overrides the file name in the page's address.
    pub slug: Option<String>,
    /// Old URLs (on most pages) or synonyms (on topic pages).
    pub aliases: Vec<String>,
    /// Order in lists: lower first, unweighted pages last.
    pub weight: Option<i64>,
    /// How far along a learning path's reader should be (`beginner`, …), as written.
    pub level: Option<String>,
    /// Anything else, passed to templates as written.
    pub extra: tera::Value,
    /// Whether the front matter gives a title; else it comes from a heading or the file name.
    pub title_written: bool,
    /// Line of `title:`, to locate findings about the title.
    pub title_line: usize,
    /// Line of `summary:` when written, even empty; else 0.
    pub summary_line: usize,
    /// Line of `slug:`, to locate slug problems.
    pub slug_line: usize,
    /// Line of `aliases:`, to locate alias problems.
    pub aliases_line: usize,
    /// Fields ladder does not know, passed to templates under `extra`, as written.
    pub unknown_fields: Vec<String>,
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

/// The language of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML between two lines of `---` (ladder, Hugo, Jekyll, Obsidian).
    Yaml,
    /// TOML between two lines of `+++` (Zola, Hugo).
    Toml,
}

impl Format {
    /// The line that opens and closes a block.
    fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// A page's text split at its front matter.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The text between the two fence lines; empty when the page has no front matter.
    pub front: &'a str,
    /// What `front` is written in.
    pub format: Format,
    /// Everything after the closing fence line: the whole text without front matter.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits `text` (already free of a BOM and CRLF) into front matter and body. A page
/// without front matter is all body, as Obsidian and Hugo read it.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let format = match first.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Ok(Split {
                front: "",
                format: Format::Yaml,
                body: text,
                body_line: 1,
            })
        }
    };
    let front_start = first.len();
    let mut offset = front_start;
    for (index, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == format.fence() || (format == Format::Yaml && trimmed == "...") {
            return Ok(Split {
                front: &text[front_start..offset],
                format,
                body: &text[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Code::UnclosedFrontMatter,
        file,
        format!(
            "the front matter block is not closed: add a line of `{}` after the last field",
            format.fence()
        ),
    )
    .at(1, 1))
}

/// The title a page gets when its front matter gives none, and where it comes from.
#[derive(Debug, Clone)]
pub struct FallbackTitle {
    /// The title.
    pub title: String,
    /// Where it comes from, as the warning says it: "its first heading" or "its file name".
    pub origin: &'static str,
}

/// Parses and checks a front matter block of `format` that starts on line 2; a missing
/// or empty title is replaced by `fallback`.
///
/// Returns the fields (with defaults where a field was bad) and every problem found.
pub fn parse(
    front: &str,
    format: Format,
    file: &Path,
    fallback: &FallbackTitle,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let value = match format {
        Format::Yaml => parse_yaml(front, file),
        Format::Toml => parse_toml(front, file),
    };
    match value {
        Ok(value) => check(value, front, format, file, fallback),
        Err(d) => (None, vec![d]),
    }
}

fn parse_yaml(yaml: &str, file: &Path) -> Result<Value, Diagnostic> {
    serde_yaml::from_str(yaml).map_err(|e| {
        if let Some(d) = repeated_key(yaml, file, &e) {
            return d;
        }
        let d = Diagnostic::error(
            Code::YamlSyntax,
            file,
            format!("invalid YAML: {}", yaml_message(&e)),
        );
        match e.location() {
            Some(loc) => {
                // From the offset, not YAML's own line count: YAML also breaks lines at
                // U+0085, U+2028 and U+2029, which editors do not.
                let (line, column) = crate::diagnostics::line_col(yaml, loc.index());
                d.at(line + 1, column)
            }
            None => d.at_line(2),
        }
    })
}

fn parse_toml(text: &str, file: &Path) -> Result<Value, Diagnostic> {
    match text.parse::<toml::Table>() {
        Ok(table) => Ok(from_toml(toml::Value::Table(table))),
        Err(e) => {
            let message = e.message().trim().to_string();
            let (code, message) = if message.starts_with("duplicate key") {
                (
                    Code::DuplicateField,
                    format!("{message}: a key is given twice"),
                )
            } else {
                (Code::TomlSyntax, format!("invalid TOML: {message}"))
            };
            let mut d = Diagnostic::error(code, file, message);
            d = match e.span() {
                Some(span) => {
                    let (line, column) = crate::diagnostics::line_col(text, span.start);
                    d.at(line + 1, column)
                }
                None => d.at_line(2),
            };
            Err(d)
        }
    }
}

/// TOML values as the YAML values the checks read; dates and times become their RFC 3339
/// text, which [`Date::parse`] reads.
fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => Value::Number(n.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), from_toml(v)))
                .collect(),
        ),
    }
}

/// Checks the fields of a parsed block, mapping other tools' names to ladder's.
fn check(
    mut value: Value,
    text: &str,
    format: Format,
    file: &Path,
    fallback: &FallbackTitle,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
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

    let mut fields = Fields {
        text,
        format,
        file,
        problems: &mut problems,
    };
    if let Some((key, c)) = escaped {
        let d = control_character(file, c).at_line(fields.line(&key));
        fields.problems.push(d);
    }
    let mut merged = Merged::default();
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
        merged.field(&mut fields, key, value, fallback);
    }
    let fm = merged.finish(fallback);
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

/// Every field name ladder reads, its own first, then those of Hugo, Zola, Jekyll and
/// Obsidian that map to its own (see the README's table). Matched without regard to case,
/// as Hugo matches them.
const KNOWN_FIELDS: &[&str] = &[
    "title",
    "summary",
    "topics",
    "date",
    "updated",
    "draft",
    "author",
    "source",
    "source_article",
    "slug",
    "aliases",
    "weight",
    "level",
    "extra",
    "tags",
    "tag",
    "categories",
    "category",
    "taxonomies",
    "description",
    "excerpt",
    "publishDate",
    "pubdate",
    "published",
    "publish",
    "created",
    "lastmod",
    "modified",
    "authors",
    "alias",
    "redirect_from",
    "params",
];

/// The known field `key` names, ignoring case.
fn known_field(key: &str) -> Option<&'static str> {
    KNOWN_FIELDS
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(key))
}

/// The known field an unknown `key` is one typo away from, for names of 4 characters or
/// more: shorter ones (`toc`, `url`) are too often near a known name by chance.
fn typo_of(key: &str) -> Option<&'static str> {
    let key: Vec<char> = key.to_lowercase().chars().collect();
    if key.len() < 4 {
        return None;
    }
    KNOWN_FIELDS.iter().copied().find(|known| {
        let known: Vec<char> = known.to_lowercase().chars().collect();
        within_one(&key, &known)
    })
}

/// Fields as several tools name them, gathered before deciding which name wins.
#[derive(Default)]
struct Merged {
    fm: FrontMatter,
    title: Option<String>,
    /// Each candidate with its rank (lower wins: `summary` over `description`, …).
    summary: Option<(u8, String)>,
    date: Option<(u8, Date)>,
    updated: Option<(u8, Date)>,
    author: Option<(u8, String)>,
    /// Topic names from `topics`, `tags`, `categories` and `[taxonomies]`, in that order.
    topics: [Vec<(String, usize)>; 4],
    /// `extra`, Hugo's `params`, and unknown fields, which fill `extra` in that precedence.
    extra: Option<tera::Map<String, tera::Value>>,
    params: Option<tera::Map<String, tera::Value>>,
    unknown: Vec<(String, tera::Value)>,
}

/// Keeps `value` in `slot` when it ranks before what is there.
fn rank<T>(slot: &mut Option<(u8, T)>, rank: u8, value: Option<T>) {
    if let Some(value) = value {
        if slot.as_ref().is_none_or(|(r, _)| rank < *r) {
            *slot = Some((rank, value));
        }
    }
}

impl Merged {
    fn field(&mut self, f: &mut Fields, key: &str, value: &Value, fallback: &FallbackTitle) {
        let Some(known) = known_field(key) else {
            self.unknown_field(f, key, value);
            return;
        };
        let name = known.to_ascii_lowercase();
        if is_blank(value) {
            // Still located, for the report's findings about the missing value.
            match name.as_str() {
                "title" => self.fm.title_line = f.line(key),
                "summary" | "description" | "excerpt" if self.fm.summary_line == 0 => {
                    self.fm.summary_line = f.line(key)
                }
                _ => {}
            }
            f.empty(key, &name, fallback);
            return;
        }
        match name.as_str() {
            "title" => {
                self.fm.title_line = f.line(key);
                if let Some(t) = f.string(key, value) {
                    self.title = Some(t);
                }
            }
            "summary" | "description" | "excerpt" => {
                let r = match name.as_str() {
                    "summary" => 0,
                    "description" => 1,
                    _ => 2,
                };
                let before = self.summary.as_ref().map(|(r, _)| *r);
                rank(&mut self.summary, r, f.string(key, value));
                if self.summary.as_ref().map(|(r, _)| *r) != before {
                    self.fm.summary_line = f.line(key);
                }
            }
            "topics" => {
                let line = f.line(key);
                let names = f.string_list(key, value);
                self.topics[0].extend(names.into_iter().map(|t| (t, line)));
            }
            "tags" | "tag" | "categories" | "category" => {
                let line = f.line(key);
                let names = f.loose_list(key, value);
                let at = if name.starts_with("tag") { 1 } else { 2 };
                self.topics[at].extend(names.into_iter().map(|t| (t, line)));
            }
            "taxonomies" => match value {
                Value::Mapping(map) => {
                    let line = f.line(key);
                    for (_, list) in map {
                        let names = f.loose_list(key, list);
                        self.topics[3].extend(names.into_iter().map(|t| (t, line)));
                    }
                }
                _ => f.error(
                    key,
                    Code::WrongType,
                    "taxonomies must be a map of names to lists",
                ),
            },
            "date" | "publishdate" | "pubdate" | "created" => {
                let r = match name.as_str() {
                    "date" => 0,
                    "publishdate" => 1,
                    "pubdate" => 2,
                    _ => 4,
                };
                rank(&mut self.date, r, f.date(key, value));
            }
            "published" | "publish" => match value {
                // Jekyll's `published: false` and Obsidian Publish's `publish: false`.
                Value::Bool(b) => self.fm.draft |= !b,
                // Hugo's `published` is also a publication date.
                _ if name == "published" => rank(&mut self.date, 3, f.date(key, value)),
                _ => f.error(key, Code::WrongType, format!("{key} must be true or false")),
            },
            "updated" | "lastmod" | "modified" => {
                let r = match name.as_str() {
                    "updated" => 0,
                    "lastmod" => 1,
                    _ => 2,
                };
                rank(&mut self.updated, r, f.date(key, value));
            }
            "draft" => match value {
                Value::Bool(b) => self.fm.draft |= *b,
                _ => f.error(key, Code::WrongType, "draft must be true or false"),
            },
            "author" | "authors" => {
                let r = u8::from(name == "authors");
                rank(&mut self.author, r, f.names(key, value));
            }
            "source" => self.fm.source = f.source(key, value),
            "level" => self.fm.level = f.string(key, value),
            "source_article" => {
                self.fm.source_article_line = f.line(key);
                self.fm.source_article = f.link(key, value);
            }
            "slug" => {
                self.fm.slug_line = f.line(key);
                self.fm.slug = f.string(key, value);
            }
            "aliases" | "alias" | "redirect_from" => {
                if self.fm.aliases_line == 0 {
                    self.fm.aliases_line = f.line(key);
                }
                // Obsidian writes one alias as a plain string, too.
                let aliases = match value {
                    Value::String(alias) => vec![alias.clone()],
                    _ => f.string_list(key, value),
                };
                self.fm.aliases.extend(aliases);
            }
            "weight" => match value.as_i64() {
                Some(n) => self.fm.weight = Some(n),
                None => f.error(key, Code::WrongType, "weight must be a whole number"),
            },
            _ => match tera::to_value(value) {
                // `extra`, or Hugo's `params`.
                Ok(tera::Value::Object(map)) => {
                    let slot = if name == "extra" {
                        &mut self.extra
                    } else {
                        &mut self.params
                    };
                    *slot = Some(map);
                }
                _ => f.error(
                    key,
                    Code::WrongType,
                    format!("{key} must be a map of names to values"),
                ),
            },
        }
    }

    /// A field ladder does not know: a warning when it looks like a typo of one it knows,
    /// else passed to templates under `extra`, as other tools' own fields are.
    fn unknown_field(&mut self, f: &mut Fields, key: &str, value: &Value) {
        if let Some(known) = typo_of(key) {
            let d = Diagnostic::warning(
                Code::UnknownField,
                f.file,
                format!("unknown field `{key}` is ignored"),
            )
            .at_line(f.line(key))
            .with_help(format!("did you mean `{known}`?"));
            f.problems.push(d);
            return;
        }
        let value = tera::to_value(value).unwrap_or(tera::Value::Null);
        self.unknown.push((key.to_string(), value));
        self.fm.unknown_fields.push(key.to_string());
    }

    fn finish(self, fallback: &FallbackTitle) -> FrontMatter {
        let mut fm = self.fm;
        fm.title_written = self.title.is_some();
        fm.title = self.title.unwrap_or_else(|| fallback.title.clone());
        fm.summary = self.summary.map(|(_, s)| s);
        fm.date = self.date.map(|(_, d)| d);
        fm.updated = self.updated.map(|(_, d)| d);
        fm.author = self.author.map(|(_, a)| a);
        for (name, line) in self.topics.into_iter().flatten() {
            // Obsidian writes tags with their `#` in front matter too.
            let name = name.trim().trim_start_matches('#').trim().to_string();
            if !fm.topics.iter().any(|(known, _)| *known == name) {
                fm.topics.push((name, line));
            }
        }
        let mut extra: tera::Map<String, tera::Value> = self.unknown.into_iter().collect();
        extra.extend(self.params.unwrap_or_default());
        extra.extend(self.extra.unwrap_or_default());
        fm.extra = tera::Value::Object(extra);
        fm
    }
}

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
    /// The block's text, for locating keys.
    text: &'a str,
    format: Format,
    file: &'a Path,
    problems: &'a mut Vec<Diagnostic>,
}

impl Fields<'_> {
    /// The file line of a top-level `key:` (`key =` or `[key]` in TOML), counting the
    /// opening fence as line 1.
    fn line(&self, key: &str) -> usize {
        let separator = match self.format {
            Format::Yaml => ':',
            Format::Toml => '=',
        };
        let names = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
        self.text
            .lines()
            .position(|l| {
                names.iter().any(|name| {
                    l.strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.trim_start().starts_with(separator))
                        || (self.format == Format::Toml
                            && l.trim().strip_prefix('[').and_then(|l| l.strip_suffix(']'))
                                == Some(name.as_str()))
                })
            })
            .map_or(1, |i| i + 2)
    }

    /// Reports a known field given without a value (`name` is the field it maps to, in
    /// lowercase); the field is left as if absent, and an empty title is replaced by
    /// `fallback`.
    fn empty(&mut self, key: &str, name: &str, fallback: &FallbackTitle) {
        let line = self.line(key);
        let d = if name == "title" {
            Diagnostic::warning(
                Code::MissingTitle,
                self.file,
                format!(
                    "`{key}` is empty; the page is titled \"{}\", from {}",
                    fallback.title, fallback.origin
                ),
            )
            .with_help(format!("write the page's title after `{key}:`"))
        } else {
            let what = match name {
                "summary" | "description" | "excerpt" => {
                    "; the body's opening sentences summarise the page"
                }
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
        let separator = match self.format {
            Format::Yaml => ':',
            Format::Toml => '=',
        };
        self.text
            .lines()
            .enumerate()
            .skip(start.saturating_sub(1))
            .take_while(|(i, l)| *i + 2 == start || l.starts_with([' ', '\t']))
            .find(|(_, l)| {
                let l = l.trim_start().trim_start_matches(['"', '\'']);
                l.strip_prefix(child).is_some_and(|rest| {
                    rest.trim_start_matches(['"', '\''])
                        .trim_start()
                        .starts_with(separator)
                })
            })
            .map_or(start, |(i, _)| i + 2)
    }

    /// A list of names as other tools accept it too: a list, or one string of
    /// comma-separated names (`tags: career, growth`).
    fn loose_list(&mut self, key: &str, value: &Value) -> Vec<String> {
        match value {
            Value::String(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            _ => self.string_list(key, value),
        }
    }

    /// One name, or a list of names joined with commas (`authors: [A, B]`).
    fn names(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::Sequence(_) => {
                let names = self.string_list(key, value);
                (!names.is_empty()).then(|| names.join(", "))
            }
            _ => self.string(key, value),
        }
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

    /// A link written as a field's value. Unquoted in YAML, `[[slug]]` reads as a list
    /// holding a list: it is taken as the wiki link it was meant to be.
    fn link(&mut self, key: &str, value: &Value) -> Option<String> {
        if let Value::Sequence(outer) = value {
            if let [Value::Sequence(inner)] = outer.as_slice() {
                if let [Value::String(name)] = inner.as_slice() {
                    return Some(format!("[[{name}]]"));
                }
            }
            self.error(
                key,
                Code::WrongType,
                format!("{key} must be one link, such as \"[[page-slug]]\""),
            );
            return None;
        }
        self.string(key, value)
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

    fn date(&mut self, key: &str, value: &Value) -> Option<Date> {
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            Value::Null => return None,
            _ => {
                self.error(
                    key,
                    Code::InvalidDate,
                    format!("{key} must be a date, not {}", kind_of(value)),
                );
                return None;
            }
        };
        let date = Date::parse(&text);
        if date.is_none() {
            let d = Diagnostic::error(
                Code::InvalidDate,
                self.file,
                format!("`{text}` is not a valid date; write {key} as YYYY-MM-DD, e.g. 2024-05-17, or as a date and time"),
            )
            .at_line(self.line(key))
            .with_help(format!("accepted forms: {ACCEPTED_FORMS}"));
            self.problems.push(d);
        }
        date
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
            // Obsidian's web clipper writes the page's address.
            Value::String(s) if s.starts_with("https://") || s.starts_with("http://") => {
                Some(Source {
                    url: Some(s.clone()),
                    ..Source::default()
                })
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
        super::parse(yaml, Format::Yaml, file, &fallback)
    }

    fn toml(text: &str) -> (Option<FrontMatter>, Vec<Diagnostic>) {
        let fallback = FallbackTitle {
            title: "From the file".into(),
            origin: "its file name",
        };
        super::parse(text, Format::Toml, p(), &fallback)
    }

    #[test]
    fn splits_and_counts_body_line() {
        let s = split("---\ntitle: A\n---\nHello\n", p()).unwrap();
        assert_eq!(s.front, "title: A\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_blocks_are_errors_and_a_page_may_have_none() {
        assert!(split("---\ntitle: A\n", p())
            .unwrap_err()
            .message
            .contains("not closed"));
        assert!(split("+++\ntitle = 'A'\n---\n", p())
            .unwrap_err()
            .message
            .contains("`+++`"));
        for text in ["# Hi\n", ""] {
            let s = split(text, p()).unwrap();
            assert_eq!((s.front, s.body, s.body_line), ("", text, 1));
        }
    }

    #[test]
    fn toml_between_plus_lines() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n", p()).unwrap();
        assert_eq!(
            (s.front, s.format, s.body),
            ("title = \"A\"\n", Format::Toml, "Body\n")
        );
        let (fm, problems) = toml(
            "title = \"A\"\ndate = 2025-02-03T10:00:00+01:00\nupdated = 2025-03-01\ntags = [\"x\"]\n\n[taxonomies]\ncategories = [\"y\", \"x\"]\n\n[extra]\nhero = \"h.png\"\n",
        );
        let fm = fm.unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fm.title, "A");
        assert_eq!(fm.date.unwrap().rfc3339(), "2025-02-03T10:00:00+01:00");
        assert_eq!(fm.updated.unwrap().day(), "2025-03-01");
        assert_eq!(fm.topics, vec![("x".to_string(), 5), ("y".to_string(), 7)]);
        assert_eq!(fm.extra["hero"], "h.png");
    }

    #[test]
    fn toml_errors_are_located() {
        let (fm, problems) = toml("title = \"A\"\ndate = \n");
        assert!(fm.is_none());
        assert_eq!(problems[0].code, Code::TomlSyntax);
        assert_eq!(problems[0].line, Some(3));
        let (_, problems) = toml("title = \"A\"\ntitle = \"B\"\n");
        assert_eq!(problems[0].code, Code::DuplicateField);
        assert_eq!(problems[0].line, Some(3));
        let (_, problems) = toml("title = \"A\"\ndate = 07:32:00\n");
        assert_eq!(problems[0].code, Code::InvalidDate);
        assert_eq!(problems[0].line, Some(3));
    }

    #[test]
    fn other_tools_field_names_merge() {
        let (fm, problems) = parse(
            "title: A\ndescription: D\nsummary: S\nlastmod: 2024-01-02\nupdated: 2024-01-03\nmodified: 2024-01-04\ntopics: [a]\ntags: [b, '#a']\ncategories: c\npublished: false\nauthors: [X, Y]\ncssclasses: [wide]\nlayout: post\n",
            p(),
        );
        let fm = fm.unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fm.summary.as_deref(), Some("S"));
        assert_eq!(fm.summary_line, 4);
        assert_eq!(fm.updated.unwrap().day(), "2024-01-03");
        let names: Vec<&str> = fm.topics.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(fm.draft);
        assert_eq!(fm.author.as_deref(), Some("X, Y"));
        assert_eq!(fm.extra["layout"], "post");
        assert_eq!(fm.unknown_fields, ["cssclasses", "layout"]);
        let (fm, _) = parse("title: A\ndescription: D\npublish: true\nTitle: B\n", p());
        let fm = fm.unwrap();
        assert_eq!(fm.summary.as_deref(), Some("D"));
        assert!(!fm.draft);
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
        assert!(problems[0].help.as_ref().unwrap().contains("±HHMM"));
        let (fm, problems) = parse(
            "title: A\ndate: 2025-02-03T10:00:00+01:00\nupdated: '2025-02-04 09:00:00 +0100'\n",
            p(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fm.unwrap().updated.unwrap().day(), "2025-02-04");
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
    fn a_missing_title_is_the_fallback_without_a_problem() {
        let (fm, problems) = parse("summary: x\n", p());
        let fm = fm.unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fm.title, "From the file");
        assert!(!fm.title_written);
        let (fm, _) = parse("", p());
        assert_eq!(fm.unwrap().title, "From the file");
    }

    #[test]
    fn only_typos_of_known_fields_warn() {
        for (key, meant) in [
            ("titel", "title"),
            ("topcis", "topics"),
            ("lastmdo", "lastmod"),
            ("Sumary", "summary"),
        ] {
            let (_, problems) = parse(&format!("title: A\n{key}: x\n"), p());
            assert_eq!(problems.len(), 1, "{key}");
            assert_eq!(
                problems[0].help.as_deref(),
                Some(format!("did you mean `{meant}`?").as_str())
            );
        }
        for key in [
            "toc",
            "url",
            "cover",
            "layout",
            "template",
            "keywords",
            "cssclasses",
            "series",
        ] {
            let (fm, problems) = parse(&format!("title: A\n{key}: x\n"), p());
            assert!(problems.is_empty(), "{key}: {problems:?}");
            assert_eq!(fm.unwrap().extra[key], "x");
        }
        // `extra` wins over a field of the same name.
        let (fm, _) = parse("title: A\ncover: a\nextra: {cover: b}\n", p());
        assert_eq!(fm.unwrap().extra["cover"], "b");
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
