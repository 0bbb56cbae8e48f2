//! Walking `content/` and turning each Markdown file into a [`Page`].

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::{front_matter, output_location, slugify, Kind, Page, Place, Text};
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{display_path, Code, Diagnostic};
use crate::html::{has_forbidden, is_forbidden_char, replace_forbidden};
use crate::markdown;
use crate::urls::is_markdown;
use crate::walk::{canonical_as_far_as_exists, file_name, Fence};

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

/// Where a site's pages are, what inside that folder is not content, and how pages'
/// addresses are made.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The site folder, holding `site.toml`.
    pub root: PathBuf,
    /// The content folder (`root/content`, or the site folder itself for a vault).
    pub content: PathBuf,
    /// Paths relative to `content` that are not content: when the content folder is the
    /// site folder, `site.toml`, the output folder and the theme's folders.
    pub excluded: Vec<PathBuf>,
    /// Pages are written as `<slug>/index.html`.
    pub pretty_urls: bool,
    /// Words per minute, for reading times.
    pub reading_speed: usize,
    /// What may be read through symbolic links.
    pub fence: Fence,
    /// The top folder whose pages are learning paths (`paths`); empty for none.
    pub paths_dir: String,
    /// The language whose pages are the files named with its code (`x.fr.md`), read as if
    /// unsuffixed; `None` when every page without another language's code is read.
    pub suffix: Option<String>,
    /// Codes of the other languages whose pages are suffixed files of this folder: those
    /// files are theirs, and skipped.
    pub other_suffixes: Vec<String>,
}

impl Layout {
    /// The layout `config` gives the site at `root`; `out` is the output folder, when the
    /// build writes one.
    pub fn new(root: &Path, config: &Config, out: Option<&Path>) -> Layout {
        let content = config.content_path(root);
        let mut excluded = Vec::new();
        if config.content_dir.is_empty() {
            excluded.extend(
                [CONFIG_FILE, "public", "templates", "static", "themes"]
                    .into_iter()
                    .map(PathBuf::from),
            );
        }
        // An output folder inside the content folder (`--out`) is never read back.
        if let Some(inside) = out.and_then(|out| relative_inside(&content, out)) {
            excluded.push(inside);
        }
        Layout {
            root: root.to_path_buf(),
            content,
            excluded,
            pretty_urls: config.pretty_urls,
            reading_speed: config.reading_speed,
            fence: Fence::new(root, &config.allow_links_to),
            paths_dir: slugify(&config.paths_dir),
            suffix: None,
            other_suffixes: Vec::new(),
        }
    }

    /// The layout of one language of a multilingual site (`config` is that language's,
    /// from [`Config::for_language`]; `default` is the site's default language): its own folder's pages, or the suffixed files of
    /// the shared folder; other languages' folders and files left out.
    pub fn for_language(root: &Path, config: &Config, default: &str, out: Option<&Path>) -> Layout {
        let mut layout = Layout::new(root, config, out);
        let code = config.language.as_str();
        let content = &config.content_dir;
        let suffixed = |c: &str| {
            c != default
                && config
                    .languages
                    .get(c)
                    .is_some_and(|d| d.content_dir.is_none())
        };
        if suffixed(code) {
            layout.suffix = Some(code.to_string());
        }
        layout.other_suffixes = config
            .languages
            .keys()
            .filter(|c| *c != code && suffixed(c))
            .cloned()
            .collect();
        // Other languages' folders inside this one are theirs.
        for (c, d) in &config.languages {
            if let Some(dir) = &d.content_dir {
                if c != code && dir != content {
                    if let Some(inside) = relative_inside(&layout.content, &root.join(dir)) {
                        layout.excluded.push(inside);
                    }
                }
            }
        }
        layout
    }

    /// The path a page's file is read as, relative to the content folder: the file's own,
    /// or without this language's code (`x.fr.md` → `x.md`); `None` for another language's
    /// file, or an unsuffixed file when this language's pages are suffixed.
    fn page_path(&self, relative: &Path) -> Option<PathBuf> {
        let name = relative.file_name()?.to_string_lossy();
        let (stem, ext) = name.rsplit_once('.')?;
        let code = stem.rsplit_once('.').map(|(_, code)| code);
        let of = |c: &str| code.is_some_and(|code| code.eq_ignore_ascii_case(c));
        match &self.suffix {
            Some(own) if of(own) => {
                let bare = &stem[..stem.len() - own.len() - 1];
                Some(relative.with_file_name(format!("{bare}.{ext}")))
            }
            Some(_) => None,
            None if self.other_suffixes.iter().any(|c| of(c)) => None,
            None => Some(relative.to_path_buf()),
        }
    }

