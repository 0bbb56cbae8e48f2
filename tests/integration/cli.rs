//! Tests of the `ladder` binary: exit codes, messages, and the files it writes.

use crate::fixture::*;
use crate::html::*;

const TWO_TOPICS: &str = "title = \"Fixture\"\n\n[[topics]]\nslug = \"feedback\"\ntitle = \"Feedback\"\n\n[[topics]]\nslug = \"mentoring\"\ntitle = \"Mentoring\"\n";

fn good_site() -> Fixture {
    Fixture::new(
        TWO_TOPICS,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: Tip A\ntopics: [feedback]\n---\nSee [[b]].\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: Tip B\ntopics: [mentoring]\n---\nSee [a](a.md).\n",
            ),
        ],
    )
}

/// Parses `Built N pages, M topics in X ms` into (N, M).
fn summary(line: &str) -> (usize, usize) {
    let rest = line
        .strip_prefix("Built ")
        .unwrap_or_else(|| panic!("summary line: {line:?}"));
    let (pages, rest) = rest.split_once(" pages, ").expect("pages");
    let (topics, rest) = rest.split_once(" topics in ").expect("topics");
    let ms = rest.strip_suffix(" ms").expect("ms");
    ms.parse::<u64>().expect("milliseconds");
    (pages.parse().unwrap(), topics.parse().unwrap())
}

