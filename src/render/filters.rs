//! Tera filters the themes use.

/// Month names, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-03-02` → `2 March 2026`; anything else is left as it is.
pub(super) fn long_date(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().unwrap_or_default();
    let parts: Vec<&str> = text.split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) {
            if (1..=MONTHS.len()).contains(&m) {
                return Ok(tera::Value::String(format!("{d} {} {y}", MONTHS[m - 1])));
            }
        }
    }
    Ok(value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(text: &str) -> tera::Value {
        long_date(&tera::Value::String(text.into()), &Default::default()).unwrap()
    }

    #[test]
    fn long_date_spells_out_the_month_and_leaves_other_text_alone() {
        assert_eq!(long("2026-03-02"), "2 March 2026");
        assert_eq!(long("2026-12-31"), "31 December 2026");
        assert_eq!(long("2026-13-01"), "2026-13-01");
        assert_eq!(long("soon"), "soon");
    }
}