    /// Whether the walk skips `path` (under the content folder) and all it holds.
    fn skips(&self, path: &Path) -> bool {
        is_ignored(&file_name(path))
            || path
                .strip_prefix(&self.content)
                .is_ok_and(|rel| self.excluded.iter().any(|x| x == rel))
    }
}

/// `path` relative to `folder` when it is inside it, both made absolute and seen
/// through symbolic links as far as they exist.
fn relative_inside(folder: &Path, path: &Path) -> Option<PathBuf> {
    let inside = canonical_as_far_as_exists(path)
        .strip_prefix(canonical_as_far_as_exists(folder))
        .ok()?
        .to_path_buf();
    (!inside.as_os_str().is_empty()).then_some(inside)
}

/// Loads every page under the content folder, following symbolic links only inside
/// the layout's fence; problems are collected, never fatal.
pub(crate) fn load(layout: &Layout) -> Loaded {
    let content = &layout.content;
    let walked = layout
        .fence
        .walk(content, &|path: &Path| layout.skips(path));
    let mut loaded = Loaded {
        problems: walked.problems,
        ..Loaded::default()
    };
    let mut sources = Vec::new();
    for path in walked.files {
        let relative = path.strip_prefix(content).unwrap_or(&path).to_path_buf();
        if is_markdown(&path) {
            if let Some(relative) = layout.page_path(&relative) {
                sources.push((path, relative));
            }
        } else {
            loaded.assets.push((asset_location(&relative), path));
        }
    }

    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        scope.spawn(|| read_ahead(sources.iter().map(|(path, _)| path.as_path())));
        sources
            .par_iter()
            .map(|(path, relative)| load_page(layout, path, relative))
            .collect()
    });
    for (page, problems) in results {
        loaded.pages.extend(page);
        loaded.problems.extend(problems);
    }
    loaded
}

/// Asks the system to start reading `files` from the disk, all at once, so that the
/// pages' reads find them in memory: read one at a time per core, a cold disk's
/// latency would add up file by file.
fn read_ahead<'a>(files: impl Iterator<Item = &'a Path>) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    for path in files {
        use std::os::fd::AsRawFd;
        if let Ok(file) = std::fs::File::open(path) {
            // SAFETY: a hint about an open file's descriptor; it reads no memory of ours.
            unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED) };
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = files;
}

