//! Compiling a theme's templates, and turning tera's errors into problems.

use tera::Tera;

use std::sync::Arc;

use super::strings::speak;
use crate::content::Page;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Table;
use crate::theme::Theme;

/// Compiles a theme's templates once for the whole build, speaking `strings`'s language.
pub(crate) fn compile(theme: &Theme, strings: &Arc<Table>) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    // Tera's own escaper also escapes `/`, which matters only in unquoted attributes
    // (the themes quote every one) and turns each `../` of a link into `..&#x2F;`.
    tera.set_escape_fn(crate::html::escape);
    speak(&mut tera, strings);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()))
        .collect();
    tera.add_raw_templates(templates).map_err(|e| {
        // Tera names the failing template in the message chain; show the file it came from.
        let chain = error_chain(&e);
        let file = theme
            .templates
            .iter()
            .find(|(name, _)| chain.contains(&format!("'{name}'")))
            .map_or_else(|| "templates".to_string(), |(_, (shown, _))| shown.clone());
        vec![Diagnostic::error(
            Code::TemplateError,
            file,
            format!("template error: {chain}"),
        )]
    })?;
    Ok(tera)
}

/// Tera's error with its causes, on one line.
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A generated page (no source file) that template `file` failed to render.
pub(super) fn template_error(file: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(
        Code::TemplateError,
        file,
        format!("template error: {}", error_chain(e)),
    )
}

/// A page that `template` failed to render, as a problem of the page's source file.
pub(super) fn page_error(template: &str, page: &Page, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(
        Code::TemplateError,
        page.source.clone(),
        format!("cannot render with template {template}: {}", error_chain(e)),
    )
}
