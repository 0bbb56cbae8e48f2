//! Topics: declared in `site.toml` or by `content/topics/<slug>.md`, matched by slug, title
//! or alias; and, unless the vocabulary is closed, open topics: any other name a page uses.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::{Config, TopicDecl, TopicVocabulary, CONFIG_FILE};
use crate::content::{output_location, slugify, FrontMatter, Kind, Page};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::Outline;
use crate::suggest::{closest, within_one};

/// A new topic is checked for a likely typo only from this many characters: shorter names
/// (`ux`, `cv`, `jobs`) are one edit from too many others.
const NEAR_MISS_MIN_CHARS: usize = 5;

/// An open topic is taken for a typo of another only when the other is used at least this
/// many times as often: two names used alike are two topics.
const NEAR_MISS_USE_RATIO: usize = 3;

/// Every topic, and the names that lead to each.
#[derive(Debug, Clone, Default)]
pub struct Topics {
    /// Slug → the topic's page index in the site's page list.
    by_slug: BTreeMap<String, usize>,
    /// Normalised slug, title or alias → slug.
    names: HashMap<String, String>,
    /// Whether a name nobody declared makes a topic.
    open: bool,
    /// Normalised names of the declared topics, for near misses found after loading.
    declared_names: Vec<Vec<char>>,
    /// Open topics that look like a typo of another topic: slug → the slug meant.
    near: HashMap<String, String>,
    /// Where each open topic is first used: the page and line.
    first_use: HashMap<String, (PathBuf, usize)>,
}

/// A topic that pages use and nobody declared, while pages are read.
struct OpenTopic {
    title: String,
    uses: usize,
    first_use: (PathBuf, usize),
}

impl Topics {
    /// Gathers topics from `site.toml` and topic pages, adding a page for each topic
    /// declared only in `site.toml`. Returns the registry and its problems.
    pub fn collect(config: &Config, pages: &mut Vec<Page>) -> (Topics, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut declared: BTreeMap<String, &TopicDecl> = BTreeMap::new();
        for decl in &config.topics {
            let written = decl.slug.get_ref();
            let slug = slugify(written);
            if slug != *written {
                problems.push(
                    Diagnostic::error(
                        Code::InvalidSlug,
                        CONFIG_FILE,
                        format!("topic slug `{written}` must be lowercase letters, digits and `-`"),
                    )
                    .at_line(decl.line)
                    .with_help(format!("write `slug = \"{slug}\"`")),
                );
            }
            if declared.insert(slug.clone(), decl).is_some() {
                problems.push(
                    Diagnostic::error(
                        Code::DuplicateTopic,
                        CONFIG_FILE,
                        format!("topic `{slug}` is declared twice"),
                    )
                    .at_line(decl.line),
                );
            }
        }

        let mut topics = Topics::default();
        for (index, page) in pages.iter_mut().enumerate() {
            if page.kind != Kind::Topic {
                continue;
            }
            // A site.toml declaration fills what the page leaves out.
            if let Some(decl) = declared.remove(&page.slug) {
                if page.meta.summary.is_none() && !decl.description.is_empty() {
                    page.meta.summary = Some(decl.description.clone());
                }
                page.meta.aliases.extend(decl.aliases.iter().cloned());
            }
            topics.by_slug.insert(page.slug.clone(), index);
        }
        for (slug, decl) in declared {
            let (path, url) = output_location("topics", &slug, config.pretty_urls);
            let meta = FrontMatter {
                title: decl.title.clone().unwrap_or_else(|| title_from_slug(&slug)),
                summary: (!decl.description.is_empty()).then(|| decl.description.clone()),
                aliases: decl.aliases.clone(),
                extra: tera::Value::Object(Default::default()),
                // Its findings point at the declaration.
                slug_line: decl.line,
                aliases_line: decl.line,
                ..FrontMatter::default()
            };
            topics.by_slug.insert(slug.clone(), pages.len());
            pages.push(topic_page(slug, path, url, meta));
        }

        for (slug, &index) in &topics.by_slug {
            let page = &pages[index];
            let names = std::iter::once(slug.clone())
                .chain(std::iter::once(slugify(&page.meta.title)))
                .chain(page.meta.aliases.iter().map(|a| slugify(a)));
            for name in names {
                if name.is_empty() {
                    continue;
                }
                match topics.names.get(&name) {
                    Some(other) if other != slug => problems.push(
                        Diagnostic::warning(
                            Code::TopicNameClash,
                            page.source.clone(),
                            format!("the name `{name}` is used by topics `{other}` and `{slug}`; it stays with `{other}`"),
                        )
                        .at_line(page.meta.aliases_line.max(1)),
                    ),
                    Some(_) => {}
                    None => {
                        topics.names.insert(name, slug.clone());
                    }
                }
            }
        }
        topics.open = config.topic_vocabulary == TopicVocabulary::Open;
        let mut declared: Vec<&String> = topics.names.keys().collect();
        declared.sort();
        topics.declared_names = declared.iter().map(|n| n.chars().collect()).collect();
        if topics.open {
            topics.add_open_topics(pages, config.pretty_urls);
        }
        (topics, problems)
    }

