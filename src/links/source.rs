//! A tip's `source_article:`, the article its advice comes from: a link written in front
//! matter, resolved and checked as links in a body are, and required to name an article.

use super::{Dest, LinkIndex, Syntax};
use crate::content::{Kind, Page};
use crate::diagnostics::{Code, Diagnostic};

impl LinkIndex {
    /// The article page `from` names in `source_article:`, if any, and the problem with
    /// what it names. Written as a wiki link (`[[slug]]`, `[[slug|label]]`), a Markdown
    /// link (`[label](../articles/x.md)`), a relative `.md` path, or a bare name (a slug,
    /// title or file name, as between `[[` and `]]`).
    pub(crate) fn source_article(
        &self,
        pages: &[Page],
        from: usize,
    ) -> (Option<usize>, Option<Diagnostic>) {
        let page = &pages[from];
        let Some(written) = page.meta.source_article.as_deref() else {
            return (None, None);
        };
        let at = |d: Diagnostic| d.at_line(page.meta.source_article_line);
        if page.kind != Kind::Tip {
            let d = Diagnostic::warning(
                Code::SourceArticle,
                page.source.clone(),
                "source_article is read on tips only; it is ignored here",
            )
            .with_help("remove the line, or move the page to the tips folder");
            return (None, Some(at(d)));
        }
        let (dest, syntax) = link_of(written);
        let problem = |code: Code, message: String, help: Option<String>, warn: bool| {
            let file = page.source.clone();
            let d = if warn {
                Diagnostic::warning(code, file, message)
            } else {
                Diagnostic::error(code, file, message)
            };
            let d = match help {
                Some(help) => d.with_help(help),
                None => d,
            };
            at(d)
        };
        match self.resolve_dest(pages, from, dest, syntax) {
            Ok(Dest::Page(target)) if pages[target.page].kind == Kind::Article => {
                (Some(target.page), None)
            }
            Ok(Dest::Page(target)) => {
                let other = &pages[target.page];
                let message = format!(
                    "source_article `{written}` names {}, a {}, not an article",
                    other.source.display(),
                    other.kind.name()
                );
                let help = Some("name the article the tip's advice comes from".to_string());
                (
                    None,
                    Some(problem(Code::SourceArticle, message, help, false)),
                )
            }
            Ok(_) => {
                let message = format!("source_article `{written}` does not name a page");
                let help = Some("write the article's slug, `[[slug]]` or its .md path".into());
                (
                    None,
                    Some(problem(Code::BrokenLink, message, help, self.lenient)),
                )
            }
            Err(e) if e.quiet => (None, None),
            Err(e) => {
                let warn = e.code == Code::DraftLink || self.lenient;
                let message = format!("source_article: {}", e.message);
                (None, Some(problem(e.code, message, e.help, warn)))
            }
        }
    }
}

/// The link a `source_article:` value writes, and how to read it.
fn link_of(written: &str) -> (&str, Syntax) {
    let text = written.trim();
    if let Some(inner) = text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
        let name = inner.split_once('|').map_or(inner, |(name, _)| name);
        return (name.trim(), Syntax::Wiki);
    }
    if let Some(dest) = text
        .strip_prefix('[')
        .and_then(|t| t.split_once("]("))
        .and_then(|(_, rest)| rest.strip_suffix(')'))
    {
        return (dest.trim(), Syntax::Markdown);
    }
    let lower = text.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.contains(".md#") {
        return (text, Syntax::Markdown);
    }
    (text, Syntax::Wiki)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form_reads_as_a_link() {
        assert_eq!(link_of("[[ask-early]]"), ("ask-early", Syntax::Wiki));
        assert_eq!(link_of(" [[ask-early|Ask]] "), ("ask-early", Syntax::Wiki));
        assert_eq!(link_of("ask-early"), ("ask-early", Syntax::Wiki));
        assert_eq!(link_of("Ask early"), ("Ask early", Syntax::Wiki));
        assert_eq!(
            link_of("../articles/ask.md"),
            ("../articles/ask.md", Syntax::Markdown)
        );
        assert_eq!(
            link_of("[Ask](../articles/ask.md)"),
            ("../articles/ask.md", Syntax::Markdown)
        );
    }
}
