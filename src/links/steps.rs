//! Resolving a learning path's steps to pages, with a problem at the line of each step
//! that cannot be one: a link to nowhere, to a draft, to another site, to a path, or to a
//! page the path already names.

use super::{is_external, Dest, LinkIndex, Locator};
use crate::content::{Kind, Page};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::{self, StepRef};

/// Why a step's link leads to no page a path can take as a step.
struct NotAStep {
    code: Code,
    message: String,
    help: Option<String>,
}

impl NotAStep {
    fn new(code: Code, message: String, help: Option<String>) -> NotAStep {
        NotAStep {
            code,
            message,
            help,
        }
    }
}

/// The fewest steps a path should have.
const MIN_STEPS: usize = 2;

/// A stage of a path: its name (the `##` heading above its steps), and its steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stage {
    /// The heading's text; `None` for steps before any `##` heading.
    pub name: Option<String>,
    /// The heading's anchor id on the path's page.
    pub id: Option<String>,
    /// The steps' pages, by index, in order.
    pub steps: Vec<usize>,
}

impl LinkIndex {
    /// The stages and steps of path page `from`, each step resolved to a page; problems
    /// at the lines of the steps that cannot be one, and a warning for a path of fewer
    /// than two steps.
    pub(crate) fn path_stages(&self, pages: &[Page], from: usize) -> (Vec<Stage>, Vec<Diagnostic>) {
        let page = &pages[from];
        let source = page.body.text();
        let written = markdown::path_steps(&source);
        let mut stages: Vec<Stage> = Vec::new();
        let mut problems = Vec::new();
        let mut taken: Vec<usize> = Vec::new();
        let mut locator = Locator::default();
        // The stage the last step went to, as written.
        let mut last_stage: Option<Option<usize>> = None;
        for step in &written.steps {
            let target = match self.step_target(pages, from, step) {
                Ok(target) => target,
                Err(None) => continue,
                Err(Some(NotAStep {
                    code,
                    message,
                    help,
                })) => {
                    let (line, column) = locator.locate(&source, step.offset);
                    let mut d = Diagnostic::error(code, page.source.clone(), message)
                        .at(line + page.body_line - 1, column);
                    if let Some(help) = help {
                        d = d.with_help(help);
                    }
                    problems.push(d);
                    continue;
                }
            };
            if let Some(n) = taken.iter().position(|&t| t == target) {
                let (line, column) = locator.locate(&source, step.offset);
                problems.push(
                    Diagnostic::error(
                        Code::PathStepRepeated,
                        page.source.clone(),
                        format!(
                            "\"{}\" is already step {} of this path",
                            pages[target].meta.title,
                            n + 1
                        ),
                    )
                    .at(line + page.body_line - 1, column)
                    .with_help("a page is one step of a path; remove one of them"),
                );
                continue;
            }
            taken.push(target);
            if last_stage != Some(step.stage) {
                let written_stage = step.stage.map(|s| &written.stages[s]);
                stages.push(Stage {
                    name: written_stage.map(|s| s.name.clone()),
                    id: written_stage.and_then(|s| {
                        page.outline
                            .headings
                            .iter()
                            .find(|h| h.offset == s.offset)
                            .map(|h| h.id.clone())
                    }),
                    steps: Vec::new(),
                });
                last_stage = Some(step.stage);
            }
            if let Some(stage) = stages.last_mut() {
                stage.steps.push(target);
            }
        }
        if taken.len() < MIN_STEPS {
            let mut d = Diagnostic::warning(
                Code::ShortPath,
                page.source.clone(),
                format!(
                    "this path has {} step{}; a path leads through at least {MIN_STEPS} pages",
                    taken.len(),
                    if taken.len() == 1 { "" } else { "s" }
                ),
            )
            .with_help("list its steps as a numbered list of links: `1. [[page]]`");
            if page.meta.title_line > 0 {
                d = d.at_line(page.meta.title_line);
            }
            problems.push(d);
        }
        (stages, problems)
    }

    /// The page a step leads to, or why it leads to none (`None` when the target's own
    /// file failed to load and says more).
    fn step_target(
        &self,
        pages: &[Page],
        from: usize,
        step: &StepRef,
    ) -> Result<usize, Option<NotAStep>> {
        let dest = step.dest.as_str();
        match self.resolve_dest(pages, from, dest, step.syntax) {
            Ok(Dest::Page(target)) if pages[target.page].kind == Kind::Path => {
                Err(Some(NotAStep::new(
                    Code::PathStepIsPath,
                    format!(
                        "step `{dest}` is the path \"{}\"; a step is a page to read, not a path",
                        pages[target.page].meta.title
                    ),
                    Some("link to the path in the text instead, outside the numbered list".into()),
                )))
            }
            Ok(Dest::Page(target)) => Ok(target.page),
            Ok(_) if is_external(dest) => Err(Some(NotAStep::new(
                Code::PathStepExternal,
                format!("step `{dest}` links to another site; a step is a page of this site"),
                Some("write a page that links to it, and make that page the step".into()),
            ))),
            Ok(_) => Err(Some(NotAStep::new(
                Code::PathStepBroken,
                format!("step `{dest}` leads to a file, not a page"),
                None,
            ))),
            Err(e) if e.quiet => Err(None),
            Err(e) if e.code == Code::DraftLink => Err(Some(NotAStep::new(
                Code::PathStepDraft,
                format!("step `{dest}` leads to a draft, which is not published"),
                Some("publish the draft, or take the step out until it is".into()),
            ))),
            Err(e) => Err(Some(NotAStep::new(Code::PathStepBroken, e.message, e.help))),
        }
    }
}
