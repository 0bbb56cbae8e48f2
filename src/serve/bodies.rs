//! Each page's body held once: inside its served page. The site keeps its pages' bodies
//! (HTML) for rendering again after an edit, and every served page holds its body too;
//! at 10,000 pages that is 47 MB twice. So the site's copy is freed once its page is
//! served, and copied back from the served page for the few pages an edit renders again.
//! Served pages are held packed, so a body is found in its page as rendered, before the
//! page is packed, and read back by unpacking the page.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::state::{Files, Held};
use crate::content::Text;
use crate::output::{Contents, OutputFile};
use crate::site::Site;

/// Where each page's body lies in its served page, and whether the site's copy is freed.
#[derive(Default)]
pub(super) struct Bodies {
    /// Per page: the bytes of its served page that are its body, when they were found
    /// there. Valid while that served page is the one rendered from the body.
    at: Vec<Option<Range<usize>>>,
    /// Per page: the site's copy is freed (an empty body is not told from a freed one).
    freed: Vec<bool>,
}

impl Bodies {
    /// Finds every page's body in its page, rendered by a full build and not yet packed.
    pub(super) fn locate_all(site: &Site, files: &[OutputFile]) -> Bodies {
        let rendered = rendered(files);
        let at: Vec<_> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| locate(site, &rendered, i))
            .collect();
        let freed = vec![false; at.len()];
        Bodies { at, freed }
    }

    /// Finds again the bodies of `pages`, rendered again from the site's copies into
    /// `files`, which are about to be packed and served.
    pub(super) fn relocate(&mut self, site: &Site, files: &[OutputFile], pages: &[usize]) {
        let rendered = rendered(files);
        self.at.resize(site.pages.len(), None);
        self.freed.resize(site.pages.len(), false);
        for &i in pages {
            self.at[i] = locate(site, &rendered, i);
            self.freed[i] = false;
        }
    }

    /// Frees the site's copy of every body its served page holds, except those of the
    /// pages `kept` (in order): the feeds' pages, which every edit reads again.
    pub(super) fn release(&mut self, site: &mut Site, kept: &[usize]) {
        let pages = site.html.iter_mut().zip(&self.at).zip(&mut self.freed);
        for (i, ((html, at), freed)) in pages.enumerate() {
            if at.is_some() && kept.binary_search(&i).is_err() {
                *html = Text::default();
                *freed = true;
            }
        }
    }

    /// Copies the freed bodies of `pages` back into the site from their served pages,
    /// so that the site can render them, or compare them with new ones.
    pub(super) fn restore(
        &mut self,
        site: &mut Site,
        files: &Files,
        pages: impl IntoIterator<Item = usize>,
    ) {
        for i in pages {
            if let Some(body) = self.body(site, files, i) {
                site.html[i] = Text::packed(&body);
                self.freed[i] = false;
            }
        }
    }

    /// Every page's body, for the search index: the site's copy, or else the served one.
    /// Copied on rayon's threads, which give the memory back once the index is made.
    pub(super) fn all(&self, site: &Site, files: &Files) -> Vec<Text> {
        (0..site.pages.len())
            .into_par_iter()
            .map(|i| match self.body(site, files, i) {
                Some(body) => Text::packed(&body),
                None => site.html[i].clone(),
            })
            .collect()
    }

    /// Page `i`'s body from its served page, when the site's copy is freed.
    fn body(&self, site: &Site, files: &Files, i: usize) -> Option<String> {
        if !*self.freed.get(i)? {
            return None;
        }
        let at = self.at.get(i)?.clone()?;
        let Some(Held::Bytes(page)) = files.get(&site.pages.get(i)?.path) else {
            return None;
        };
        let page = page.unpack().ok()?;
        String::from_utf8(page.get(at)?.to_vec()).ok()
    }
}

/// The generated files among `files`, by output path.
fn rendered(files: &[OutputFile]) -> HashMap<&str, &[u8]> {
    files
        .iter()
        .filter_map(|f| match &f.contents {
            Contents::Bytes(bytes) => Some((f.path.as_str(), bytes.as_slice())),
            Contents::Copy(_) => None,
        })
        .collect()
}

/// Where page `i`'s body lies in its page as `rendered`: templates insert it as it is. A
/// body that is empty, or that a template changed, is not looked for and stays in the site.
fn locate(site: &Site, rendered: &HashMap<&str, &[u8]>, i: usize) -> Option<Range<usize>> {
    let body = site.html.get(i)?;
    if body.is_empty() {
        return None;
    }
    let page = rendered.get(site.pages.get(i)?.path.as_str())?;
    let start = std::str::from_utf8(page).ok()?.find(body.text().as_ref())?;
    Some(start..start + body.len())
}
