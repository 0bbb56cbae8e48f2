//! The integration tests, one binary: a module per area, all building their sites with
//! the one fixture builder in `fixture` and reading what was written with `html`.
//!
//! Exact text (diagnostics as a reader sees them, `check --format json` lines, the
//! `--report` table) is pinned by `insta` snapshots under `snapshots/`. After a deliberate
//! change of wording, `INSTA_UPDATE=always cargo test --test integration` rewrites them;
//! review the diff before committing. `scripts/test` and CI never write them.

mod fixture;
mod html;

mod architecture;
mod bad_input;
mod build;
mod check;
mod cli;
mod dialect;
mod front_matter;
mod i18n;
mod languages;
mod links;
mod lists;
mod msrv;
mod paths;
mod properties;
mod search;
mod sections;
mod serve;
mod vault;

use std::path::PathBuf;

/// The repository's own site root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
