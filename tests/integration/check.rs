//! Tests of `ladder check`: which problems are reported together, diagnostic codes, the
//! source line and caret, JSON output, `--deny-warnings` and `--report`.

use crate::fixture::*;
use crate::repo_root;
use ladder::{Code, Diagnostic};

/// The (file, code) of each diagnostic, in the order reported.
fn codes(diagnostics: &[Diagnostic]) -> Vec<(String, &'static str)> {
    diagnostics
        .iter()
        .map(|d| (d.file.display().to_string(), d.code.name()))
        .collect()
}

#[test]
fn problems_in_every_page_and_every_stage_are_reported_together() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: [unclosed\ntopics: [feedback]\n---\nA.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntopics: [feedback]\ndate: 2024-02-30\n---\nSee [c](c.md).\n",
            ),
            (
                "content/tips/c.md",
                "---\ntitle: C\ntopics: [feedback]\n---\nC.\n",
            ),
            (
                "content/tips/d.md",
                "---\ntitle: D\ntopics: [feedback]\n---\nSee [gone](gone.md).\n",
            ),
            ("templates/tip.html", "{% extends \"base.html\" %}{{ oops"),
        ],
    );
    assert_eq!(
        codes(&site.failed()),
        [
            ("content/tips/a.md".to_string(), "yaml-syntax"),
            ("content/tips/b.md".to_string(), "invalid-date"),
            ("content/tips/d.md".to_string(), "broken-link"),
            ("templates/tip.html".to_string(), "template-error"),
        ]
    );
}

#[test]
fn links_to_a_page_that_failed_to_load_are_not_reported_again() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: A\n  bad: indent\n---\nA.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntopics: [feedback]\n---\nSee [a](a.md), [[a]] and [a](a.md#why).\n",
            ),
        ],
    );
    // The link to a.md would be fine once a.md is fixed; its own error says so.
    assert_eq!(
        codes(&site.failed()),
        [("content/tips/a.md".to_string(), "yaml-syntax")]
    );
}

#[test]
fn a_broken_link_suggests_the_page_with_the_closest_file_name() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[
            (
                "content/tips/ask-for-feedback.md",
                "---\ntitle: Ask\ntopics: [feedback]\n---\nA.\n",
            ),
            (
                "content/tips/zebra.md",
                "---\ntitle: Z\ntopics: [feedback]\n---\nSee [a](ask-for-feedbak.md) and [b](../articles/ask-for-feedback.md) and [c](unrelated.md).\n",
            ),
        ],
    );
    let helps: Vec<Option<String>> = site.failed().into_iter().map(|d| d.help).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `ask-for-feedback.md`?".to_string()),
            Some("did you mean `ask-for-feedback.md`?".to_string()),
            // No page is named anything like it; sharing a folder is not closeness.
            None,
        ]
    );
}

// ---------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------

const TWO_TOPICS: &str = "title = \"Fixture\"\n\n[[topics]]\nslug = \"feedback\"\ntitle = \"Feedback\"\n\n[[topics]]\nslug = \"mentoring\"\ntitle = \"Mentoring\"\n";

/// A site with a wrong-type error on line 3, a broken link on line 5 after non-ASCII
/// text, a tip with an empty topic list, and an unknown-field warning.
fn broken_site() -> Fixture {
    Fixture::new(
        TWO_TOPICS,
        &[
            (
                "content/tips/a.md",
                "---\ntitle: A\ntopics: mentoring\n---\nBody.\n",
            ),
            (
                "content/tips/c.md",
                "---\ntitle: C\ntopics: []\n---\nBody.\n",
            ),
            (
                "content/tips/b.md",
                "---\ntitle: B\ntopics: [feedback]\nsumary: typo\n---\nCafé — voilà, see [x](nowhere.md).\n",
            ),
        ],
    )
}

/// A site whose only problem is one warning (an unknown field).
fn warning_site() -> Fixture {
    Fixture::new(
        TWO_TOPICS,
        &[(
            "content/tips/a.md",
            "---\ntitle: A\ntopics: [feedback]\nsumary: typo\n---\nBody.\n",
        )],
    )
}

/// Each line of stdout parsed as JSON; fails on any line that is not.
fn json_lines(output: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
        .collect()
}

const KEYS: [&str; 7] = [
    "file",
    "line",
    "column",
    "severity",
    "code",
    "message",
    "suggestion",
];

