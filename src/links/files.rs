//! Links that name something other than a page's source: a file beside the pages or in
//! `static/` (`![](chart.png)`, `[a](file.pdf)`), a page's output (`x.html`, `x/`), a
//! root-absolute address (`/tips/x/`, as Hugo sites write them) or a folder (`tips/`).
//! Attachments not found where the link says are found by name anywhere in the content
//! folder, as Obsidian finds them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{normalize, Dest, LinkError, LinkIndex, Target};
use crate::content::Page;
use crate::diagnostics::Code;
use crate::markdown::Syntax;
use crate::suggest::closest;
use crate::urls::{percent_decode, relative};

/// Files ladder writes whatever the content, which a page may link to.
const GENERATED: [&str; 6] = [
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "search.html",
    "topics/index.html",
];

/// The files that are not pages.
#[derive(Debug, Clone, Default)]
pub(super) struct Files {
    /// Attachments by source path (relative to the site root) → output path.
    by_source: HashMap<PathBuf, String>,
    /// Attachments by file name, lowercased → (source path, output path).
    by_name: HashMap<String, Vec<(PathBuf, String)>>,
    /// Every output path of a file that is not a page: attachments, `static/`, generated.
    outputs: HashSet<String>,
}

impl Files {
    pub(super) fn add_attachments(&mut self, files: impl IntoIterator<Item = (PathBuf, String)>) {
        for (source, output) in files {
            if let Some(name) = source.file_name() {
                let name = name.to_string_lossy().to_lowercase();
                self.by_name
                    .entry(name)
                    .or_default()
                    .push((source.clone(), output.clone()));
            }
            self.outputs.insert(output.clone());
            self.by_source.insert(source, output);
        }
    }

    pub(super) fn add_outputs(&mut self, outputs: impl IntoIterator<Item = String>) {
        self.outputs.extend(outputs);
        self.outputs.extend(GENERATED.iter().map(|g| g.to_string()));
    }
}

/// A page's address as links name it: `tips/x.html`, `tips/x/`, `tips/x/index.html` and
/// `/tips/x` are all `tips/x`; the home page is the empty key.
pub(crate) fn url_key(url: &str) -> String {
    let url = url.trim().trim_matches('/');
    let url = url.strip_suffix("index.html").unwrap_or(url);
    let url = url.strip_suffix(".html").unwrap_or(url);
    url.trim_end_matches('/').to_string()
}

impl LinkIndex {
    /// A Markdown link to something not Markdown, written on page `from`.
    pub(super) fn file_or_output(
        &self,
        pages: &[Page],
        from: usize,
        dest: &str,
        fragment: Option<&str>,
    ) -> Result<Dest, LinkError> {
        // `?query` is the server's business, as is `:` in what is no path (`javascript:`).
        let path = dest.split_once('?').map_or(dest, |(p, _)| p);
        if path.is_empty() || path.contains(':') {
            return Ok(Dest::Keep);
        }
        let decoded = percent_decode(path).unwrap_or_else(|| path.to_string());
        let page = &pages[from];
        let suffix = &dest[path.len()..];
        let fragment_suffix = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        // Kept as written when it reads the same from the page's output; a page written as
        // `<slug>/index.html` reads it a folder deeper, so its links are made again.
        let (address, as_written) = match decoded.strip_prefix('/') {
            Some(rest) => (Some(rest.to_string()), false),
            None => {
                // Beside the page's source, as written: kept as it is.
                let source = page.source.parent().unwrap_or(Path::new("")).join(&decoded);
                if normalize(&source).is_some_and(|s| self.attachments.by_source.contains_key(&s)) {
                    return Ok(Dest::Keep);
                }
                // Or relative to the page's output, as a browser reads it.
                let folder = if page.url.ends_with('/') || page.url.is_empty() {
                    page.url.as_str()
                } else {
                    page.url.rsplit_once('/').map_or("", |(dir, _)| dir)
                };
                let joined = normalize(&Path::new(folder).join(&decoded))
                    .map(|p| p.to_string_lossy().into_owned());
                (joined, !page.url.ends_with('/'))
            }
        };
        if let Some(address) = address {
            if self.attachments.outputs.contains(address.as_str()) {
                return Ok(if as_written {
                    Dest::Keep
                } else {
                    Dest::File(format!("{address}{suffix}{fragment_suffix}"))
                });
            }
            let key = url_key(&address);
            if let Some(&target) = self.by_url.get(&key) {
                let fragment = match fragment {
                    Some(written) => Some(super::anchors::find(
                        &pages[target],
                        written,
                        Syntax::Markdown,
                    )?),
                    None => None,
                };
                return Ok(Dest::Page(Target {
                    page: target,
                    fragment,
                }));
            }
            if self.folders.contains(&key) {
                // A folder's listing, named as a file so that `file://` finds it.
                return Ok(Dest::File(format!("{key}/index.html{fragment_suffix}")));
            }
        }
        if let Some(output) = self.attachment(pages, from, &decoded) {
            return Ok(Dest::File(format!("{output}{suffix}{fragment_suffix}")));
        }
        Err(self.missing_file(pages, from, dest, &decoded))
    }