/// Where a file that is not a page is copied: its folders slugified as for pages, so an
/// image stays beside its page.
fn asset_location(relative: &Path) -> String {
    let (_, dir, _) = classify(relative);
    let name = relative.file_name().unwrap_or_default().to_string_lossy();
    if dir.is_empty() || relative.starts_with("topics") {
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
    }
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

/// Reads and parses the page at `path` (a file under the content folder), unless it
/// leads outside the layout's fence.
pub(crate) fn load_one(layout: &Layout, path: &Path) -> (Option<Page>, Vec<Diagnostic>) {
    if let Err(refusal) = layout.fence.resolve(path) {
        return (None, vec![layout.fence.problem(path, &refusal)]);
    }
    let relative = path.strip_prefix(&layout.content).unwrap_or(path);
    match layout.page_path(relative) {
        Some(relative) => load_page(layout, path, &relative),
        None => (None, Vec::new()),
    }
}

/// Reads and parses one file; `relative` is its path under the content folder.
fn load_page(layout: &Layout, path: &Path, relative: &Path) -> (Option<Page>, Vec<Diagnostic>) {
    let (pretty_urls, reading_speed) = (layout.pretty_urls, layout.reading_speed);
    let file = display_path(&layout.root, path);
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
    let (mut page, problems) = parse_page(file, relative, &bytes, pretty_urls, reading_speed);
    if let Some(page) = &mut page {
        if is_path(relative, &layout.paths_dir)
            && page.kind == Kind::Page
            && page.place == Place::Own
        {
            page.kind = Kind::Path;
        }
    }
    (page, problems)
}

/// Whether the file at `relative` (under the content folder) is in the paths folder.
fn is_path(relative: &Path, paths_dir: &str) -> bool {
    !paths_dir.is_empty()
        && folder_names(relative)
            .first()
            .is_some_and(|f| slugify(f) == paths_dir)
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
    let first = has_forbidden(&text)
        .then(|| text.chars().find(|&c| is_forbidden_char(c)))
        .flatten();
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

    let (kind, dir, place) = classify(relative);
    // A page at its folder's address is named by its folder, as Hugo and Zola name bundles.
    let folder_slug = (place != Place::Own).then(|| dir.rsplit('/').next().unwrap_or_default());
    let slug = match (&meta.slug, folder_slug) {
        (_, Some(folder)) => folder.to_string(),
        (Some(s), None) if is_valid_slug(s) => s.clone(),
        (Some(s), None) => {
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
        (None, None) => slugify(&stem),
    };
    if slug.is_empty() && kind != Kind::Home {
        problems.push(Diagnostic::error(
            Code::InvalidSlug,
            &file,
            "the file name gives an empty slug; rename the file or set `slug:`",
        ));
        return (None, problems);
    }
    let (out_path, url) = match (kind, place) {
        (Kind::Home, _) => folder_location("", pretty_urls),
        (_, Place::Own) => output_location(&dir, &slug, pretty_urls),
        (_, Place::Bundle | Place::FolderIntro) => folder_location(&dir, pretty_urls),
    };
    let page = Page {
        source: file,
        kind,
        slug,
        path: out_path,
        url,
        meta,
        body: Text::new(body),
        body_line: split.body_line,
        outline,
        topics: Vec::new(),
        place,
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

/// The names of the folders a file sits in, as written, from the top of the content folder.
pub(crate) fn folder_names(relative: &Path) -> Vec<String> {
    relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// The page kind, output folder and place of a file, from its path under the content
/// folder. `_index.md` (Hugo's and Zola's) and a folder note `Folder/Folder.md`
/// (Obsidian's) introduce their folder; `index.md` is the page at its folder's address;
/// at the top, either is the home page.
fn classify(relative: &Path) -> (Kind, String, Place) {
    let written = folder_names(relative);
    let folders: Vec<String> = written.iter().map(|f| slugify(f)).collect();
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let is_index = stem == "_index" || stem.eq_ignore_ascii_case("index");
    let mut kind = match folders.first().map(String::as_str) {
        None if is_index => Kind::Home,
        Some("articles") => Kind::Article,
        Some("tips") => Kind::Tip,
        Some("topics") => Kind::Topic,
        _ => Kind::Page,
    };
    let place = if kind == Kind::Home {
        Place::Own
    } else if stem == "_index"
        || (kind != Kind::Topic && written.last().is_some_and(|f| *f == stem))
    {
        // A folder's introduction is a page of the site, whatever folder it is in.
        kind = Kind::Page;
        Place::FolderIntro
    } else if kind != Kind::Topic && is_index {
        Place::Bundle
    } else {
        Place::Own
    };
    // Topic pages live at `topics/<slug>` whatever folder they are kept in.
    let dir = if kind == Kind::Topic || folders.first().is_some_and(|f| f == "topics") {
        "topics".to_string()
    } else {
        folders.join("/")
    };
    (kind, dir, place)
}

/// The address of a folder's own page, `<dir>/index.html` (the home page for `""`).
pub(crate) fn folder_location(dir: &str, pretty: bool) -> (String, String) {
    if dir.is_empty() {
        let url = if pretty { "" } else { "index.html" };
        return ("index.html".to_string(), url.to_string());
    }
    let path = format!("{dir}/index.html");
    let url = if pretty {
        format!("{dir}/")
    } else {
        path.clone()
    };
    (path, url)
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
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(c("tips/a.md").0, Kind::Tip);
        assert_eq!(
            c("articles/Deep Dive/a.md"),
            (Kind::Article, "articles/deep-dive".to_string(), Place::Own)
        );
        assert_eq!(c("_index.md").0, Kind::Home);
        assert_eq!(c("index.md").0, Kind::Home);
        assert_eq!(c("about.md"), (Kind::Page, String::new(), Place::Own));
        assert_eq!(
            c("topics/x/y.md"),
            (Kind::Topic, "topics".to_string(), Place::Own)
        );
    }

    #[test]
    fn folder_pages_are_found_by_name() {
        let c = |p: &str| classify(Path::new(p));
        let intro = |dir: &str| (Kind::Page, dir.to_string(), Place::FolderIntro);
        assert_eq!(c("Work/_index.md"), intro("work"));
        assert_eq!(c("tips/_index.md"), intro("tips"));
        assert_eq!(c("Work/Deep Work/Deep Work.md"), intro("work/deep-work"));
        assert_eq!(c("topics/_index.md"), intro("topics"));
        assert_eq!(
            c("tips/Trip/index.md"),
            (Kind::Tip, "tips/trip".to_string(), Place::Bundle)
        );
        // Only the same name as written makes a folder note; topic pages are topics.
        assert_eq!(c("Work/work.md").2, Place::Own);
        assert_eq!(c("topics/topics.md").0, Kind::Topic);
        assert_eq!(
            folder_location("work", false),
            ("work/index.html".into(), "work/index.html".into())
        );
        assert_eq!(
            folder_location("work", true),
            ("work/index.html".into(), "work/".into())
        );
        assert_eq!(
            folder_location("", true),
            ("index.html".into(), String::new())
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
