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
}
