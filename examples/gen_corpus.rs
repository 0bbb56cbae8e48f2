//! Writes a deterministic synthetic knowledge base, for benchmarks and profiling.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --pages 10000 --out /tmp/kb-10k [--seed N]
//! cargo run --release --example gen_corpus -- --pages 10000 --out /tmp/hugo-10k --format hugo
//! ```
//!
//! The shape is described in `examples/corpus/mod.rs`; `--format hugo` writes the same
//! pages as a Hugo site (`examples/corpus/hugo.rs`). `--out` must not exist or be empty.

#[path = "corpus/mod.rs"]
mod corpus;
#[path = "corpus/hugo.rs"]
mod hugo;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let usage = "usage: gen_corpus --pages N --out DIR [--seed N] [--format ladder|hugo]";
    let mut pages: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut seed = corpus::SEED;
    let mut hugo = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--pages", Some(v)) => pages = v.parse().ok(),
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            ("--format", Some(v)) if v == "ladder" || v == "hugo" => hugo = v == "hugo",
            ("--seed", Some(v)) => match v.parse() {
                Ok(s) => seed = s,
                Err(_) => {
                    eprintln!("--seed takes a number\n{usage}");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("unexpected argument `{arg}`\n{usage}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(pages), Some(out)) = (pages, out) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("{} is not empty; give a new folder", out.display());
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let written = if hugo {
        hugo::generate(&out, pages, seed)
    } else {
        corpus::generate(&out, pages, seed)
    };
    match written {
        Ok(c) => {
            println!(
                "Wrote {pages} pages ({} tips, {} articles) to {} in {} ms",
                c.tips.len(),
                c.articles.len(),
                out.display(),
                start.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
