//! Re-reading one edited page and relinking the site around it, and rendering bodies
//! again from their sources, for the dev server.

use std::path::Path;

use rayon::prelude::*;

use super::load::render_bodies;
use super::{Site, Update};
use crate::content::{self, Kind, Page, Text};
use crate::diagnostics::Diagnostics;
use crate::graph::Graph;

impl Site {
    /// Re-reads the page at `file` after an edit and relinks the site around it.
    ///
    /// On success the site holds the new page, and the returned pages are the only
    /// ones whose output may differ. On error the site is left exactly as it was.
    pub fn reload_page(&mut self, file: &Path) -> Result<Update, Diagnostics> {
        self.reload_page_with_undo(file).map(|(update, _)| update)
    }

    /// Re-reads the page at `file` like [`Site::reload_page`], and returns what it
    /// replaced: [`Site::undo`] puts it back when what the edit led to is not kept.
    pub(crate) fn reload_page_with_undo(
        &mut self,
        file: &Path,
    ) -> Result<(Update, Undo), Diagnostics> {
        let mut undo = Undo::default();
        let relative = file.strip_prefix(&self.root).unwrap_or(file);
        let Some(i) = self.pages.iter().position(|p| p.source == relative) else {
            return Ok((Update::Full, undo));
        };
        let layout = content::Layout::new(&self.root, &self.config, None);
        let (page, problems) = content::load_one(&layout, file);
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(problems);
        let Some(mut page) = page else {
            return Err(diagnostics);
        };
        diagnostics.extend(self.topics.assign(std::slice::from_mut(&mut page)));
        self.index.settle_lead(&self.pages, &mut page);
        let old = &self.pages[i];
        // A path's steps decide other pages' path navigation.
        let reaches_far = matches!(page.kind, Kind::Topic | Kind::Path)
            || page.path != old.path
            || page.meta.title != old.meta.title
            || page.topics != old.topics
            || page.meta.draft != old.meta.draft
            || page.meta.date != old.meta.date
            // "Recently updated" is ordered by it.
            || page.meta.updated != old.meta.updated
            || page.meta.weight != old.meta.weight
            || page.meta.aliases != old.meta.aliases
            || page.meta.source != old.meta.source
            || page.meta.source_article != old.meta.source_article;
        if reaches_far {
            // Lists, counts, orderings or redirects elsewhere may change.
            if diagnostics.has_errors() {
                return Err(diagnostics);
            }
            return Ok((Update::Full, undo));
        }
        // What other pages show of this one in their lists (title, address, kind, date and
        // topics are unchanged here), and what links and embeds into it read.
        let listing_changed = page.summary() != old.summary()
            || page.outline.reading_time != old.outline.reading_time;
        let anchor_ids =
            |p: &Page| -> Vec<String> { p.outline.headings.iter().map(|h| h.id.clone()).collect() };
        let anchors_changed = anchor_ids(&page) != anchor_ids(old);

        let old_page = std::mem::replace(&mut self.pages[i], page);
        // Pages that link to or embed this one show its summary (cards) and check its anchors.
        let mut rebody: Vec<usize> = vec![i];
        if listing_changed || anchors_changed {
            rebody.extend(self.graph.backlinks[i].iter().copied());
        }
        // The link index reads sources, slugs, addresses and titles, all unchanged here.
        let bodies = render_bodies(
            &self.pages,
            &self.topics,
            &self.index,
            &rebody,
            &self.strings,
        );
        for (_, found) in &bodies {
            diagnostics.extend(found.problems.iter().cloned());
        }
        if diagnostics.has_errors() {
            self.pages[i] = old_page;
            return Err(diagnostics);
        }
        let mut affected = vec![i];
        let mut relinked = Vec::new();
        for (&j, (html, found)) in rebody.iter().zip(bodies) {
            if self.html[j] != html {
                affected.push(j);
                undo.html
                    .push((j, std::mem::replace(&mut self.html[j], html)));
            }
            if self.links[j] != found.targets {
                relinked.push(j);
                undo.links
                    .push((j, std::mem::replace(&mut self.links[j], found.targets)));
            }
        }
        // Links decide backlinks, source articles and relatedness; without a change in
        // them (or in anything else the graph reads) the graph stays as it is.
        let graph = match relinked[..] {
            [] => None,
            [j] => Some(self.graph.relink(&self.pages, &self.links, j)),
            // Source articles are unchanged here: a change to one reaches far.
            _ => Some(
                Graph::build(
                    &self.pages,
                    &self.topics,
                    &self.links,
                    &self.graph.source_article,
                )
                .with_paths(self.graph.paths.clone()),
            ),
        };
        if let Some(graph) = &graph {
            affected.extend(self.graph.differing(graph));
        }
        if listing_changed {
            let new = graph.as_ref().unwrap_or(&self.graph);
            affected.extend(
                (0..self.pages.len()).filter(|&j| self.graph.mentions(j, i) || new.mentions(j, i)),
            );
        }
        affected.sort_unstable();
        affected.dedup();
        if let Some(graph) = graph {
            undo.graph = Some(std::mem::replace(&mut self.graph, graph));
        }
        // Held packed, as the others are, until the next edit of it.
        self.pages[i].body.pack();
        undo.page = Some((i, old_page));
        Ok((Update::Pages(affected), undo))
    }

    /// Puts back what [`Site::reload_page_with_undo`] replaced. Edits undone must be
    /// undone last first.
    pub(crate) fn undo(&mut self, undo: Undo) {
        if let Some(graph) = undo.graph {
            self.graph = graph;
        }
        for (j, links) in undo.links {
            self.links[j] = links;
        }
        for (j, html) in undo.html {
            self.html[j] = html;
        }
        if let Some((i, page)) = undo.page {
            self.pages[i] = page;
        }
    }

