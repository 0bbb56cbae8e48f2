//! The one fixture builder of the integration tests and the fuzz targets: a site written
//! into a temporary folder from `(path, text)` pairs, built through the library or run
//! through the `ladder` binary, and its output read back; and the small site, held in
//! memory, that random pages are loaded beside.
//!
//! It depends on std, tempfile and ladder only, so that the fuzz crate can include it
//! with `#[path = "../../tests/integration/fixture.rs"]`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ladder::config::Config;
use ladder::content::{self, Page};
use ladder::{Diagnostic, Failure, Options, Report, Site};

/// The smallest `site.toml`: a title and one declared topic.
pub const MINIMAL_TOML: &str =
    "title = \"Fixture\"\n\n[[topics]]\nslug = \"feedback\"\ntitle = \"Feedback\"\n";

/// A site folder in a fresh temporary directory.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with `site.toml` and the given `(path, text)` files.
    pub fn new(site_toml: &str, files: &[(&str, &str)]) -> Fixture {
        let fixture = Fixture::empty();
        fixture.write("site.toml", site_toml);
        for (path, text) in files {
            fixture.write(path, text);
        }
        fixture
    }

    /// An empty folder, without `site.toml`.
    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path under the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a file under the root, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
    }

    /// The text of a source file under the root.
    pub fn source(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces `from` with `to` in a source file, which must contain it.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.source(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Removes a file under the root.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    /// The default output folder, `public/`.
    pub fn out(&self) -> PathBuf {
        self.path("public")
    }

    /// Builds into `public/` with default options.
    pub fn build(&self) -> Result<Report, Failure> {
        self.build_with(&Options::default())
    }

    /// Builds into `public/` with `options`.
    pub fn build_with(&self, options: &Options) -> Result<Report, Failure> {
        ladder::build(self.root(), &self.out(), options)
    }

    /// Builds into `public/` and panics with the diagnostics if the build fails.
    pub fn built(&self) -> Report {
        self.built_with(&Options::default())
    }

    /// Like [`Fixture::built`], with options.
    pub fn built_with(&self, options: &Options) -> Report {
        match self.build_with(options) {
            Ok(report) => report,
            Err(failure) => panic!("build failed:\n{}", show_failure(&failure)),
        }
    }

    /// Builds and expects content errors; returns every diagnostic (warnings included).
    pub fn failed(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(Failure::Content(diagnostics)) => diagnostics.into_iter().collect(),
            Err(Failure::Io(message)) => {
                panic!("expected content errors, got I/O failure: {message}")
            }
        }
    }

    /// The text of an output file under `public/`.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}\noutput files: {:?}",
                path.display(),
                tree(&self.out()).keys().collect::<Vec<_>>()
            )
        })
    }

    /// Whether an output file exists under `public/`.
    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }

    /// Runs the binary with the site root as working directory.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.root(), args, &[])
    }
}

/// All diagnostics of a failure, rendered one per line.
pub fn show_failure(failure: &Failure) -> String {
    match failure {
        Failure::Content(diagnostics) => diagnostics
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n"),
        Failure::Io(message) => format!("I/O: {message}"),
    }
}

/// The `ladder` binary Cargo built for the integration tests; a crate without it (the fuzz
/// targets) still compiles this module, and only running the binary fails there.
const LADDER_BIN: Option<&str> = option_env!("CARGO_BIN_EXE_ladder");

/// A command running the `ladder` binary.
pub fn ladder_command() -> Command {
    Command::new(LADDER_BIN.expect("the ladder binary is built only for the integration tests"))
}

/// Runs `ladder` in `cwd` with `args` and extra environment variables. `NO_COLOR` is
/// removed unless given, so each test decides.
pub fn run_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = ladder_command();
    command.current_dir(cwd).args(args).env_remove("NO_COLOR");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run ladder")
}

/// What the binary printed on stdout.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What the binary printed on stderr.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The exit code, with the output shown when a test fails on it.
pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal\nstdout:\n{}\nstderr:\n{}",
            stdout(output),
            stderr(output)
        )
    })
}