#[test]
fn a_good_site_builds_with_exit_0_and_a_summary_line() {
    let site = good_site();
    let output = site.run(&["build"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    // Home, two tips and two topic pages.
    assert_eq!(summary(lines[0]), (5, 2));
    assert_eq!(stderr(&output), "");
    assert!(site.exists("index.html"));
    assert!(site.exists("tips/a.html"));
}

#[test]

fn the_summary_line_uses_the_singular_for_one() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/a.md",
            "---\ntitle: Tip A\ntopics: [feedback]\n---\nBody.\n",
        )],
    );
    let output = site.run(&["build"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    assert!(out.starts_with("Built 3 pages, 1 topic in "), "{out}");
}

/// Two broken files: a link to nowhere in one, an invalid date in the other.
fn broken_site() -> Fixture {
    let site = good_site();
    site.write(
        "content/tips/broken-link.md",
        "---\ntitle: Broken link\ntopics: [feedback]\n---\nGo [there](nowhere.md).\n",
    );
    site.write(
        "content/articles/bad-date.md",
        "---\ntitle: Bad date\ndate: 2024-02-30\n---\nText.\n",
    );
    site
}

#[test]
fn a_broken_site_exits_1_and_reports_every_problem() {
    let site = broken_site();
    let output = site.run(&["build"]);
    assert_code(&output, 1);
    let err = stderr(&output);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert!(
        errors[0].starts_with(
            "content/articles/bad-date.md:3:1: error[invalid-date]: `2024-02-30` is not a valid date"
        ),
        "{err}"
    );
    assert!(
        errors[1]
            .starts_with("content/tips/broken-link.md:5:4: error[broken-link]: link `nowhere.md`"),
        "{err}"
    );
    let last = err.lines().last().unwrap();
    assert!(last.starts_with("2 errors"), "{err}");
    assert!(!stdout(&output).contains("Built"), "{}", stdout(&output));
    assert!(!site.out().exists(), "nothing is written");
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = good_site();
    let output = site.run(&["check"]);
    assert_code(&output, 0);
    assert!(stdout(&output).contains("5 pages"), "{}", stdout(&output));
    assert!(!site.out().exists());

    let site = broken_site();
    let output = site.run(&["check"]);
    assert_code(&output, 1);
    assert_eq!(stderr(&output).matches(": error[").count(), 2);
    assert!(!site.out().exists());
}

#[test]
fn a_missing_site_toml_exits_2() {
    let dir = Fixture::empty();
    for command in ["build", "check"] {
        let output = dir.run(&[command]);
        assert_code(&output, 2);
        let err = stderr(&output);
        assert!(err.contains("site.toml"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!dir.path("public").exists());
}

#[test]
fn an_unknown_flag_exits_2() {
    let site = good_site();
    let output = site.run(&["build", "--bogus"]);
    assert_code(&output, 2);
    assert!(stderr(&output).contains("--bogus"), "{}", stderr(&output));
    assert!(!site.out().exists());
    assert_code(&site.run(&["frobnicate"]), 2);
}

#[test]
fn every_subcommand_has_help() {
    let dir = Fixture::empty();
    let output = dir.run(&["--help"]);
    assert_code(&output, 0);
    for command in ["build", "check", "init", "new"] {
        assert!(
            stdout(&output).contains(command),
            "{command} in top-level help"
        );
    }
    for (command, flags) in [
        ("build", &["--drafts", "--out", "--base-url", "--root"][..]),
        ("check", &["--drafts", "--root"][..]),
        ("init", &[][..]),
        ("new", &["--topics"][..]),
    ] {
        let output = dir.run(&[command, "--help"]);
        assert_code(&output, 0);
        let out = stdout(&output);
        assert!(out.contains("Usage:"), "{command}: {out}");
        for flag in flags {
            assert!(out.contains(flag), "{command} --help lacks {flag}: {out}");
        }
    }
    // Asking for help creates nothing.
    assert!(std::fs::read_dir(dir.root()).unwrap().next().is_none());
}

#[test]
fn root_selects_the_site_folder() {
    let outer = Fixture::empty();
    let site = good_site();
    let root = site.root().to_str().unwrap();
    let output = outer.run(&["build", "--root", root]);
    assert_code(&output, 0);
    assert!(site.exists("tips/a.html"));
    assert!(!outer.path("public").exists());
    // `--root` is global: it may come before the subcommand too.
    assert_code(&outer.run(&["--root", root, "check"]), 0);

    // Diagnostics name files relative to the site root, however the root was given.
    let broken = broken_site();
    let root = broken.root().to_str().unwrap();
    let output = outer.run(&["check", "--root", root]);
    assert_code(&output, 1);
    let err = stderr(&output);
    assert!(
        err.starts_with("content/articles/bad-date.md:3:1: error[invalid-date]: "),
        "{err}"
    );
    assert!(!err.contains(root), "{err}");
}

#[test]
fn no_broken_input_makes_ladder_panic() {
    let site = good_site();
    let inputs: &[&[u8]] = &[
        b"",
        b"---",
        b"---\n---\n",
        b"---\n---\nBody only.\n",
        b"---\ntitle: 123\ntopics: [[a]]\n---\n",
        b"---\ntitle: A\ntopics: [feedback]\nweight: 1.5\nextra: 3\nsource: 5\n---\n",
        b"---\ntitle: A\ntopics: [feedback]\naliases: [\"../../x\"]\nslug: \"../x\"\n---\n",
        b"---\ntitle: A\ntopics: [feedback]\n---\n[[]] ![[]] [[|]] [[ | x]] #\n\n#\n\n![[nothing]]\n",
        b"---\ntitle: A\ntopics: [feedback]\n---\n[y](.md) [w](../../../../x.md) [v](%zz%.md) [[%]]\n",
        b"\xef\xbb\xbf---\r\ntitle: A\r\ntopics: [feedback]\r\n---\r\n[bad](nope.md)\r\n",
        b"---\ntitle: A\ntopics: {a: b}\ntags: [x]\n---\n",
        b"---\n- a\n- b\n---\n",
        b"---\n? [a]\n: b\n---\n",
        b"---\ntitle: \"\"\ntopics: []\n---\n",
        b"---\ntitle: &a [*a]\n---\n",
        b"\xff\xfe\x00\x00",
    ];
    for (i, input) in inputs.iter().enumerate() {
        site.write(&format!("content/tips/broken-{i}.md"), input);
    }
    site.write(
        "content/tips/self-embed.md",
        "---\ntitle: Self\ntopics: [feedback]\n---\n![[self-embed]]\n",
    );
    let output = site.run(&["build"]);
    assert_code(&output, 1);
    let err = stderr(&output);
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    // Every broken file is named, in the editor form `file:line…`.
    for i in 0..inputs.len() {
        assert!(
            err.contains(&format!("content/tips/broken-{i}.md:")),
            "broken-{i}.md is not reported:\n{err}"
        );
    }
    assert!(
        err.contains(
            "content/tips/self-embed.md:5:1: error[self-embed]: a page cannot embed itself"
        ),
        "{err}"
    );
    assert!(!site.out().exists());
}

#[test]
fn no_colour_without_a_terminal_or_with_no_color() {
    let site = broken_site();
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let output = run_in(site.root(), &["build"], env);
        assert_code(&output, 1);
        let err = stderr(&output);
        assert!(!err.contains("\x1b["), "escape codes with {env:?}: {err:?}");
        assert!(
            err.contains("content/tips/broken-link.md:5:4: error[broken-link]: "),
            "{err}"
        );
    }
    let empty = Fixture::empty();
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let output = run_in(empty.root(), &["build"], env);
        assert_code(&output, 2);
        assert!(!stderr(&output).contains("\x1b["), "{:?}", stderr(&output));
    }
}

#[test]
fn init_makes_a_site_that_builds_and_refuses_to_run_twice() {
    let outer = Fixture::empty();
    let output = outer.run(&["init", "notes"]);
    assert_code(&output, 0);
    assert!(outer.path("notes/site.toml").is_file());
    let output = outer.run(&["build", "--root", "notes"]);
    assert_code(&output, 0);
    assert!(stdout(&output).starts_with("Built "), "{}", stdout(&output));
    assert!(outer.path("notes/public/index.html").is_file());
    assert_links_resolve(&outer.path("notes/public"), false);

    let before = tree(&outer.path("notes/content"));
    let output = outer.run(&["init", "notes"]);
    assert_code(&output, 2);
    assert!(stderr(&output).contains("site.toml"), "{}", stderr(&output));
    assert!(
        tree(&outer.path("notes/content")) == before,
        "init twice changed the site"
    );
}

/// Whether `text` is a date written YYYY-MM-DD.
fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[test]
fn new_tip_writes_front_matter_and_the_site_still_builds() {
    let outer = Fixture::empty();
    assert_code(&outer.run(&["init", "site"]), 0);
    let site = outer.path("site");
    let output = run_in(
        &site,
        &["new", "tip", "Ask early", "--topics", "feedback"],
        &[],
    );
    assert_code(&output, 0);
    let path = site.join("content/tips/ask-early.md");
    let text = std::fs::read_to_string(&path).expect("the new tip");
    let front = between(&text, "---\n", "\n---\n").expect("front matter");
    let lines: Vec<&str> = front.lines().collect();
    assert!(lines.contains(&"title: \"Ask early\""), "{text}");
    assert!(lines.contains(&"topics: [\"feedback\"]"), "{text}");
    let date = lines
        .iter()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap_or_else(|| panic!("no date: {text}"));
    assert!(looks_like_date(date), "{date}");

    let output = run_in(&site, &["build"], &[]);
    assert_code(&output, 0);
    assert!(site.join("public/tips/ask-early.html").is_file());
    let topic = std::fs::read_to_string(site.join("public/topics/feedback.html")).unwrap();
    assert!(hrefs(&topic).contains(&"../tips/ask-early.html".to_string()));

    // An article too; and the same title twice is refused.
    let output = run_in(
        &site,
        &[
            "new",
            "article",
            "Big Picture",
            "--topics",
            "feedback,growth",
        ],
        &[],
    );
    assert_code(&output, 0);
    assert!(site.join("content/articles/big-picture.md").is_file());
    assert_code(&run_in(&site, &["build"], &[]), 0);
    let output = run_in(&site, &["new", "tip", "Ask early"], &[]);
    assert_code(&output, 2);
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn new_outside_a_site_exits_2() {
    let dir = Fixture::empty();
    let output = dir.run(&["new", "tip", "Ask early"]);
    assert_code(&output, 2);
    assert!(!dir.path("content").exists());
}

#[test]
fn out_at_the_root_or_inside_content_is_refused() {
    let site = good_site();
    site.write("static/robots-note.txt", "keep me");
    let before = tree(site.root());
    for out in [".", "content/out", "content", "static/out"] {
        let output = site.run(&["build", "--out", out]);
        assert_code(&output, 2);
        assert!(
            stderr(&output).contains("refusing"),
            "{out}: {}",
            stderr(&output)
        );
        assert!(tree(site.root()) == before, "--out {out} changed the site");
    }
    let absolute = site.root().to_str().unwrap().to_string();
    assert_code(&site.run(&["build", "--out", &absolute]), 2);
    assert!(tree(site.root()) == before);
}

#[test]
fn out_over_an_unrelated_folder_is_refused() {
    let site = good_site();
    let other = Fixture::empty();
    other.write("notes.txt", "precious");
    let output = site.run(&["build", "--out", other.root().to_str().unwrap()]);
    assert_code(&output, 2);
    assert_eq!(
        std::fs::read_to_string(other.path("notes.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn out_and_base_url_and_drafts_flags() {
    let site = good_site();
    site.write(
        "content/tips/draft.md",
        "---\ntitle: Draft\ndraft: true\ntopics: [feedback]\n---\nLater.\n",
    );
    let output = site.run(&[
        "build",
        "--out",
        "dist",
        "--base-url",
        "https://x.org/y",
        "--drafts",
    ]);
    assert_code(&output, 0);
    assert!(!site.out().exists());
    let sitemap = std::fs::read_to_string(site.path("dist/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://x.org/y/tips/a.html</loc>"),
        "{sitemap}"
    );
    assert!(site.path("dist/tips/draft.html").is_file());
    assert!(site.path("dist/atom.xml").is_file());
}

/// Builds a site holding one extra file and expects exit 1 with `expected` on stderr.
#[track_caller]
fn expect_content_error(file: &str, contents: &[u8], expected: &[&str]) {
    let site = good_site();
    site.write(file, contents);
    let output = site.run(&["build"]);
    assert_code(&output, 1);
    let err = stderr(&output);
    for needle in expected {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(err.lines().last().unwrap().contains("error"), "{err}");
    assert!(!site.out().exists());
}

#[test]
fn malformed_yaml_is_located() {
    expect_content_error(
        "content/tips/x.md",
        b"---\ntitle: A\nsummary: x\n  bad: indent\ntopics: [feedback]\n---\nBody.\n",
        &["content/tips/x.md:4:6: error[yaml-syntax]: invalid YAML"],
    );
    expect_content_error(
        "content/tips/y.md",
        b"---\ntitle: [unclosed\ntopics: [feedback]\n---\nBody.\n",
        &["content/tips/y.md:", ": error[yaml-syntax]: invalid YAML"],
    );
}

#[test]
fn unclosed_front_matter_is_located() {
    expect_content_error(
        "content/tips/x.md",
        b"---\ntitle: A\ntopics: [feedback]\nBody without a closing line.\n",
        &["content/tips/x.md:1:1: error[unclosed-front-matter]: the front matter block is not closed"],
    );
}

#[test]
fn an_empty_title_is_located() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/x.md",
            "---\ntitle: \"\"\ntopics: [feedback]\n---\nBody.\n",
        )],
    );
    let output = site.run(&["check"]);
    assert_code(&output, 0);
    assert!(
        stderr(&output).contains("content/tips/x.md:2:1: warning[missing-title]: `title` is empty"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn topics_as_a_string_is_located() {
    expect_content_error(
        "content/tips/x.md",
        b"---\ntitle: A\ntopics: feedback\n---\nBody.\n",
        &[
            "content/tips/x.md:3:1: error[wrong-type]: topics must be a list",
            "help: write `topics: [feedback]`",
            "1 error",
        ],
    );
}

#[test]
fn an_invalid_date_is_located() {
    expect_content_error(
        "content/tips/x.md",
        b"---\ntitle: A\ntopics: [feedback]\nupdated: 2024-13-01\n---\nBody.\n",
        &["content/tips/x.md:4:1: error[invalid-date]: `2024-13-01` is not a valid date"],
    );
}

#[test]
fn non_utf8_and_binary_files_are_located() {
    expect_content_error(
        "content/tips/x.md",
        b"---\ntitle: A\ntopics: [feedback]\n---\nBad \xff byte.\n",
        &["content/tips/x.md:5:5: error[not-utf8]: the file is not UTF-8"],
    );
    expect_content_error(
        "content/tips/x.md",
        b"---\ntitle: A\n\x00\x01\x02\x03",
        &["content/tips/x.md:3:1: error[binary-file]: this is a binary file"],
    );
}

const SLUG_CLASH: &[u8] =
    b"---\ntitle: Clash\ntopics: [feedback]\n\nslug: a\n---\nSame output as a.md.\n";

#[test]
fn two_pages_with_the_same_output_path_are_an_error() {
    expect_content_error(
        "content/tips/clash.md",
        SLUG_CLASH,
        &[
            "content/tips/clash.md",
            "`tips/a.html`",
            "content/tips/a.md",
        ],
    );
}

#[test]

fn a_slug_collision_names_the_slug_line() {
    expect_content_error(
        "content/tips/clash.md",
        SLUG_CLASH,
        &["content/tips/clash.md:5:1: error[path-collision]: two pages have the same output path `tips/a.html`"],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_not_a_hang() {
    let site = good_site();
    std::os::unix::fs::symlink("..", site.path("content/tips/loop")).unwrap();
    let output = site.run(&["build"]);
    assert_code(&output, 1);
    let err = stderr(&output);
    assert!(err.contains("content/tips/loop"), "{err}");
    assert!(err.contains("symbolic link loop"), "{err}");
}

#[test]
fn editor_leftovers_are_ignored() {
    let site = good_site();
    for name in [".#a.md", "a.md~", ".a.md.swp", ".DS_Store"] {
        site.write(&format!("content/tips/{name}"), b"\x00\xffgarbage");
    }
    let output = site.run(&["build"]);
    assert_code(&output, 0);
    assert_eq!(summary(stdout(&output).trim_end()), (5, 2));
}

// ---------------------------------------------------------------------------------------
// Exact text
// ---------------------------------------------------------------------------------------

#[test]
fn a_good_build_prints_exactly_its_summary() {
    let site = good_site();
    let output = site.run(&["build"]);
    let shown = format!(
        "exit code {}\n--- stdout\n{}--- stderr\n{}",
        code(&output),
        stdout(&output),
        stderr(&output)
    );
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("build_summary", stable(&shown, site.root()));
    });
}

// ---------------------------------------------------------------------------------------
// `ladder new`, and finding the site from a folder inside it
// ---------------------------------------------------------------------------------------

#[test]
fn new_leaves_the_summary_out_and_lists_the_sites_topics() {
    let outer = Fixture::empty();
    assert_code(&outer.run(&["init", "site"]), 0);
    let site = outer.path("site");
    let output = run_in(
        &site,
        &["new", "tip", "Ask early", "--topics", "feedback"],
        &[],
    );
    assert_code(&output, 0);
    let text = std::fs::read_to_string(site.join("content/tips/ask-early.md")).unwrap();
    let front = between(&text, "---\n", "\n---\n").expect("front matter");
    // An empty summary would hide the report's missing-summary finding; a comment
    // says what to write without publishing anything.
    assert!(
        !front.lines().any(|l| l.starts_with("summary:")),
        "an empty summary: {text}"
    );
    // The starter site's topics: one declared in site.toml, one by its own page.
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!(
            "new_tip",
            stable(
                &format!("--- stdout\n{}--- stderr\n{}", stdout(&output), stderr(&output)),
                &site
            )
        );
    });
    assert_code(&run_in(&site, &["build"], &[]), 0);
}

#[test]
fn new_warns_when_a_topic_looks_like_a_typo() {
    let site = good_site();
    let output = site.run(&["new", "tip", "Find one", "--topics", "mentorng"]);
    assert_code(&output, 0);
    assert!(site.path("content/tips/find-one.md").is_file());
    let err = stderr(&output);
    assert!(
        err.contains(
            "content/tips/find-one.md:5:1: warning[unknown-topic]: `mentorng` is a new topic"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `mentoring`?"), "{err}");
    // A topic written by its title or an alias is no typo.
    let output = site.run(&["new", "tip", "Find two", "--topics", "Mentoring"]);
    assert_code(&output, 0);
    assert_eq!(stderr(&output), "");
}

#[test]
fn commands_find_the_site_from_a_folder_inside_it() {
    let site = good_site();
    let inside = site.path("content/tips");
    let real = site.root().canonicalize().unwrap();

    let output = run_in(&inside, &["build"], &[]);
    assert_code(&output, 0);
    assert!(site.exists("tips/a.html"));
    assert!(!inside.join("public").exists());
    // Which site was used is said, since it is not the current folder.
    let err = stderr(&output);
    assert!(
        err.contains(&format!("Using the site in {}", real.display())),
        "{err}"
    );

    // Problems name files from the site folder, as they do run from the site folder.
    site.write(
        "content/tips/broken.md",
        "---\ntitle: Broken\ntopics: [feedback]\n---\nGo [there](nowhere.md).\n",
    );
    let output = run_in(&inside, &["check"], &[]);
    assert_code(&output, 1);
    assert!(
        stderr(&output).contains("content/tips/broken.md:5:4: error[broken-link]"),
        "{}",
        stderr(&output)
    );
    site.remove("content/tips/broken.md");

    // `new` writes under the site's content/, and prints where.
    let output = run_in(&inside, &["new", "article", "Deep"], &[]);
    assert_code(&output, 0);
    assert!(site.path("content/articles/deep.md").is_file());
    assert!(!inside.join("content").exists());
    let out = stdout(&output);
    assert!(
        out.contains(&format!(
            "Created {}",
            real.join("content/articles/deep.md").display()
        )),
        "{out}"
    );

    // The site folder itself needs no note.
    let output = site.run(&["check"]);
    assert_code(&output, 0);
    assert_eq!(stderr(&output), "");
}

#[test]
fn root_turns_the_search_for_a_site_off() {
    let site = good_site();
    let inside = site.path("content/tips");
    for command in ["build", "check"] {
        let output = run_in(&inside, &[command, "--root", "."], &[]);
        assert_code(&output, 2);
        assert!(
            stderr(&output).contains("no site.toml in ."),
            "{}",
            stderr(&output)
        );
    }
    let output = run_in(&inside, &["new", "tip", "Here", "--root", "."], &[]);
    assert_code(&output, 2);
    assert!(!inside.join("content").exists());
    assert!(!site.out().exists());
}

#[test]
fn outside_any_site_the_error_says_where_it_looked() {
    let dir = Fixture::empty();
    std::fs::create_dir(dir.path("sub")).unwrap();
    let output = run_in(&dir.path("sub"), &["build"], &[]);
    assert_code(&output, 2);
    let err = stderr(&output);
    assert!(
        err.contains("no site.toml in this folder or any folder above it"),
        "{err}"
    );
}

#[test]
fn the_404_page_reads_without_its_stylesheet() {
    // A 404 page opened from disk links its stylesheet from the host's root, which a
    // file:// address does not have; a style block of its own keeps it readable.
    let site = good_site();
    assert_code(&site.run(&["build"]), 0);
    let page = site.read("404.html");
    let head = between(&page, "<head>", "</head>").expect("a head");
    let style = between(head, "<style>", "</style>").expect("a style block in the head");
    for needed in ["font:", "max-width:", "padding:", "a) { color:"] {
        assert!(style.contains(needed), "no {needed:?} in {style}");
    }
    // Every rule is inside :where(), which has no specificity, so style.css wins
    // wherever it loads.
    for rule in style.split('}').map(str::trim).filter(|r| r.contains('{')) {
        let selector = rule.split('{').next().unwrap().trim();
        assert!(
            selector.starts_with(":where(") || selector.is_empty(),
            "{selector:?} would outweigh style.css"
        );
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_output_without_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let site = broken_site();
    // Enough problems that their JSON lines overflow the pipe before anyone reads them.
    for i in 0..400 {
        site.write(
            &format!("content/tips/broken-{i}.md"),
            "---\ntitle: Broken\ntopics: [feedback]\n---\nGo [there](nowhere.md) and [here](elsewhere.md).\n",
        );
    }
    let mut child = ladder_command()
        .current_dir(site.root())
        .args(["check", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ladder");
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, as `| head -c 16` closes it.
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(status.code(), Some(101), "{err}");
}

#[test]
fn a_zola_site_builds_as_it_is_after_init_existing() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("docs");
    let write = |rel: &str, text: &str| {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "config.toml",
        "title = \"Docs\"\nbase_url = \"https://docs.example.org\"\n",
    );
    write(
        "content/_index.md",
        "+++\ntitle = \"Docs\"\n+++\nWelcome.\n",
    );
    write(
        "content/guide/start.md",
        "+++\ntitle = \"Start\"\ndate = 2024-05-01\n[taxonomies]\ntags = [\"setup\"]\n+++\nRead [the next part](@/guide/next.md#install) first.\n",
    );
    write(
        "content/guide/next.md",
        "+++\ntitle = \"Next\"\n+++\n## Install\n\nRun it.\n",
    );
    // Zola's own templates, which ladder's variables cannot render.
    write(
        "templates/page.html",
        "{{ page.content | safe }}{{ config.extra.author }}",
    );
    let init = run_in(dir.path(), &["init", "--existing", "docs"], &[]);
    assert_code(&init, 0);
    let built = run_in(&site, &["build"], &[]);
    assert_code(&built, 0);
    let start = std::fs::read_to_string(site.join("public/guide/start.html")).unwrap();
    assert!(start.contains("href=\"next.html#install\""), "{start}");
}
