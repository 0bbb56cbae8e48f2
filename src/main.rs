//! The `ladder` command line: parse arguments, call the library, map results to exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use ladder::scaffold::{self, NewKind};
use ladder::{Diagnostics, Failure, Options, Report};

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
    },
    /// Check everything a build checks, and write nothing.
    Check {
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build {
            drafts,
            out,
            base_url,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = Options { drafts, base_url };
            let start = Instant::now();
            let result = ladder::build(&root, &out, &options);
            finish(result, color, |report| {
                format!(
                    "Built {}, {} in {} ms",
                    count(report.pages, "page"),
                    count(report.topics, "topic"),
                    start.elapsed().as_millis()
                )
            })
        }
        Command::Check { drafts } => {
            let options = Options {
                drafts,
                base_url: None,
            };
            let result = ladder::check(&root, &options);
            finish(result, color, |report| {
                format!(
                    "Checked {} pages, {} topics: no errors",
                    report.pages, report.topics
                )
            })
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

/// Prints diagnostics and the summary line; returns the exit code.
fn finish(
    result: Result<Report, Failure>,
    color: bool,
    summary: impl Fn(&Report) -> String,
) -> ExitCode {
    match result {
        Ok(report) => {
            print_all(&report.diagnostics, color);
            let mut line = summary(&report);
            let warnings = report.diagnostics.warning_count();
            if warnings > 0 {
                line.push_str(&format!(
                    " ({warnings} warning{})",
                    if warnings == 1 { "" } else { "s" }
                ));
            }
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            print_all(&diagnostics, color);
            eprintln!("{}; nothing was written", diagnostics.summary());
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => fail(&message, color),
    }
}

fn print_all(diagnostics: &Diagnostics, color: bool) {
    for d in diagnostics.iter() {
        eprintln!("{}", d.render(color));
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