    /// The output path of the attachment `name` names (`chart.png`, `img/chart.png`),
    /// found by file name anywhere in the content folder: the one in the linking page's
    /// folder, else the shortest path, as Obsidian chooses.
    pub(super) fn attachment(&self, pages: &[Page], from: usize, name: &str) -> Option<String> {
        let name = name.trim().trim_start_matches("./").trim_start_matches('/');
        let lower = name.to_lowercase();
        let file = lower.rsplit_once('/').map_or(lower.as_str(), |(_, f)| f);
        let suffix = format!("/{lower}");
        let candidates: Vec<&(PathBuf, String)> = self
            .attachments
            .by_name
            .get(file)?
            .iter()
            .filter(|(source, _)| {
                let path = source.to_string_lossy().to_lowercase();
                path.ends_with(&suffix) || path == lower
            })
            .collect();
        let folder = pages[from].source.parent();
        candidates
            .iter()
            .find(|(source, _)| source.parent() == folder)
            .or_else(|| {
                candidates
                    .iter()
                    .min_by_key(|(source, _)| (source.as_os_str().len(), source.clone()))
            })
            .map(|(_, output)| output.clone())
    }

    fn missing_file(&self, pages: &[Page], from: usize, dest: &str, decoded: &str) -> LinkError {
        let page = &pages[from];
        if let Some(address) = decoded.strip_prefix('/') {
            let mut keys: Vec<&str> = self.by_url.keys().map(String::as_str).collect();
            keys.sort_unstable();
            let help = closest(&url_key(address), &keys).map(|near| {
                let tail = if address.ends_with('/') { "/" } else { "" };
                format!("did you mean `/{near}{tail}`?")
            });
            return LinkError::new(
                Code::BrokenLink,
                format!("link `{dest}` names no page or file of the site"),
                help,
            );
        }
        let written = decoded.rsplit('/').next().unwrap_or(decoded).to_lowercase();
        let mut names: Vec<&str> = self
            .attachments
            .by_name
            .keys()
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        let help = closest(&written, &names)
            .and_then(|near| self.attachments.by_name.get(near)?.first())
            .map(|(_, output)| {
                format!(
                    "did you mean `{}`?",
                    crate::urls::encode_path(&relative(&page.path, output))
                )
            });
        let beside = page.source.parent().unwrap_or(Path::new("")).join(decoded);
        let place = normalize(&beside).unwrap_or(beside);
        LinkError::new(
            Code::BrokenLink,
            format!(
                "link `{dest}` leads to {}, which does not exist, nor does a file of that name anywhere in the content folder or static/",
                place.display()
            ),
            help,
        )
    }
}
