//! Walking `content/` and turning each Markdown file into a [`Page`].

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{front_matter, output_location, slugify, Kind, Page};
use crate::diagnostics::{display_path, Code, Diagnostic};
use crate::html::{is_forbidden_char, replace_forbidden};
use crate::markdown;
use crate::urls::is_markdown;

/// The pages and other files found under `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every page that parsed, drafts included, in source-path order.
    pub pages: Vec<Page>,
    /// Non-Markdown files to copy: (output path, absolute source path).
    pub assets: Vec<(String, PathBuf)>,
    /// What kept files from loading, and warnings about those that did.
    pub problems: Vec<Diagnostic>,
}

/// Loads every page under `root/content`; problems are collected, never fatal.
pub(crate) fn load(root: &Path, pretty_urls: bool, reading_speed: usize) -> Loaded {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    if !content.is_dir() {
        return loaded;
    }
    let mut sources = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                loaded.problems.push(walk_error(root, &e));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.into_path();
        let relative = path.strip_prefix(&content).unwrap_or(&path).to_path_buf();
        if is_markdown(&path) {
            sources.push((path, relative));
        } else {
            // Folders are slugified as for pages, so an image stays beside its page.
            let (_, dir) = classify(&relative);
            let name = relative.file_name().unwrap_or_default().to_string_lossy();
            let out = if dir.is_empty() || relative.starts_with("topics") {
                let parent: Vec<String> = relative
                    .parent()
                    .into_iter()
                    .flat_map(Path::components)
                    .map(|c| slugify(&c.as_os_str().to_string_lossy()))
                    .collect();
                parent
                    .iter()
                    .map(String::as_str)
                    .chain([name.as_ref()])
                    .collect::<Vec<_>>()
                    .join("/")
            } else {
                format!("{dir}/{name}")
            };
            loaded.assets.push((out, path));
        }
    }

    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|(path, relative)| load_page(root, path, relative, pretty_urls, reading_speed))
        .collect();
    for (page, problems) in results {
        loaded.pages.extend(page);
        loaded.problems.extend(problems);
    }
    loaded
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_else(|| PathBuf::from("content"));
    let (code, message) = if let Some(ancestor) = e.loop_ancestor() {
        (
            Code::SymlinkLoop,
            format!(
                "symbolic link loop: this folder leads back to {}; the loop is skipped",
                display_path(root, ancestor).display()
            ),
        )
    } else if let Some(target) = e
        .path()
        .filter(|p| !p.exists())
        .and_then(|p| p.read_link().ok())
    {
        (
            Code::Unreadable,
            format!(
                "broken symbolic link: it points to {}, which does not exist",
                target.display()
            ),
        )
    } else {
        (
            Code::Unreadable,
            format!(
                "cannot read: {}",
                e.io_error().map_or(e.to_string(), |io| io.to_string())
            ),
        )
    };
    Diagnostic::error(code, path, message)
}

/// Editor leftovers and hidden files, which are never content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name == "Thumbs.db"
}

/// Reads and parses the page at `path` (a file under `root/content`).
pub(crate) fn load_one(
    root: &Path,
    path: &Path,
    pretty_urls: bool,
    reading_speed: usize,
) -> (Option<Page>, Vec<Diagnostic>) {
    let content = root.join("content");
    let relative = path.strip_prefix(&content).unwrap_or(path);
    load_page(root, path, relative, pretty_urls, reading_speed)
}

/// Reads and parses one file; `relative` is its path under `content/`.
fn load_page(
    root: &Path,
    path: &Path,
    relative: &Path,
    pretty_urls: bool,
    reading_speed: usize,
) -> (Option<Page>, Vec<Diagnostic>) {
    let file = display_path(root, path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![Diagnostic::error(
                    Code::Unreadable,
                    file,
                    format!("cannot read: {e}"),
                )],
            )
        }
    };
    parse_page(file, relative, &bytes, pretty_urls, reading_speed)
}

