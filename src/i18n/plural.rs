//! Which plural form a count takes in a language, after the CLDR's rules for whole numbers.

/// A plural form, as CLDR names them; a table gives `other` and whichever others its
/// language uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    /// Arabic's form for none.
    Zero,
    /// The singular: 1 in most languages, 0 and 1 in French.
    One,
    /// The dual (Arabic, Hebrew).
    Two,
    /// Small numbers in Slavic languages and Arabic.
    Few,
    /// Larger numbers in Slavic languages and Arabic.
    Many,
    /// Every other count.
    Other,
}

impl Category {
    /// Every form, as named in string tables.
    pub(crate) const NAMES: [&'static str; 6] = ["zero", "one", "two", "few", "many", "other"];

    /// The name a string table gives this form.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Category::Zero => "zero",
            Category::One => "one",
            Category::Two => "two",
            Category::Few => "few",
            Category::Many => "many",
            Category::Other => "other",
        }
    }
}

/// The form count `n` takes in language `code` (a BCP 47 tag; only its primary subtag
/// counts). Languages not listed take `one` for 1 and `other` for the rest, as English
/// does. Spanish, Italian and Portuguese have a `many` form for exact millions, which
/// no count on a page reaches.
pub(crate) fn category(code: &str, n: u64) -> Category {
    let primary = super::primary(code);
    let (n10, n100) = (n % 10, n % 100);
    match primary.as_str() {
        "ja" | "zh" | "ko" | "vi" | "th" | "id" | "ms" | "lo" | "my" | "km" | "yue" => {
            Category::Other
        }
        "fr" | "pt" | "hi" | "bn" | "fa" | "am" | "zu" | "hy" | "ff" | "kab" | "gu" | "kn" => {
            if n <= 1 {
                Category::One
            } else {
                Category::Other
            }
        }
        "ar" => match n {
            0 => Category::Zero,
            1 => Category::One,
            2 => Category::Two,
            _ if (3..=10).contains(&n100) => Category::Few,
            _ if (11..=99).contains(&n100) => Category::Many,
            _ => Category::Other,
        },
        "he" | "iw" => match n {
            1 => Category::One,
            2 => Category::Two,
            _ => Category::Other,
        },
        "ru" | "uk" | "be" => {
            if n10 == 1 && n100 != 11 {
                Category::One
            } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
                Category::Few
            } else {
                Category::Many
            }
        }
        "pl" => {
            if n == 1 {
                Category::One
            } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
                Category::Few
            } else {
                Category::Many
            }
        }
        "cs" | "sk" => match n {
            1 => Category::One,
            2..=4 => Category::Few,
            _ => Category::Other,
        },
        _ => {
            if n == 1 {
                Category::One
            } else {
                Category::Other
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    #[test]
    fn english_german_and_spanish_have_one_for_one_only() {
        for code in ["en", "de", "es", "en-GB", "de_AT"] {
            assert_eq!(category(code, 0), Other, "{code}");
            assert_eq!(category(code, 1), One, "{code}");
            assert_eq!(category(code, 2), Other, "{code}");
            assert_eq!(category(code, 21), Other, "{code}");
        }
    }

    #[test]
    fn french_counts_zero_as_singular() {
        assert_eq!(category("fr", 0), One);
        assert_eq!(category("fr-CA", 1), One);
        assert_eq!(category("fr", 2), Other);
    }

    #[test]
    fn arabic_has_six_forms() {
        let forms: Vec<Category> = [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111]
            .iter()
            .map(|&n| category("ar", n))
            .collect();
        assert_eq!(
            forms,
            [Zero, One, Two, Few, Few, Many, Many, Other, Other, Few, Many]
        );
    }

    #[test]
    fn slavic_languages_tell_few_from_many() {
        assert_eq!(category("ru", 1), One);
        assert_eq!(category("ru", 21), One);
        assert_eq!(category("ru", 11), Many);
        assert_eq!(category("ru", 3), Few);
        assert_eq!(category("ru", 13), Many);
        assert_eq!(category("pl", 21), Many);
        assert_eq!(category("pl", 22), Few);
        assert_eq!(category("ja", 1), Other);
    }
}
