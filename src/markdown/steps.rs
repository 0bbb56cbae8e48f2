//! The steps a learning path's body names: each item of a numbered list whose first
//! element is a link, in order, under the `##` heading that names its stage.
//!
//! Only the links are read here; what they lead to is resolved with the other links.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::{comments, read, wiki_dest, Syntax};

/// A step as written: its link, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepRef {
    /// The link's destination as written (a wiki link's name, or a Markdown link's URL).
    pub dest: String,
    /// How the link is written.
    pub syntax: Syntax,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// The stage the step is in: the index in [`Written::stages`], if a `##` heading names it.
    pub stage: Option<usize>,
}

/// A stage heading as written: its text, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StageRef {
    /// The heading's plain text.
    pub name: String,
    /// Byte offset of the heading in the body.
    pub offset: usize,
}

/// What a path's body says of its steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Written {
    /// Every step, in order.
    pub steps: Vec<StepRef>,
    /// The `##` headings that name the stages steps are in, in order.
    pub stages: Vec<StageRef>,
    /// Where the introduction ends: the first stage's heading, or the first list of steps.
    /// The rest is shown as the path's stages and steps.
    pub intro_end: usize,
}

/// Reads the steps of a path's `body`.
pub(crate) fn steps(body: &str) -> Written {
    let stripped = comments::strip(body);
    let events = read(&stripped.text).events;
    let at = |offset: usize| stripped.original(offset);
    let mut written = Written {
        intro_end: body.len(),
        ..Written::default()
    };
    // The last `##` heading (text and offset), and whether a step has taken it as a stage.
    let mut heading: Option<(String, usize)> = None;
    let mut stage: Option<usize> = None;
    let mut in_heading = false;
    // Each open list: ordered or not, and where it starts.
    let mut lists: Vec<(bool, usize)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_heading = true;
                heading = Some((String::new(), at(range.start)));
                stage = None;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some((name, _)) = &mut heading {
                    name.push_str(t);
                }
            }
            Event::Start(Tag::List(first)) => lists.push((first.is_some(), at(range.start))),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) if lists.last().is_some_and(|(ordered, _)| *ordered) => {
                // A loose list wraps the item's text in a paragraph.
                let mut j = i + 1;
                if matches!(events.get(j), Some((Event::Start(Tag::Paragraph), _))) {
                    j += 1;
                }
                if let Some((
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    }),
                    link_range,
                )) = events.get(j)
                {
                    let wiki = matches!(link_type, LinkType::WikiLink { .. });
                    if stage.is_none() {
                        if let Some((name, offset)) = &heading {
                            written.stages.push(StageRef {
                                name: name.trim().to_string(),
                                offset: *offset,
                            });
                            stage = Some(written.stages.len() - 1);
                        }
                    }
                    if written.steps.is_empty() {
                        let list_start = lists.first().map_or(at(range.start), |l| l.1);
                        written.intro_end = match (&heading, stage) {
                            (Some((_, offset)), Some(_)) => *offset,
                            _ => list_start,
                        };
                    }
                    written.steps.push(StepRef {
                        dest: if wiki {
                            wiki_dest(dest_url).to_string()
                        } else {
                            dest_url.to_string()
                        },
                        syntax: if wiki { Syntax::Wiki } else { Syntax::Markdown },
                        offset: at(link_range.start),
                        stage,
                    });
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dests(w: &Written) -> Vec<(&str, Option<usize>)> {
        w.steps.iter().map(|s| (s.dest.as_str(), s.stage)).collect()
    }

    #[test]
    fn numbered_items_that_open_with_a_link_are_steps() {
        let body = "Why this path.\n\n1. [[first]] to start\n2. [Second](../tips/second.md)\n3. Read [[not-a-step]] later\n\n- [[bulleted]]\n";
        let w = steps(body);
        assert_eq!(dests(&w), [("first", None), ("../tips/second.md", None)]);
        assert_eq!(w.steps[1].syntax, Syntax::Markdown);
        assert_eq!(&body[w.steps[0].offset..w.steps[0].offset + 2], "[[");
        assert_eq!(&body[..w.intro_end], "Why this path.\n\n");
        assert!(w.stages.is_empty());
    }

    #[test]
    fn a_second_level_heading_names_the_stage_of_the_lists_below_it() {
        let body = "Intro.\n\n## Before\n\nSome words.\n\n1. [[a|The A]]\n\n## Prose only\n\nText.\n\n## During `now`\n\n1. [[b]]\n\n   loose\n\n2. [[c]]\n";
        let w = steps(body);
        assert_eq!(dests(&w), [("a", Some(0)), ("b", Some(1)), ("c", Some(1))]);
        let names: Vec<&str> = w.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Before", "During now"]);
        assert_eq!(&body[..w.intro_end], "Intro.\n\n");
    }

    #[test]
    fn a_body_without_steps_is_all_introduction() {
        let w = steps("Just text.\n\n1. one\n2. two\n");
        assert!(w.steps.is_empty());
        assert_eq!(w.intro_end, "Just text.\n\n1. one\n2. two\n".len());
    }
}
