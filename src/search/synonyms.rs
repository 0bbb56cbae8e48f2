//! The site's synonyms (`synonyms` in `site.toml`): groups of words a reader may use for
//! one another. Each word of the word table that belongs to a group is written with the
//! stems of the group's other words beside its own, so a query word typed in full
//! finds their pages too, in the browser and in Rust alike.

use super::language::Language;
use super::text::{each_word, fold_marks, Stems};

/// The synonyms of each word of `table` (the word table: each folded surface word,
/// sorted, with the numbers of its own stems among the sorted `stems`), by stem number,
/// in table order; `table` gains, with no stems of its own, each group's word the site
/// never uses. A word whose own stems include the stem of a group's word has as
/// synonyms the stems of the group's other words the site uses. A group's word that is
/// not one word of `language` is skipped.
pub(super) fn join(
    table: &mut Vec<(String, Vec<u32>)>,
    stems: &[&str],
    groups: &[Vec<String>],
    language: &Language,
) -> Vec<Vec<u32>> {
    let mut stemmer = Stems::new(language);
    let mut lower = String::new();
    let mut folded = String::new();
    // Each group's words, folded, and the numbers of their stems the site has.
    let mut joined: Vec<(Vec<String>, Vec<u32>)> = Vec::new();
    for group in groups {
        let mut words = Vec::new();
        let mut ids = Vec::new();
        for entry in group {
            let mut found = Vec::new();
            each_word(entry, language, &mut lower, |w| found.push(w.to_string()));
            let [word] = found.as_slice() else {
                continue;
            };
            fold_marks(word, &mut folded);
            words.push(folded.clone());
            if let Ok(id) = stems.binary_search(&stemmer.stem(word).as_str()) {
                ids.push(id as u32);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        if !ids.is_empty() {
            joined.push((words, ids));
        }
    }
    if joined.is_empty() {
        return vec![Vec::new(); table.len()];
    }
    let mut added: Vec<(String, Vec<u32>)> = Vec::new();
    for (words, _) in &joined {
        for word in words {
            let known = table
                .binary_search_by(|(w, _)| w.as_str().cmp(word))
                .is_ok();
            if !known && !added.iter().any(|(w, _)| w == word) {
                added.push((word.clone(), Vec::new()));
            }
        }
    }
    if !added.is_empty() {
        table.extend(added);
        table.sort_by(|a, b| a.0.cmp(&b.0));
    }
    table
        .iter()
        .map(|(word, own)| {
            let mut synonyms: Vec<u32> = Vec::new();
            for (words, ids) in &joined {
                let member = own.iter().any(|s| ids.contains(s)) || words.contains(word);
                if member {
                    for id in ids {
                        if !own.contains(id) && !synonyms.contains(id) {
                            synonyms.push(*id);
                        }
                    }
                }
            }
            synonyms
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter()
            .map(|g| g.iter().map(|w| w.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_group_gives_each_word_the_stems_of_the_others() {
        let stems = ["boss", "manag", "pay"];
        let mut table = vec![
            ("boss".to_string(), vec![0]),
            ("manager".to_string(), vec![1]),
            ("managers".to_string(), vec![1]),
            ("pay".to_string(), vec![2]),
        ];
        let en = Language::english();
        let synonyms = join(
            &mut table,
            &stems,
            &groups(&[&["Boss", "manager", "supervisor"]]),
            &en,
        );
        let words: Vec<&str> = table.iter().map(|(w, _)| w.as_str()).collect();
        // A word the site never uses is added in order, with no stems of its own.
        assert_eq!(words, ["boss", "manager", "managers", "pay", "supervisor"]);
        assert_eq!(table[4].1, Vec::<u32>::new());
        // Every form of a group's word has the others' stems; other words have none.
        assert_eq!(synonyms, [vec![1], vec![0], vec![0], vec![], vec![0, 1]]);
    }

    #[test]
    fn a_group_the_site_never_uses_adds_nothing() {
        let mut table = vec![("pay".to_string(), vec![0])];
        let en = Language::english();
        let synonyms = join(
            &mut table,
            &["pay"],
            &groups(&[&["salary", "wage"], &["two words", "pay"]]),
            &en,
        );
        // "two words" is not one word: its group is "pay" alone, which adds nothing.
        assert_eq!(table, [("pay".to_string(), vec![0])]);
        assert_eq!(synonyms, [Vec::<u32>::new()]);
    }
}
