//! Relative URLs between output files, so the site works from any sub-path and from `file://`.

use std::path::Path;

/// The link from the output file `from` (e.g. `tips/a.html`) to `to`, a path relative
/// to the output root (`tips/b.html`, `topics/x/`, `style.css`, `#frag` allowed).
pub(crate) fn relative(from: &str, to: &str) -> String {
    // Folders with their trailing slash, so that common folders are a common prefix
    // that ends at a slash. Every link of every page comes through here: no `Vec`s.
    let from_dir = from.rfind('/').map_or("", |i| &from[..=i]);
    let (to_dir, to_file) = to
        .rfind('/')
        .map_or(("", to), |i| (&to[..=i], &to[i + 1..]));
    let mut common = 0;
    for (i, (a, b)) in from_dir.bytes().zip(to_dir.bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            common = i + 1;
        }
    }
    let ups = from_dir[common..].matches('/').count();
    let down = &to_dir[common..];
    let mut out = String::with_capacity(2 + 3 * ups + down.len() + to_file.len());
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(down);
    out.push_str(to_file);
    if out.is_empty() || out.starts_with('#') {
        out.insert_str(0, "./");
    }
    out
}

/// The prefix that leads from the output file `from` back to the output root (`../../`).
pub(crate) fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A path made fit for an `href`: spaces and the characters HTML or URLs treat specially
/// escaped, the rest (letters of any script, `/`, `#`, `?`) left as they are.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '`' | '\\' | '^' | '{' | '}' | '|' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether an entry of `aliases` is an old address to redirect from (`/old/tip/`,
/// `old-tip.html`, `old/`) rather than another name for the page (`Weekly review`,
/// `How to/Embed files`), which links may use as in Obsidian.
pub(crate) fn is_url_alias(alias: &str) -> bool {
    let alias = alias.trim();
    let last = alias.rsplit('/').next().unwrap_or(alias);
    // `old-tip.html`, `feed.xml`: a file name, extension and all, with no space.
    let file_like = !alias.contains(' ')
        && last.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
        });
    alias.starts_with('/') || alias.ends_with('/') || file_like
}

/// Whether a file name or link path names a page. The extension is matched in any case:
/// `x.MD` is Markdown, as Zola and Hugo read it, not an asset copied as is.
pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The scheme of a URL, in lower case, read as a browser reads it: leading spaces and
/// control characters skipped, tabs and line breaks anywhere dropped, so that
/// ` JaVaScRiPt:` and `java\tscript:` are both `javascript`. `None` for a relative URL.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let mut scheme = String::new();
    let chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    for c in chars {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// Whether following a URL runs script or opens a document made of the URL itself:
/// `javascript:`, `vbscript:` and `data:`.
pub(crate) fn is_script(url: &str) -> bool {
    matches!(
        scheme(url).as_deref(),
        Some("javascript" | "vbscript" | "data")
    )
}

/// Whether a URL supplied as data (not written as a link in a page's body) may become an
/// `href`: `http(s):`, `mailto:` or relative.
pub(crate) fn is_safe_href(url: &str) -> bool {
    matches!(
        scheme(url).as_deref(),
        None | Some("http" | "https" | "mailto")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}\njavascript:x",
            "jav\r\nascript:x",
            "VBScript:x",
            "data:text/html,<script>x</script>",
        ] {
            assert!(is_script(url), "{url:?}");
            assert!(!is_safe_href(url), "{url:?}");
        }
        for url in [
            "https://x.org/a:b",
            "HTTP://x.org",
            "mailto:a@x.org",
            "../tips/a.html",
            "/a:b",
            "a b:c",
            "#x:y",
            "//x.org",
            "",
        ] {
            assert!(is_safe_href(url), "{url:?}");
            assert!(!is_script(url), "{url:?}");
        }
        assert_eq!(scheme("tel:+1").as_deref(), Some("tel"));
        assert!(!is_safe_href("ftp://x.org"));
        assert_eq!(scheme("1http:x"), None);
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("tips/a.html", "tips/b.html"), "b.html");
        assert_eq!(
            relative("tips/a.html", "articles/c.html#why"),
            "../articles/c.html#why"
        );
        assert_eq!(relative("index.html", "tips/b.html"), "tips/b.html");
        assert_eq!(relative("tips/x/a.html", "index.html"), "../../index.html");
        assert_eq!(relative("tips/a/index.html", "tips/b/"), "../b/");
        assert_eq!(relative("tips/a/index.html", "tips/a/"), "./");
        assert_eq!(relative("index.html", ""), "./");
        assert_eq!(root_of("a/b/c.html"), "../../");
        assert_eq!(root_of("c.html"), "");
    }

    /// `relative` as its definition reads: up out of `from`'s folders that `to` does
    /// not share, then down into `to`'s.
    fn by_folders(from: &str, to: &str) -> String {
        let from_dirs: Vec<&str> = from
            .rsplit_once('/')
            .map_or(vec![], |(d, _)| d.split('/').collect());
        let (to_dirs, file) = to
            .rsplit_once('/')
            .map_or((vec![], to), |(d, f)| (d.split('/').collect(), f));
        let common = from_dirs
            .iter()
            .zip(&to_dirs)
            .take_while(|(a, b)| a == b)
            .count();
        let mut out = "../".repeat(from_dirs.len() - common);
        for dir in &to_dirs[common..] {
            out.push_str(dir);
            out.push('/');
        }
        out.push_str(file);
        if out.is_empty() || out.starts_with('#') {
            out.insert_str(0, "./");
        }
        out
    }

    #[test]
    fn relative_links_go_up_and_down_by_whole_folders() {
        let paths = [
            "",
            "index.html",
            "a.html",
            "#top",
            "tips/",
            "tips/a.html",
            "tips/b.html#x",
            "tips/a/index.html",
            "tips/a/",
            "tipsy/a.html",
            "tip/a.html",
            "a/b/c/d.html",
            "a/b/x.html",
            "a/bc/x.html",
            "a//b.html",
            "topics/x/",
            "articles/c.html#why",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(relative(from, to), by_folders(from, to), "{from} → {to}");
            }
        }
    }

    #[test]
    fn paths_are_encoded_for_hrefs() {
        assert_eq!(encode_path("img/My chart.png#x"), "img/My%20chart.png#x");
        assert_eq!(encode_path("a\"b<c>.pdf"), "a%22b%3Cc%3E.pdf");
        assert_eq!(encode_path("café/ü.png"), "café/ü.png");
    }

    #[test]
    fn old_addresses_are_told_from_names() {
        for url in [
            "/old/tip/",
            "old-tip.html",
            "old/",
            " /x ",
            "search/index.js",
        ] {
            assert!(is_url_alias(url), "{url}");
        }
        for name in [
            "Weekly review",
            "How to/Embed files",
            "old-tip",
            "Dr. Who",
            "v1.2 notes",
        ] {
            assert!(!is_url_alias(name), "{name}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20tip.md").as_deref(), Some("my tip.md"));
        assert_eq!(percent_decode("100%"), None);
        assert_eq!(percent_decode("%ff"), None);
    }
}
