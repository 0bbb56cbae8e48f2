//! Edit-to-reload-signal latency of `ladder serve` on a synthetic 10,000-page site.
//!
//! ```sh
//! cargo run --release --example serve_bench                      # 10,000 pages, 20 edits
//! cargo run --release --example serve_bench -- --pages 2000 --edits 10
//! cargo run --release --example serve_bench -- --site DIR        # a site already written
//! cargo run --release --example serve_bench -- --pause 2000      # ms between edits
//! ```
//!
//! Generates the site of `examples/gen_corpus` in a temp folder (or uses `--site`),
//! starts the server with `ladder::serve::start`, holds an event stream open like a
//! browser tab, then edits one tip's body again and again and times each file write to
//! the `event: reload` arriving. The tip is restored afterwards.
//!
//! It also prints the process's resident memory (as `ladder serve`'s, with the same
//! allocator) after the first build, and after the edits once the search index has
//! caught up with them (`--settle` ms later), with the peak so far.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ladder::serve::{start, ServeOptions};

/// The allocator of the `ladder` binary, so that memory is measured as `ladder serve`'s.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A field of `/proc/self/status` (`VmRSS`, `VmHWM`) in MB, where there is one.
fn memory(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resident memory now and at its peak, for a report line.
fn resident() -> String {
    match (memory("VmRSS:"), memory("VmHWM:")) {
        (Some(now), Some(peak)) => format!("{now:.0} MB (peak so far {peak:.0} MB)"),
        _ => "unknown (no /proc)".into(),
    }
}

#[path = "corpus/mod.rs"]
mod corpus;

/// Reads event-stream lines until `event: reload` (or a problem) arrives.
fn wait_for_reload(reader: &mut BufReader<TcpStream>) -> Result<(), String> {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the event stream closed".into());
        }
        let line = line.trim_end();
        if line == "event: reload" {
            return Ok(());
        }
        if line == "event: problems" {
            return Err("the edit did not build".into());
        }
    }
}

fn main() {
    let usage =
        "usage: serve_bench [--pages N | --site DIR] [--edits N] [--pause MS] [--settle MS]";
    let mut pages = 10_000;
    let mut site: Option<std::path::PathBuf> = None;
    let mut edits = 20;
    // Pause between edits; past SEARCH_DELAY the search index is rebuilt in between.
    let mut pause: u64 = 60;
    // Wait after the last edit, for the search index to catch up before memory is read.
    let mut settle: u64 = 2000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_default();
        let ok = match arg.as_str() {
            "--pages" => value.parse().map(|v| pages = v).is_ok(),
            "--site" => {
                site = Some(value.into());
                true
            }
            "--edits" => value.parse().map(|v| edits = v).is_ok(),
            "--pause" => value.parse().map(|v| pause = v).is_ok(),
            "--settle" => value.parse().map(|v| settle = v).is_ok(),
            _ => false,
        };
        if !ok {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let root = match &site {
        Some(site) => site.clone(),
        None => {
            let t = Instant::now();
            corpus::generate(dir.path(), pages, corpus::SEED).expect("generate the site");
            println!("Generated {pages} pages in {} ms", t.elapsed().as_millis());
            dir.path().to_path_buf()
        }
    };
    let root = root.as_path();
    let mut tips: Vec<String> = std::fs::read_dir(root.join("content/tips"))
        .expect("the site has content/tips")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".md").map(String::from))
        .collect();
    tips.sort();
    assert!(!tips.is_empty(), "the site has no tips to edit");

    let t = Instant::now();
    let running = start(&ServeOptions {
        root: root.to_path_buf(),
        bind: "127.0.0.1".into(),
        port: 0,
        open: false,
    })
    .expect("start the server");
    let initial = t.elapsed();
    let after_build = resident();

    let mut stream = TcpStream::connect(running.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /__ladder/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        running.addr
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    // Wait for the headers and the first event, so the stream is registered.
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
        if line.contains("event: ok") {
            break;
        }
        line.clear();
    }

    // Edit a tip in the middle of the site; its body only, so the update stays incremental.
    let tip = &tips[tips.len() / 2];
    let file = root.join(format!("content/tips/{tip}.md"));
    let original = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::with_capacity(edits);
    for n in 0..edits {
        let text = format!(
            "{}\nEdit number {n} of the benchmark.\n",
            original.trim_end()
        );
        let written = Instant::now();
        std::fs::write(&file, text).unwrap();
        if let Err(e) = wait_for_reload(&mut reader) {
            eprintln!("edit {n}: {e}");
            std::process::exit(1);
        }
        times.push(written.elapsed());
        // Let the `ok` event through and the watcher go quiet before the next edit.
        std::thread::sleep(Duration::from_millis(pause));
    }
    std::thread::sleep(Duration::from_millis(settle));
    let after_edits = resident();
    std::fs::write(&file, &original).unwrap();
    running.stop();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = if times.len() % 2 == 1 {
        ms(times[times.len() / 2])
    } else {
        (ms(times[times.len() / 2 - 1]) + ms(times[times.len() / 2])) / 2.0
    };
    println!("Initial build (start): {:.0} ms", ms(initial));
    println!("Resident memory after the first build: {after_build}");
    println!("Resident memory after {edits} edits and the search index: {after_edits}");
    println!(
        "Edit → reload signal over {edits} edits: min {:.1} ms, median {median:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
