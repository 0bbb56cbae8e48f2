//! A multilingual site: one [`Site`] per language, each loaded, linked and rendered by
//! the single-language pipeline from its own pages (the languages side by side, so
//! that each one's serial stretches overlap the others' parallel work), then joined. Joining matches
//! translations (by path under the language's content folder, its code left out, or by
//! `translation_key`), lets a wiki link that matches no page of its language lead to
//! another's, writes each language under `<code>/` (the default at the root), and
//! lists every language's addresses, pages and generated list pages alike, with their
//! translations, in one sitemap.
//!
//! Each language is a whole site under its folder, theme files and `static/` included,
//! so every relative link a page makes works as it does in a site of one language.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::load::Elsewhere;
use super::run::Bodies;
use super::{Checked, Emit, Options, Rendered, Site, Sources};
use crate::config::Config;
use crate::content::{self, Kind, Page};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Failure};
use crate::generated::{self, SitemapEntry};
use crate::links::Foreign;
use crate::output::OutputFile;
use crate::render::{self, Alternates, Language};
use crate::urls::is_url_alias;

/// Files only the default language writes: one site has one 404 page, one robots.txt,
/// and one sitemap (written here, with every language).
const SITE_WIDE: [&str; 3] = ["404.html", "robots.txt", "sitemap.xml"];

/// Loads every language of the multilingual site at `root` (whose settings are
/// `config`), renders each into its folder through `emit`, and reports the problems of
/// all together. The default language's site comes back first in [`Checked::site`].
pub(super) fn load_and_render(
    root: &Path,
    options: &Options,
    config: Config,
    sources: Sources,
    bodies: Bodies,
    emit: &Emit,
) -> Result<Checked, Failure> {
    let (mut sites, mut diagnostics) = load(root, options, &config)?;
    match sources {
        Sources::Drop => sites.iter_mut().for_each(Site::drop_sources),
        Sources::Keep => sites.iter_mut().for_each(Site::pack_sources),
    }
    let (theme, tera) = match sites[0].theme() {
        Ok(compiled) => compiled,
        Err(Failure::Content(more)) => {
            diagnostics.extend(more);
            return Err(Failure::Content(dedup(diagnostics)));
        }
        Err(io) => return Err(io),
    };
    let generated = join(&mut sites, &tera, &config);
    let codes: Vec<String> = sites.iter().map(|s| s.config.language.clone()).collect();
    let clashes = Mutex::new(Vec::new());
    // The languages render side by side: each leaves a thread idle at its end (the last
    // pages, the search index's last merges), which the other's pages fill.
    let rendered: Vec<Result<Rendered, Failure>> = sites
        .par_iter_mut()
        .enumerate()
        .map(|(l, site)| {
            let prefix = site.prefix.clone();
            let codes = &codes;
            let clashes = &clashes;
            let emit_here = move |mut file: OutputFile| {
                if (l > 0 && SITE_WIDE.contains(&file.path.as_str())) || file.path == "sitemap.xml"
                {
                    return Ok(());
                }
                if l == 0 {
                    let top = file.path.split('/').next().unwrap_or_default();
                    if let Some(code) = codes[1..].iter().find(|c| c.eq_ignore_ascii_case(top)) {
                        clashes
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(clash(&file, code));
                        return Ok(());
                    }
                }
                file.path.insert_str(0, &prefix);
                emit(file)
            };
            let tera = site.speaking(&tera);
            match bodies {
                Bodies::Keep => site.render_to(&theme, &tera, &emit_here),
                Bodies::Free => site.render_freeing(&theme, &tera, &emit_here),
            }
        })
        .collect();
    let mut pages = 0;
    let mut topics = 0;
    for rendered in rendered {
        match rendered {
            Ok(rendered) => {
                pages += rendered.pages;
                topics += rendered.topics;
                diagnostics.extend(rendered.diagnostics);
            }
            Err(Failure::Content(more)) => diagnostics.extend(more),
            Err(io) => return Err(io),
        }
    }
    diagnostics.extend(clashes.into_inner().unwrap_or_else(|e| e.into_inner()));
    if let Some(base) = &config.base_url {
        let sitemap = generated::sitemap_with_alternates(base, sitemap_entries(&sites, &generated));
        emit(OutputFile::bytes("sitemap.xml", sitemap, "(sitemap)"))
            .map_err(|e| Failure::Io(format!("cannot write the site: {e}")))?;
    }
    let mut diagnostics = dedup(diagnostics);
    diagnostics.sort();
    if diagnostics.has_errors() {
        return Err(Failure::Content(diagnostics));
    }
    let site = sites.remove(0);
    Ok(Checked {
        site,
        languages: sites,
        theme,
        tera,
        rendered: Rendered {
            diagnostics,
            pages,
            topics,
        },
    })
}

