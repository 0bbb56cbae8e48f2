//! What the commands run: load and render collecting every problem, then check, build
//! into a folder, or keep the site for the editorial report.

use std::path::Path;

use super::{Checked, Emit, Options, Site, Sources};
use crate::diagnostics::{Diagnostics, Failure};
use crate::output;

impl Site {
    /// Loads and renders, handing each output file to `emit`, and reports the problems of
    /// both stages together: a page with an error does not hide a template's error, nor
    /// other pages' broken links. With any error, what was emitted must be dropped.
    pub fn load_and_render(
        root: &Path,
        options: &Options,
        sources: Sources,
        emit: &Emit,
    ) -> Result<Checked, Failure> {
        Site::load_and_render_keeping(root, options, sources, Bodies::Keep, emit)
    }

    /// Loads and renders as [`Site::load_and_render`] does; with [`Bodies::Free`], each
    /// page's body is freed once its page is written, and the site comes back without.
    pub(crate) fn load_and_render_keeping(
        root: &Path,
        options: &Options,
        sources: Sources,
        bodies: Bodies,
        emit: &Emit,
    ) -> Result<Checked, Failure> {
        let config = Site::config_of(root, options).map_err(Failure::sorted)?;
        if config.is_multilingual() {
            return super::languages::load_and_render(root, options, config, sources, bodies, emit)
                .map_err(Failure::sorted);
        }
        let (mut site, mut diagnostics) = Site::load_all(root, options).map_err(Failure::sorted)?;
        match sources {
            Sources::Drop => site.drop_sources(),
            Sources::Keep => site.pack_sources(),
        }
        let rendered = site.theme().and_then(|(theme, tera)| {
            let rendered = match bodies {
                Bodies::Keep => site.render_to(&theme, &tera, emit)?,
                Bodies::Free => site.render_freeing(&theme, &tera, emit)?,
            };
            Ok((theme, tera, rendered))
        });
        let rendered = match rendered {
            Ok((theme, tera, mut rendered)) => {
                diagnostics.extend(std::mem::take(&mut rendered.diagnostics));
                Some((theme, tera, rendered))
            }
            Err(Failure::Content(more)) => {
                diagnostics.extend(more);
                None
            }
            Err(io) => return Err(io),
        };
        diagnostics.sort();
        match rendered {
            Some((theme, tera, mut rendered)) if !diagnostics.has_errors() => {
                rendered.diagnostics = diagnostics;
                Ok(Checked {
                    site,
                    languages: Vec::new(),
                    theme,
                    tera,
                    rendered,
                })
            }
            _ => Err(Failure::Content(diagnostics)),
        }
    }
}

/// Whether a site keeps its pages' bodies (HTML) once their pages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bodies {
    /// Kept: the site can be rendered again, or its search index built.
    Keep,
    /// Freed page by page: a build needs only the files.
    Free,
}

/// What a successful build or check produced.
#[derive(Debug)]
pub struct Report {
    /// Pages rendered.
    pub pages: usize,
    /// Topics with a page.
    pub topics: usize,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
}

/// Loads and renders the site at `root`, checking everything a build checks, without
/// writing anything.
pub fn check(root: &Path, options: &Options) -> Result<Report, Failure> {
    checked(root, options, Bodies::Free, &|_| Ok(())).map(|(_, report)| report)
}

/// Checks the site at `root` like [`check`], and keeps the site for a closer reading.
pub(crate) fn check_keeping_site(
    root: &Path,
    options: &Options,
) -> Result<(Site, Vec<Site>, Report), Failure> {
    // The editorial report builds a search index from the bodies.
    let checked =
        Site::load_and_render_keeping(root, options, Sources::Drop, Bodies::Keep, &|_| Ok(()))?;
    let report = Report {
        pages: checked.rendered.pages,
        topics: checked.rendered.topics,
        diagnostics: checked.rendered.diagnostics,
    };
    Ok((checked.site, checked.languages, report))
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
    let options = &Options {
        out: Some(out.to_path_buf()),
        ..options.clone()
    };
    let cannot = |e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", out.display()));
    let staging = output::Staging::create(out).map_err(cannot)?;
    // On failure `staging` is dropped, and removed with whatever it holds.
    let (_, report) = checked(root, options, Bodies::Free, &|file| staging.write(&file))?;
    if deny_warnings && !report.diagnostics.is_empty() {
        return Err(Failure::Content(report.diagnostics));
    }
    staging.commit().map_err(cannot)?;
    Ok(report)
}

/// Loads and renders with [`Site::load_and_render`], freeing the pages' sources first
/// (and their bodies as they are written, with [`Bodies::Free`]), and reports what was
/// made.
fn checked(
    root: &Path,
    options: &Options,
    bodies: Bodies,
    emit: &Emit,
) -> Result<(Site, Report), Failure> {
    let checked = Site::load_and_render_keeping(root, options, Sources::Drop, bodies, emit)?;
    let report = Report {
        pages: checked.rendered.pages,
        topics: checked.rendered.topics,
        diagnostics: checked.rendered.diagnostics,
    };
    Ok((checked.site, report))
}
