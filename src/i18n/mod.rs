//! The theme's words in the site's language: string tables, plural forms, long dates and
//! the direction of the script.
//!
//! A table maps keys (`min_read`) to a text, plural forms (`one`, `other`, …) or a list
//! (the month names). `{name}` in a text is a value the template passes; `{n}` is also
//! the count that chooses the form. Tables come in layers, each replacing keys of the
//! ones before: the default theme's (built in), `i18n/<code>.toml` in the theme folder,
//! `i18n/<code>.toml` in the site folder, and `[strings]` in `site.toml` for the site's
//! language. English is the default: a key the site's language lacks shows in English,
//! with a warning ([`resolve`]).
//!
//! A [`Table`] is one language's words, resolved; the renderer binds templates to one.
//! A site in several languages resolves one table per language and picks it by the
//! page's language.

mod direction;
mod load;
mod plural;

use std::collections::BTreeMap;

pub(crate) use direction::direction;
pub(crate) use load::{resolve, StringsFile};
pub(crate) use plural::{category, Category};

/// The language every table falls back to.
pub(crate) const DEFAULT_LANGUAGE: &str = "en";

/// One string of a table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry {
    /// The same text for any count.
    Text(String),
    /// A text for each plural form the language uses; `other` is always there.
    Forms(Vec<(Category, String)>),
    /// Several texts, such as the twelve month names.
    List(Vec<String>),
}

/// One language's words, with English filling the keys it lacks.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The language tag as the site gives it (`fr-CA`).
    code: String,
    entries: BTreeMap<String, Entry>,
}

impl Table {
    /// A table for language `code` holding `entries`.
    pub(crate) fn new(code: &str, entries: BTreeMap<String, Entry>) -> Table {
        Table {
            code: code.to_string(),
            entries,
        }
    }

    /// The language tag, for the page's `lang` attribute.
    pub(crate) fn code(&self) -> &str {
        &self.code
    }

    /// `ltr` or `rtl`, for the page's `dir` attribute.
    pub(crate) fn dir(&self) -> &'static str {
        direction(&self.code)
    }

    /// The text of `key` for count `n` (the `other` form when there is no count, or
    /// no form for the count's category); `None` for a key the table lacks or a list.
    pub(crate) fn form(&self, key: &str, n: Option<u64>) -> Option<&str> {
        match self.entries.get(key)? {
            Entry::Text(text) => Some(text),
            Entry::Forms(forms) => {
                let want = n.map_or(Category::Other, |n| category(&self.code, n));
                forms
                    .iter()
                    .find(|(c, _)| *c == want)
                    .or_else(|| forms.iter().find(|(c, _)| *c == Category::Other))
                    .map(|(_, text)| text.as_str())
            }
            Entry::List(_) => None,
        }
    }

    /// The text of `key`, which takes no values; the key itself when missing, so that a
    /// page never goes without a word.
    pub(crate) fn word(&self, key: &str) -> String {
        self.form(key, None).unwrap_or(key).to_string()
    }

    /// `2026-03-02` as the language writes it (`2 March 2026`, `2. März 2026`); `None`
    /// for anything that is not such a date.
    pub(crate) fn long_date(&self, day: &str) -> Option<String> {
        let parts: Vec<&str> = day.split('-').collect();
        let [year, month, d] = parts[..] else {
            return None;
        };
        let month: usize = month.parse().ok()?;
        let d: u32 = d.parse().ok()?;
        let Some(Entry::List(months)) = self.entries.get("months") else {
            return None;
        };
        let name = months.get(month.checked_sub(1)?)?;
        let pattern = match self.form("long_date_first", None) {
            Some(first) if d == 1 => first,
            _ => self.form("long_date", None)?,
        };
        Some(fill(pattern, false, |name_of| match name_of {
            "day" => Some(d.to_string()),
            "month" => Some(name.clone()),
            "year" => Some(year.to_string()),
            _ => None,
        }))
    }

    /// The strings the page's scripts use (keys starting `js_`), as JSON safe to put
    /// inside a `<script>` element: a text, or an object of plural forms.
    pub(crate) fn script_strings(&self) -> String {
        let mut map = serde_json::Map::new();
        for (key, entry) in self.entries.range("js_".to_string()..) {
            if !key.starts_with("js_") {
                break;
            }
            let value = match entry {
                Entry::Text(text) => serde_json::Value::String(text.clone()),
                Entry::Forms(forms) => serde_json::Value::Object(
                    forms
                        .iter()
                        .map(|(c, t)| (c.name().to_string(), t.clone().into()))
                        .collect(),
                ),
                Entry::List(list) => list.clone().into(),
            };
            map.insert(key.clone(), value);
        }
        // `<`, `>` and `&` escaped: no text can close the element or open a comment.
        serde_json::Value::Object(map)
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }
}

