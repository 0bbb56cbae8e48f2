//! Diagnostics as JSON objects, one per line, for editors and CI.

use serde::ser::{Serialize, Serializer};

use super::Diagnostic;

/// The JSON shape of a diagnostic; fields serialize in this order.
#[derive(serde::Serialize)]
struct Shape<'a> {
    /// Relative to the site root, with `/` between folders on every system.
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    suggestion: Option<&'a str>,
}

impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let file = self
            .file
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Shape {
            file,
            line: self.line,
            column: self.column,
            severity: self.severity.label(),
            code: self.code.name(),
            message: &self.message,
            suggestion: self.help.as_deref(),
        }
        .serialize(serializer)
    }
}

impl Diagnostic {
    /// The diagnostic as one line of JSON: `file`, `line`, `column`, `severity`, `code`,
    /// `message` and `suggestion`, with `null` for what is unknown.
    pub fn to_json(&self) -> String {
        // Strings and numbers always serialize; the fallback is never reached.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Code;
    use super::*;

    #[test]
    fn keys_in_order_with_nulls() {
        let d = Diagnostic::warning(Code::UnknownTopic, "content/tips/a \"b\".md", "topic `x`")
            .at(3, 1)
            .with_help("did you mean `y`?");
        assert_eq!(
            d.to_json(),
            r#"{"file":"content/tips/a \"b\".md","line":3,"column":1,"severity":"warning","code":"unknown-topic","message":"topic `x`","suggestion":"did you mean `y`?"}"#
        );
        let d = Diagnostic::error(Code::SymlinkLoop, "content/loop", "loop");
        assert_eq!(
            d.to_json(),
            r#"{"file":"content/loop","line":null,"column":null,"severity":"error","code":"symlink-loop","message":"loop","suggestion":null}"#
        );
    }
}