#[test]
fn json_format_prints_one_object_per_diagnostic_and_nothing_else() {
    let site = broken_site();
    let output = site.run(&["check", "--format", "json"]);
    assert_code(&output, 1);
    let objects = json_lines(&output);
    assert!(objects.len() >= 3, "{}", stdout(&output));
    for object in &objects {
        let keys: Vec<&str> = object
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = KEYS.to_vec();
        expected.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected, "{object}");
    }
    // Keys come in the documented order.
    assert!(
        stdout(&output).starts_with("{\"file\":"),
        "{}",
        stdout(&output)
    );

    let find = |code: &str| {
        objects
            .iter()
            .find(|o| o["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {}", stdout(&output)))
    };
    let wrong = find("wrong-type");
    assert_eq!(wrong["file"], "content/tips/a.md");
    assert_eq!(
        (wrong["line"].as_u64(), wrong["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(wrong["severity"], "error");
    assert_eq!(wrong["message"], "topics must be a list, not a string");
    assert_eq!(
        wrong["suggestion"],
        "write `topics: [mentoring]`, or one `- item` per line"
    );
    // The link starts at the 19th character of its line, after "é" and "—".
    let link = find("broken-link");
    assert_eq!(link["file"], "content/tips/b.md");
    assert_eq!(
        (link["line"].as_u64(), link["column"].as_u64()),
        (Some(6), Some(19))
    );
    let warning = find("unknown-field");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["suggestion"], "did you mean `summary`?");
    // A diagnostic without a suggestion has null, not a missing key.
    let without = objects
        .iter()
        .find(|o| o["code"] == "broken-link")
        .expect("broken-link");
    assert!(without["suggestion"].is_null());

    // The summary is on stderr, and nothing else is: no human rendering.
    let err = stderr(&output);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        ["2 errors, 2 warnings"],
        "{err}"
    );
}

#[test]
fn a_clean_site_prints_no_json_lines() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/a.md",
            "---\ntitle: A\ntopics: [feedback]\n---\nBody.\n",
        )],
    );
    let output = site.run(&["check", "--format", "json"]);
    assert_code(&output, 0);
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).starts_with("Checked 3 pages, 1 topic: no errors"));
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let output = warning_site().run(&["check", "--format", "xml"]);
    assert_code(&output, 2);
    assert!(stderr(&output).contains("human"), "{}", stderr(&output));
}

#[test]
fn warnings_pass_unless_denied() {
    let site = warning_site();
    let output = site.run(&["check"]);
    assert_code(&output, 0);
    assert!(
        stdout(&output).contains("no errors (1 warning)"),
        "{}",
        stdout(&output)
    );

    let output = site.run(&["check", "--deny-warnings"]);
    assert_code(&output, 1);
    let err = stderr(&output);
    assert!(err.contains("warning[unknown-field]"), "{err}");
    assert!(
        err.trim_end().ends_with("denied by --deny-warnings"),
        "{err}"
    );

    let output = site.run(&["check", "--deny-warnings", "--format", "json"]);
    assert_code(&output, 1);
    let objects = json_lines(&output);
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0]["severity"], "warning");

    // build: warnings alone build; denied, they write nothing.
    let output = site.run(&["build", "--deny-warnings"]);
    assert_code(&output, 1);
    assert!(
        stderr(&output)
            .contains("0 errors, 1 warning denied by --deny-warnings; nothing was written"),
        "{}",
        stderr(&output)
    );
    assert!(!site.out().exists());
    assert_code(&site.run(&["build"]), 0);
    assert!(site.exists("tips/a.html"));

    // Nothing to deny.
    site.write(
        "content/tips/a.md",
        "---\ntitle: A\ntopics: [feedback]\n---\nBody.\n",
    );
    assert_code(&site.run(&["check", "--deny-warnings"]), 0);
    assert_code(&site.run(&["build", "--deny-warnings"]), 0);
}

/// The gutter lines of the diagnostic whose header starts with `header`: the quoted
/// source text and the caret line, each with the gutter cut off.
fn quoted(err: &str, header: &str) -> (String, String) {
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(header))
        .unwrap_or_else(|| panic!("no {header:?} in:\n{err}"));
    let source = lines[at + 2];
    let caret = lines[at + 3];
    let bar = source.find(" | ").expect("gutter") + 3;
    // The gutter is as wide on both lines.
    assert_eq!(&caret[..bar - 2], " ".repeat(bar - 2), "{err}");
    (source[bar..].to_string(), caret[bar..].to_string())
}