/// `text` with each `{name}` replaced by `value(name)` (left as it is when `value` has
/// none); with `html`, the text around the values is escaped (the values are the
/// caller's to escape).
pub(crate) fn fill(text: &str, html: bool, value: impl Fn(&str) -> Option<String>) -> String {
    let literal = |out: &mut String, s: &str| {
        if html {
            out.push_str(&crate::html::escape(s));
        } else {
            out.push_str(s);
        }
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}');
        let name = close.map(|c| &after[..c]);
        match name
            .filter(|n| is_name(n))
            .and_then(|n| value(n).map(|v| (n, v)))
        {
            Some((name, v)) => {
                literal(&mut out, &rest[..open]);
                out.push_str(&v);
                rest = &after[name.len() + 1..];
            }
            None => {
                literal(&mut out, &rest[..=open]);
                rest = after;
            }
        }
    }
    literal(&mut out, rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The primary subtag of a language tag, lowercase: `fr` for `fr-CA` or `fr_ca`.
pub(crate) fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(code: &str, entries: &[(&str, Entry)]) -> Table {
        Table::new(
            code,
            entries
                .iter()
                .map(|(k, e)| (k.to_string(), e.clone()))
                .collect(),
        )
    }

    fn forms(one: &str, other: &str) -> Entry {
        Entry::Forms(vec![
            (Category::One, one.into()),
            (Category::Other, other.into()),
        ])
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let en = table("en", &[("pages", forms("{n} page", "{n} pages"))]);
        let fr = table("fr", &[("pages", forms("{n} page", "{n} pages"))]);
        assert_eq!(en.form("pages", Some(1)), Some("{n} page"));
        assert_eq!(en.form("pages", Some(0)), Some("{n} pages"));
        assert_eq!(fr.form("pages", Some(0)), Some("{n} page"));
        assert_eq!(fr.form("pages", Some(5)), Some("{n} pages"));
        // Arabic's `few` falls back to `other` when the table has no such form.
        let ar = table("ar", &[("pages", forms("صفحة", "{n} صفحات"))]);
        assert_eq!(ar.form("pages", Some(3)), Some("{n} صفحات"));
        assert_eq!(ar.form("missing", Some(3)), None);
    }

    #[test]
    fn fill_replaces_known_names_and_escapes_around_html_values() {
        let value = |n: &str| (n == "n").then(|| "5".to_string());
        assert_eq!(fill("{n} min read", false, value), "5 min read");
        assert_eq!(fill("{x} and {n}", false, value), "{x} and 5");
        assert_eq!(fill("{ n} {n", false, value), "{ n} {n");
        assert_eq!(fill("a < {n}", true, value), "a &lt; 5");
    }

    #[test]
    fn long_dates_in_each_language() {
        let months = |names: &str| Entry::List(names.split(' ').map(String::from).collect());
        let fr = table(
            "fr",
            &[
                ("months", months("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")),
                ("long_date", Entry::Text("{day} {month} {year}".into())),
                ("long_date_first", Entry::Text("1er {month} {year}".into())),
            ],
        );
        assert_eq!(fr.long_date("2026-03-02").as_deref(), Some("2 mars 2026"));
        assert_eq!(fr.long_date("2026-08-01").as_deref(), Some("1er août 2026"));
        assert_eq!(fr.long_date("2026-13-01"), None);
        assert_eq!(fr.long_date("2026-00-01"), None);
        assert_eq!(fr.long_date("soon"), None);
    }

    #[test]
    fn script_strings_cannot_close_their_element() {
        let t = table(
            "en",
            &[
                ("js_a", Entry::Text("</script>&".into())),
                ("js_b", forms("{n} result", "{n} results")),
                ("kicker", Entry::Text("not sent".into())),
            ],
        );
        let json = t.script_strings();
        assert!(!json.contains('<') && !json.contains("not sent"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["js_a"], "</script>&");
        assert_eq!(back["js_b"]["one"], "{n} result");
    }
}
