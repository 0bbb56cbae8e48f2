//! The links between the languages of a multilingual site, as a page's template sees
//! them: `languages`, each language with the address of this page's translation (or of
//! that language's home when there is none), for the `hreflang` alternates in the head
//! and the language switcher in the header.

use std::collections::HashSet;

use serde::Serialize;
use tera::Context;

use super::Renderer;
use crate::urls::relative;

/// One language of a multilingual site.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    /// Its BCP 47 code (`fr`).
    pub code: String,
    /// Its name as its readers write it (`Français`).
    pub name: String,
    /// Where its files are, from the output root: empty for the default, else `<code>/`.
    pub prefix: String,
    /// Its home page's address, from the output root (`fr/index.html`).
    pub home: String,
    /// The output paths of its generated list pages and search page (under its prefix,
    /// prefix left out): a page of one of these paths in another language links here.
    pub generated: HashSet<String>,
}

/// What the pages of one language know of the others.
#[derive(Debug, Clone)]
pub(crate) struct Alternates {
    /// Every language of the site, the default first.
    pub languages: Vec<Language>,
    /// Which of them the pages being rendered are in.
    pub current: usize,
    /// Each page's translations: for each language, the address of the page in it from
    /// the output root (its own for the current language), when it has one.
    pub translations: Vec<Vec<Option<String>>>,
    /// `base_url` of the whole site, for absolute alternates.
    pub base_url: Option<String>,
}

/// A language as a page's template sees it.
#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    /// The page's translation (or the language's home), relative to the page.
    url: String,
    /// The same, absolute when `base_url` is set: for `<link rel="alternate">`.
    href: String,
    /// This is the page's own language.
    current: bool,
    /// The page exists in this language (`url` leads to it, not to the home).
    translated: bool,
}

impl Renderer<'_> {
    /// Adds `languages` for the file at `from` (relative to this language's root): the
    /// translations of page `index`, or for a generated page the same page in each
    /// language that has it. Nothing for a site in one language.
    pub(super) fn insert_languages(&self, ctx: &mut Context, from: &str, index: Option<usize>) {
        let Some(alt) = self.alternates else {
            return;
        };
        let here = format!("{}{from}", alt.languages[alt.current].prefix);
        let links: Vec<LanguageLink> = alt
            .languages
            .iter()
            .enumerate()
            .map(|(l, language)| {
                let translation = match index {
                    Some(i) => alt.translations.get(i).and_then(|t| t[l].clone()),
                    None => language.generated.contains(from).then(|| {
                        let url = generated_url(from, self.config.pretty_urls);
                        format!("{}{url}", language.prefix)
                    }),
                };
                let translated = translation.is_some();
                let target = translation.unwrap_or_else(|| language.home.clone());
                let url = relative(&here, &target);
                let href = match &alt.base_url {
                    Some(base) => format!("{base}{target}"),
                    None => url.clone(),
                };
                LanguageLink {
                    code: &language.code,
                    name: &language.name,
                    url,
                    href,
                    current: l == alt.current,
                    translated,
                }
            })
            .collect();
        ctx.insert("languages", &links);
    }
}

/// The address of a generated page written at `path`: with `pretty` URLs, its folder
/// for `x/index.html`.
fn generated_url(path: &str, pretty: bool) -> &str {
    match path.strip_suffix("index.html") {
        Some(folder) if pretty && folder.ends_with('/') => folder,
        _ => path,
    }
}
