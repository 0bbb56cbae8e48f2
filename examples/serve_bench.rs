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
//! caught up with them (`--settle` ms later), with the peak so far and the bytes the
//! program holds (the live heap), beside the target: at most the peak resident memory
//! of `ladder build` on the same site. That peak is measured by running the `ladder`
//! binary beside this one (`target/release/ladder`, so `cargo build --release` first)
//! into a temporary folder, or given with `--build-peak MIB`.

use std::alloc::{GlobalAlloc, Layout};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ladder::serve::{start, ServeOptions};

/// The allocator of the `ladder` binary, so that memory is measured as `ladder serve`'s,
/// counting the bytes held.
#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated and not yet freed.
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// mimalloc, keeping count of the bytes held in [`LIVE`].
struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        mimalloc::MiMalloc.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        LIVE.fetch_add(size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        mimalloc::MiMalloc.realloc(ptr, layout, size)
    }
}

/// A field of `/proc/self/status` (`VmRSS`, `VmHWM`) in MiB, where there is one.
fn memory(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Resident memory now (MiB, where known), and a report line with its peak and the live heap.
fn resident() -> (Option<f64>, String) {
    let live = LIVE.load(Ordering::Relaxed) as f64 / (1024.0 * 1024.0);
    match (memory("VmRSS:"), memory("VmHWM:")) {
        (Some(now), Some(peak)) => (
            Some(now),
            format!("{now:.0} MiB (peak so far {peak:.0} MiB; live heap {live:.0} MiB)"),
        ),
        _ => (None, format!("unknown, no /proc (live heap {live:.0} MiB)")),
    }
}

/// The peak resident memory (MiB) of `ladder build` on the site at `root`, built into a
/// temporary folder by the `ladder` binary beside this example.
#[cfg(unix)]
fn build_peak(root: &Path) -> Result<f64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // target/<profile>/examples/serve_bench → target/<profile>/ladder
    let ladder = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("ladder"))
        .filter(|l| l.is_file())
        .ok_or("no ladder binary beside this one: run `cargo build --release`")?;
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let status = std::process::Command::new(&ladder)
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out.path().join("public"))
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", ladder.display()))?;
    if !status.success() {
        return Err(format!("{} build failed", ladder.display()));
    }
    // The largest resident memory of the children waited for: the build's (KiB on Linux).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid rusage for getrusage to fill.
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return Err("getrusage failed".into());
    }
    Ok(usage.ru_maxrss as f64 / 1024.0)
}

#[cfg(not(unix))]
fn build_peak(_: &Path) -> Result<f64, String> {
    Err("measured on unix only; pass --build-peak MIB".into())
}

/// How resident memory `now` stands to the target `peak`.
fn against(now: Option<f64>, peak: Option<f64>) -> String {
    match (now, peak) {
        (Some(now), Some(peak)) if now <= peak => format!("within the target ({peak:.0} MiB)"),
        (Some(now), Some(peak)) => {
            format!("OVER the target ({peak:.0} MiB) by {:.0} MiB", now - peak)
        }
        _ => "target unknown".into(),
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
    // As `ladder serve` does.
    ladder::allocator::return_freed_memory_sooner();
    let usage = "usage: serve_bench [--pages N | --site DIR] [--edits N] [--pause MS] [--settle MS] [--build-peak MIB]";
    let mut pages = 10_000;
    let mut site: Option<std::path::PathBuf> = None;
    let mut edits = 20;
    // Pause between edits; past SEARCH_DELAY the search index is rebuilt in between.
    let mut pause: u64 = 60;
    // Wait after the last edit, for the search index to catch up before memory is read.
    let mut settle: u64 = 2000;
    let mut given_peak: Option<f64> = None;
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
            "--build-peak" => value.parse().map(|v| given_peak = Some(v)).is_ok(),
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

    // Measured first, in a child process, so that serving does not run beside it.
    let peak = match given_peak {
        Some(peak) => Some(peak),
        None => match build_peak(root) {
            Ok(peak) => Some(peak),
            Err(e) => {
                eprintln!("the build's peak is unknown: {e}");
                None
            }
        },
    };

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
    match (peak, given_peak) {
        (Some(peak), None) => {
            println!("Peak memory of `ladder build` on this site: {peak:.0} MiB (the target)")
        }
        (Some(peak), Some(_)) => println!(
            "Peak memory of `ladder build` on this site: {peak:.0} MiB (the target, as given)"
        ),
        _ => {}
    }
    println!(
        "Resident memory after the first build: {}: {}",
        after_build.1,
        against(after_build.0, peak)
    );
    println!(
        "Resident memory after {edits} edits and the search index: {}: {}",
        after_edits.1,
        against(after_edits.0, peak)
    );
    println!(
        "Edit → reload signal over {edits} edits: min {:.1} ms, median {median:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