#[test]
fn a_caret_sits_under_the_column_after_non_ascii_text() {
    let output = broken_site().run(&["check"]);
    assert_code(&output, 1);
    let err = stderr(&output);
    let (source, caret) = quoted(&err, "content/tips/b.md:6:19: error[broken-link]: ");
    assert_eq!(source, "Café — voilà, see [x](nowhere.md).");
    // Every character before the link is one terminal cell wide, so the caret's
    // character offset is the column's.
    assert_eq!(caret.trim_start(), "^");
    assert_eq!(caret.chars().count() - 1, 18, "{err}");
    assert_eq!(source.chars().nth(18), Some('['));

    let (source, caret) = quoted(&err, "content/tips/a.md:3:1: error[wrong-type]: ");
    assert_eq!(
        (source.as_str(), caret.as_str()),
        ("topics: mentoring", "^")
    );
    assert!(
        err.contains("\n  = help: write `topics: [mentoring]`"),
        "{err}"
    );
}

#[test]
fn a_caret_lines_up_after_tabs_and_wide_characters() {
    let site = Fixture::new(
        MINIMAL_TOML,
        &[(
            "content/tips/a.md",
            "---\ntitle: A\ntopics: [feedback]\n---\nx\t日本: [x](nowhere.md)\n",
        )],
    );
    let output = site.run(&["check"]);
    let err = stderr(&output);
    // The link is the 7th character: x, tab, 日, 本, colon, space, [.
    let (source, caret) = quoted(&err, "content/tips/a.md:5:7: error[broken-link]: ");
    // The tab shows as four spaces; each of the two ideographs takes two cells.
    assert_eq!(source, "x    日本: [x](nowhere.md)");
    assert_eq!(caret, format!("{}^", " ".repeat(1 + 4 + 2 + 2 + 2)));
}

// ---------------------------------------------------------------------------------------
// The editorial report
// ---------------------------------------------------------------------------------------

const REPORT_TOML: &str = "title = \"Fixture\"\n\n[[topics]]\nslug = \"feedback\"\n\n[[topics]]\nslug = \"mentoring\"\n\n[[topics]]\nslug = \"networking\"\n";

fn page(title: &str, topics: &str, summary: bool, body: &str) -> String {
    let summary = if summary { "summary: S.\n" } else { "" };
    format!("---\ntitle: {title}\n{summary}topics: [{topics}]\n---\n{body}\n")
}

/// One of each finding: mentoring's tips have no article, and nothing links to `find`;
/// networking has one page, an article with no tips; two feedback tips have nearly the
/// same title; `write-down` has no summary.
fn report_site() -> Fixture {
    Fixture::new(
        REPORT_TOML,
        &[
            (
                "content/articles/giving.md",
                &page(
                    "Giving feedback well",
                    "feedback",
                    true,
                    "See [[meet]] and [[thank]].",
                ),
            ),
            (
                "content/articles/scratch.md",
                &page("Networking from scratch", "networking", true, "Text."),
            ),
            (
                "content/tips/early.md",
                &page("Ask for feedback early", "feedback", true, "A."),
            ),
            (
                "content/tips/asking.md",
                &page("Asking for feedback early!", "feedback", true, "A."),
            ),
            (
                "content/tips/write-down.md",
                &page("Write down what you heard", "feedback", false, "A."),
            ),
            (
                "content/tips/find.md",
                &page("Find a mentor outside your team", "mentoring", true, "A."),
            ),
            (
                "content/tips/meet.md",
                &page("Meet your mentor every month", "mentoring", true, "A."),
            ),
            (
                "content/tips/thank.md",
                &page("Thank the people who helped you", "mentoring", true, "A."),
            ),
        ],
    )
}

/// (code, file, line) of each finding the report should have, in report order. Each
/// points at the field it is about: the topics of a tip or article that lists nothing,
/// a title, a declared topic's `slug`; a missing summary, at the title it goes under.
const FINDINGS: [(&str, &str, u64); 5] = [
    ("orphan-tip", "content/tips/find.md", 4),
    ("thin-topic", "site.toml", 10),
    ("near-duplicate-title", "content/tips/early.md", 2),
    ("missing-summary", "content/tips/write-down.md", 2),
    ("article-without-tips", "content/articles/scratch.md", 4),
];