    /// Makes a topic of every name pages use that no topic has, titled as first written,
    /// and finds those that look like a typo of another topic.
    fn add_open_topics(&mut self, pages: &mut Vec<Page>, pretty_urls: bool) {
        let mut open: BTreeMap<String, OpenTopic> = BTreeMap::new();
        for page in pages.iter() {
            for (name, line, _) in page.topic_names() {
                if self.resolve(name).is_some() {
                    continue;
                }
                let slug = slugify(name);
                if slug.is_empty() {
                    continue;
                }
                open.entry(slug)
                    .or_insert_with(|| OpenTopic {
                        title: name.trim().to_string(),
                        uses: 0,
                        first_use: (page.source.clone(), line),
                    })
                    .uses += 1;
            }
        }
        self.near = near_misses(&open, &self.declared_names, &self.names);
        for (slug, topic) in open {
            let (path, url) = output_location("topics", &slug, pretty_urls);
            self.by_slug.insert(slug.clone(), pages.len());
            self.names.insert(slug.clone(), slug.clone());
            self.first_use.insert(slug.clone(), topic.first_use);
            pages.push(topic_page(
                slug,
                path,
                url,
                FrontMatter {
                    title: topic.title,
                    extra: tera::Value::Object(Default::default()),
                    ..FrontMatter::default()
                },
            ));
        }
    }

    /// Where an open topic is first used (its page and line); `None` for declared topics.
    pub fn first_use(&self, slug: &str) -> Option<(&Path, usize)> {
        self.first_use
            .get(slug)
            .map(|(file, line)| (file.as_path(), *line))
    }

    /// The declared topic a new topic's slug is one edit from, if any.
    fn near_declared(&self, slug: &str) -> Option<&str> {
        let chars: Vec<char> = slug.chars().collect();
        if chars.len() < NEAR_MISS_MIN_CHARS {
            return None;
        }
        self.declared_names
            .iter()
            .find(|name| within_one(&chars, name))
            .map(|name| self.names[&name.iter().collect::<String>()].as_str())
    }

    /// The slug a page's topic name refers to.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.names.get(&slugify(name)).map(String::as_str)
    }

    /// The page index of a topic.
    pub fn page_of(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// All topics as (slug, page index), in slug order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.by_slug.iter().map(|(s, &i)| (s.as_str(), i))
    }

    /// Number of topics.
    pub fn len(&self) -> usize {
        self.by_slug.len()
    }

    /// Whether no topic is declared.
    pub fn is_empty(&self) -> bool {
        self.by_slug.is_empty()
    }

    /// Resolves the topic names written on each page to slugs. In an open vocabulary a
    /// name no topic has yet (on a page read after [`Topics::collect`]) keeps its own slug.
    pub fn assign(&self, pages: &mut [Page]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for page in pages.iter_mut() {
            let mut slugs: Vec<String> = Vec::new();
            for (name, line, implied) in page.topic_names() {
                let (slug, near) = match self.resolve(name) {
                    Some(slug) => (slug.to_string(), self.near.get(slug).map(String::as_str)),
                    // `career` of `#career/promotion`, in a closed vocabulary without it.
                    None if implied && !self.open => continue,
                    None => {
                        let slug = slugify(name);
                        if slug.is_empty() {
                            problems.push(
                                Diagnostic::warning(
                                    Code::UnknownTopic,
                                    page.source.clone(),
                                    format!("topic `{name}` has no letters or digits, so it names no topic and is ignored"),
                                )
                                .at_line(line)
                                .with_help("write the topic's name with letters or digits, or remove it"),
                            );
                            continue;
                        }
                        if !self.open {
                            problems.push(self.undeclared(page, name, line));
                            continue;
                        }
                        let near = self.near_declared(&slug);
                        (slug, near)
                    }
                };
                if let Some(meant) = near {
                    problems.push(
                        Diagnostic::warning(
                            Code::UnknownTopic,
                            page.source.clone(),
                            format!(
                                "`{name}` is a new topic, one typo away from the topic `{meant}`"
                            ),
                        )
                        .at_line(line)
                        .with_help(format!("did you mean `{meant}`?")),
                    );
                }
                if !slugs.contains(&slug) {
                    slugs.push(slug);
                }
            }
            if page.kind == Kind::Tip && slugs.is_empty() && !page.meta.draft {
                let line = page.meta.topics.first().map_or(1, |(_, l)| *l);
                problems.push(
                    Diagnostic::warning(
                        Code::TipWithoutTopic,
                        page.source.clone(),
                        "this tip has no topic, so no topic page lists it",
                    )
                    .at_line(line)
                    .with_help("add `topics: [a topic]` to its front matter"),
                );
            }
            page.topics = slugs;
        }
        problems
    }

    /// The error for a topic nobody declared, in a closed vocabulary.
    fn undeclared(&self, page: &Page, name: &str, line: usize) -> Diagnostic {
        let d = Diagnostic::error(
            Code::UnknownTopic,
            page.source.clone(),
            format!("topic `{name}` is not declared, and this site's topics are closed"),
        )
        .at_line(line);
        match closest(&slugify(name), self.names.keys()) {
            Some(near) => d.with_help(format!("did you mean `{}`?", self.names[near])),
            None => d.with_help(format!(
                "declare it in site.toml under [[topics]], add content/topics/{}.md, or set topic_vocabulary = \"open\"",
                slugify(name)
            )),
        }
    }
}

