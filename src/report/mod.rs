//! The editorial health report of `ladder check --report`, computed from a loaded and
//! linked site: what readers cannot reach or will find thin, what confuses them, what
//! lists show poorly, and what search costs. Findings are warnings, never errors.

mod payload;
mod table;
mod titles;

pub(crate) use payload::SearchPayload;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::content::{Kind, Page};
use crate::diagnostics::{Code, Diagnostic, Failure};
use crate::site::{check_keeping_site, Options, Report, Site};
use crate::words::plural;

/// Checks the site at `root` as `ladder check` does, and reviews its editorial health.
pub fn review(
    root: &std::path::Path,
    options: &Options,
) -> Result<(Report, HealthReport), Failure> {
    let (site, languages, report) = check_keeping_site(root, options)?;
    Ok((report, HealthReport::of_languages(&site, &languages)))
}

/// A topic with fewer pages than this is thin.
pub(crate) const THIN_TOPIC: usize = 3;

/// What the review found.
#[derive(Debug, Clone, Serialize)]
pub struct HealthReport {
    /// Pages reviewed, generated topic pages included.
    pub pages: usize,
    /// How many findings of each report code, zeros included, in the codes' order.
    #[serde(serialize_with = "as_map")]
    pub counts: Vec<(&'static str, usize)>,
    /// Every finding, as a warning, by code and then file.
    pub findings: Vec<Diagnostic>,
    /// Front matter fields ladder does not know (passed to templates under `extra`), with
    /// how many pages give each: most given first, then by name.
    #[serde(serialize_with = "as_map")]
    pub unknown_fields: Vec<(String, usize)>,
    /// What a typical one-word query loads; `None` without a search index.
    pub search: Option<SearchPayload>,
}

impl HealthReport {
    /// Reviews `site`.
    pub fn new(site: &Site) -> HealthReport {
        let mut findings = Vec::new();
        findings.extend(orphan_tips(site));
        findings.extend(thin_topics(site));
        findings.extend(duplicate_titles(&site.pages, &site.config.language));
        findings.extend(missing_summaries(&site.pages));
        findings.extend(implicit_titles(&site.pages));
        findings.extend(articles_without_tips(site));
        findings.extend(off_path(site));
        findings.sort_by(|a, b| (a.code, &a.file, &a.message).cmp(&(b.code, &b.file, &b.message)));
        // A site in one language is never missing a translation: not counted.
        let counts = Code::ALL
            .iter()
            .filter(|c| c.is_report() && **c != Code::MissingTranslation)
            .map(|&c| (c.name(), findings.iter().filter(|f| f.code == c).count()))
            .collect();
        HealthReport {
            pages: site.pages.len(),
            counts,
            findings,
            unknown_fields: unknown_fields(&site.pages),
            search: payload::measure(site),
        }
    }

    /// Reviews every language of a site (one for a site in one language): each
    /// language's findings, and the pages missing in some language.
    pub(crate) fn of_languages(first: &Site, others: &[Site]) -> HealthReport {
        let mut report = HealthReport::new(first);
        if others.is_empty() {
            return report;
        }
        for site in others {
            let more = HealthReport::new(site);
            report.pages += more.pages;
            report.findings.extend(more.findings);
            for (field, n) in more.unknown_fields {
                match report.unknown_fields.iter_mut().find(|(f, _)| *f == field) {
                    Some((_, count)) => *count += n,
                    None => report.unknown_fields.push((field, n)),
                }
            }
        }
        report
            .unknown_fields
            .sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
        let all: Vec<&Site> = std::iter::once(first).chain(others).collect();
        report
            .findings
            .extend(crate::site::missing_translations(&all));
        report
            .findings
            .sort_by(|a, b| (a.code, &a.file, &a.message).cmp(&(b.code, &b.file, &b.message)));
        // A finding on a shared file (a topic of `site.toml`) is found by each language.
        report.findings.dedup();
        report.counts = Code::ALL
            .iter()
            .filter(|c| c.is_report())
            .map(|&c| {
                (
                    c.name(),
                    report.findings.iter().filter(|f| f.code == c).count(),
                )
            })
            .collect();
        report
    }

