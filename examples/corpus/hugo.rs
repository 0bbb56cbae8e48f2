//! The synthetic knowledge base of `mod.rs` as a Hugo site, to time Hugo on the same
//! pages (`scripts/bench-peers`).
//!
//! The pages are the same files with the same YAML front matter (`title`, `topics`,
//! `summary`, `date`); `topics` is declared as a taxonomy. ladder's links become plain
//! relative Markdown links to the target's Hugo address (`tips/tip-00001.md` is served at
//! `tips/tip-00001/`): `[[tip-00001]]` → `[Its title](../../tips/tip-00001/)`, and
//! `[text](article-00002.md)` → `[text](../../articles/article-00002/)`. The layouts are
//! minimal: a page shows its title, date, topics and text; a section, a term and the
//! taxonomy list their pages; the home page lists the topics and the newest articles.
//! RSS and the sitemap are off.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use super::corpus::{self, Corpus};

/// Hugo's settings.
const CONFIG: &str = r#"baseURL = "/"
languageCode = "en"
title = "Synthetic"
disableKinds = ["RSS", "sitemap"]

[taxonomies]
topic = "topics"
"#;

/// Layouts by path under `layouts/`.
const LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ site.Title }}</title>
</head>
<body>
<nav><a href="/">{{ site.Title }}</a> · <a href="/topics/">Topics</a></nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}
<ul class="topics">{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .Params.summary }}<p class="lede">{{ . }}</p>{{ end }}
{{ .Content }}
</article>{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "_default/taxonomy.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "_default/term.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
<h2>Topics</h2>
<ul>{{ range site.Taxonomies.topics.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Recent articles</h2>
<ul>{{ range first 10 (where site.RegularPages.ByDate.Reverse "Section" "articles") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "404.html",
        r#"{{ define "main" }}<h1>Page not found</h1>
<p><a href="/">Home</a></p>{{ end }}
"#,
    ),
];

/// Writes the site of `pages` pages as a Hugo site into `root` (new or empty).
pub fn generate(root: &Path, pages: usize, seed: u64) -> io::Result<Corpus> {
    let (files, corpus) = corpus::site(pages, seed);
    // Where each page lives in Hugo, from its slug, and its title for wiki links.
    let mut titles: HashMap<String, String> = HashMap::new();
    for (path, text) in &files {
        let Some(slug) = path
            .strip_prefix("content/")
            .and_then(|p| p.strip_suffix(".md"))
        else {
            continue;
        };
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap_or_default()
            .trim_matches('"');
        titles.insert(slug.to_string(), title.to_string());
    }
    let address = |slug: &str| -> Option<String> {
        let section = if slug.starts_with("tip-") {
            "tips"
        } else {
            "articles"
        };
        let key = format!("{section}/{slug}");
        // Every page is at depth two (`tips/tip-00001/`), so `../../` is the root.
        titles.contains_key(&key).then(|| format!("../../{key}/"))
    };
    write(root.join("config.toml"), CONFIG)?;
    for (path, text) in LAYOUTS {
        write(root.join("layouts").join(path), text)?;
    }
    for (path, text) in files {
        if !path.starts_with("content/") {
            continue;
        }
        let text = relink(&text, &titles, &address);
        write(root.join(path), &text)?;
    }
    Ok(corpus)
}

/// `text` with ladder's links (`[[slug]]`, `[text](slug.md)`) as Hugo's relative links.
fn relink(
    text: &str,
    titles: &HashMap<String, String>,
    address: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    loop {
        let wiki = rest.find("[[");
        let md = rest.find(".md)");
        match (wiki, md) {
            (Some(w), m) if m.is_none_or(|m| w < m) => {
                let Some(end) = rest[w..].find("]]") else {
                    break;
                };
                let slug = &rest[w + 2..w + end];
                out.push_str(&rest[..w]);
                match address(slug) {
                    Some(url) => {
                        let key = url.trim_start_matches("../../").trim_end_matches('/');
                        out.push_str(&format!("[{}]({url})", titles[key]));
                    }
                    None => out.push_str(&rest[w..w + end + 2]),
                }
                rest = &rest[w + end + 2..];
            }
            (_, Some(m)) => {
                // `](slug.md)`: the slug runs back to the `(`.
                let open = rest[..m].rfind("](").map(|o| o + 2);
                match open.and_then(|o| address(&rest[o..m]).map(|url| (o, url))) {
                    Some((o, url)) => {
                        out.push_str(&rest[..o]);
                        out.push_str(&url);
                        out.push(')');
                    }
                    None => out.push_str(&rest[..m + 4]),
                }
                rest = &rest[m + 4..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

fn write(path: impl AsRef<Path>, text: &str) -> io::Result<()> {
    let path = path.as_ref();
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}
