//! The page model and loading pages from `content/`.

mod date;
pub mod front_matter;
mod load;
mod text;

pub use date::Date;
pub use front_matter::{FrontMatter, Source};
pub use load::Layout;
pub use load::{decode, parse_page, Loaded};
pub(crate) use load::{folder_location, folder_names, is_ignored, load, load_one};
pub use text::Text;

use std::path::PathBuf;

use crate::markdown::Outline;

/// What a page is, decided by the folder it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `content/_index.md`, the home page's introduction.
    Home,
    /// `content/articles/**.md`.
    Article,
    /// `content/tips/**.md`.
    Tip,
    /// `content/topics/<slug>.md`, or a topic declared only in `site.toml`.
    Topic,
    /// Any other Markdown file under `content/`.
    Page,
    /// `content/<paths_dir>/**.md`: a learning path, whose numbered lists name its steps.
    Path,
}

impl Kind {
    /// The lowercase name templates and CSS classes use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Article => "article",
            Kind::Tip => "tip",
            Kind::Topic => "topic",
            Kind::Page => "page",
            Kind::Path => "path",
        }
    }
}

/// One page of the site, as loaded from its file.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file relative to the site root (`content/tips/x.md`), or `site.toml`
    /// for a topic declared only there.
    pub source: PathBuf,
    /// Article, tip, topic page or home page.
    pub kind: Kind,
    /// The last part of the page's address, without extension.
    pub slug: String,
    /// The output file, relative to the output folder (`tips/x.html`).
    pub path: String,
    /// What links point at, relative to the output folder (`tips/x.html` or `tips/x/`).
    pub url: String,
    /// The checked front matter.
    pub meta: FrontMatter,
    /// The Markdown body: held as it is while the site loads, then freed, or packed in a
    /// site kept for edits.
    pub body: Text,
    /// 1-based line of the body's first line in the source file.
    pub body_line: usize,
    /// Headings, summary text and word count, read from the body.
    pub outline: Outline,
    /// Resolved topic slugs, filled in once topics are known.
    pub topics: Vec<String>,
    /// How the page stands to its folder.
    pub place: Place,
}

/// How a page stands to the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// At an address of its own, listed on its folder's page (most pages).
    #[default]
    Own,
    /// An `index.md`: the page at its folder's address, with the files beside it as its
    /// assets (Hugo's and Zola's bundles); the folder gets no listing.
    Bundle,
    /// An `_index.md` or a folder note `Folder/Folder.md`: the folder's title and
    /// introduction, shown above the folder's listing at the folder's address.
    FolderIntro,
}

impl Page {
    /// A copy without its Markdown source, for what reads only the rest.
    pub fn without_body(&self) -> Page {
        Page {
            source: self.source.clone(),
            kind: self.kind,
            slug: self.slug.clone(),
            path: self.path.clone(),
            url: self.url.clone(),
            meta: self.meta.clone(),
            body: Text::default(),
            body_line: self.body_line,
            outline: self.outline.clone(),
            topics: self.topics.clone(),
            place: self.place,
        }
    }

    /// The summary: from front matter, else the opening of the first paragraph.
    pub fn summary(&self) -> &str {
        self.meta.summary.as_deref().unwrap_or(&self.outline.lead)
    }

    /// The topic names written on this page, each with its line in the file: its front
    /// matter's, then the body's `#tags`. A nested name (`career/promotion`) is followed by
    /// its parents (`career`), marked implied: the page counts for them too. Topic
    /// collection and assignment read a page's topics here and nowhere else.
    pub fn topic_names(&self) -> impl Iterator<Item = (&str, usize, bool)> {
        let tags = self
            .outline
            .tags
            .iter()
            .map(|(name, line)| (name, self.body_line + line - 1));
        self.meta
            .topics
            .iter()
            .map(|(name, line)| (name, *line))
            .chain(tags)
            .flat_map(|(name, line)| {
                let parents = name
                    .match_indices('/')
                    .rev()
                    .map(move |(i, _)| (&name[..i], line, true));
                std::iter::once((name.as_str(), line, false)).chain(parents)
            })
    }

    /// Whether this page has a file of its own (topics declared in `site.toml` do not).
    pub fn has_file(&self) -> bool {
        self.source.extension().is_some_and(|e| e != "toml")
    }
}

/// Where a page's output goes, given its folder (relative to the kind's base) and slug.
pub(crate) fn output_location(dir: &str, slug: &str, pretty: bool) -> (String, String) {
    let stem = if dir.is_empty() {
        slug.to_string()
    } else {
        format!("{dir}/{slug}")
    };
    if pretty {
        (format!("{stem}/index.html"), format!("{stem}/"))
    } else {
        let file = format!("{stem}.html");
        (file.clone(), file)
    }
}

/// Turns a file or folder name into a URL-safe slug, keeping letters of any script.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_drop_punctuation() {
        assert_eq!(slugify("Ask for Feedback!"), "ask-for-feedback");
        assert_eq!(slugify("café  notes"), "café-notes");
        assert_eq!(slugify("x__y"), "x__y");
    }

    #[test]
    fn output_locations() {
        assert_eq!(
            output_location("tips", "a", false),
            ("tips/a.html".into(), "tips/a.html".into())
        );
        assert_eq!(
            output_location("tips", "a", true),
            ("tips/a/index.html".into(), "tips/a/".into())
        );
    }
}