    /// The report as one line of JSON: `{"report": {…}}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Wrapped<'a> {
            report: &'a HealthReport,
        }
        // Every field is a string, number, list or map: serializing cannot fail.
        serde_json::to_string(&Wrapped { report: self }).unwrap_or_else(|_| "{}".to_string())
    }

    /// The report as text for an 80-column terminal: the counts, a table with a row per
    /// finding, and what search loads.
    pub fn table(&self) -> String {
        table::render(self)
    }
}

/// Pairs as a JSON object, keeping their order.
fn as_map<S: Serializer, K: AsRef<str>>(pairs: &[(K, usize)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (key, value) in pairs {
        map.serialize_entry(key.as_ref(), value)?;
    }
    map.end()
}

/// Bytes as kilobytes with one decimal: "12.3 KB".
fn kilobytes(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Whether one of `page`'s topics has articles (or tips, with `tips`).
fn topics_with(site: &Site, page: &Page, tips: bool) -> bool {
    page.topics.iter().any(|slug| {
        site.topics.page_of(slug).is_some_and(|t| {
            let members = if tips {
                &site.graph.topic_tips[t]
            } else {
                &site.graph.topic_articles[t]
            };
            !members.is_empty()
        })
    })
}

/// The line a finding about one of `page`'s fields points at: the field's line, or when
/// the field is not written (line 0), the title's, under which it would go. A topic
/// declared only in `site.toml` is found at its declaration.
fn line_of(page: &Page, field_line: usize) -> usize {
    if !page.has_file() {
        return page.meta.slug_line.max(1);
    }
    [field_line, page.meta.title_line]
        .into_iter()
        .find(|&line| line > 0)
        .unwrap_or(1)
}

/// The line of a page's `topics:`, or 0 when it has none.
fn topics_line(page: &Page) -> usize {
    page.meta.topics.first().map_or(0, |(_, line)| *line)
}

/// Tips no page links to, on topics that have no article to list them.
fn orphan_tips(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        if page.kind != Kind::Tip || !site.graph.backlinks[i].is_empty() {
            continue;
        }
        if topics_with(site, page, false) {
            continue;
        }
        let message = if page.topics.is_empty() {
            "no page links to this tip, and it has no topics".to_string()
        } else {
            format!(
                "no page links to this tip, and no article is on its topics ({})",
                page.topics.join(", ")
            )
        };
        found.push(
            Diagnostic::warning(Code::OrphanTip, page.source.clone(), message)
                .at_line(line_of(page, topics_line(page)))
                .with_help("link to it from a page, or write an article on one of its topics"),
        );
    }
    found
}

/// In a site with learning paths, the articles, tips and other pages that no path leads
/// through (folders' introductions aside: they are how readers browse, not what they read).
fn off_path(site: &Site) -> Vec<Diagnostic> {
    let paths = &site.graph.paths;
    if !paths.any() {
        return Vec::new();
    }
    site.pages
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            matches!(p.kind, Kind::Article | Kind::Tip | Kind::Page)
                && p.place != crate::content::Place::FolderIntro
                && p.has_file()
                && paths.places[*i].is_empty()
        })
        .map(|(_, p)| {
            Diagnostic::warning(
                Code::OffPath,
                p.source.clone(),
                "no learning path leads through this page",
            )
            .at_line(line_of(p, p.meta.title_line))
            .with_help("make it a step of a path that it fits, if one does")
        })
        .collect()
}

/// Pages whose front matter gives no title, titled by their first heading or file name.
fn implicit_titles(pages: &[Page]) -> Vec<Diagnostic> {
    pages
        .iter()
        .filter(|p| p.kind != Kind::Home && p.has_file())
        .filter(|p| !p.meta.title_written && p.meta.title_line == 0)
        .map(|p| {
            Diagnostic::warning(
                Code::ImplicitTitle,
                p.source.clone(),
                format!(
                    "no `title` in the front matter: the page is titled \"{}\", from its first heading or file name",
                    p.meta.title
                ),
            )
            .at_line(1)
            .with_help("add `title:` to say how lists, search results and the feed name it")
        })
        .collect()
}

