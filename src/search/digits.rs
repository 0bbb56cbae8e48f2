//! Lists of numbers written as one string of base-32 digits, a character per five bits:
//! about half the bytes of a JSON list of integers for the small numbers postings and
//! phrase shards hold (differences of document numbers, impacts, section numbers).
//!
//! A number is written most significant digit first; every digit but the last is a
//! character of `]` to `|` (0x5D + digit), the last one a character of `#` to `B`
//! (0x23 + digit). Neither range holds `"` or `\`, so the string needs no escapes in
//! JSON. `search.js` reads it the same way (`digits`).

/// The first character of a number's last digit.
const LAST: u8 = 0x23;
/// The first character of any other digit.
const MORE: u8 = 0x5D;

/// Appends `n` to `out`.
pub(crate) fn push(out: &mut String, n: u64) {
    let mut buf = [0u8; 13];
    let mut i = buf.len() - 1;
    buf[i] = LAST + (n & 31) as u8;
    let mut rest = n >> 5;
    while rest > 0 {
        i -= 1;
        buf[i] = MORE + (rest & 31) as u8;
        rest >>= 5;
    }
    // Every byte is ASCII.
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// The numbers of a string [`push`] wrote; `None` when a character is not a digit or
/// the string ends inside a number.
pub(crate) fn read(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::with_capacity(s.len());
    let mut n: u64 = 0;
    let mut open = false;
    for b in s.bytes() {
        if (MORE..MORE + 32).contains(&b) {
            n = n.checked_mul(32)? + u64::from(b - MORE);
            open = true;
        } else if (LAST..LAST + 32).contains(&b) {
            out.push(n.checked_mul(32)? + u64::from(b - LAST));
            n = 0;
            open = false;
        } else {
            return None;
        }
    }
    (!open).then_some(out)
}

/// Numbers below this share a digit string with another number in postings.
const PACK: u64 = 16;

/// Appends a stem's flat postings (for each document `Δdoc, impact, n` and `n` pairs
/// `section, section impact`, as `score::postings` makes them) to `out`, each pair of a
/// number and a small one packed in one: `Δdoc`, then `impact·16 + min(n, 15)`, then
/// `n − 15` when `n ≥ 15`; each section as `section impact·16 + min(section, 15)`, then
/// `section − 15` when `section ≥ 15`. Frequent words have impacts of one or two
/// digits, so most documents take two or three characters.
pub(crate) fn push_postings(out: &mut String, list: &[u32]) {
    let mut rest = list;
    while let [delta, impact, n, more @ ..] = rest {
        push(out, u64::from(*delta));
        push_packed(out, u64::from(*impact), u64::from(*n));
        let (sections, after) = more.split_at((2 * *n as usize).min(more.len()));
        for pair in sections.chunks_exact(2) {
            push_packed(out, u64::from(pair[1]), u64::from(pair[0]));
        }
        rest = after;
    }
}

/// Appends `big·16 + min(small, 15)`, then `small − 15` when `small ≥ 15`.
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
            small += it.next()?;
        }
        Some((v / PACK, small))
    };
    while let Some(delta) = it.next() {
        let (impact, n) = unpack(&mut it)?;
        out.extend([delta, impact, n]);
        for _ in 0..n {
            let (simp, section) = unpack(&mut it)?;
            out.extend([section, simp]);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_and_small_ones_take_one_character() {
        let list = [0u64, 1, 31, 32, 1023, 1024, 70_000, u64::from(u32::MAX)];
        let mut s = String::new();
        for &n in &list {
            push(&mut s, n);
        }
        assert_eq!(read(&s).unwrap(), list);
        let mut one = String::new();
        push(&mut one, 31);
        assert_eq!(one, "B");
        let mut two = String::new();
        push(&mut two, 32);
        assert_eq!(two, "^#");
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
