//! The front-matter parser on arbitrary bytes: decoding, splitting at `---` and checking
//! every field must never panic, and every position reported must lie in the file.

#![no_main]

use std::path::Path;

use ladder::content::{decode, front_matter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = Path::new("content/tips/fuzz.md");
    let text = match decode(data, file) {
        Ok(text) => text,
        Err(d) => {
            assert_eq!(d.file, file);
            return;
        }
    };
    // Decoding leaves only `\n` line ends.
    assert!(!text.contains('\r'));
    let lines = text.split('\n').count();
    let split = match front_matter::split(&text, file) {
        Ok(split) => split,
        Err(d) => {
            assert_eq!(d.line, Some(1));
            return;
        }
    };
    assert!(split.body_line == 1 || (split.body_line >= 3 && split.body_line <= lines + 1));
    let fallback = front_matter::FallbackTitle {
        title: "Fuzz".into(),
        origin: "its file name",
    };
    let (meta, problems) = front_matter::parse(split.front, split.format, file, &fallback);
    for d in &problems {
        if let Some(line) = d.line {
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {d}");
        }
    }
    if let Some(meta) = meta {
        for date in [&meta.date, &meta.updated].into_iter().flatten() {
            assert!(front_matter::is_valid_date(date.day()));
        }
    }
});
