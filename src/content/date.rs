//! Dates as Hugo, Zola, Jekyll and Obsidian write them: a calendar date, or a date and a
//! time with or without an offset. Each is kept as an instant (for ordering), with the
//! calendar date and the offset as written (for pages, and for the feed and sitemap).

use std::cmp::Ordering;
use std::fmt::Write as _;

/// The forms a date may take, as `invalid-date` lists them.
pub const ACCEPTED_FORMS: &str = "YYYY-MM-DD; YYYY-MM-DDTHH:MM[:SS[.fff]] followed by Z, ±HH:MM or nothing (UTC); YYYY-MM-DD HH:MM:SS ±HHMM (Jekyll); or a TOML date or date-time";

/// A date, or a date and time, read from front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    /// Seconds since 1970-01-01T00:00:00Z.
    instant: i64,
    /// The calendar date as written, `YYYY-MM-DD`: what a page shows.
    day: String,
    /// `HH:MM:SS[.fff]` as written (seconds added when left out); `None` for a date alone.
    time: Option<String>,
    /// Minutes east of UTC; 0 when written `Z` or not written.
    offset: i32,
}

impl Date {
    /// Reads `text` in one of the [`ACCEPTED_FORMS`]; `None` when it is none of them or no
    /// real date (`2023-02-29`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let day = text.get(..10)?;
        if !is_valid_date(day) {
            return None;
        }
        let rest = &text[10..];
        let mut date = Date {
            instant: days_from_civil(day) * 86_400,
            day: day.to_string(),
            time: None,
            offset: 0,
        };
        if rest.is_empty() {
            return Some(date);
        }
        let rest = rest
            .strip_prefix(['T', 't', ' '])
            .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))?;
        let (clock, zone) = rest.split_at(
            rest.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
                .unwrap_or(rest.len()),
        );
        let (seconds, written) = clock_seconds(clock)?;
        date.offset = offset_minutes(zone.trim_start_matches(' '))?;
        date.instant += seconds - i64::from(date.offset) * 60;
        date.time = Some(written);
        Some(date)
    }

    /// The calendar date as written, `YYYY-MM-DD`.
    pub fn day(&self) -> &str {
        &self.day
    }

    /// The date as RFC 3339 with its offset, as Atom wants it; a date alone is midnight UTC.
    pub fn rfc3339(&self) -> String {
        let mut out = format!(
            "{}T{}",
            self.day,
            self.time.as_deref().unwrap_or("00:00:00")
        );
        if self.offset == 0 {
            out.push('Z');
        } else {
            let sign = if self.offset < 0 { '-' } else { '+' };
            let minutes = self.offset.unsigned_abs();
            let _ = write!(out, "{sign}{:02}:{:02}", minutes / 60, minutes % 60);
        }
        out
    }

    /// The date for a sitemap's `lastmod` (W3C datetime): a date alone as written, else
    /// as [`Date::rfc3339`].
    pub fn w3c(&self) -> String {
        match self.time {
            None => self.day.clone(),
            Some(_) => self.rfc3339(),
        }
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Date) -> Ordering {
        // The instant orders; the rest only keeps the order total and consistent with `Eq`.
        (self.instant, &self.time, self.offset, &self.day).cmp(&(
            other.instant,
            &other.time,
            other.offset,
            &other.day,
        ))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Date) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` → seconds into the day and `HH:MM:SS[.fff]`.
fn clock_seconds(clock: &str) -> Option<(i64, String)> {
    let (main, fraction) = match clock.split_once('.') {
        Some((main, fraction)) => (main, Some(fraction)),
        None => (clock, None),
    };
    let parts: Vec<&str> = main.split(':').collect();
    let number = |s: &str, max: i64| {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (h, m, s) = match parts[..] {
        [h, m] if fraction.is_none() => (number(h, 23)?, number(m, 59)?, 0),
        [h, m, s] => (number(h, 23)?, number(m, 59)?, number(s, 59)?),
        _ => return None,
    };
    let mut written = format!("{h:02}:{m:02}:{s:02}");
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        written.push('.');
        written.push_str(f);
    }
    Some((h * 3600 + m * 60 + s, written))
}

/// `Z`, nothing (UTC), `±HH:MM` or `±HHMM` → minutes east of UTC.
fn offset_minutes(zone: &str) -> Option<i32> {
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match zone.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|&c| c != ':').collect();
    let shape_ok = matches!(zone.len(), 5 | 6)
        && digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (zone.len() == 5 || zone.as_bytes()[3] == b':');
    if !shape_ok {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 60 + minutes))
}

/// Days from 1970-01-01 to a valid `YYYY-MM-DD` (Howard Hinnant's `days_from_civil`).
fn days_from_civil(day: &str) -> i64 {
    let y: i64 = day[..4].parse().unwrap_or(1970);
    let m: i64 = day[5..7].parse().unwrap_or(1);
    let d: i64 = day[8..10].parse().unwrap_or(1);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `text` is a real calendar date written YYYY-MM-DD.
pub fn is_valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    if !b
        .iter()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(text: &str) -> String {
        Date::parse(text).map(|d| d.rfc3339()).unwrap_or_default()
    }

    #[test]
    fn every_form_reads_with_its_offset() {
        assert_eq!(feed("2024-05-17"), "2024-05-17T00:00:00Z");
        assert_eq!(
            feed("2025-02-03T10:00:00+01:00"),
            "2025-02-03T10:00:00+01:00"
        );
        assert_eq!(feed("2025-02-03T10:00"), "2025-02-03T10:00:00Z");
        assert_eq!(feed("2025-02-03T10:00:05.250Z"), "2025-02-03T10:00:05.250Z");
        assert_eq!(
            feed("2025-02-03 10:00:00 +0100"),
            "2025-02-03T10:00:00+01:00"
        );
        assert_eq!(
            feed("2025-02-03 10:00:00 -0530"),
            "2025-02-03T10:00:00-05:30"
        );
        assert_eq!(feed("2025-02-03 10:00:00"), "2025-02-03T10:00:00Z");
        assert_eq!(Date::parse("2025-02-03").unwrap().w3c(), "2025-02-03");
    }

    #[test]
    fn non_dates_are_refused() {
        for text in [
            "2023-02-29",
            "2024-13-01",
            "24-01-01",
            "2024-1-01",
            "2025-02-03T25:00",
            "2025-02-03T10:00+1",
            "2025-02-03T10",
            "2025-02-03Tx",
            "2025-02-03T10:00:00.Z",
            "2025-02-03 10:00:00 +01:00:00",
            "soon",
            "２０２４-01-01",
        ] {
            assert!(Date::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn instants_order_across_offsets_and_keep_their_day() {
        let late = Date::parse("2025-02-03T23:30:00-05:00").unwrap();
        let early = Date::parse("2025-02-04T01:00:00Z").unwrap();
        // 04:30 UTC on the 4th, though written on the 3rd.
        assert!(late > early);
        assert_eq!(late.day(), "2025-02-03");
        assert!(Date::parse("2025-02-03").unwrap() < Date::parse("2025-02-03T00:00:01Z").unwrap());
        assert!(Date::parse("1969-12-31").unwrap() < Date::parse("1970-01-01").unwrap());
    }
}
