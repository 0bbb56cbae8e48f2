//! The folder tree: which pages and subfolders each folder of the content holds, which
//! page stands at a folder's address, and the trail of folders above every page
//! (breadcrumbs). Built once per load from the pages' source paths, in linear time.

use std::collections::HashMap;
use std::path::Path;

use super::order::listing_ranks;
use crate::content::{folder_location, folder_names, slugify, Kind, Page, Place};

/// The folder that holds topic pages, whose index is the topics index.
const TOPICS: &str = "topics";

/// One folder of the content that holds pages, at any depth.
#[derive(Debug, Clone, PartialEq)]
pub struct Folder {
    /// Its output folder, slugified (`notes/deep-work`).
    pub dir: String,
    /// Its name as written (`Deep Work`).
    pub name: String,
    /// What links to it: `<dir>/index.html`, or `<dir>/` with pretty URLs.
    pub url: String,
    /// The page at its address: an `_index.md` or folder note introducing it, or a page
    /// (`index.md`) standing in its place.
    pub page: Option<usize>,
    /// Whether it gets a listing: not when a page that is no introduction has its address.
    pub listed: bool,
    /// The folder above it; `None` at the top, whose listing is the home page.
    pub parent: Option<usize>,
    /// Pages directly in it, in listing order (its own page left out).
    pub pages: Vec<usize>,
    /// Folders directly in it that have a listing, by title.
    pub folders: Vec<usize>,
    /// How many pages it holds, at any depth.
    pub count: usize,
}

/// The folder tree of a site's pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Folders {
    /// Every folder holding pages, parents before their children.
    pub list: Vec<Folder>,
    /// Pages directly in the content folder, in listing order (not the home page).
    pub top_pages: Vec<usize>,
    /// Folders at the top of the content folder that have a listing, by title.
    pub top_folders: Vec<usize>,
    /// For each page, the folder whose page it is (at its address), if any.
    pub page_of: Vec<Option<usize>>,
    /// For each page, the innermost folder above it (for a folder's own page, the
    /// folder above that folder).
    pub above: Vec<Option<usize>>,
    /// The `topics/_index.md` page, which introduces the topics index.
    pub topics_intro: Option<usize>,
}

impl Folder {
    /// Its title: its own page's, else its name as written, first letter capitalised
    /// (`articles` → "Articles"), as Hugo titles sections.
    pub fn title<'a>(&'a self, pages: &'a [Page]) -> std::borrow::Cow<'a, str> {
        if let Some(i) = self.page {
            return pages[i].meta.title.as_str().into();
        }
        let mut chars = self.name.chars();
        match chars.next() {
            Some(first) if first.is_lowercase() => {
                first.to_uppercase().chain(chars).collect::<String>().into()
            }
            _ => self.name.as_str().into(),
        }
    }
}

impl Folders {
    /// The folder tree of `pages`, whose sources lie in `content_dir` (relative to the
    /// site folder; empty for the site folder itself).
    pub fn build(pages: &[Page], content_dir: &str, pretty: bool) -> Folders {
        let mut tree = Folders {
            page_of: vec![None; pages.len()],
            above: vec![None; pages.len()],
            ..Folders::default()
        };
        let mut by_dir: HashMap<String, usize> = HashMap::new();
        let rank = listing_ranks(pages);
        // A page written where a folder's listing would go (`a.md` beside `a/` with
        // pretty URLs) stands in for the listing.
        let by_path: HashMap<&str, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.as_str(), i))
            .collect();
        for (i, page) in pages.iter().enumerate() {
            if matches!(page.kind, Kind::Home | Kind::Topic | Kind::Path) || !page.has_file() {
                continue;
            }
            let written = folders_of(&page.source, content_dir);
            if written.first().is_some_and(|f| slugify(f) == TOPICS) {
                if page.place == Place::FolderIntro && written.len() == 1 {
                    tree.topics_intro = Some(i);
                }
                continue;
            }
            let Some(inner) = tree.folder(&written, &mut by_dir, pretty) else {
                tree.top_pages.push(i);
                continue;
            };
            match page.place {
                Place::Own => {
                    tree.list[inner].pages.push(i);
                    tree.above[i] = Some(inner);
                }
                Place::Bundle | Place::FolderIntro => {
                    let folder = &mut tree.list[inner];
                    folder.page = Some(i);
                    folder.listed = page.place == Place::FolderIntro;
                    tree.page_of[i] = Some(inner);
                    tree.above[i] = folder.parent;
                    // A bundle is listed above as a page, not as a folder.
                    if page.place == Place::Bundle {
                        match folder.parent {
                            Some(p) => tree.list[p].pages.push(i),
                            None => tree.top_pages.push(i),
                        }
                    }
                }
            }
            let mut at = Some(inner);
            while let Some(f) = at {
                tree.list[f].count += 1;
                at = tree.list[f].parent;
            }
        }
        for (dir, &f) in &by_dir {
            if let Some(&i) = by_path.get(folder_location(dir, pretty).0.as_str()) {
                if tree.list[f].page.is_none() {
                    tree.list[f].page = Some(i);
                    tree.list[f].listed = false;
                    tree.page_of[i] = Some(f);
                }
            }
        }
        let titles: Vec<String> = tree
            .list
            .iter()
            .map(|f| f.title(pages).to_lowercase())
            .collect();
        let by_title = |list: &mut Vec<usize>| {
            list.sort_by(|&a, &b| titles[a].cmp(&titles[b]).then(a.cmp(&b)));
        };
        for f in 0..tree.list.len() {
            if !tree.list[f].listed && tree.list[f].folders.is_empty() {
                continue;
            }
            match tree.list[f].parent {
                Some(p) => tree.list[p].folders.push(f),
                None => tree.top_folders.push(f),
            }
        }
        for folder in &mut tree.list {
            folder.pages.sort_by_key(|&i| rank[i]);
            by_title(&mut folder.folders);
        }
        tree.top_pages.sort_by_key(|&i| rank[i]);
        by_title(&mut tree.top_folders);
        tree
    }

    /// The folder for the folder names `written` (outermost first), made with its
    /// parents as needed; `None` for the content folder itself.
    fn folder(
        &mut self,
        written: &[String],
        by_dir: &mut HashMap<String, usize>,
        pretty: bool,
    ) -> Option<usize> {
        let mut parent = None;
        let mut dir = String::new();
        for name in written {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(&slugify(name));
            let f = match by_dir.get(&dir) {
                Some(&f) => f,
                None => {
                    let (_, url) = folder_location(&dir, pretty);
                    self.list.push(Folder {
                        dir: dir.clone(),
                        name: name.clone(),
                        url,
                        page: None,
                        listed: true,
                        parent,
                        pages: Vec::new(),
                        folders: Vec::new(),
                        count: 0,
                    });
                    by_dir.insert(dir.clone(), self.list.len() - 1);
                    self.list.len() - 1
                }
            };
            parent = Some(f);
        }
        parent
    }

    /// The folders above page `i`, outermost first (its own folder last).
    pub fn trail(&self, i: usize) -> Vec<usize> {
        self.trail_from(self.above.get(i).copied().flatten())
    }

    /// Folder `f` and the folders above it, outermost first.
    pub fn trail_from(&self, f: Option<usize>) -> Vec<usize> {
        let mut trail = Vec::new();
        let mut at = f;
        while let Some(f) = at {
            trail.push(f);
            at = self.list[f].parent;
        }
        trail.reverse();
        trail
    }

    /// The folders that get a generated listing: those with no page at their address.
    pub fn generated(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.list.len()).filter(|&f| self.list[f].listed && self.list[f].page.is_none())
    }
}