    /// Holds the bodies of `kept` (in order) and frees every other: a site kept for
    /// edits renders a body again from its source when it needs one.
    pub(crate) fn hold_bodies(&mut self, kept: &[usize]) {
        self.html.resize_with(self.pages.len(), Text::default);
        for (i, html) in self.html.iter_mut().enumerate() {
            if kept.binary_search(&i).is_err() {
                *html = Text::default();
            }
        }
        self.restore_bodies(kept);
    }

    /// Renders again from their sources the bodies of `which` that are not held.
    pub(crate) fn restore_bodies(&mut self, which: &[usize]) {
        self.html.resize_with(self.pages.len(), Text::default);
        let missing: Vec<usize> = which
            .iter()
            .copied()
            .filter(|&i| self.html[i].is_empty())
            .collect();
        self.render_bodies_again(&missing);
    }

    /// Renders again from their sources the bodies of `which` (in order), and returns
    /// what they replaced, for [`Site::undo`].
    pub(crate) fn render_bodies_again(&mut self, which: &[usize]) -> Undo {
        let bodies = render_bodies(&self.pages, &self.topics, &self.index, which, &self.strings);
        let mut undo = Undo::default();
        for (&j, (body, _)) in which.iter().zip(bodies) {
            undo.html
                .push((j, std::mem::replace(&mut self.html[j], body)));
        }
        undo
    }

    /// Every page's body: held, or rendered again from its source.
    pub(crate) fn bodies(&self) -> Vec<Text> {
        (0..self.pages.len())
            .into_par_iter()
            .map(|i| self.body(i))
            .collect()
    }

    /// Page `i`'s body: held, or rendered again from its source.
    pub(crate) fn body(&self, i: usize) -> Text {
        match self.html.get(i) {
            Some(body) if !body.is_empty() => body.clone(),
            _ => render_bodies(&self.pages, &self.topics, &self.index, &[i], &self.strings)
                .pop()
                .map(|(body, _)| body)
                .unwrap_or_default(),
        }
    }
}

/// What [`Site::reload_page_with_undo`] replaced in a site, for [`Site::undo`].
#[derive(Default)]
pub(crate) struct Undo {
    /// The page re-read, as it was.
    page: Option<(usize, Page)>,
    /// Bodies replaced, as they were.
    html: Vec<(usize, Text)>,
    /// Pages' links replaced, as they were.
    links: Vec<(usize, Vec<usize>)>,
    /// The graph, when it was replaced.
    graph: Option<Graph>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Options;

    /// A site whose bodies link, embed and hold headings, loaded with its bodies.
    fn loaded(root: &Path) -> Site {
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("site.toml", "title = \"T\"\n");
        write(
            "content/articles/a.md",
            "---\ntitle: A\n---\n\nSee [[b]] and [its part](../tips/b.md#part).\n\n## Why\n\nOne.\n\n![[b]]\n",
        );
        write(
            "content/tips/b.md",
            "---\ntitle: B\n---\n\nBody of *b*.\n\n## Part\n\nTwo.\n",
        );
        write("content/tips/c.md", "---\ntitle: C\n---\n");
        let (mut site, _) = Site::load_all(root, &Options::default()).unwrap();
        site.pack_sources();
        site
    }

    #[test]
    fn bodies_freed_are_rendered_again_from_their_sources_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let mut site = loaded(dir.path());
        let whole = site.html.clone();
        assert!(whole.iter().filter(|b| !b.is_empty()).count() >= 2);
        let b = site.pages.iter().position(|p| p.slug == "b").unwrap();

        site.hold_bodies(&[b]);
        let held: Vec<bool> = site.html.iter().map(|h| !h.is_empty()).collect();
        assert_eq!(held.iter().filter(|&&h| h).count(), 1);
        assert!(held[b]);
        for (i, body) in whole.iter().enumerate() {
            assert_eq!(&site.body(i), body, "{}", site.pages[i].source.display());
        }
        assert_eq!(site.bodies(), whole);

        site.hold_bodies(&[]);
        site.restore_bodies(&[b]);
        assert_eq!(site.html[b], whole[b]);
        assert!(site
            .html
            .iter()
            .enumerate()
            .all(|(i, h)| i == b || h.is_empty()));
    }

    #[test]
    fn an_edit_undone_leaves_the_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut site = loaded(dir.path());
        let b = site.pages.iter().position(|p| p.slug == "b").unwrap();
        let (html, links, backlinks) = (
            site.html.clone(),
            site.links.clone(),
            site.graph.backlinks.clone(),
        );
        let source = site.pages[b].body.text().into_owned();
        let file = dir.path().join("content/tips/b.md");
        // A new opening (what cards of it show) and a new link: bodies, links and the
        // graph all change.
        std::fs::write(
            &file,
            "---\ntitle: B\n---\n\nNew body of *b*, see [[c]].\n\n## Part\n\nTwo.\n",
        )
        .unwrap();
        let (update, undo) = site.reload_page_with_undo(&file).unwrap();
        let Update::Pages(affected) = update else {
            panic!("a body edit reloads in place")
        };
        assert!(affected.len() >= 2, "{affected:?}");
        assert_ne!(site.links, links);
        assert_ne!(site.graph.backlinks, backlinks);
        assert_ne!(site.html, html);

        site.undo(undo);
        assert_eq!(site.html, html);
        assert_eq!(site.links, links);
        assert_eq!(site.graph.backlinks, backlinks);
        assert_eq!(site.pages[b].body.text(), source);
        assert_eq!(site.pages[b].outline.lead, "Body of b.");
    }
}