/// Asserts the exit code, printing both streams when it differs.
#[track_caller]
pub fn assert_code(output: &Output, expected: i32) {
    assert_eq!(
        code(output),
        expected,
        "exit code\nstdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// `text` with what changes from run to run replaced, for snapshots: the site's folder
/// by `[site]`, and the milliseconds of `in 12 ms` by `[ms]`.
pub fn stable(text: &str, root: &Path) -> String {
    let mut text = text.replace(&root.display().to_string(), "[site]");
    if let Ok(real) = root.canonicalize() {
        text = text.replace(&real.display().to_string(), "[site]");
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].starts_with(" ms") {
            out.push_str("[ms]");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    walk(dir, dir, &mut files);
    files
}

// ---------------------------------------------------------------------------------------
// The fixed site in memory: a random or fuzzed page is loaded beside these pages, without
// touching the disk, and the site assembled as a build does.
// ---------------------------------------------------------------------------------------

/// The `site.toml` of the fixed site: one topic with an alias.
pub const FIXED_SITE_TOML: &str = "title = \"Fixed\"\n\n[[topics]]\nslug = \"feedback\"\ntitle = \"Feedback\"\naliases = [\"asking\"]\n";

/// The pages of the fixed site, under `content/`: links between folders, anchors, a
/// wiki link, an embed, a topic alias, a draft, a duplicate heading and non-ASCII names.
pub const FIXED_PAGES: &[(&str, &str)] = &[
    (
        "tips/a.md",
        "---\ntitle: Tip A\ntopics: [feedback]\n---\n## Why it works\n\nBecause [[b]].\n",
    ),
    (
        "tips/b.md",
        "---\ntitle: Tip B\ntopics: [asking]\n---\nSee [a](a.md#why-it-works).\n",
    ),
    (
        "articles/guide.md",
        "---\ntitle: Guide\ntopics: [feedback]\n---\n# Start\n\n![[a]]\n\n## Start\n",
    ),
    (
        "articles/Deep Dive/café.md",
        "---\ntitle: Café\n---\nUp to [the guide](../guide.md#start-1).\n",
    ),
    (
        "tips/later.md",
        "---\ntitle: Later\ndraft: true\ntopics: [feedback]\n---\nNot yet.\n",
    ),
    (
        "topics/feedback.md",
        "---\ntitle: Feedback\naliases: [asking for feedback]\n---\nAbout feedback.\n",
    ),
];

/// The fixed site's settings.
pub fn fixed_config() -> Config {
    Config::parse(FIXED_SITE_TOML).expect("site.toml")
}

/// The fixed pages, parsed with plain or pretty URLs; they have no problems of their own.
pub fn fixed_pages(pretty_urls: bool) -> Vec<Page> {
    FIXED_PAGES
        .iter()
        .map(|(rel, text)| {
            let file = Path::new("content").join(rel);
            let (page, problems) =
                content::parse_page(file, Path::new(rel), text.as_bytes(), pretty_urls, 200);
            assert!(problems.is_empty(), "{problems:?}");
            page.expect("a fixed page")
        })
        .collect()
}

/// Loads `bytes` as the page at `relative` (under `content/`) beside `pages`, then
/// assembles the site (topics, links, bodies, graph) as a build does. Returns every
/// problem found.
pub fn assemble_beside(
    config: Config,
    mut pages: Vec<Page>,
    relative: &str,
    bytes: &[u8],
    pretty_urls: bool,
) -> Vec<Diagnostic> {
    let file = Path::new("content").join(relative);
    let (page, problems) = content::parse_page(file, Path::new(relative), bytes, pretty_urls, 200);
    pages.extend(page);
    let loaded = content::Loaded {
        pages,
        assets: Vec::new(),
        problems,
    };
    match Site::assemble(Path::new("."), &Options::default(), config, loaded) {
        Ok((_, diagnostics)) | Err(Failure::Content(diagnostics)) => {
            diagnostics.into_iter().collect()
        }
        Err(Failure::Io(e)) => panic!("{e}"),
    }
}

/// How many lines `bytes` has: `\n`, `\r\n` and a lone `\r` each end one.
pub fn line_count(bytes: &[u8]) -> usize {
    let ends = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    ends + 1
}
