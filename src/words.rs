//! Words for people: counts of things, as every message and summary line writes them.

/// Counts a noun in words: "1 page", "3 pages", "0 warnings".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts_in_words() {
        assert_eq!(plural(0, "page"), "0 pages");
        assert_eq!(plural(1, "page"), "1 page");
        assert_eq!(plural(2, "page"), "2 pages");
        assert_eq!(plural(1, "report finding"), "1 report finding");
        assert_eq!(plural(10_000, "topic"), "10000 topics");
    }
}
