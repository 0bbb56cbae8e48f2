//! ladder: a static site generator for career-advice knowledge bases.
//!
//! Data flows one way: files → pages → link graph → rendered HTML → output.

pub mod config;
pub mod console;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod graph;
pub mod html;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod theme;
pub mod topics;
pub mod urls;
pub mod walk;
pub mod words;

use std::path::Path;

pub use diagnostics::{Code, Diagnostic, Diagnostics, Severity};
pub use report::HealthReport;
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
    checked(root, options, &|_| Ok(())).map(|(_, report)| report)
}

/// Checks the site at `root` like [`check`], and reviews its editorial health.
pub fn review(root: &Path, options: &Options) -> Result<(Report, HealthReport), Failure> {
    let (site, report) = checked(root, options, &|_| Ok(()))?;
    let health = HealthReport::new(&site);
    Ok((report, health))
}

/// Builds the site at `root` into `out`, replacing it only when the build succeeds.
pub fn build(root: &Path, out: &Path, options: &Options) -> Result<Report, Failure> {
    build_checked(root, out, options, false)
}

/// Builds like [`build`], but a warning fails the build as an error does: nothing is
/// written, and the failure holds the warnings.
pub fn build_denying_warnings(
    root: &Path,
    out: &Path,
    options: &Options,
) -> Result<Report, Failure> {
    build_checked(root, out, options, true)
}

fn build_checked(
    root: &Path,
    out: &Path,
    options: &Options,
    deny_warnings: bool,
) -> Result<Report, Failure> {
    output::check_destination(root, out)?;
    let cannot = |e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", out.display()));
    let staging = output::Staging::create(out).map_err(cannot)?;
    // On failure `staging` is dropped, and removed with whatever it holds.
    let (_, report) = checked(root, options, &|file| staging.write(&file))?;
    if deny_warnings && !report.diagnostics.is_empty() {
        return Err(Failure::Content(report.diagnostics));
    }
    staging.commit().map_err(cannot)?;
    Ok(report)
}

/// Loads and renders with [`Site::load_and_render`], freeing the pages' sources first,
/// and reports what was made.
fn checked(root: &Path, options: &Options, emit: &site::Emit) -> Result<(Site, Report), Failure> {
    let checked = Site::load_and_render(root, options, site::Sources::Drop, emit)?;
    let report = Report {
        pages: checked.rendered.pages,
        topics: checked.rendered.topics,
        diagnostics: checked.rendered.diagnostics,
    };
    Ok((checked.site, report))
}
