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
    allocator::return_freed_memory_sooner();
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

mod allocator {
    use std::ffi::{c_int, c_long};

    extern "C" {
        /// mimalloc's `void mi_option_set(mi_option_t option, long value)`.
        fn mi_option_set(option: c_int, value: c_long);
        /// mimalloc's `long mi_option_get(mi_option_t option)`.
        #[cfg(test)]
        fn mi_option_get(option: c_int) -> c_long;
    }

    /// mimalloc's `mi_option_purge_delay`, in the order of its `mi_option_t`: how many
    /// milliseconds freed memory waits before it goes back to the system.
    const PURGE_DELAY: c_int = 15;

    /// Gives freed memory back to the system after a tenth of a second rather than
    /// mimalloc's second: a build frees what each stage held as the next one grows
    /// (bodies as their pages are written, counts as they are scored), and memory kept a
    /// second adds the stages up (at 10,000 pages, a peak of 245 MB rather than 205 MB).
    pub(super) fn return_freed_memory_sooner() {
        // SAFETY: takes no pointers; called first thing, before any other thread runs.
        unsafe { mi_option_set(PURGE_DELAY, 100) }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_purge_delay_is_the_option_set() {
            // mimalloc's default purge delay, 1,000 ms, is no other option's default.
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                // SAFETY: takes no pointers.
                assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
            }
        }
    }
}
