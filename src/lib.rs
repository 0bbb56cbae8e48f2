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
pub mod words;

pub use diagnostics::{Code, Diagnostic, Diagnostics, Severity};
pub use report::{review, HealthReport};
pub use site::{
    build, build_denying_warnings, check, Failure, Options, Rendered, Report, Site, Update,
};