/// The page of a topic without a file of its own.
fn topic_page(slug: String, path: String, url: String, meta: FrontMatter) -> Page {
    Page {
        source: PathBuf::from(CONFIG_FILE),
        kind: Kind::Topic,
        slug,
        path,
        url,
        meta,
        body: Default::default(),
        body_line: 1,
        outline: Outline {
            reading_time: 1,
            ..Outline::default()
        },
        topics: Vec::new(),
        place: Default::default(),
    }
}

/// Open topics that look like a typo of another topic: of 5 characters or more, and one
/// edit (a plural `s` included) from a declared topic's name, or from an open topic used
/// at least three times as often. Candidates share a key of the name with one character
/// deleted (or none), which every pair one edit apart does, swaps included: no pair of
/// topics is compared that could not match, so thousands of tags stay fast.
fn near_misses(
    open: &BTreeMap<String, OpenTopic>,
    declared: &[Vec<char>],
    names: &HashMap<String, String>,
) -> HashMap<String, String> {
    let deletions = |chars: &[char]| -> Vec<String> {
        let mut keys = vec![chars.iter().collect::<String>()];
        for i in 0..chars.len() {
            keys.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
        }
        keys
    };
    let mut index: HashMap<String, Vec<&str>> = HashMap::new();
    for slug in open.keys() {
        let chars: Vec<char> = slug.chars().collect();
        for key in deletions(&chars) {
            index.entry(key).or_default().push(slug);
        }
    }
    let mut near = HashMap::new();
    for (slug, topic) in open {
        let chars: Vec<char> = slug.chars().collect();
        if chars.len() < NEAR_MISS_MIN_CHARS {
            continue;
        }
        if let Some(name) = declared.iter().find(|name| within_one(&chars, name)) {
            let name: String = name.iter().collect();
            near.insert(slug.clone(), names[&name].clone());
            continue;
        }
        let mut candidates: Vec<&str> = deletions(&chars)
            .iter()
            .filter_map(|key| index.get(key))
            .flatten()
            .copied()
            .filter(|other| {
                *other != slug
                    && open[*other].uses >= NEAR_MISS_USE_RATIO * topic.uses
                    && within_one(&chars, &other.chars().collect::<Vec<_>>())
            })
            .collect();
        candidates.sort_by_key(|other| (std::cmp::Reverse(open[*other].uses), *other));
        if let Some(other) = candidates.first() {
            near.insert(slug.clone(), other.to_string());
        }
    }
    near
}

/// `managing-up` → `Managing up`.
fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap()
    }

    #[test]
    fn declared_topics_get_pages_and_aliases_resolve() {
        let c = config(
            "title = \"T\"\n[[topics]]\nslug = \"managing-up\"\naliases = [\"working with your boss\"]\n",
        );
        let mut pages = Vec::new();
        let (topics, problems) = Topics::collect(&c, &mut pages);
        assert!(problems.is_empty());
        assert_eq!(pages[0].meta.title, "Managing up");
        assert_eq!(pages[0].path, "topics/managing-up.html");
        assert_eq!(
            topics.resolve("Working with your boss"),
            Some("managing-up")
        );
        assert_eq!(topics.resolve("managing up"), Some("managing-up"));
        assert_eq!(topics.resolve("Managing Up"), Some("managing-up"));
        assert_eq!(topics.resolve("mentoring"), None);
    }
}
