//! Reading strings files and resolving the site's language against English.

use std::collections::BTreeMap;

use super::{primary, Category, Entry, Table, DEFAULT_LANGUAGE};
use crate::diagnostics::{line_col, Code, Diagnostic};

/// One layer of strings: a TOML file of keys for one language.
#[derive(Debug, Clone)]
pub(crate) struct StringsFile {
    /// The language tag it is for, from its file name (`fr` for `i18n/fr.toml`).
    pub(crate) language: String,
    /// The file as messages name it.
    pub(crate) shown: String,
    /// Its text.
    pub(crate) text: String,
}

/// The table of `language`: the `files` for English, then those for the language (a
/// file for `fr` serves `fr-CA`, before one for `fr-CA`), each replacing keys of the
/// ones before, then `overrides` (`[strings]` of `config_file`, whose text `config_text`
/// locates problems when given). A key the language's
/// files lack is filled from English with one warning per key; a language without any
/// file is English with one warning. Problems in the files are errors.
pub(crate) fn resolve(
    language: &str,
    files: &[StringsFile],
    overrides: &toml::Table,
    config_file: &str,
    config_text: Option<&str>,
) -> (Table, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let wanted = normalise(language);
    let wanted_primary = primary(&wanted);
    let english = wanted_primary == DEFAULT_LANGUAGE;
    let mut entries = BTreeMap::new();
    let mut own = BTreeMap::new();
    let mut own_files = Vec::new();
    // Generic files, then ones for a region or script, so `fr-CA` replaces `fr`.
    let mut layers = vec![DEFAULT_LANGUAGE.to_string()];
    for layer in [wanted_primary, wanted] {
        if !layers.contains(&layer) {
            layers.push(layer);
        }
    }
    for (at, layer) in layers.iter().enumerate() {
        for file in files.iter().filter(|f| normalise(&f.language) == *layer) {
            let Some(parsed) = parse(file, &mut problems) else {
                continue;
            };
            if at == 0 || english {
                entries.extend(parsed);
            } else {
                own.extend(parsed);
                own_files.push(file.shown.clone());
            }
        }
    }
    if !english {
        match own_files.last() {
            Some(file) => {
                // The built-in tables are complete; a key they lack is a theme's own.
                let to = if file.starts_with('(') {
                    format!("i18n/{language}.toml")
                } else {
                    file.clone()
                };
                for key in entries.keys().filter(|k| !own.contains_key(*k)) {
                    problems.push(
                        Diagnostic::warning(
                            Code::MissingString,
                            file.as_str(),
                            format!("string `{key}` has no `{language}` text; it shows in English"),
                        )
                        .with_help(format!(
                            "add `{key} = \"…\"` to {to}, or under [strings] in {config_file}"
                        )),
                    );
                }
            }
            None => problems.push(
                Diagnostic::warning(
                    Code::UntranslatedLanguage,
                    config_file,
                    format!(
                        "the theme has no strings in language `{language}`; its words show in English"
                    ),
                )
                .with_help(format!(
                    "translate them in i18n/{language}.toml beside {config_file} (the theme's English keys are in its i18n/en.toml)"
                )),
            ),
        }
        entries.extend(own);
    }
    for (key, value) in overrides {
        match entry(value) {
            Some(e) => {
                entries.insert(key.clone(), e);
            }
            None => problems.push(bad_value(config_file, key, config_text, "[strings]")),
        }
    }
    (Table::new(language, entries), problems)
}

/// `fr_CA` and `FR-ca` both as `fr-ca`.
fn normalise(code: &str) -> String {
    code.trim().replace('_', "-").to_ascii_lowercase()
}

/// The entries of one file; `None` (with the problem) when it is not a table of strings.
fn parse(file: &StringsFile, problems: &mut Vec<Diagnostic>) -> Option<BTreeMap<String, Entry>> {
    let table: toml::Table = match file.text.parse() {
        Ok(t) => t,
        Err(e) => {
            let mut d = Diagnostic::error(
                Code::InvalidStrings,
                file.shown.as_str(),
                e.message().trim().to_string(),
            );
            if let Some(span) = e.span() {
                let (line, column) = line_col(&file.text, span.start);
                d = d.at(line, column);
            }
            problems.push(d);
            return None;
        }
    };
    let mut entries = BTreeMap::new();
    for (key, value) in &table {
        match entry(value) {
            Some(e) => {
                entries.insert(key.clone(), e);
            }
            None => problems.push(bad_value(&file.shown, key, Some(&file.text), "")),
        }
    }
    Some(entries)
}