impl Site {
    /// A copy of `tera`, the theme's templates, that speaks this site's language: each
    /// language of a multilingual site renders with its own words.
    pub(crate) fn speaking(&self, tera: &tera::Tera) -> tera::Tera {
        let mut tera = tera.clone();
        render::speak(&mut tera, &self.strings);
        tera
    }
}

/// A file of the default language written where another language's folder is.
fn clash(file: &OutputFile, code: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::PathCollision,
        file.origin.clone(),
        format!(
            "`{}` would be written in the folder of the language `{code}`, `{code}/`",
            file.path
        ),
    )
    .with_help(format!(
        "rename the folder `{code}` of the default language, or give it a `slug:`"
    ));
    if let Some(line) = file.origin_line {
        d = d.at_line(line);
    }
    d
}

/// Loads and links every language's pages, the default language first; each language's
/// wiki links may lead to the others' pages.
fn load(
    root: &Path,
    options: &Options,
    config: &Config,
) -> Result<(Vec<Site>, Diagnostics), Failure> {
    let default = config.language.as_str();
    let codes: Vec<&str> = std::iter::once(default)
        .chain(
            config
                .languages
                .keys()
                .map(String::as_str)
                .filter(|c| *c != default),
        )
        .collect();
    // Each language's files are read, and its pages assembled, beside the others'.
    let loaded: Vec<(Config, content::Loaded, Option<String>)> = codes
        .par_iter()
        .map(|code| {
            let config = config.for_language(code);
            let layout =
                content::Layout::for_language(root, &config, default, options.out.as_deref());
            let loaded = content::load(&layout);
            (config, loaded, layout.suffix)
        })
        .collect();
    let names: Vec<HashMap<String, Foreign>> = loaded
        .par_iter()
        .zip(&codes)
        .map(|((_, loaded, suffix), code)| {
            page_names(
                &loaded.pages,
                options.drafts,
                suffix.as_deref(),
                code,
                default,
            )
        })
        .collect();
    let assembled: Vec<Result<(Site, Diagnostics), Failure>> = loaded
        .into_par_iter()
        .enumerate()
        .map(|(l, (config, loaded, suffix))| {
            let up = if l == 0 { "" } else { "../" };
            let mut elsewhere: HashMap<String, Foreign> = HashMap::new();
            for (_, names) in names.iter().enumerate().filter(|(m, _)| *m != l) {
                for (name, page) in names {
                    elsewhere.entry(name.clone()).or_insert_with(|| Foreign {
                        address: format!("{up}{}", page.address),
                        ..page.clone()
                    });
                }
            }
            let elsewhere = Elsewhere {
                names: Arc::new(elsewhere),
                suffix,
            };
            let (mut site, problems) =
                Site::assemble_with(root, options, config, loaded, &elsewhere)?;
            site.prefix = prefix_of(codes[l], default);
            Ok((site, problems))
        })
        .collect();
    let mut sites = Vec::with_capacity(codes.len());
    let mut diagnostics = Diagnostics::default();
    let mut failed = false;
    for assembled in assembled {
        match assembled {
            Ok((site, problems)) => {
                diagnostics.extend(problems);
                sites.push(site);
            }
            Err(Failure::Content(problems)) => {
                diagnostics.extend(problems);
                failed = true;
            }
            Err(io) => return Err(io),
        }
    }
    if failed {
        return Err(Failure::Content(dedup(diagnostics)));
    }
    Ok((sites, dedup(diagnostics)))
}

