//! The reader questions of `scripts/search-questions.tsv`, read by
//! `examples/search_questions.rs` and by the search tests.

/// The questions of the file's `text`: (question, expected pages as URLs). Lines starting
/// `#` and blank lines are skipped; a line is the question, a tab, then the pages (paths
/// under `content/` without `.md`, separated by commas).
pub fn reader_questions(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (q, pages) = l.split_once('\t')?;
            let pages = pages.split(',').map(|p| format!("{}.html", p.trim()));
            Some((q.to_string(), pages.collect()))
        })
        .collect()
}
