//! `ladder check`: check everything a build checks, write nothing, and optionally add
//! the editorial report.

use std::path::Path;

use clap::ValueEnum;
use ladder::console::{self, Printer};
use ladder::words::plural;
use ladder::{Failure, HealthReport, Options, Report};

use super::{Failed, Outcome};

/// The arguments of `ladder check`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// How to print problems: for people (on stderr), or one JSON object per line (on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 on warnings too (report findings included).
    #[arg(long)]
    deny_warnings: bool,
    /// Add an editorial report: orphan tips, thin topics, duplicate titles, pages
    /// without a summary, articles without tips, and what a search loads.
    #[arg(long)]
    report: bool,
}

/// How `check` prints what it finds.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Problems with their source lines, for people.
    Human,
    /// JSON Lines: one object per problem, then the report's object, on stdout.
    Json,
}

impl From<Format> for console::Format {
    fn from(format: Format) -> console::Format {
        match format {
            Format::Human => console::Format::Human,
            Format::Json => console::Format::Json,
        }
    }
}

/// Checks the site at `root` and prints what it found, the report when asked for, and
/// the summary line. Fails on errors, or on warnings and findings with --deny-warnings.
pub(crate) fn run(args: Args, root: &Path, color: bool) -> Outcome {
    let options = Options {
        drafts: args.drafts,
        base_url: None,
        out: None,
    };
    let result = if args.report {
        ladder::review(root, &options).map(|(r, health)| (r, Some(health)))
    } else {
        ladder::check(root, &options).map(|r| (r, None))
    };
    let mut printer = Printer::new(args.format.into(), color, root);
    print(result, &mut printer, args.report, args.deny_warnings)
}

/// Prints the result of a check; see [`run`].
fn print(
    result: Result<(Report, Option<HealthReport>), Failure>,
    printer: &mut Printer,
    want_report: bool,
    deny_warnings: bool,
) -> Outcome {
    let json = printer.format() == console::Format::Json;
    match result {
        Ok((report, health)) => {
            printer.diagnostics(&report.diagnostics);
            let warnings = report.diagnostics.warning_count();
            let findings = health.as_ref().map_or(0, |h| h.findings.len());
            if let Some(health) = &health {
                if json {
                    console::out(health.to_json());
                } else {
                    let table = health.table();
                    console::out(table.strip_suffix('\n').unwrap_or(&table));
                }
            }
            let mut line = format!(
                "Checked {}, {}: no errors",
                plural(report.pages, "page"),
                plural(report.topics, "topic")
            );
            if warnings + findings > 0 {
                let mut parts = vec![plural(warnings, "warning")];
                if health.is_some() {
                    parts.push(plural(findings, "report finding"));
                }
                line.push_str(&format!(" ({})", parts.join(", ")));
            }
            if deny_warnings && warnings + findings > 0 {
                printer.summary(&format!("{line}; denied by --deny-warnings"), false);
                return Err(Failed::Content);
            }
            printer.summary(&line, true);
            Ok(())
        }
        Err(Failure::Content(diagnostics)) => {
            printer.diagnostics(&diagnostics);
            let mut line = diagnostics.summary();
            if want_report {
                // The report reads a linked site; one with errors is not there to read.
                if json {
                    console::out("{\"report\":null}");
                }
                line.push_str("; no report until the errors are fixed");
            }
            printer.summary(&line, false);
            Err(Failed::Content)
        }
        Err(Failure::Io(message)) => Err(Failed::UsageOrIo(message)),
    }
}
