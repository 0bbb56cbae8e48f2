//! `ladder serve`: the dev server, which lives in the library; this only passes its settings.

use std::path::Path;

use ladder::serve::ServeOptions;

use super::{Failed, Outcome};

/// The arguments of `ladder serve`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Open the site in a browser.
    #[arg(long)]
    open: bool,
}

/// Serves the site at `root` until the process is interrupted.
pub(crate) fn run(args: Args, root: &Path) -> Outcome {
    let options = ServeOptions {
        root: root.to_path_buf(),
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    ladder::serve::serve(&options).map_err(|e| Failed::UsageOrIo(e.to_string()))
}
