//! ladder: a static site generator for career-advice knowledge bases.
//!
//! Data flows one way: files → pages → topics → links → graph → rendered HTML → output,
//! and [`site`] is the only place where the stages meet. This file is the facade: it
//! exports what the command line, the tests, the examples and the fuzz targets use, and
//! nothing inside the crate imports it.
#![warn(missing_docs, unreachable_pub)]

pub mod allocator;
pub mod config;
pub mod console;
pub mod content;
mod diagnostics;
mod generated;
pub mod graph;
pub mod html;
mod i18n;
mod links;
mod markdown;
pub mod output;
mod render;
mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
mod site;
mod suggest;
mod theme;
mod topics;
mod urls;
mod walk;
pub mod words;

pub use diagnostics::{Code, Diagnostic, Diagnostics, Failure, Severity};
pub use report::{review, HealthReport};
pub use site::{build, build_denying_warnings, check, Options, Rendered, Report, Site, Update};
