//! ladder: a static site generator for career-advice knowledge bases.
//!
//! Data flows one way: files → pages → link graph → rendered HTML → output.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod graph;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod topics;
pub mod urls;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use site::{Failure, Options, Rendered, Site, Update};

/// What a successful build or check produced.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub topics: usize,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
}

/// Loads and renders the site at `root`, checking everything a build checks, without
/// writing anything.
pub fn check(root: &Path, options: &Options) -> Result<Report, Failure> {
    run(root, options, &|_| Ok(()))
}

/// Builds the site at `root` into `out`, replacing it only when the build succeeds.
pub fn build(root: &Path, out: &Path, options: &Options) -> Result<Report, Failure> {
    output::check_destination(root, out).map_err(Failure::Io)?;
    let cannot = |e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", out.display()));
    let staging = output::Staging::create(out).map_err(cannot)?;
    // On failure `staging` is dropped, and removed with whatever it holds.
    let report = run(root, options, &|file| staging.write(&file))?;
    staging.commit().map_err(cannot)?;
    Ok(report)
}

/// Loads and renders the site, handing each output file to `emit`.
fn run(root: &Path, options: &Options, emit: &site::Emit) -> Result<Report, Failure> {
    let (site, mut warnings) = Site::load(root, options)?;
    let (theme, tera) = site.theme()?;
    let rendered = site
        .render_to(&theme, &tera, emit)
        .map_err(|failure| match failure {
            Failure::Content(more) => {
                warnings.extend(more);
                warnings.sort();
                Failure::Content(warnings.clone())
            }
            io => io,
        })?;
    warnings.extend(rendered.diagnostics);
    warnings.sort();
    Ok(Report {
        pages: rendered.pages,
        topics: rendered.topics,
        diagnostics: warnings,
    })
}
