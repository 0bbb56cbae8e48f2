//! The site's synonyms (`synonyms` in `site.toml`): groups of words a reader may use for
//! one another. They join the word table, so each word of a group finds the pages of
//! every other, as one of its own forms does, in the browser and in Rust alike.

use super::language::Language;
use super::text::{each_word, fold_marks, Stems};

/// `table` (the word table: each folded surface word, sorted, with the numbers of its
/// stems among the sorted `stems`) with the synonyms of `groups` joined to it. Every
/// word whose stems include the stem of a group's word also gets the stems of the
/// group's other words the site uses; a group's word the site never uses is added, with
/// those stems. A group's word that is not one word of `language` is skipped.
pub(super) fn join(
    mut table: Vec<(String, Vec<u32>)>,
    stems: &[&str],
    groups: &[Vec<String>],
    language: &Language,
) -> Vec<(String, Vec<u32>)> {
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
        return table;
    }
    for (_, word_stems) in &mut table {
        let before = word_stems.len();
        for (_, ids) in &joined {
            if word_stems[..before].iter().any(|s| ids.contains(s)) {
                for id in ids {
                    if !word_stems.contains(id) {
                        word_stems.push(*id);
                    }
                }
            }
        }
    }
    let mut added: Vec<(String, Vec<u32>)> = Vec::new();
    for (words, ids) in &joined {
        for word in words {
            if table
                .binary_search_by(|(w, _)| w.as_str().cmp(word))
                .is_err()
            {
                match added.iter_mut().find(|(w, _)| w == word) {
                    Some((_, list)) => {
                        for id in ids {
                            if !list.contains(id) {
                                list.push(*id);
                            }
                        }
                    }
                    None => added.push((word.clone(), ids.clone())),
                }
            }
        }
    }
    if !added.is_empty() {
        table.extend(added);
        table.sort_by(|a, b| a.0.cmp(&b.0));
    }
    table
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
    fn a_group_joins_the_stems_of_its_words() {
        let stems = ["boss", "manag", "pay"];
        let table = vec![
            ("boss".to_string(), vec![0]),
            ("manager".to_string(), vec![1]),
            ("managers".to_string(), vec![1]),
            ("pay".to_string(), vec![2]),
        ];
        let en = Language::english();
        let joined = join(
            table,
            &stems,
            &groups(&[&["Boss", "manager", "supervisor"]]),
            &en,
        );
        let stems_of = |w: &str| {
            joined
                .iter()
                .find(|(x, _)| x == w)
                .map(|(_, s)| s.clone())
                .unwrap_or_default()
        };
        // Every form of a group's word gets the group's stems; other words are untouched.
        assert_eq!(stems_of("boss"), [0, 1]);
        assert_eq!(stems_of("managers"), [1, 0]);
        assert_eq!(stems_of("pay"), [2]);
        // A word the site never uses is added, in order, with the stems the site has.
        assert_eq!(stems_of("supervisor"), [0, 1]);
        let words: Vec<&str> = joined.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["boss", "manager", "managers", "pay", "supervisor"]);
    }

    #[test]
    fn a_group_the_site_never_uses_adds_nothing() {
        let table = vec![("pay".to_string(), vec![0])];
        let en = Language::english();
        let joined = join(
            table.clone(),
            &["pay"],
            &groups(&[&["salary", "wage"], &["two words", "pay"]]),
            &en,
        );
        // "two words" is not one word: its group is "pay" alone, which joins nothing new.
        assert_eq!(joined, table);
    }
}
