//! The list pages drawn from the whole site rather than one source file: the topics
//! index, the pages of folders without an introduction, the paths index and "Recently
//! updated", each split over as many pages as its length needs.

use rayon::prelude::*;

use super::Site;
use crate::diagnostics::Diagnostic;
use crate::generated;
use crate::output::OutputFile;
use crate::render::{Renderer, Slot, RECENT_TEMPLATE};

/// A generated list page.
#[derive(Debug, Clone, Copy)]
pub(super) enum List {
    /// The index of all topics.
    TopicsIndex,
    /// The page of the folder with this index, which has no introduction of its own.
    Folder(usize),
    /// "Recently updated".
    Recent,
    /// The index of all learning paths.
    PathsIndex,
}

/// The generated list pages of a site, each with the pages it is split over.
pub(super) struct Lists {
    /// Pages by when they last changed, newest first: what "Recently updated" lists.
    pub(super) recent: Vec<usize>,
    /// Each list and its pages.
    pub(super) slots: Vec<(List, Vec<Slot>)>,
}

impl Site {
    /// The generated list pages this site and theme have.
    pub(super) fn lists(&self, renderer: &Renderer) -> Lists {
        let recent = generated::by_update(
            &self.pages,
            (0..self.pages.len()).filter(|&i| generated::is_dated_kind(&self.pages[i])),
        );
        let mut slots = Vec::new();
        // A `topics/_index.md` is the topics index itself, rendered with the pages.
        if self.folders.topics_intro.is_none() {
            slots.push((List::TopicsIndex, renderer.topics_index_slots()));
        }
        // Folder listings need the theme's folder.html; older themes go without them.
        if renderer.has_template("folder.html") {
            for f in self.folders.generated() {
                slots.push((List::Folder(f), renderer.folder_slots(f)));
            }
        }
        let paths = renderer.paths_index_slots();
        if !paths.is_empty() {
            slots.push((List::PathsIndex, paths));
        }
        if renderer.has_template(RECENT_TEMPLATE) {
            slots.push((List::Recent, renderer.recent_slots(recent.len())));
        }
        Lists { recent, slots }
    }

    /// Renders the generated list pages, in parallel; with `touching`, only the pages of
    /// folder listings and "Recently updated" that list one of those pages (what an edit
    /// that leaves every list's order and length as it was can change).
    pub(super) fn render_lists(
        &self,
        renderer: &Renderer,
        lists: &Lists,
        touching: Option<&[usize]>,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let lists_one = |list: List, slot: &Slot| -> bool {
            let Some(touching) = touching else {
                return true;
            };
            let listed: &[usize] = match list {
                List::TopicsIndex | List::PathsIndex => return false,
                List::Recent => &lists.recent[slot.range.clone()],
                List::Folder(f) => {
                    let folder = &self.folders.list[f];
                    let start = slot.range.start.saturating_sub(folder.folders.len());
                    let end = slot.range.end.saturating_sub(folder.folders.len());
                    &folder.pages[start..end]
                }
            };
            listed.iter().any(|i| touching.contains(i))
        };
        let jobs: Vec<(List, &[Slot], usize)> = lists
            .slots
            .iter()
            .flat_map(|(list, slots)| (0..slots.len()).map(move |at| (*list, &slots[..], at)))
            .filter(|&(list, slots, at)| lists_one(list, &slots[at]))
            .collect();
        let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            .map(|&(list, slots, at)| {
                let (html, origin) = match list {
                    List::TopicsIndex => (
                        renderer.topics_index(slots, at)?,
                        "(topics index)".to_string(),
                    ),
                    List::Folder(f) => (
                        renderer.folder(f, slots, at)?,
                        format!("(index of {}/)", self.folders.list[f].dir),
                    ),
                    List::PathsIndex => (
                        renderer.paths_index(slots, at)?,
                        "(paths index)".to_string(),
                    ),
                    List::Recent => (
                        renderer.recent(&lists.recent, slots, at)?,
                        "(recently updated)".to_string(),
                    ),
                };
                Ok(OutputFile::bytes(slots[at].path.clone(), html, origin))
            })
            .collect();
        let mut files = Vec::with_capacity(rendered.len());
        let mut problems = Vec::new();
        for result in rendered {
            match result {
                Ok(file) => files.push(file),
                Err(d) => problems.push(d),
            }
        }
        (files, problems)
    }
}
