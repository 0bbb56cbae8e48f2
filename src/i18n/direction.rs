//! Which way a language's script runs.

/// Primary subtags of languages written right to left in their usual script.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "he", "iw", "fa", "ur", "yi", "ji", "ps", "sd", "dv", "ckb", "ug", "syr", "nqo",
];

/// Script subtags (ISO 15924) of scripts written right to left.
const RTL_SCRIPTS: &[&str] = &[
    "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr",
];

/// `rtl` for a language written right to left (`ar`, `he-IL`, `az-Arab`), else `ltr`: the
/// value of the page's `dir` attribute. A script subtag, when given, decides
/// (`ku-Arab` is right to left, `ckb-Latn` left to right).
pub(crate) fn direction(code: &str) -> &'static str {
    let mut subtags = code.split(['-', '_']).map(str::to_ascii_lowercase);
    let primary = subtags.next().unwrap_or_default();
    let script = subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
    let rtl = match script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RIGHT_TO_LEFT.contains(&primary.as_str()),
    };
    if rtl {
        "rtl"
    } else {
        "ltr"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_and_scripts() {
        for code in [
            "ar", "ar-EG", "he", "fa", "ur", "yi", "ps", "sd", "dv", "ckb", "AR", "az-Arab",
            "ku-Arab",
        ] {
            assert_eq!(direction(code), "rtl", "{code}");
        }
        for code in [
            "en", "fr-CA", "de", "ja", "ku", "ckb-Latn", "", "arn", "ar-Latn",
        ] {
            assert_eq!(direction(code), "ltr", "{code}");
        }
    }
}
