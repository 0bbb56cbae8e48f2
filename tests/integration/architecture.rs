//! The dependency rule: each module of the library may import only the modules below it,
//! so data flows one way (files → pages → topics → links → graph → render → output) and
//! `lib.rs` stays a facade that nothing inside the crate imports. Read from the sources:
//! every `crate::` path outside test code names the module it reaches.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// What each module may import, besides itself. Anything not listed is forbidden.
const RULE: &[(&str, &[&str])] = &[
    // The foundations depend on nothing but words.
    ("words", &[]),
    // The allocator's settings, which the binary applies before anything else.
    ("allocator", &[]),
    ("suggest", &[]),
    ("html", &[]),
    ("urls", &[]),
    ("diagnostics", &["words"]),
    // Walking folders under the one rule for symbolic links.
    ("walk", &["diagnostics"]),
    ("console", &["diagnostics", "words"]),
    // Settings, the theme, Markdown and the output folder: on the foundations only.
    ("config", &["diagnostics", "suggest"]),
    ("theme", &["diagnostics", "walk"]),
    // The theme's words: string tables, plural forms, dates, the script's direction.
    ("i18n", &["diagnostics", "html"]),
    ("markdown", &["diagnostics", "html", "urls"]),
    ("output", &["diagnostics", "urls", "walk"]),
    (
        "content",
        &[
            "diagnostics",
            "suggest",
            "html",
            "urls",
            "markdown",
            "config",
            "walk",
        ],
    ),
    (
        "scaffold",
        &["diagnostics", "urls", "config", "content", "topics", "walk"],
    ),
    (
        "topics",
        &["diagnostics", "suggest", "markdown", "content", "config"],
    ),
    // Stages that read pages and topics; never the site, never rendering.
    (
        "links",
        &[
            "diagnostics",
            "suggest",
            "html",
            "urls",
            "markdown",
            "content",
            "topics",
        ],
    ),
    (
        "search",
        &[
            "diagnostics",
            "suggest",
            "html",
            "urls",
            "content",
            "topics",
            "config",
            "output",
        ],
    ),
    ("generated", &["diagnostics", "html", "urls", "content"]),
    ("graph", &["content", "topics", "links"]),
    (
        "render",
        &[
            "diagnostics",
            "html",
            "urls",
            "config",
            "theme",
            "i18n",
            "markdown",
            "content",
            "topics",
            "links",
            "graph",
            "search",
        ],
    ),
    (
        "site",
        &[
            "diagnostics",
            "suggest",
            "html",
            "urls",
            "words",
            "config",
            "theme",
            "i18n",
            "markdown",
            "output",
            "content",
            "topics",
            "links",
            "search",
            "generated",
            "graph",
            "render",
            "walk",
        ],
    ),
    // Above the site.
    (
        "report",
        &[
            "diagnostics",
            "suggest",
            "words",
            "content",
            "search",
            "site",
        ],
    ),
    (
        "serve",
        &[
            "diagnostics",
            "console",
            "words",
            "urls",
            "html",
            "config",
            "content",
            "output",
            "theme",
            "site",
            "search",
            "config",
            "walk",
        ],
    ),
];

/// The library's modules and, for each, the modules its non-test code imports.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walk(src) {
        let relative = entry.strip_prefix(src).unwrap();
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let module = first.trim_end_matches(".rs").to_string();
        if matches!(module.as_str(), "main" | "cli" | "lib") {
            continue; // the binary, and the facade
        }
        let text = fs::read_to_string(&entry).unwrap();
        let code = text.split("\n#[cfg(test)]").next().unwrap();
        let targets = found.entry(module.clone()).or_default();
        for target in crate_paths(code) {
            if target != module {
                targets.insert(target);
            }
        }
    }
    found
}

/// The first segment of every `crate::` path in `code`, grouped imports included.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in code
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//"))
    {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn every_module_imports_only_what_the_rule_allows() {
    let rule: BTreeMap<&str, &[&str]> = RULE.iter().copied().collect();
    let mut broken = Vec::new();
    for (module, targets) in imports(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let Some(allowed) = rule.get(module.as_str()) else {
            broken.push(format!("`{module}` is not in the rule: give it a place"));
            continue;
        };
        for target in targets {
            if !allowed.contains(&target.as_str()) {
                broken.push(format!("`{module}` imports `crate::{target}`"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "the dependency rule is broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn crate_paths_reads_single_and_grouped_imports() {
    let code = "use crate::content::{Kind, Page};\nuse crate::{site::Site, urls};\n// use crate::graph;\nlet x = crate::html::escape(y);";
    assert_eq!(crate_paths(code), ["content", "site", "urls", "html"]);
}