/// Makes a page of a file's bytes: `file` names it in diagnostics (`content/tips/x.md`)
/// and `relative` is its path under `content/`, which decides its kind and address.
pub fn parse_page(
    file: PathBuf,
    relative: &Path,
    bytes: &[u8],
    pretty_urls: bool,
    reading_speed: usize,
) -> (Option<Page>, Vec<Diagnostic>) {
    let mut text = match decode(bytes, &file) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    // Replaced once, here, so that no output (HTML, feed, sitemap, search) can hold one.
    let first = text.chars().find(|&c| is_forbidden_char(c));
    let control = replace_forbidden(&mut text).zip(first).map(|(at, c)| {
        let (line, column) = crate::diagnostics::line_col(&text, at);
        front_matter::control_character(&file, c).at(line, column)
    });
    let split = match front_matter::split(&text, &file) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut outline = markdown::outline(split.body, reading_speed);
    let fallback = match &outline.title {
        Some(heading) => front_matter::FallbackTitle {
            title: heading.clone(),
            origin: "its first heading",
        },
        None => front_matter::FallbackTitle {
            title: title_from_file_name(relative, &stem),
            origin: "its file name",
        },
    };
    let (meta, mut problems) = front_matter::parse(split.front, split.format, &file, &fallback);
    if text.trim().is_empty() {
        problems.push(
            Diagnostic::warning(
                Code::EmptyFile,
                &file,
                format!(
                    "the file is empty; the page is titled \"{}\", from its file name",
                    fallback.title
                ),
            )
            .with_help("write the note, or delete the file")
            .at(1, 1),
        );
    }
    // One warning per file, at the first control character, raw or written as an escape.
    if let Some(raw) = control {
        problems.retain(|d| d.code != Code::ControlCharacter || d.line < raw.line);
        if !problems.iter().any(|d| d.code == Code::ControlCharacter) {
            problems.push(raw);
        }
    }
    let Some(meta) = meta else {
        return (None, problems);
    };
    let mut body = split.body.to_string();
    if !meta.title_written && outline.title.is_some() {
        // The heading is the page's title, which the template shows: not twice.
        drop_title_heading(&mut body, &mut outline);
    }

    let (kind, dir) = classify(relative);
    let slug = match &meta.slug {
        Some(s) if is_valid_slug(s) => s.clone(),
        Some(s) => {
            problems.push(
                Diagnostic::error(
                    Code::InvalidSlug,
                    &file,
                    format!("slug `{s}` must be a single name of letters, digits, `-` and `_`"),
                )
                .at_line(meta.slug_line)
                .with_help(format!("try `{}`", slugify(s))),
            );
            slugify(s)
        }
        None => slugify(&stem),
    };
    if slug.is_empty() && kind != Kind::Home {
        problems.push(Diagnostic::error(
            Code::InvalidSlug,
            &file,
            "the file name gives an empty slug; rename the file or set `slug:`",
        ));
        return (None, problems);
    }
    if stem == "_index" && kind != Kind::Home {
        problems.push(Diagnostic::warning(
            Code::MisplacedIndex,
            &file,
            "only content/_index.md is used (as the home page); this file is skipped",
        ));
        return (None, problems);
    }
    let (out_path, url) = match kind {
        Kind::Home => (
            "index.html".to_string(),
            if pretty_urls {
                String::new()
            } else {
                "index.html".to_string()
            },
        ),
        _ => output_location(&dir, &slug, pretty_urls),
    };
    let page = Page {
        source: file,
        kind,
        slug,
        path: out_path,
        url,
        meta,
        body,
        body_line: split.body_line,
        outline,
        topics: Vec::new(),
    };
    (Some(page), problems)
}

/// The title a file's name gives: its name as written (`Weekly review.md` → "Weekly
/// review"); for `_index.md` and `index.md`, which stand for their folder, the folder's
/// name, and none at the top of `content/` (the site's title is the home page's).
fn title_from_file_name(relative: &Path, stem: &str) -> String {
    if stem == "_index" || stem == "index" {
        return relative
            .parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    stem.to_string()
}

/// Blanks the body's first heading, which titles the page, and takes it out of the
/// outline's headings (so out of the table of contents). Its id stays a valid anchor: a
/// link to it lands at the top of the page, where the title is. The heading's lines are
/// replaced by as many spaces, so every offset and line number in the body stays true.
fn drop_title_heading(body: &mut String, outline: &mut markdown::Outline) {
    if outline.headings.is_empty() {
        return;
    }
    let heading = outline.headings.remove(0);
    let start = heading.offset.min(body.len());
    let rest = &body[start..];
    let first_line = rest.lines().next().unwrap_or("");
    let atx = first_line.trim_start().starts_with('#');
    let mut end = start;
    for line in rest.split_inclusive('\n') {
        end += line.len();
        let underline = {
            let t = line.trim();
            !t.is_empty() && t.bytes().all(|b| b == b'=')
        };
        if atx || underline {
            break;
        }
    }
    // Whole lines of ASCII spaces and line ends: the text stays UTF-8.
    let blank: String = body[start..end]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    body.replace_range(start..end, &blank);
}

/// The page kind and output folder of a file, from its path under `content/`.
fn classify(relative: &Path) -> (Kind, String) {
    let folders: Vec<String> = relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(s) => Some(slugify(&s.to_string_lossy())),
            _ => None,
        })
        .collect();
    let kind = match folders.first().map(String::as_str) {
        None if relative.file_stem().is_some_and(|s| s == "_index") => Kind::Home,
        Some("articles") => Kind::Article,
        Some("tips") => Kind::Tip,
        Some("topics") => Kind::Topic,
        _ => Kind::Page,
    };
    // Topic pages live at `topics/<slug>` whatever folder they are kept in.
    let dir = if kind == Kind::Topic {
        "topics".to_string()
    } else {
        folders.join("/")
    };
    (kind, dir)
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !slug.starts_with('.')
}

