//! The `ladder` command line: parse arguments, call the library, map results to exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use ladder::diagnostics::SourceLines;
use ladder::scaffold::{self, NewKind};
use ladder::{Diagnostics, Failure, HealthReport, Options, Report};

#[derive(Parser)]
#[command(
    name = "ladder",
    version,
    about = "A static site generator for career-advice knowledge bases"
)]
struct Cli {
    /// The site folder (holding site.toml); defaults to the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --out DIR).
    Build {
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
    },
    /// Check everything a build checks, and write nothing.
    Check {
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
    },
    /// Build the site in memory, serve it, and reload the browser on every change.
    Serve {
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new site that builds at once.
    Init {
        /// Folder to create the site in; defaults to the current folder.
        dir: Option<PathBuf>,
    },
    /// Create a new article or tip with its front matter filled in.
    New {
        /// What to create.
        kind: PageKind,
        /// The page's title; the file name is made from it.
        title: String,
        /// Topics, separated by commas.
        #[arg(long, value_delimiter = ',')]
        topics: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum PageKind {
    Article,
    Tip,
}

/// How `check` prints what it finds.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Problems with their source lines, for people.
    Human,
    /// JSON Lines: one object per problem, then the report's object, on stdout.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build {
            drafts,
            out,
            base_url,
            deny_warnings,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = Options { drafts, base_url };
            let start = Instant::now();
            let result = if deny_warnings {
                ladder::build_denying_warnings(&root, &out, &options)
            } else {
                ladder::build(&root, &out, &options)
            };
            let mut printer = Printer::new(Format::Human, color, &root);
            finish(result, &mut printer, |report| {
                format!(
                    "Built {}, {} in {} ms",
                    count(report.pages, "page"),
                    count(report.topics, "topic"),
                    start.elapsed().as_millis()
                )
            })
        }
        Command::Check {
            drafts,
            format,
            deny_warnings,
            report,
        } => {
            let options = Options {
                drafts,
                base_url: None,
            };
            let result = if report {
                ladder::review(&root, &options).map(|(r, health)| (r, Some(health)))
            } else {
                ladder::check(&root, &options).map(|r| (r, None))
            };
            let mut printer = Printer::new(format, color, &root);
            check(result, &mut printer, report, deny_warnings)
        }
        Command::Serve { port, bind, open } => {
            let options = ladder::serve::ServeOptions {
                root,
                bind,
                port,
                open,
            };
            match ladder::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => fail(&message, color),
            }
        }
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| root.clone());
            match scaffold::init(&dir) {
                Ok(files) => {
                    println!(
                        "Created a new site in {} ({} files)",
                        dir.display(),
                        files.len()
                    );
                    println!("Next: cd {} && ladder build", shown(&dir));
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&message, color),
            }
        }
        Command::New {
            kind,
            title,
            topics,
        } => {
            let kind = match kind {
                PageKind::Article => NewKind::Article,
                PageKind::Tip => NewKind::Tip,
            };
            if !root.join(ladder::config::CONFIG_FILE).is_file() {
                return fail(
                    &format!(
                        "no site.toml in {}: run ladder new in a site folder, or pass --root DIR",
                        root.display()
                    ),
                    color,
                );
            }
            match scaffold::new_page(&root, kind, &title, &topics, &scaffold::today()) {
                Ok(path) => {
                    println!("Created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&message, color),
            }
        }
    }
}

/// "1 page", "3 pages".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn shown(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text.contains(' ') {
        format!("'{text}'")
    } else {
        text
    }
}

/// Prints problems as the chosen format asks.
struct Printer {
    format: Format,
    color: bool,
    sources: SourceLines,
}

impl Printer {
    fn new(format: Format, color: bool, root: &Path) -> Printer {
        Printer {
            format,
            color,
            sources: SourceLines::new(root),
        }
    }

    /// Human: each problem with its source line on stderr. JSON: one line each on stdout.
    fn diagnostics(&mut self, diagnostics: &Diagnostics) {
        for d in diagnostics.iter() {
            match self.format {
                Format::Human => eprintln!("{}\n", self.sources.render(d, self.color)),
                Format::Json => println!("{}", d.to_json()),
            }
        }
    }

    /// The closing summary: on stdout for a human reading a success, else on stderr, so
    /// that JSON output holds nothing but JSON.
    fn summary(&self, line: &str, success: bool) {
        if success && self.format == Format::Human {
            println!("{line}");
        } else {
            eprintln!("{line}");
        }
    }
}

/// Prints a build's diagnostics and summary line; returns the exit code.
fn finish(
    result: Result<Report, Failure>,
    printer: &mut Printer,
    summary: impl Fn(&Report) -> String,
) -> ExitCode {
    match result {
        Ok(report) => {
            printer.diagnostics(&report.diagnostics);
            let mut line = summary(&report);
            let warnings = report.diagnostics.warning_count();
            if warnings > 0 {
                line.push_str(&format!(" ({})", count(warnings, "warning")));
            }
            printer.summary(&line, true);
            ExitCode::SUCCESS
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
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => fail(&message, printer.color),
    }
}

/// Prints what `check` found, the report when asked for, and the summary line; returns
/// the exit code: 1 on errors, or on warnings with `deny_warnings`.
fn check(
    result: Result<(Report, Option<HealthReport>), Failure>,
    printer: &mut Printer,
    want_report: bool,
    deny_warnings: bool,
) -> ExitCode {
    let json = printer.format == Format::Json;
    match result {
        Ok((report, health)) => {
            printer.diagnostics(&report.diagnostics);
            let warnings = report.diagnostics.warning_count();
            let findings = health.as_ref().map_or(0, |h| h.findings.len());
            if let Some(health) = &health {
                if json {
                    println!("{}", health.to_json());
                } else {
                    print!("{}", health.table());
                }
            }
            let mut line = format!(
                "Checked {}, {}: no errors",
                count(report.pages, "page"),
                count(report.topics, "topic")
            );
            if warnings + findings > 0 {
                let mut parts = vec![count(warnings, "warning")];
                if health.is_some() {
                    parts.push(count(findings, "report finding"));
                }
                line.push_str(&format!(" ({})", parts.join(", ")));
            }
            if deny_warnings && warnings + findings > 0 {
                printer.summary(&format!("{line}; denied by --deny-warnings"), false);
                return ExitCode::from(1);
            }
            printer.summary(&line, true);
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            printer.diagnostics(&diagnostics);
            let mut line = diagnostics.summary();
            if want_report {
                // The report reads a linked site; one with errors is not there to read.
                if json {
                    println!("{{\"report\":null}}");
                }
                line.push_str("; no report until the errors are fixed");
            }
            printer.summary(&line, false);
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => fail(&message, printer.color),
    }
}

fn fail(message: &str, color: bool) -> ExitCode {
    let (red, reset) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("", "")
    };
    eprintln!("{red}error{reset}: {message}");
    ExitCode::from(2)
}

/// mimalloc: glibc's per-thread arenas grow by mprotect (150,000 calls on a
/// 10,000-page build) and fault in fresh pages far more often.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