/// Where a language's files go: the default's at the root, another's under `<code>/`.
fn prefix_of(code: &str, default: &str) -> String {
    if code == default {
        String::new()
    } else {
        format!("{code}/")
    }
}

/// The names a wiki link may give each published page of the language `code` (its
/// slug, its file name without the language's code, its title and aliases, lowercased),
/// with the page's address from the output root, its title and its language.
fn page_names(
    pages: &[Page],
    drafts: bool,
    suffix: Option<&str>,
    code: &str,
    default: &str,
) -> HashMap<String, Foreign> {
    let prefix = prefix_of(code, default);
    let mut names = HashMap::new();
    for page in pages.iter().filter(|p| drafts || !p.meta.draft) {
        let foreign = Foreign {
            address: format!("{prefix}{}", page.url),
            title: page.meta.title.clone(),
            lang: code.to_string(),
        };
        let mut add = |name: String| {
            names.entry(name).or_insert_with(|| foreign.clone());
        };
        add(page.slug.to_lowercase());
        add(page.meta.title.to_lowercase());
        if let Some(stem) = page.source.file_stem() {
            let stem = stem.to_string_lossy().to_lowercase();
            let bare = suffix
                .and_then(|code| stem.strip_suffix(&format!(".{}", code.to_lowercase())))
                .unwrap_or(&stem);
            add(bare.to_string());
        }
        for alias in page.meta.aliases.iter().filter(|a| !is_url_alias(a)) {
            add(alias.trim().to_lowercase());
        }
    }
    names
}

