//! The whole pipeline: load → topics → links → graph → render → output files. The
//! only place where the stages meet.
//!
//! Files: `load` reads and links the pages; `schedule` schedules the pages' rendering and
//! writing; `generated` lists the files drawn from the whole site (feeds, sitemap,
//! redirects, static files); `lists` lays out and renders the generated list pages
//! (topics index, folder listings, "Recently updated"); `reload` re-reads one edited page
//! (and undoes it), and renders bodies again from their sources, for the dev server;
//! `run` is what the commands call: check and build.

mod generated;
mod languages;
mod lists;
mod load;
mod reload;
mod run;
mod schedule;

pub(crate) use languages::missing_translations;
pub(crate) use reload::Undo;
pub use run::{build, build_denying_warnings, check, Report};
pub(crate) use run::{check_keeping_site, Bodies};

use std::path::PathBuf;
use std::sync::Arc;

use tera::Tera;

use crate::config::Config;
use crate::content::{Page, Text};
use crate::diagnostics::Diagnostics;
use crate::graph::{Folders, Graph};
use crate::i18n::Table;
use crate::links::LinkIndex;
use crate::output::OutputFile;
use crate::theme::Theme;
use crate::topics::Topics;

/// Settings of one build that come from the command line rather than `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// The output folder, which is never read as content (when the site folder is the
    /// content folder, or `--out` is inside it). Set by [`build`] itself.
    pub out: Option<PathBuf>,
}

/// A site loaded and linked, ready to render.
#[derive(Clone)]
pub struct Site {
    /// The site folder, holding `site.toml`.
    pub root: PathBuf,
    /// The command line's settings for this build.
    pub options: Options,
    /// The settings of `site.toml`.
    pub config: Config,
    /// Published pages (drafts too when asked for), in a stable order.
    pub pages: Vec<Page>,
    /// Every topic, declared or found on pages.
    pub topics: Topics,
    /// Each page's body as HTML, held compressed.
    pub html: Vec<Text>,
    /// Each page's outgoing links to other pages.
    pub links: Vec<Vec<usize>>,
    /// Backlinks, source articles and related pages.
    pub graph: Graph,
    /// The folders of the content, with their pages and subfolders.
    pub folders: Folders,
    /// Non-Markdown files under `content/`.
    pub assets: Vec<(String, PathBuf)>,
    /// Drafts left out of this build, kept to explain links to them.
    pub drafts: Vec<Page>,
    /// Lookup tables for resolving links, kept for [`Site::reload_page`].
    index: LinkIndex,
    /// In a multilingual site, the other languages and this one's pages' translations.
    pub(crate) alternates: Option<crate::render::Alternates>,
    /// In a multilingual site, where this language's files go: `<code>/`, or empty.
    pub(crate) prefix: String,
    /// The theme's words in the site's language.
    pub(crate) strings: Arc<Table>,
}

/// What re-reading one changed page requires.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// Only these pages' output may have changed (the page itself included).
    Pages(Vec<usize>),
    /// The change reaches too far (a new page, a new title or topics): rebuild everything.
    Full,
}

/// What rendering a whole site found along the way, and what it made.
pub struct Rendered {
    /// Warnings (rendering that finds an error fails instead).
    pub diagnostics: Diagnostics,
    /// Pages rendered.
    pub pages: usize,
    /// Topics with a page.
    pub topics: usize,
}

/// Where rendered files go, one at a time and from several threads at once: the
/// output folder, memory, or nowhere.
pub(crate) type Emit<'a> = dyn Fn(OutputFile) -> std::io::Result<()> + Sync + 'a;

/// Whether a site keeps its pages' Markdown sources once loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Kept, compressed, for [`Site::reload_page`], which re-renders pages around an
    /// edit: before rendering, so that they are never held whole beside the output.
    Keep,
    /// Freed before rendering: a one-off build needs the memory more.
    Drop,
}

/// A site that loaded and rendered without errors, with the theme that rendered it.
pub struct Checked {
    /// The site as loaded (of a multilingual site, its default language).
    pub site: Site,
    /// The other languages of a multilingual site, each a site of its own.
    pub languages: Vec<Site>,
    /// The theme it was rendered with.
    pub theme: Theme,
    /// The theme's compiled templates.
    pub tera: Tera,
    /// What rendering made, with the warnings of loading and rendering together.
    pub rendered: Rendered,
}
