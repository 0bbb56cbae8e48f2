//! Readers for the HTML a build writes: attribute values, sections, meta tags and titles,
//! and a walker that checks every internal link of an output folder resolves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

use crate::fixture::tree;

/// Decodes the character references ladder's templates produce in attribute values and text.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The values of every `name="…"` attribute in `html`, decoded, in document order.
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    let needle = format!("{name}=");
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let at = from + i;
        from = at + needle.len();
        // Only a whole attribute name: preceded by whitespace.
        if !html[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = &html[from..];
        let quote = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => continue,
        };
        if let Some(end) = rest[1..].find(quote) {
            values.push(decode_entities(&rest[1..1 + end]));
            from += end + 2;
        }
    }
    values
}

/// Every `href` value in `html`, decoded.
pub fn hrefs(html: &str) -> Vec<String> {
    attr_values(html, "href")
}

/// The HTML of the `<section>` whose heading has `id="heading_id"`, or `None`.
pub fn section<'a>(html: &'a str, heading_id: &str) -> Option<&'a str> {
    let start = html.find(&format!("id=\"{heading_id}\""))?;
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    Some(&html[start..end])
}

/// The hrefs listed in the section headed `heading_id`, in order; empty if there is none.
pub fn section_hrefs(html: &str, heading_id: &str) -> Vec<String> {
    section(html, heading_id).map(hrefs).unwrap_or_default()
}

/// The text between the first `start` after `after` and the next `end`.
pub fn between<'a>(html: &'a str, after: &str, end: &str) -> Option<&'a str> {
    let i = html.find(after)? + after.len();
    let j = html[i..].find(end)?;
    Some(&html[i..i + j])
}

/// The content of `<meta name|property="key" content="…">`, decoded.
pub fn meta(html: &str, key: &str) -> Option<String> {
    for attr in ["name", "property"] {
        let needle = format!("<meta {attr}=\"{key}\" content=\"");
        if let Some(i) = html.find(&needle) {
            let rest = &html[i + needle.len()..];
            return Some(decode_entities(&rest[..rest.find('"')?]));
        }
    }
    None
}

/// The text of `<title>`.
pub fn title(html: &str) -> Option<String> {
    between(html, "<title>", "</title>").map(decode_entities)
}

/// The text of the first `<h1>`, without the tag's attributes.
pub fn h1(html: &str) -> Option<String> {
    let i = html.find("<h1")?;
    let rest = &html[i..];
    let open = rest.find('>')? + 1;
    let close = rest.find("</h1>")?;
    Some(decode_entities(&rest[open..close]))
}

/// Whether `value` is an external link (has a scheme) that the walker leaves alone.
fn is_external(value: &str) -> bool {
    if value.starts_with("//") {
        return true;
    }
    match value.find(':') {
        Some(i) => {
            let scheme = &value[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !scheme.contains('/')
        }
        None => false,
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `link` (no fragment) against the folder of `page`, both relative to the
/// output root; `None` if it climbs out of it.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<String> = page.split('/').map(str::to_string).collect();
    parts.pop();
    for component in Path::new(&percent_decode(link)).components() {
        match component {
            Component::Normal(c) => parts.push(c.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// The ids defined in an HTML document.
pub fn ids(html: &str) -> BTreeSet<String> {
    attr_values(html, "id").into_iter().collect()
}

/// Walks every `.html` file under `out` and checks that every internal `href`/`src`
/// (and meta-refresh `url=`) names an existing file, and that fragments exist as ids in
/// their target. Links ending in `/` are allowed only with `pretty_urls`. `404.html` at
/// the root is skipped: its links are host-absolute on purpose. Returns every problem.
pub fn broken_links(out: &Path, pretty_urls: bool) -> Vec<String> {
    let files = tree(out);
    let mut id_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |path: &str| -> BTreeSet<String> {
        id_cache
            .entry(path.to_string())
            .or_insert_with(|| ids(&String::from_utf8_lossy(&files[path])))
            .clone()
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, bytes) in &files {
        if !page.ends_with(".html") || page == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let mut links = attr_values(&html, "href");
        links.extend(attr_values(&html, "src"));
        for content in attr_values(&html, "content") {
            if let Some(i) = content.find("url=") {
                links.push(content[i + 4..].trim().to_string());
            }
        }
        for link in links {
            checked += 1;
            if is_external(&link) {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                if let Some(f) = fragment {
                    if !f.is_empty() && !has_id(&ids_of(page), f) {
                        problems.push(format!("{page}: `{link}`: no id `{f}` on this page"));
                    }
                }
                continue;
            }
            if path.starts_with('/') {
                problems.push(format!("{page}: `{link}` is host-absolute, not relative"));
                continue;
            }
            let mut target = match resolve(page, path) {
                Some(t) => t,
                None => {
                    problems.push(format!("{page}: `{link}` climbs out of the output folder"));
                    continue;
                }
            };
            if path.ends_with('/') || path == "." || path == ".." {
                if !pretty_urls {
                    problems.push(format!(
                        "{page}: `{link}` links to a folder (breaks on file://)"
                    ));
                    continue;
                }
                target = if target.is_empty() {
                    "index.html".to_string()
                } else {
                    format!("{target}/index.html")
                };
            }
            if !files.contains_key(&target) {
                problems.push(format!("{page}: `{link}` → {target}, which does not exist"));
                continue;
            }
            if let Some(f) = fragment {
                if !f.is_empty() && !has_id(&ids_of(&target), f) {
                    problems.push(format!("{page}: `{link}`: {target} has no id `{f}`"));
                }
            }
        }
    }
    assert!(checked > 0, "no links found under {}", out.display());
    problems
}

/// Whether a fragment names one of `ids` as a browser finds it: as written, else
/// percent-decoded (`#r%C3%A9sum%C3%A9` finds `id="résumé"`).
fn has_id(ids: &BTreeSet<String>, fragment: &str) -> bool {
    ids.contains(fragment) || ids.contains(&percent_decode(fragment))
}

/// Asserts the walker finds nothing wrong.
#[track_caller]
pub fn assert_links_resolve(out: &Path, pretty_urls: bool) {
    let problems = broken_links(out, pretty_urls);
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
