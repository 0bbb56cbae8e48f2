//! `ladder build`: build the site into public/ (or --out DIR), or write nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ladder::console::{self, Printer};
use ladder::words::plural;
use ladder::{Failure, Options};

use super::{Failed, Outcome};

/// The arguments of `ladder build`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Output folder; defaults to public/ in the site folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Absolute URL the site is published at (for the feed and sitemap).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Fail on warnings as on errors: write nothing and exit 1.
    #[arg(long)]
    deny_warnings: bool,
}

/// Builds the site at `root`, then prints its warnings and a summary line.
pub(crate) fn run(args: Args, root: &Path, color: bool) -> Outcome {
    let out = args.out.unwrap_or_else(|| root.join("public"));
    let options = Options {
        drafts: args.drafts,
        base_url: args.base_url,
        out: None,
    };
    let start = Instant::now();
    let result = if args.deny_warnings {
        ladder::build_denying_warnings(root, &out, &options)
    } else {
        ladder::build(root, &out, &options)
    };
    let mut printer = Printer::new(console::Format::Human, color, root);
    match result {
        Ok(report) => {
            printer.diagnostics(&report.diagnostics);
            let mut line = format!(
                "Built {}, {} in {} ms",
                plural(report.pages, "page"),
                plural(report.topics, "topic"),
                start.elapsed().as_millis()
            );
            let warnings = report.diagnostics.warning_count();
            if warnings > 0 {
                line.push_str(&format!(" ({})", plural(warnings, "warning")));
            }
            printer.summary(&line, true);
            Ok(())
        }
        Err(Failure::Content(diagnostics)) => {
            printer.diagnostics(&diagnostics);
            let why = if diagnostics.has_errors() {
                ""
            } else {
                " denied by --deny-warnings"
            };
            printer.summary(
                &format!("{}{why}; nothing was written", diagnostics.summary()),
                false,
            );
            Err(Failed::Content)
        }
        Err(Failure::Io(message)) => Err(Failed::UsageOrIo(message)),
    }
}
