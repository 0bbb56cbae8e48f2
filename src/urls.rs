//! Relative URLs between output files, so the site works from any sub-path and from `file://`.

/// The link from the output file `from` (e.g. `tips/a.html`) to `to`, a path relative
/// to the output root (`tips/b.html`, `topics/x/`, `style.css`, `#frag` allowed).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = match from.rfind('/') {
        Some(i) => from[..i].split('/').collect(),
        None => Vec::new(),
    };
    let (to_dirs, to_file): (Vec<&str>, &str) = match to.rfind('/') {
        Some(i) => (to[..i].split('/').collect(), &to[i + 1..]),
        None => (Vec::new(), to),
    };
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
    out.push_str(to_file);
    if out.is_empty() || out.starts_with('#') {
        out.insert_str(0, "./");
    }
    out
}

/// The prefix that leads from the output file `from` back to the output root (`../../`).
pub fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20tip.md").as_deref(), Some("my tip.md"));
        assert_eq!(percent_decode("100%"), None);
        assert_eq!(percent_decode("%ff"), None);
    }
}
