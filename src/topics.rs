//! Topics: declared in `site.toml` or by `content/topics/<slug>.md`, matched by slug, title or alias.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::config::{Config, TopicDecl, CONFIG_FILE};
use crate::content::{output_location, slugify, FrontMatter, Kind, Page};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::Outline;
use crate::suggest::closest;

/// Every declared topic, and the names that lead to each.
#[derive(Debug, Clone, Default)]
pub struct Topics {
    /// Slug → the topic's page index in the site's page list.
    by_slug: BTreeMap<String, usize>,
    /// Normalised slug, title or alias → slug.
    names: HashMap<String, String>,
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
            pages.push(Page {
                source: PathBuf::from(CONFIG_FILE),
                kind: Kind::Topic,
                slug,
                path,
                url,
                meta,
                body: String::new(),
                body_line: 1,
                outline: Outline {
                    reading_time: 1,
                    ..Outline::default()
                },
                topics: Vec::new(),
                place: Default::default(),
            });
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
        (topics, problems)
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

    /// Resolves the topic names written on each page to slugs, warning on unknown ones.
    pub fn assign(&self, pages: &mut [Page]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for page in pages.iter_mut() {
            let mut slugs: Vec<String> = Vec::new();
            for (name, line, implied) in written_topics(page) {
                let line = &line;
                match self.resolve(name) {
                    Some(slug) => {
                        if !slugs.iter().any(|s| s == slug) {
                            slugs.push(slug.to_string());
                        }
                    }
                    None if implied => {}
                    None => {
                        let mut d = Diagnostic::warning(
                            Code::UnknownTopic,
                            page.source.clone(),
                            format!("topic `{name}` is not declared, so this page is not listed under it"),
                        )
                        .at_line(*line);
                        d = match closest(&slugify(name), self.names.keys()) {
                            Some(near) => d.with_help(format!("did you mean `{}`?", self.names[near])),
                            None => d.with_help(format!(
                                "declare it in site.toml under [[topics]], or add content/topics/{}.md",
                                slugify(name)
                            )),
                        };
                        problems.push(d);
                    }
                }
            }
            if page.kind == Kind::Tip && slugs.is_empty() && !page.meta.draft {
                let line = page.meta.topics.first().map_or(1, |(_, l)| *l);
                problems.push(
                    Diagnostic::error(
                        Code::TipWithoutTopic,
                        page.source.clone(),
                        "a tip needs at least one declared topic",
                    )
                    .at_line(line),
                );
            }
            page.topics = slugs;
        }
        problems
    }
}

/// The topic names a page writes, with their lines: its front matter's `topics`, then
/// the `#tags` of its body. A nested name (`career/promotion`) is followed by its parents
/// (`career`), marked implied: the page counts for them too, when they are topics.
pub(crate) fn written_topics(page: &Page) -> impl Iterator<Item = (&str, usize, bool)> {
    let tags = page
        .outline
        .tags
        .iter()
        .map(|(name, line)| (name, page.body_line + line - 1));
    page.meta
        .topics
        .iter()
        .map(|(name, line)| (name, *line))
        .chain(tags)
        .flat_map(|(name, line)| {
            let parents = name
                .match_indices('/')
                .rev()
                .map(move |(i, _)| (&name[..i], line, true));
            std::iter::once((name.as_str(), line, false)).chain(parents)
        })
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
