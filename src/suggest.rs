//! Did-you-mean: how close two names are, and which known name a typo most likely meant.

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a, I, S>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| c.as_ref())
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= limit || common_prefix(&word, &c.to_lowercase()) >= 5)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Whether `a` and `b` are at most one edit apart: one substitution, insertion, deletion,
/// or swap of neighbouring characters.
pub(crate) fn within_one(a: &[char], b: &[char]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let Some(i) = (0..la.min(lb)).find(|&i| a[i] != b[i]) else {
        return true;
    };
    if la == lb {
        a[i + 1..] == b[i + 1..]
            || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else if la < lb {
        a[i..] == b[i + 1..]
    } else {
        a[i + 1..] == b[i..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn closest_suggests_typos() {
        let names = ["mentoring", "self-promotion", "managing-up"];
        assert_eq!(closest("mentorship", &names), Some("mentoring"));
        assert_eq!(closest("zzz", &names), None);
    }

    #[test]
    fn one_edit_means_one_substitution_insertion_deletion_or_swap() {
        for (a, b) in [
            ("mentor", "mentor"),
            ("mentor", "mentar"),
            ("mentor", "mentors"),
            ("mentor", "mentr"),
            ("mentor", "mnetor"),
            ("mentor", "nentor"),
        ] {
            assert!(within_one(&chars(a), &chars(b)), "{a} {b}");
        }
        for (a, b) in [
            ("mentor", "mantar"),
            ("mentor", "mentorss"),
            ("mentor", "metnro"),
            ("mentor", "tormen"),
        ] {
            assert!(!within_one(&chars(a), &chars(b)), "{a} {b}");
        }
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("café", "cafe"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
