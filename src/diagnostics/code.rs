//! Stable names for every kind of problem, so tools can filter and count them.

use std::fmt;

/// Declares [`Code`] with each variant's name and meaning in one place, so no list can
/// miss a variant.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)+) => {
        /// What kind of problem a diagnostic reports. Its [`Code::name`] never changes
        /// once published; a new kind of problem gets a new code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in declaration order (the order of the README's table).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The kebab-case name shown in `error[name]` and in JSON.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// What the code means, in one line.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
}

codes! {
    /// A file or folder cannot be read.
    Unreadable => "unreadable",
    /// A symbolic link leads back to a folder that contains it.
    SymlinkLoop => "symlink-loop",
    /// A symbolic link to a place outside the site folder and the allowed folders.
    LinkOutsideSite => "link-outside-site",
    /// A page is not UTF-8 text.
    NotUtf8 => "not-utf8",
    /// A page holds binary data.
    BinaryFile => "binary-file",
    /// A page file is empty; its file name titles it.
    EmptyFile => "empty-file",
    /// No longer reported: a page without front matter is a page.
    MissingFrontMatter => "missing-front-matter",
    /// The front matter has no closing `---` line.
    UnclosedFrontMatter => "unclosed-front-matter",
    /// The front matter is not valid YAML.
    YamlSyntax => "yaml-syntax",
    /// The front matter between `+++` lines is not valid TOML.
    TomlSyntax => "toml-syntax",
    /// A page's `title` is empty (a warning: its first heading or file name titles it).
    MissingTitle => "missing-title",
    /// A field holds the wrong kind of value.
    WrongType => "wrong-type",
    /// A date that is none of the accepted forms, or no real date.
    InvalidDate => "invalid-date",
    /// One key written twice.
    DuplicateField => "duplicate-field",
    /// A front matter field ladder does not know that looks like a typo of one it knows.
    UnknownField => "unknown-field",
    /// A front matter field given with no value, which is ignored.
    EmptyField => "empty-field",
    /// A slug that cannot name a file.
    InvalidSlug => "invalid-slug",
    /// An alias that is not a path inside the site.
    InvalidAlias => "invalid-alias",
    /// A URL in front matter that is not http(s), mailto: or relative.
    UnsafeUrl => "unsafe-url",
    /// A new topic one edit from a declared or much more used one (a warning), or any
    /// undeclared topic when the vocabulary is closed (an error).
    UnknownTopic => "unknown-topic",
    /// A tip without any topic.
    TipWithoutTopic => "tip-without-topic",
    /// A topic declared twice in `site.toml`.
    DuplicateTopic => "duplicate-topic",
    /// One name (title or alias) given to two topics.
    TopicNameClash => "topic-name-clash",
    /// A link to a page that does not exist.
    BrokenLink => "broken-link",
    /// A link to a heading that does not exist.
    BrokenAnchor => "broken-anchor",
    /// A wiki link that matches several pages.
    AmbiguousLink => "ambiguous-link",
    /// A link that climbs out of `content/`.
    LinkOutsideContent => "link-outside-content",
    /// A link in a page's body that runs script (`javascript:`, `vbscript:`, `data:`).
    ScriptLink => "script-link",
    /// A link to a draft, which is not published.
    DraftLink => "draft-link",
    /// A `source_article` that names a page that is not an article, or that is given on
    /// a page that is not a tip.
    SourceArticle => "source-article",
    /// A page that embeds itself.
    SelfEmbed => "self-embed",
    /// Pages that embed each other, round in a circle.
    EmbedCycle => "embed-cycle",
    /// A page embedded inside a sentence, where it is shown as a link.
    EmbedInSentence => "embed-in-sentence",
    /// A path names one page as two of its steps.
    PathStepRepeated => "path-step-repeated",
    /// A path step that is itself a path.
    PathStepIsPath => "path-step-is-path",
    /// A path step that links to another site.
    PathStepExternal => "path-step-external",
    /// A path step that links to a draft.
    PathStepDraft => "path-step-draft",
    /// A path step that links to no page of the site.
    PathStepBroken => "path-step-broken",
    /// A path with fewer than two steps.
    ShortPath => "short-path",
    /// Control characters in a page, replaced so that they reach no output.
    ControlCharacter => "control-character",
    /// Two pages or files would be written to the same output path.
    PathCollision => "path-collision",
    /// An output path that would leave the output folder.
    UnsafeOutputPath => "unsafe-output-path",
    /// `site.toml` is not valid, or has a bad value.
    InvalidConfig => "invalid-config",
    /// The theme named in `site.toml` does not exist.
    MissingTheme => "missing-theme",
    /// A template does not compile or does not render.
    TemplateError => "template-error",
    /// A strings file (`i18n/<code>.toml`, `[strings]`) is not valid, or has a bad value.
    InvalidStrings => "invalid-strings",
    /// A string of the theme has no text in the site's language, and shows in English.
    MissingString => "missing-string",
    /// The theme has no strings at all in the site's language, and speaks English.
    UntranslatedLanguage => "untranslated-language",
    /// Report: a tip nothing links to, on topics without articles.
    OrphanTip => "orphan-tip",
    /// Report: a topic with fewer than three pages.
    ThinTopic => "thin-topic",
    /// Report: two pages with the same title.
    DuplicateTitle => "duplicate-title",
    /// Report: two pages with nearly the same title.
    NearDuplicateTitle => "near-duplicate-title",
    /// Report: a page without `summary` in its front matter.
    MissingSummary => "missing-summary",
    /// Report: a page without `title` in its front matter, titled by a heading or its file name.
    ImplicitTitle => "implicit-title",
    /// Report: an article whose topics have no tips.
    ArticleWithoutTips => "article-without-tips",
    /// Report: a page on no learning path, in a site that has paths.
    OffPath => "off-path",
    /// Report: a page of a multilingual site missing in one of its languages.
    MissingTranslation => "missing-translation",
}

impl Code {
    /// The code with this name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Whether only `ladder check --report` finds this kind of problem.
    pub fn is_report(self) -> bool {
        self >= Code::OrphanTip
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            let name = code.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !name.starts_with('-')
                    && !name.ends_with('-'),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(code));
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }

    #[test]
    fn all_is_in_declaration_order() {
        // `is_report` relies on the report codes coming last.
        let mut sorted = Code::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, Code::ALL);
        assert!(Code::OrphanTip.is_report() && !Code::TemplateError.is_report());
    }
}