#[test]
fn the_report_finds_each_kind_of_problem_in_the_table() {
    let site = report_site();
    let output = site.run(&["check", "--report"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    assert!(out.starts_with("Editorial report: 5 findings in "), "{out}");
    // Lines wrap to fit the terminal: read the text with its line breaks as spaces.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("orphan-tip 1 · thin-topic 1 · duplicate-title 0 · near-duplicate-title 1 · missing-summary 1 · implicit-title 0 · article-without-tips 1"),
        "{out}"
    );
    // Each finding is a row of its code and place; its detail follows, indented.
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("finding"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("   "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    let found: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
    let places: Vec<String> = FINDINGS
        .iter()
        .map(|(_, file, line)| format!("{file}:{line}"))
        .collect();
    let expected: Vec<(&str, &str)> = FINDINGS
        .iter()
        .zip(&places)
        .map(|((code, _, _), place)| (*code, place.as_str()))
        .collect();
    assert_eq!(found, expected, "{out}");
    assert!(
        flat.contains("topic `networking` has 1 page, fewer than 3"),
        "{out}"
    );
    assert!(
        flat.contains("the title \"Ask for feedback early\" is nearly the same as \"Asking for feedback early!\" (content/tips/asking.md)"),
        "{out}"
    );
    assert!(
        flat.contains("search: a typical one-word query loads "),
        "{out}"
    );
    // The report's findings are warnings: they count, and --deny-warnings denies them.
    let last = out.lines().last().unwrap();
    assert!(
        last.ends_with("no errors (0 warnings, 5 report findings)"),
        "{out}"
    );
    assert_code(&site.run(&["check", "--report", "--deny-warnings"]), 1);
    // Without --report, none of this is looked for.
    let plain = site.run(&["check", "--deny-warnings"]);
    assert_code(&plain, 0);
    assert!(!stdout(&plain).contains("Editorial"));
}

#[test]
fn the_report_in_json_is_one_last_object() {
    let site = report_site();
    let output = site.run(&["check", "--report", "--format", "json"]);
    assert_code(&output, 0);
    let objects = json_lines(&output);
    assert_eq!(objects.len(), 1, "{}", stdout(&output));
    let report = &objects[0]["report"];
    assert_eq!(
        report["counts"],
        serde_json::json!({
            "orphan-tip": 1, "thin-topic": 1, "duplicate-title": 0, "implicit-title": 0,
            "near-duplicate-title": 1, "missing-summary": 1, "article-without-tips": 1,
            "off-path": 0
        })
    );
    let findings = report["findings"].as_array().unwrap();
    let found: Vec<(&str, &str, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(found, FINDINGS);
    for f in findings {
        assert_eq!(f["severity"], "warning");
        assert_eq!(f.as_object().unwrap().len(), KEYS.len());
    }

    // Search payload: the topics' names are sampled, and the median is theirs.
    let search = &report["search"];
    assert_eq!(search["shown"], 8);
    let queries = search["queries"].as_array().unwrap();
    let words: Vec<&str> = queries
        .iter()
        .map(|q| q["query"].as_str().unwrap())
        .collect();
    assert_eq!(
        &words[..3],
        ["feedback", "mentoring", "networking"],
        "{words:?}"
    );
    let mut bytes: Vec<u64> = queries
        .iter()
        .map(|q| q["bytes"].as_u64().unwrap())
        .collect();
    bytes.sort_unstable();
    let median = if bytes.len() % 2 == 1 {
        bytes[bytes.len() / 2]
    } else {
        (bytes[bytes.len() / 2 - 1] + bytes[bytes.len() / 2]) / 2
    };
    assert!(median > 0);
    assert_eq!(search["median_bytes"].as_u64(), Some(median));
    let feedback = &queries[0];
    assert_eq!(feedback["results"], 4, "{feedback}");
}

#[test]
fn report_findings_point_at_their_fields() {
    // A summary written empty is found at its own line; a topic with a page, at its
    // title; the same title as another page's, at the title; an article without topics,
    // at its title; a tip nothing lists, at its topics.
    let site = Fixture::new(
        "title = \"Fixture\"\n",
        &[
            (
                "content/topics/feedback.md",
                "---\nweight: 1\ntitle: Feedback\n---\nAbout it.\n",
            ),
            (
                "content/tips/a.md",
                "---\ntopics: [feedback]\n\ntitle: Same\nsummary: \"\"\n---\nA.\n",
            ),
            (
                "content/articles/b.md",
                "---\ntitle: Same\nsummary: B.\n---\nB, see [[a]].\n",
            ),
            (
                "content/articles/c.md",
                "---\ndraft: false\ntitle: C\nsummary: C.\n---\nC.\n",
            ),
            (
                "content/tips/d.md",
                "---\ntitle: D\nsummary: D.\n\ntopics: [feedback]\n---\nD.\n",
            ),
        ],
    );
    let output = site.run(&["check", "--report", "--format", "json"]);
    let objects = json_lines(&output);
    let findings = objects.last().unwrap()["report"]["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{}\n{}", stdout(&output), stderr(&output)))
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}",
                f["code"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"]
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        findings,
        [
            "orphan-tip content/tips/d.md:5",
            "thin-topic content/topics/feedback.md:3",
            "duplicate-title content/tips/a.md:4",
            "missing-summary content/tips/a.md:5",
            "missing-summary content/topics/feedback.md:3",
            "article-without-tips content/articles/b.md:2",
            "article-without-tips content/articles/c.md:3",
        ],
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_report_waits_for_errors_to_be_fixed() {
    let site = report_site();
    site.write("content/tips/broken.md", "---\ntitle: [\n---\n");
    let output = site.run(&["check", "--report", "--format", "json"]);
    assert_code(&output, 1);
    let objects = json_lines(&output);
    assert_eq!(
        objects.last().unwrap(),
        &serde_json::json!({ "report": null })
    );
    assert_eq!(objects[0]["code"], "yaml-syntax");
    let output = site.run(&["check", "--report"]);
    assert_code(&output, 1);
    assert!(
        stderr(&output).contains("no report until the errors are fixed"),
        "{}",
        stderr(&output)
    );
    assert!(!stdout(&output).contains("Editorial"));
}

#[test]
fn every_diagnostic_code_is_documented_in_the_readme() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    for &code in Code::ALL {
        assert!(
            readme.contains(&format!("| `{}` |", code.name())),
            "README has no row for `{}` ({})",
            code.name(),
            code.meaning()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Exact text: what tools and people read
// ---------------------------------------------------------------------------------------

/// Both streams and the exit code of `ladder <args>` on `site`, for a snapshot.
fn shown(site: &Fixture, args: &[&str]) -> String {
    let output = site.run(args);
    let text = format!(
        "exit code {}\n--- stdout\n{}--- stderr\n{}",
        code(&output),
        stdout(&output),
        stderr(&output)
    );
    stable(&text, site.root())
}

#[test]
fn json_lines_read_exactly_so() {
    insta::assert_snapshot!(
        "json_lines",
        shown(&broken_site(), &["check", "--format", "json"])
    );
}

#[test]
fn the_human_rendering_of_several_problems_reads_exactly_so() {
    insta::assert_snapshot!("human_problems", shown(&broken_site(), &["check"]));
}

#[test]
fn the_report_table_reads_exactly_so() {
    insta::assert_snapshot!(
        "report_table",
        shown(&report_site(), &["check", "--report"])
    );
}

/// The report site with a long title in a deep folder, which the table must fit in 80
/// columns all the same.
fn long_report_site() -> Fixture {
    let site = report_site();
    site.write(
        "content/tips/career-growth/asking-for-things/a-very-long-file-name-for-a-tip-about-asking-your-manager.md",
        page(
            "Asking your manager for feedback on the promotion case you are writing this quarter",
            "feedback",
            false,
            "A.",
        ),
    );
    site.write(
        "content/tips/asking-your-manager.md",
        page(
            "Ask your manager for feedback on the promotion case you are writing this quarter",
            "feedback",
            true,
            "A.",
        ),
    );
    site
}

#[test]
fn the_report_table_fits_80_columns() {
    let site = long_report_site();
    let output = site.run(&["check", "--report"]);
    assert_code(&output, 0);
    let out = stdout(&output);
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}\n{out}",
            line.chars().count()
        );
    }
    insta::assert_snapshot!("report_table_long", stable(&out, site.root()));
}

#[test]
fn the_report_in_json_reads_exactly_so() {
    insta::assert_snapshot!(
        "report_json",
        shown(&report_site(), &["check", "--report", "--format", "json"])
    );
}