/// How many pages give each field ladder does not know.
fn unknown_fields(pages: &[Page]) -> Vec<(String, usize)> {
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for page in pages {
        for name in &page.meta.unknown_fields {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    let mut counts: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// Topics with fewer than [`THIN_TOPIC`] articles and tips.
fn thin_topics(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (slug, t) in site.topics.iter() {
        let members = site.graph.topic_articles[t].len() + site.graph.topic_tips[t].len();
        if members < THIN_TOPIC {
            let page = &site.pages[t];
            // An open topic is found where it is first used; a declared one where declared.
            let (file, line) = match site.topics.first_use(slug) {
                Some((file, line)) => (file.to_path_buf(), line),
                None => (page.source.clone(), line_of(page, page.meta.title_line)),
            };
            let d = Diagnostic::warning(
                Code::ThinTopic,
                file,
                format!(
                    "topic `{slug}` has {}, fewer than {THIN_TOPIC}",
                    plural(members, "page")
                ),
            )
            .at_line(line)
            .with_help("add articles or tips on it, or fold it into a related topic");
            found.push(d);
        }
    }
    found
}

/// Articles, tips and other pages whose titles are the same or nearly the same, read
/// in the site's `language`.
fn duplicate_titles(pages: &[Page], language: &str) -> Vec<Diagnostic> {
    let candidates: Vec<&Page> = pages
        .iter()
        .filter(|p| matches!(p.kind, Kind::Article | Kind::Tip | Kind::Page))
        .collect();
    let titles: Vec<&str> = candidates.iter().map(|p| p.meta.title.as_str()).collect();
    titles::similar(&titles, &crate::search::Language::of(language))
        .into_iter()
        .map(|l| {
            let (page, like) = (candidates[l.title], candidates[l.like]);
            let (code, message) = if l.same {
                (
                    Code::DuplicateTitle,
                    format!(
                        "the title \"{}\" is the same as {}'s",
                        page.meta.title,
                        like.source.display()
                    ),
                )
            } else {
                (
                    Code::NearDuplicateTitle,
                    format!(
                        "the title \"{}\" is nearly the same as \"{}\" ({})",
                        page.meta.title,
                        like.meta.title,
                        like.source.display()
                    ),
                )
            };
            Diagnostic::warning(code, page.source.clone(), message)
                .at_line(line_of(page, page.meta.title_line))
                .with_help("give each page a title that tells it apart, or merge the two")
        })
        .collect()
}

/// Pages with a file of their own and no `summary` in their front matter.
fn missing_summaries(pages: &[Page]) -> Vec<Diagnostic> {
    pages
        .iter()
        .filter(|p| p.kind != Kind::Home && p.has_file() && p.meta.summary.is_none())
        .map(|p| {
            Diagnostic::warning(
                Code::MissingSummary,
                p.source.clone(),
                "no `summary` in the front matter: lists, search results and the meta description use the first paragraph",
            )
            .at_line(line_of(p, p.meta.summary_line))
            .with_help("add `summary:` with one or two sentences")
        })
        .collect()
}

/// Articles none of whose topics has a tip, so they list no tips.
fn articles_without_tips(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter(|p| p.kind == Kind::Article && !topics_with(site, p, true))
        .map(|p| {
            let message = if p.topics.is_empty() {
                "this article has no topics, so it lists no tips".to_string()
            } else {
                format!(
                    "no tip is on this article's topics ({}), so it lists none",
                    p.topics.join(", ")
                )
            };
            Diagnostic::warning(Code::ArticleWithoutTips, p.source.clone(), message)
                .at_line(line_of(p, topics_line(p)))
                .with_help("write a tip on one of its topics, or give it a topic that has tips")
        })
        .collect()
}
