//! What the server shares between threads: the files of the last good build, and the
//! problems of the last failed one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::output::Contents;

/// The built site as served: output path → contents.
pub(super) type Files = HashMap<String, Contents>;

/// What request handlers read and the rebuilder replaces.
pub(super) struct Served {
    /// The site folder, canonical: static files must resolve inside it.
    pub(super) root: PathBuf,
    /// Output path → contents of the last good build.
    pub(super) files: Files,
    /// The problems of the last build, when it failed.
    pub(super) problems: Option<Vec<String>>,
    /// Static files already reported as leading outside the site.
    pub(super) refused: HashSet<String>,
    /// Output paths of the search index files now served.
    pub(super) search_paths: Vec<String>,
    /// Counts full builds: a search index computed before the last one is stale.
    pub(super) builds: u64,
}

impl Served {
    /// Nothing built yet, for the site folder `root` (canonical).
    pub(super) fn new(root: &Path) -> Served {
        Served {
            root: root.to_path_buf(),
            files: Files::new(),
            problems: None,
            refused: HashSet::new(),
            search_paths: Vec::new(),
            builds: 0,
        }
    }
}
