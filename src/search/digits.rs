//! Lists of numbers written as one string of digits, about half the bytes of a JSON
//! list of integers for the small numbers postings and phrase shards hold (differences
//! of document numbers, impacts, section numbers).
//!
//! A number is written most significant digit first, in mixed radix: its last digit,
//! `n mod 57`, is a character of `#` to `[` (0x23 + digit); the rest, `n div 57`, in base
//! 34, each digit a character of `]` to `~` (0x5D + digit). So a number below 57 takes one
//! character and one below 1,938 two. Neither range holds `"` or `\`, so the string
//! needs no escapes in JSON. `search.js` reads it the same way (`digits`).

/// The first character of a number's last digit.
const LAST: u8 = 0x23;
/// How many values a last digit has: `#` to `[`.
const LAST_BASE: u64 = 57;
/// The first character of any other digit.
const MORE: u8 = 0x5D;
/// How many values any other digit has: `]` to `~`.
const MORE_BASE: u64 = 34;

/// Appends `n` to `out`.
pub(crate) fn push(out: &mut String, n: u64) {
    // Most numbers written take one character or two.
    if n < LAST_BASE {
        out.push(char::from(LAST + n as u8));
        return;
    }
    if n < LAST_BASE * MORE_BASE {
        out.push(char::from(MORE + (n / LAST_BASE) as u8));
        out.push(char::from(LAST + (n % LAST_BASE) as u8));
        return;
    }
    let mut buf = [0u8; 14];
    let mut i = buf.len() - 1;
    buf[i] = LAST + (n % LAST_BASE) as u8;
    let mut rest = n / LAST_BASE;
    while rest > 0 {
        i -= 1;
        buf[i] = MORE + (rest % MORE_BASE) as u8;
        rest /= MORE_BASE;
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// The numbers of a string [`push`] wrote; `None` when a character is not a digit or
/// the string ends inside a number.
pub(crate) fn read(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::with_capacity(s.len());
    let mut n: u64 = 0;
    let mut open = false;
    for b in s.bytes() {
        if (MORE..MORE + MORE_BASE as u8).contains(&b) {
            n = n.checked_mul(MORE_BASE)? + u64::from(b - MORE);
            open = true;
        } else if (LAST..LAST + LAST_BASE as u8).contains(&b) {
            out.push(n.checked_mul(LAST_BASE)?.checked_add(u64::from(b - LAST))?);
            n = 0;
            open = false;
        } else {
            return None;
        }
    }
    (!open).then_some(out)
}

/// Numbers below this share a digit string with another number in postings.
const PACK: u64 = 8;

/// Appends a stem's flat postings (for each document `Δdoc, impact, n` and `n` pairs
/// `section, section impact`, sections in increasing order, as `score::postings` makes
/// them) to `out`, each pair of a number and a small one packed in one: `Δdoc`, then
/// `impact·8 + min(n, 7)`, then `n − 7` when `n ≥ 7`; each section as
/// `section impact·8 + min(gap, 7)`, then `gap − 7` when `gap ≥ 7`, where `gap` is the
/// number of sections skipped since the last one of the document (for the first, its
/// number). Frequent words have small impacts and hit neighbouring sections, so most
/// documents and sections take one or two characters.
pub(crate) fn push_postings(out: &mut String, list: &[u32]) {
    let mut rest = list;
    while let [delta, impact, n, more @ ..] = rest {
        push(out, u64::from(*delta));
        push_packed(out, u64::from(*impact), u64::from(*n));
        let (sections, after) = more.split_at((2 * *n as usize).min(more.len()));
        let mut next = 0u64;
        for pair in sections.chunks_exact(2) {
            let section = u64::from(pair[0]);
            push_packed(out, u64::from(pair[1]), section.saturating_sub(next));
            next = section + 1;
        }
        rest = after;
    }
}

/// Appends `big·8 + min(small, 7)`, then `small − 7` when `small ≥ 7`.
fn push_packed(out: &mut String, big: u64, small: u64) {
    push(out, big * PACK + small.min(PACK - 1));
    if small >= PACK - 1 {
        push(out, small - (PACK - 1));
    }
}

/// The flat postings of a string [`push_postings`] wrote; `None` when it is not one.
pub(crate) fn read_postings(s: &str) -> Option<Vec<u64>> {
    let packed = read(s)?;
    let mut out = Vec::with_capacity(packed.len() * 2);
    let mut it = packed.into_iter();
    let unpack = |it: &mut std::vec::IntoIter<u64>| -> Option<(u64, u64)> {
        let v = it.next()?;
        let mut small = v % PACK;
        if small == PACK - 1 {
            small = small.checked_add(it.next()?)?;
        }
        Some((v / PACK, small))
    };
    while let Some(delta) = it.next() {
        let (impact, n) = unpack(&mut it)?;
        out.extend([delta, impact, n]);
        let mut next = 0u64;
        for _ in 0..n {
            let (simp, gap) = unpack(&mut it)?;
            let section = next.checked_add(gap)?;
            out.extend([section, simp]);
            next = section + 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_and_small_ones_take_one_character() {
        let list = [
            0u64,
            1,
            31,
            32,
            56,
            57,
            1023,
            1024,
            1937,
            1938,
            70_000,
            u64::from(u32::MAX),
        ];
        let mut s = String::new();
        for &n in &list {
            push(&mut s, n);
        }
        assert_eq!(read(&s).unwrap(), list);
        let mut one = String::new();
        push(&mut one, 56);
        assert_eq!(one, "[");
        let mut two = String::new();
        push(&mut two, 57);
        assert_eq!(two, "^#");
        let mut three = String::new();
        push(&mut three, 57 * 34);
        assert_eq!(three, "^]#");
        assert!(!s.contains('"') && !s.contains('\\'));
    }

    #[test]
    fn postings_read_back_with_many_sections_and_high_section_numbers() {
        let mut list = vec![3u32, 120, 2, 0, 40, 16, 7, 1, 1, 0, 5, 2000, 16];
        for s in 0..16 {
            list.extend([s * 2, s + 1]);
        }
        let mut s = String::new();
        push_postings(&mut s, &list);
        let back: Vec<u32> = read_postings(&s)
            .unwrap()
            .into_iter()
            .map(|n| n as u32)
            .collect();
        assert_eq!(back, list);
        // A document with impact 1 and no sections takes two characters.
        let mut one = String::new();
        push_postings(&mut one, &[1, 1, 0]);
        assert_eq!(one.len(), 2);
    }

    #[test]
    fn bad_strings_are_refused() {
        assert_eq!(read("^"), None, "ends inside a number");
        assert_eq!(read("1\"2"), None);
        assert_eq!(read(""), Some(vec![]));
    }
}