/// The folder names of a page's source between the content folder and the file.
fn folders_of(source: &Path, content_dir: &str) -> Vec<String> {
    folder_names(source.strip_prefix(content_dir).unwrap_or(source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FrontMatter;

    fn page(source: &str, kind: Kind, place: Place, path: &str, title: &str) -> Page {
        Page {
            source: source.into(),
            kind,
            slug: String::new(),
            path: path.into(),
            url: path.into(),
            meta: FrontMatter {
                title: title.into(),
                ..FrontMatter::default()
            },
            body: Default::default(),
            body_line: 1,
            outline: Default::default(),
            topics: Vec::new(),
            place,
        }
    }

    #[test]
    fn folders_list_their_pages_and_subfolders() {
        let pages = vec![
            page("Home.md", Kind::Page, Place::Own, "home.html", "Home"),
            page("Work/b.md", Kind::Page, Place::Own, "work/b.html", "B"),
            page("Work/a.md", Kind::Page, Place::Own, "work/a.html", "A"),
            page(
                "Work/Deep/x.md",
                Kind::Page,
                Place::Own,
                "work/deep/x.html",
                "X",
            ),
            page(
                "Work/Deep/Deep.md",
                Kind::Page,
                Place::FolderIntro,
                "work/deep/index.html",
                "Going deep",
            ),
            page(
                "Trip/index.md",
                Kind::Page,
                Place::Bundle,
                "trip/index.html",
                "The trip",
            ),
            page("topics/x.md", Kind::Topic, Place::Own, "topics/x.html", "X"),
        ];
        let tree = Folders::build(&pages, "", false);
        let dirs: Vec<&str> = tree.list.iter().map(|f| f.dir.as_str()).collect();
        assert_eq!(dirs, ["work", "work/deep", "trip"]);
        assert_eq!(tree.top_pages, [0, 5]);
        assert_eq!(tree.top_folders, [0]);
        let work = &tree.list[0];
        assert_eq!(
            (work.pages.as_slice(), work.folders.as_slice()),
            (&[2, 1][..], &[1][..])
        );
        assert_eq!(work.count, 4);
        assert_eq!(work.title(&pages), "Work");
        assert_eq!(tree.list[1].title(&pages), "Going deep");
        assert_eq!(tree.trail(3), [0, 1]);
        assert_eq!(tree.trail(4), [0]);
        assert_eq!(tree.page_of[5], Some(2));
        assert!(!tree.list[2].listed);
        assert_eq!(tree.generated().collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn a_page_at_a_folders_address_stands_in_for_its_listing() {
        let pages = vec![
            page("c/a.md", Kind::Page, Place::Own, "a/index.html", "A"),
            page("c/a/b.md", Kind::Page, Place::Own, "a/b/index.html", "B"),
        ];
        let tree = Folders::build(&pages, "c", true);
        assert_eq!(tree.list[0].page, Some(0));
        assert_eq!(tree.generated().count(), 0);
    }
}
