//! Page contexts and tera: turning pages and the link graph into HTML.
//!
//! `compile` compiles a theme's templates and turns tera's errors into problems,
//! `context` builds what each page's template sees, `special` renders the pages
//! without a source file, `folder` folder listings and breadcrumbs, `paginate` splits
//! long lists over pages, `strings` binds templates to the site's words, and `sections`
//! chooses the cross-links a page shows, each page once.

mod compile;
mod context;
mod folder;
mod languages;
mod paginate;
mod paths;
mod sections;
mod special;
mod strings;

use tera::Tera;

use crate::config::Config;
use crate::content::{Page, Text};
use crate::graph::{Folders, Graph};
use crate::i18n::Table;
use crate::topics::Topics;

pub(crate) use compile::compile;
pub(crate) use context::feed_path;
pub(crate) use languages::{Alternates, Language};
pub(crate) use paginate::Slot;
pub(crate) use special::RECENT_TEMPLATE;
pub(crate) use strings::speak;

/// Everything the renderer needs, shared by all pages of one build.
pub(crate) struct Renderer<'a> {
    /// The theme's compiled templates.
    pub tera: &'a Tera,
    /// The site's settings.
    pub config: &'a Config,
    /// Every page of the build.
    pub pages: &'a [Page],
    /// Each page's rendered body, by page index.
    pub html: &'a [Text],
    /// The topic registry.
    pub topics: &'a Topics,
    /// Cross-links of every page.
    pub graph: &'a Graph,
    /// The folder tree.
    pub folders: &'a Folders,
    /// The other languages of a multilingual site, and this one's pages' translations.
    pub alternates: Option<&'a Alternates>,
    /// The theme's words in the site's language.
    pub strings: &'a Table,
}
