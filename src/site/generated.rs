//! The files drawn from the whole site rather than one page: robots.txt, the sitemap and
//! feed, redirects for old addresses, and static files copied as they are.

use super::Site;
use crate::content::Kind;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::generated;
use crate::output::{Contents, OutputFile};
use crate::render;
use crate::theme::files_under;
use crate::urls::is_url_alias;

impl Site {
    /// Files drawn from every page at once: robots.txt, and the sitemap and feed when
    /// `base_url` is set.
    pub fn site_files(&self) -> Vec<OutputFile> {
        let mut files = vec![OutputFile::bytes(
            "robots.txt",
            generated::robots(self.config.base_url.as_deref()),
            "(robots.txt)",
        )];
        if let Some(base) = &self.config.base_url {
            let mut extra_urls = Vec::new();
            if self.folders.topics_intro.is_none() {
                extra_urls.push(render::topics_index_url(self.config.pretty_urls));
            }
            extra_urls.extend(render::paths_index_url(&self.config, &self.graph.paths));
            extra_urls.extend(
                self.folders
                    .generated()
                    .map(|f| self.folders.list[f].url.clone()),
            );
            files.push(OutputFile::bytes(
                "sitemap.xml",
                generated::sitemap(base, &self.pages, &extra_urls),
                "(sitemap)",
            ));
            files.push(OutputFile::bytes(
                "atom.xml",
                generated::atom(
                    base,
                    &self.config.title,
                    &self.config.description,
                    &self.pages,
                    &self.html,
                ),
                "(feed)",
            ));
        }
        files
    }

    /// Redirect pages for every page's `aliases` (topic pages use aliases as synonyms).
    pub(super) fn redirects(&self, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for page in self.pages.iter().filter(|p| p.kind != Kind::Topic) {
            // Other aliases are names that links use (`[[Old name]]`), as in Obsidian.
            for alias in page.meta.aliases.iter().filter(|a| is_url_alias(a)) {
                match generated::alias_path(alias) {
                    Some(path) => {
                        let html = generated::redirect(&path, &page.url, &page.meta.title);
                        let mut file = OutputFile::bytes(path, html, page.source.clone());
                        file.origin_line = Some(page.meta.aliases_line);
                        files.push(file);
                    }
                    None => diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidAlias,
                            page.source.clone(),
                            format!("alias `{alias}` is not a path inside the site"),
                        )
                        .at_line(page.meta.aliases_line),
                    ),
                }
            }
        }
        files
    }

    /// The site's `static/` folder and the assets beside its pages, copied as they are.
    /// A site's static file replaces a theme's file of the same name.
    pub(super) fn statics(&self, files: &mut Vec<OutputFile>, diagnostics: &mut Diagnostics) {
        let mut problems = Vec::new();
        let site_static = files_under(&self.fence(), &self.root.join("static"), &mut problems);
        diagnostics.extend(problems);
        for (path, source) in site_static {
            files.retain(|f| !(f.path == path && f.origin.starts_with("themes/")));
            files.push(OutputFile {
                origin: source
                    .strip_prefix(&self.root)
                    .unwrap_or(&source)
                    .to_path_buf(),
                path,
                origin_line: None,
                contents: Contents::Copy(source),
            });
        }
        for (path, source) in &self.assets {
            files.push(OutputFile {
                path: path.clone(),
                contents: Contents::Copy(source.clone()),
                origin: source
                    .strip_prefix(&self.root)
                    .unwrap_or(source)
                    .to_path_buf(),
                origin_line: None,
            });
        }
    }
}