/// A string from its TOML value: a text, a list of texts, or a table of plural forms
/// that has `other`.
fn entry(value: &toml::Value) -> Option<Entry> {
    match value {
        toml::Value::String(s) => Some(Entry::Text(s.clone())),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .map(Entry::List),
        toml::Value::Table(forms) => {
            let forms = forms
                .iter()
                .map(|(name, text)| {
                    let at = Category::NAMES.iter().position(|n| n == name)?;
                    Some((CATEGORIES[at], text.as_str()?.to_string()))
                })
                .collect::<Option<Vec<_>>>()?;
            forms
                .iter()
                .any(|(c, _)| *c == Category::Other)
                .then_some(Entry::Forms(forms))
        }
        _ => None,
    }
}

/// The forms in the order of [`Category::NAMES`].
const CATEGORIES: [Category; 6] = [
    Category::Zero,
    Category::One,
    Category::Two,
    Category::Few,
    Category::Many,
    Category::Other,
];

/// A value that is no string, with the line of its key (the first after the line
/// `section`, when given) when the text is at hand.
fn bad_value(file: &str, key: &str, text: Option<&str>, section: &str) -> Diagnostic {
    let d = Diagnostic::error(
        Code::InvalidStrings,
        file,
        format!("string `{key}` must be a text, a list of texts, or plural forms with `other`"),
    )
    .with_help(format!(
        "write `{key} = \"…\"`, or `{key} = {{ one = \"…\", other = \"…\" }}`"
    ));
    let line = text.and_then(|t| {
        let start = if section.is_empty() {
            0
        } else {
            t.lines().position(|l| l.trim() == section)?
        };
        t.lines()
            .enumerate()
            .skip(start)
            .find(|(_, l)| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map(|(i, _)| i)
    });
    match line {
        Some(i) => d.at_line(i + 1),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn file(language: &str, text: &str) -> StringsFile {
        StringsFile {
            language: language.into(),
            shown: format!("i18n/{language}.toml"),
            text: text.into(),
        }
    }

    fn english() -> StringsFile {
        file(
            "en",
            "home = \"Home\"\nfeed = \"Feed\"\npages = { one = \"{n} page\", other = \"{n} pages\" }\n",
        )
    }

    #[test]
    fn a_missing_key_falls_back_to_english_with_a_warning_naming_it() {
        let files = [
            english(),
            file(
                "fr",
                "home = \"Accueil\"\npages = { one = \"{n} page\", other = \"{n} pages\" }\n",
            ),
        ];
        let (table, problems) = resolve("fr", &files, &toml::Table::new(), "site.toml", None);
        assert_eq!(table.word("home"), "Accueil");
        assert_eq!(table.word("feed"), "Feed");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].severity, Severity::Warning);
        assert_eq!(problems[0].code, Code::MissingString);
        assert!(problems[0].message.contains("`feed`") && problems[0].message.contains("`fr`"));
        assert_eq!(problems[0].file.to_str(), Some("i18n/fr.toml"));
    }

    #[test]
    fn a_language_without_strings_is_english_with_one_warning() {
        let (table, problems) = resolve("it", &[english()], &toml::Table::new(), "site.toml", None);
        assert_eq!(table.word("home"), "Home");
        assert_eq!(table.code(), "it");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Code::UntranslatedLanguage);
        let (_, problems) = resolve(
            "en-GB",
            &[english()],
            &toml::Table::new(),
            "site.toml",
            None,
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn regional_files_follow_generic_ones_and_overrides_win() {
        let files = [
            english(),
            file("fr-CA", "home = \"Accueil (Canada)\"\n"),
            file(
                "fr",
                "home = \"Accueil\"\nfeed = \"Flux\"\npages = \"pages\"\n",
            ),
        ];
        let overrides: toml::Table = "feed = \"Fil\"".parse().unwrap();
        let (table, problems) = resolve("fr_CA", &files, &overrides, "site.toml", None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(table.word("home"), "Accueil (Canada)");
        assert_eq!(table.word("feed"), "Fil");
    }

    #[test]
    fn bad_files_are_errors_with_their_line() {
        let files = [
            english(),
            file("fr", "home = \"Accueil\"\nfeed = 3\n"),
            file("fr", "home = \n"),
        ];
        let (_, problems) = resolve("fr", &files, &toml::Table::new(), "site.toml", None);
        let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 2, "{problems:?}");
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("`feed`"));
        assert_eq!(errors[1].line, Some(1));
    }
}
