//! The theme's words in templates: `tr(key=…)`, `script_strings()` and the `long_date`
//! filter, bound to one language's table.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Tera, Value};

use crate::i18n::{fill, Table};

/// Binds `tera`'s word functions to `table`. A renderer for several languages binds a
/// copy of the compiled templates to each language's table.
pub(crate) fn speak(tera: &mut Tera, table: &Arc<Table>) {
    tera.register_function("tr", Tr(table.clone()));
    tera.register_function("script_strings", ScriptStrings(table.script_strings()));
    tera.register_function("link_html", link_html);
    tera.register_filter("long_date", LongDate(table.clone()));
}

/// `tr(key="min_read", n=5)`: the text of `key`, in the form for count `n`, with each
/// `{name}` replaced by the argument `name`. An argument named `name_html` is inserted
/// as HTML: the text around it is then escaped, and the template marks the result
/// `| safe`.
struct Tr(Arc<Table>);

impl tera::Function for Tr {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or("tr needs `key`, the name of a string")?;
        let n = args.get("n").and_then(count);
        let text = self.0.form(key, n).ok_or_else(|| {
            format!(
                "no string `{key}` in language `{}` or English; add it to i18n/en.toml",
                self.0.code()
            )
        })?;
        let html = args.keys().any(|k| k.ends_with("_html"));
        Ok(Value::String(fill(text, html, |name| {
            if let Some(v) = args.get(&format!("{name}_html")) {
                return Some(plain(v));
            }
            let v = plain(args.get(name)?);
            Some(if html { crate::html::escape(&v) } else { v })
        })))
    }
}

/// `link_html(url=…, text=…, italic=true)`: a link as HTML, its URL and text escaped,
/// for a value `tr` inserts as `<name>_html`.
fn link_html(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let url = args.get("url").map(plain).unwrap_or_default();
    let text = crate::html::escape(&args.get("text").map(plain).unwrap_or_default());
    let text = if args.get("italic").and_then(Value::as_bool) == Some(true) {
        format!("<i>{text}</i>")
    } else {
        text
    };
    Ok(Value::String(format!(
        "<a href=\"{}\">{text}</a>",
        crate::html::escape(&url)
    )))
}

/// A count as a whole number, whether given as an integer or a float.
fn count(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_f64().map(|f| f.max(0.0) as u64))
}

/// A value as text: strings as they are, anything else as JSON writes it.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `script_strings()`: the strings the page's scripts read, as JSON for a
/// `<script type="application/json">` element. Written once: every page carries them.
struct ScriptStrings(String);

impl tera::Function for ScriptStrings {
    fn call(&self, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(Value::String(self.0.clone()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `2026-03-02` → `2 March 2026`, in the table's language; anything else is left as it is.
struct LongDate(Arc<Table>);

impl tera::Filter for LongDate {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(value
            .as_str()
            .and_then(|day| self.0.long_date(day))
            .map_or_else(|| value.clone(), Value::String))
    }
}
