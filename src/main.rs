//! The `ladder` command line: parse arguments, run one command from `cli/`, and turn how
//! it ended into the exit code: 0 ok, 1 content errors or denied warnings, 2 usage or I/O
//! errors (clap exits 2 itself on arguments it cannot parse).

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::{Failed, Outcome};
use ladder::console;

#[derive(Parser)]
#[command(
    name = "ladder",
    version,
    about = "A static site generator for career-advice knowledge bases"
)]
struct Cli {
    /// The site folder (holding site.toml); defaults to the nearest one from the current
    /// folder up. `init` creates the site here when given no folder.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --out DIR).
    Build(cli::build::Args),
    /// Check everything a build checks, and write nothing.
    Check(cli::check::Args),
    /// Build the site in memory, serve it, and reload the browser on every change.
    Serve(cli::serve::Args),
    /// Create a new site that builds at once.
    Init(cli::scaffold::InitArgs),
    /// Create a new article or tip with its front matter filled in.
    New(cli::scaffold::NewArgs),
}

fn main() -> ExitCode {
    ladder::allocator::return_freed_memory_sooner();
    let cli = Cli::parse();
    let color = console::color_wanted();
    let outcome = match cli.command {
        // A new site goes where it is asked for, never into one found above.
        Command::Init(args) => {
            cli::scaffold::init(args, &cli.root.unwrap_or_else(|| PathBuf::from(".")))
        }
        Command::Build(args) => {
            cli::site_root(cli.root).and_then(|site| cli::build::run(args, &site, color))
        }
        Command::Check(args) => {
            cli::site_root(cli.root).and_then(|site| cli::check::run(args, &site, color))
        }
        Command::Serve(args) => {
            cli::site_root(cli.root).and_then(|site| cli::serve::run(args, &site))
        }
        Command::New(args) => {
            cli::site_root(cli.root).and_then(|site| cli::scaffold::new_page(args, &site, color))
        }
    };
    exit_code(outcome, color)
}

/// The one place an outcome becomes an exit code; a usage or I/O error is printed here.
fn exit_code(outcome: Outcome, color: bool) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failed::Content) => ExitCode::from(1),
        Err(Failed::UsageOrIo(message)) => {
            console::print_error(&message, color);
            ExitCode::from(2)
        }
    }
}

/// mimalloc: glibc's per-thread arenas grow by mprotect (150,000 calls on a
/// 10,000-page build) and fault in fresh pages far more often.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
