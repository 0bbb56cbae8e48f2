//! `ladder init` and `ladder new`: create a site, or a page in one.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use ladder::console::{self, Printer};
use ladder::scaffold::{self, NewKind};
use ladder::{Diagnostics, Failure};

use super::{Failed, Outcome};

/// The arguments of `ladder init`.
#[derive(clap::Args)]
pub(crate) struct InitArgs {
    /// Folder to create the site in; defaults to the current folder.
    dir: Option<PathBuf>,
    /// The folder already holds notes (an Obsidian vault, a Hugo or Zola site): write
    /// only a site.toml that reads them where they are.
    #[arg(long)]
    existing: bool,
    /// The site's languages, separated by commas, the default first (`en,fr`).
    #[arg(long, value_delimiter = ',')]
    languages: Vec<String>,
}

/// The arguments of `ladder new`.
#[derive(clap::Args)]
pub(crate) struct NewArgs {
    /// What to create.
    kind: PageKind,
    /// The page's title; the file name is made from it.
    title: String,
    /// Topics, separated by commas.
    #[arg(long, value_delimiter = ',')]
    topics: Vec<String>,
    /// The language of a multilingual site to write the page in: the translation of the
    /// default language's page of that title when there is one.
    #[arg(long)]
    lang: Option<String>,
}

/// The kinds of page `ladder new` creates.
#[derive(Clone, Copy, ValueEnum)]
enum PageKind {
    Article,
    Tip,
    /// A learning path: its steps are the numbered links of its body.
    Path,
}

/// Creates a site in the given folder, or else in `root`, and says what to do next.
pub(crate) fn init(args: InitArgs, root: &Path) -> Outcome {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    if args.existing {
        let made = scaffold::init_existing(&dir).map_err(|e| Failed::UsageOrIo(e.to_string()))?;
        println!(
            "Wrote {} for {} in {}: its pages are read from {}",
            ladder::config::CONFIG_FILE,
            made.found,
            dir.display(),
            if made.content_dir == "." {
                "the folder itself".to_string()
            } else {
                format!("{}/", made.content_dir)
            }
        );
        println!("Next: cd {} && ladder serve", shown(&dir));
        return Ok(());
    }
    let languages: Vec<String> = args
        .languages
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let files =
        scaffold::init_in(&dir, &languages).map_err(|e| Failed::UsageOrIo(e.to_string()))?;
    console::out(format!(
        "Created a new site in {} ({} files)",
        dir.display(),
        files.len()
    ));
    console::out(format!("Next: cd {} && ladder build", shown(&dir)));
    Ok(())
}

/// Creates an article, tip or path in the site at `root`, says where, lists the site's topics, and warns
/// about each of the page's topics that is none of them, as a build would.
pub(crate) fn new_page(args: NewArgs, root: &Path, color: bool) -> Outcome {
    let kind = match args.kind {
        PageKind::Article => NewKind::Article,
        PageKind::Tip => NewKind::Tip,
        PageKind::Path => NewKind::Path,
    };
    if !root.join(ladder::config::CONFIG_FILE).is_file() {
        return Err(Failed::UsageOrIo(format!(
            "no site.toml in {}: run ladder new in a site folder, or pass --root DIR",
            root.display()
        )));
    }
    let mut printer = Printer::new(console::Format::Human, color, root);
    let new = match scaffold::new_page_in(
        root,
        kind,
        &args.title,
        &args.topics,
        &scaffold::today(),
        args.lang.as_deref(),
    ) {
        Ok(new) => new,
        Err(Failure::Content(diagnostics)) => {
            printer.diagnostics(&diagnostics);
            printer.summary(
                &format!("{}; nothing was written", diagnostics.summary()),
                false,
            );
            return Err(Failed::Content);
        }
        Err(Failure::Io(message)) => return Err(Failed::UsageOrIo(message)),
    };
    printer.diagnostics(&Diagnostics::from(new.warnings));
    // The current folder's own site: a path from the site folder reads best. A site
    // found above: the full path, which names the site too.
    let shown = new.path.strip_prefix(".").unwrap_or(&new.path);
    console::out(format!("Created {}", shown.display()));
    let topics = if new.site_topics.is_empty() {
        "none yet (declare them in site.toml under [[topics]])".to_string()
    } else {
        new.site_topics.join(", ")
    };
    console::out(format!("This site's topics: {topics}"));
    Ok(())
}

/// A folder as a shell command would need it: quoted when it holds a space.
fn shown(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text.contains(' ') {
        format!("'{text}'")
    } else {
        text
    }
}