/// What a page is matched with in other languages: its `translation_key`, else its
/// path under its language's content folder, without extension and language code (so a
/// `translation_key` may name the path of a translation that has none). The home pages
/// match each other, and topics by slug.
fn translation_key(page: &Page, content_dir: &str, suffix: Option<&str>) -> Option<String> {
    let explicit = ["translation_key", "translationKey"]
        .iter()
        .find_map(|k| page.meta.extra.get(k).and_then(|v| v.as_str()));
    if let Some(key) = explicit {
        return Some(key.trim_matches('/').to_string());
    }
    match page.kind {
        // No path starts with `:`.
        Kind::Home => return Some(":home".into()),
        Kind::Topic => return Some(format!(":topic:{}", page.slug)),
        _ => {}
    }
    if !page.has_file() {
        return None;
    }
    let relative = page
        .source
        .strip_prefix(content_dir)
        .unwrap_or(&page.source);
    let mut stem = relative.with_extension("");
    if let Some(code) = suffix {
        let name = stem.file_name()?.to_string_lossy().into_owned();
        if let Some(bare) = name.strip_suffix(&format!(".{code}")) {
            stem = stem.with_file_name(bare);
        }
    }
    let parts: Vec<String> = stem
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// A page's Obsidian Publish `permalink`, which a vault's translations share when their
/// file names are translated too: matched only when no path or key matches.
fn permalink_key(page: &Page) -> Option<String> {
    let permalink = page.meta.extra.get("permalink")?.as_str()?;
    let permalink = permalink.trim().trim_matches('/');
    // No path or key starts with `:`.
    (!permalink.is_empty()).then(|| format!(":permalink:{permalink}"))
}

/// The suffix a language's files carry, when its pages are suffixed files.
fn suffix_of(site: &Site, default: &str) -> Option<String> {
    let code = &site.config.language;
    let decl = site.config.languages.get(code)?;
    (code != default && decl.content_dir.is_none()).then(|| code.clone())
}

/// Matches every page with its translations, and gives each language's site what it
/// needs to link them: the languages, each page's translations, and the generated
/// pages each language has. Returns each language's generated addresses, for the
/// sitemap.
fn join(sites: &mut [Site], tera: &tera::Tera, config: &Config) -> Vec<Listed> {
    let default = config.language.as_str();
    // Each page's keys, tried in turn: its own, then its permalink.
    let keys: Vec<Vec<Vec<String>>> = sites
        .iter()
        .map(|site| {
            let suffix = suffix_of(site, default);
            site.pages
                .iter()
                .map(|p| {
                    let key = translation_key(p, &site.config.content_dir, suffix.as_deref());
                    key.into_iter().chain(permalink_key(p)).collect()
                })
                .collect()
        })
        .collect();
    let by_key: Vec<HashMap<&str, usize>> = keys
        .iter()
        .map(|keys| {
            let mut map = HashMap::new();
            for (i, keys) in keys.iter().enumerate() {
                for key in keys {
                    map.entry(key.as_str()).or_insert(i);
                }
            }
            map
        })
        .collect();
    let (languages, listed): (Vec<Language>, Vec<Listed>) = sites
        .par_iter()
        .map(|site| {
            let renderer = site.renderer(tera);
            let lists = site.lists(&renderer);
            let slots = || lists.slots.iter().flat_map(|(_, slots)| slots.iter());
            let mut generated: HashSet<String> = slots().map(|s| s.path.clone()).collect();
            // Only the sitemap lists the further pages of long lists.
            let further = match config.base_url {
                Some(_) => (0..site.pages.len())
                    .map(|i| {
                        let slots = renderer.page_slots(i).into_iter().skip(1);
                        slots.map(|s| s.url).collect()
                    })
                    .collect(),
                None => Vec::new(),
            };
            let listed = Listed {
                lists: slots().map(|s| s.url.clone()).collect(),
                further,
            };
            if tera.get_template_names().any(|n| n == "search.html") {
                generated.insert(crate::search::PAGE.to_string());
            }
            let code = site.config.language.clone();
            let home = site
                .pages
                .iter()
                .find(|p| p.kind == Kind::Home)
                .map_or_else(String::new, |p| p.url.clone());
            let language = Language {
                name: config.languages[&code].name.clone(),
                home: format!("{}{home}", site.prefix),
                prefix: site.prefix.clone(),
                code,
                generated,
            };
            (language, listed)
        })
        .unzip();
    let addresses: Vec<Vec<String>> = sites
        .iter()
        .map(|s| {
            s.pages
                .iter()
                .map(|p| format!("{}{}", s.prefix, p.url))
                .collect()
        })
        .collect();
    for (l, site) in sites.iter_mut().enumerate() {
        let translations = keys[l]
            .iter()
            .enumerate()
            .map(|(i, key)| {
                (0..languages.len())
                    .map(|m| {
                        if m == l {
                            return Some(addresses[l][i].clone());
                        }
                        let j = key.iter().find_map(|k| by_key[m].get(k.as_str()))?;
                        Some(addresses[m][*j].clone())
                    })
                    .collect()
            })
            .collect();
        site.alternates = Some(Alternates {
            languages: languages.clone(),
            current: l,
            translations,
            base_url: config.base_url.clone(),
        });
    }
    listed
}

/// The addresses of one language's generated pages, under its folder (its prefix left
/// out), as [`join`] finds them for the sitemap.
struct Listed {
    /// Every page of its generated list pages (topics index, folder listings, paths
    /// index, "Recently updated").
    lists: Vec<String>,
    /// Each page's further pages, when it shows a long list: empty without `base_url`.
    further: Vec<Vec<String>>,
}

/// Every language's addresses for the sitemap, each with its alternates: its pages,
/// with their translations; its generated list pages, with the same list of each other
/// language that has it; and the further pages of long lists, with the same page of the
/// translation's list.
fn sitemap_entries(sites: &[Site], listed: &[Listed]) -> Vec<SitemapEntry> {
    let lists: Vec<HashSet<&str>> = listed
        .iter()
        .map(|l| l.lists.iter().map(String::as_str).collect())
        .collect();
    // Each language's further pages by the address of the page whose list they go on.
    let further: Vec<HashMap<String, &[String]>> = sites
        .iter()
        .zip(listed)
        .map(|(site, listed)| {
            let addresses = site
                .pages
                .iter()
                .map(|p| format!("{}{}", site.prefix, p.url));
            addresses
                .zip(&listed.further)
                .filter(|(_, further)| !further.is_empty())
                .map(|(address, further)| (address, further.as_slice()))
                .collect()
        })
        .collect();
    let mut entries = Vec::new();
    for (site, listed) in sites.iter().zip(listed) {
        let Some(alt) = &site.alternates else {
            continue;
        };
        for (i, page) in site.pages.iter().enumerate() {
            let lastmod = page.meta.updated.as_ref().or(page.meta.date.as_ref());
            let alternates = alt
                .languages
                .iter()
                .zip(&alt.translations[i])
                .filter_map(|(language, url)| Some((language.code.clone(), url.clone()?)))
                .collect();
            entries.push(SitemapEntry {
                url: format!("{}{}", site.prefix, page.url),
                lastmod: lastmod.map(|d| d.w3c()),
                alternates,
            });
        }
        for url in &listed.lists {
            let alternates = alt
                .languages
                .iter()
                .zip(&lists)
                .filter(|(_, lists)| lists.contains(url.as_str()))
                .map(|(language, _)| (language.code.clone(), format!("{}{url}", language.prefix)))
                .collect();
            entries.push(SitemapEntry {
                url: format!("{}{url}", site.prefix),
                lastmod: None,
                alternates,
            });
        }
        for (i, urls) in listed.further.iter().enumerate() {
            for (n, url) in urls.iter().enumerate() {
                let alternates = alt
                    .languages
                    .iter()
                    .zip(&alt.translations[i])
                    .zip(&further)
                    .filter_map(|((language, translation), further)| {
                        let url = further.get(translation.as_deref()?)?.get(n)?;
                        Some((language.code.clone(), format!("{}{url}", language.prefix)))
                    })
                    .collect();
                entries.push(SitemapEntry {
                    url: format!("{}{url}", site.prefix),
                    lastmod: None,
                    alternates,
                });
            }
        }
    }
    entries
}

/// The `missing-translation` findings of `ladder check --report`: each page of a file
/// that has no translation in one of the other languages.
pub(crate) fn missing_translations(sites: &[&Site]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for site in sites {
        let Some(alt) = &site.alternates else {
            continue;
        };
        for (i, page) in site.pages.iter().enumerate() {
            if !page.has_file() || matches!(page.kind, Kind::Home | Kind::Topic) {
                continue;
            }
            let missing: Vec<String> = alt
                .languages
                .iter()
                .zip(&alt.translations[i])
                .filter(|(_, url)| url.is_none())
                .map(|(language, _)| format!("{} ({})", language.name, language.code))
                .collect();
            if !missing.is_empty() {
                findings.push(
                    Diagnostic::warning(
                        Code::MissingTranslation,
                        page.source.clone(),
                        format!("\"{}\" has no translation in {}", page.meta.title, missing.join(", ")),
                    )
                    .with_help("translate it, or give an existing translation the same path or `translation_key`"),
                );
            }
        }
    }
    findings
}

/// The problems of every language, each once: a problem of a shared file (`site.toml`,
/// an asset of the shared folder) is found by every language that reads it.
fn dedup(diagnostics: Diagnostics) -> Diagnostics {
    let mut seen: HashSet<(PathBuf, Option<usize>, Option<usize>, String)> = HashSet::new();
    let mut out = Diagnostics::default();
    for d in diagnostics.iter() {
        if seen.insert((d.file.clone(), d.line, d.column, d.message.clone())) {
            out.push(d.clone());
        }
    }
    out
}