/// How many lines end in `bytes`, and where the last one begins. `\n`, `\r\n` and a
/// lone `\r` each end a line, as they do for YAML, CommonMark and editors.
fn line_ends(bytes: &[u8]) -> (usize, usize) {
    let mut count = 0;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            count += 1;
            start = i + 1;
        }
    }
    (count, start)
}

/// Turns file bytes into text: UTF-8 only, a BOM dropped, CRLF and lone CR made LF.
pub fn decode(bytes: &[u8], file: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 is text, but its zero bytes would make it look binary below.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Diagnostic::error(
            Code::NotUtf8,
            file,
            "the file is UTF-16 text; save it as UTF-8",
        )
        .at(1, 1));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = line_ends(&bytes[..at]).0 + 1;
        return Err(Diagnostic::error(
            Code::BinaryFile,
            file,
            "this is a binary file, not Markdown text; move it out of content/ or give it another extension",
        )
        .at_line(line));
    }
    match std::str::from_utf8(bytes) {
        // A lone CR ends a line for the YAML parser and for Markdown: made LF, it does
        // for line numbers too.
        Ok(text) => Ok(if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_string()
        }),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let (ends, line_start) = line_ends(valid);
            let line = ends + 1;
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            Err(Diagnostic::error(
                Code::NotUtf8,
                file,
                "the file is not UTF-8 text; save it as UTF-8",
            )
            .at(line, column))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_ignored() {
        for name in [".#x.md", "x.md~", ".x.md.swp", ".DS_Store", "#x.md#"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("x.md"));
    }

    #[test]
    fn classifies_by_folder() {
        assert_eq!(classify(Path::new("tips/a.md")).0, Kind::Tip);
        assert_eq!(
            classify(Path::new("articles/Deep Dive/a.md")),
            (Kind::Article, "articles/deep-dive".to_string())
        );
        assert_eq!(classify(Path::new("_index.md")).0, Kind::Home);
        assert_eq!(classify(Path::new("about.md")), (Kind::Page, String::new()));
        assert_eq!(
            classify(Path::new("topics/x/y.md")),
            (Kind::Topic, "topics".to_string())
        );
    }

    #[test]
    fn file_names_title_pages_and_index_files_their_folder() {
        let title = |path: &str| {
            let path = Path::new(path);
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            title_from_file_name(path, &stem)
        };
        assert_eq!(title("notes/Weekly review.md"), "Weekly review");
        assert_eq!(title("Reading List/_index.md"), "Reading List");
        assert_eq!(title("Reading List/index.md"), "Reading List");
        assert_eq!(title("_index.md"), "");
    }

    #[test]
    fn a_title_heading_is_blanked_in_place() {
        for body in [
            "# Title\n\nText.\n",
            "Title\n=====\n\nText.\n",
            "# Tïtle #\nText.\n",
        ] {
            let mut outline = markdown::outline(body, 200);
            let mut text = body.to_string();
            drop_title_heading(&mut text, &mut outline);
            assert_eq!(text.len(), body.len(), "{body:?}");
            assert_eq!(text.lines().count(), body.lines().count());
            assert!(text.trim_start().starts_with("Text."), "{text:?}");
            assert!(outline.headings.is_empty());
            assert!(!outline.anchors.is_empty());
        }
    }

    #[test]
    fn decode_reports_bad_bytes() {
        let d = decode(b"---\nti\xfftle: x\n", Path::new("a.md")).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(3)));
        assert!(decode(b"\0\x01", Path::new("a.md"))
            .unwrap_err()
            .message
            .contains("binary"));
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\r\nb", Path::new("a.md")).unwrap(),
            "a\nb"
        );
        // Old Mac line endings: a lone CR is a line end, in the text and in positions.
        assert_eq!(
            decode(b"a\rb\r\rc", Path::new("a.md")).unwrap(),
            "a\nb\n\nc"
        );
        let d = decode(b"a\r\nb\rc\xff", Path::new("a.md")).unwrap_err();
        assert_eq!((d.line, d.column), (Some(3), Some(2)));
        let d = decode(b"a\rb\r\0", Path::new("a.md")).unwrap_err();
        assert_eq!(d.line, Some(3));
        for utf16 in [&b"\xFF\xFE-\0-\0"[..], b"\xFE\xFF\0-\0-"] {
            let d = decode(utf16, Path::new("a.md")).unwrap_err();
            assert!(d.message.contains("UTF-16"), "{}", d.message);
        }
    }
}
