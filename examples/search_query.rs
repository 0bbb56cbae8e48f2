//! Prints, as JSON, how the Rust side ranks queries on a built site's search index:
//! `cargo run --example search_query -- <built dir> <query>…` → `{"query": [urls…]}`.
//! The browser tests compare this with what search.js ranks, so the two cannot drift.

use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((dir, queries)) = args.split_first() else {
        eprintln!("usage: search_query <built dir> <query>…");
        std::process::exit(2);
    };
    let index = match ladder::search::Index::read(Path::new(dir)) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("cannot read the index: {e}");
            std::process::exit(2);
        }
    };
    let mut out: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
    for q in queries {
        let hits = ladder::search::query(&index, q)
            .into_iter()
            .map(|h| serde_json::json!({"url": h.url, "score": h.score, "matched": h.matched}))
            .collect();
        out.insert(q, hits);
    }
    println!("{}", serde_json::to_string(&out).unwrap_or_default());
}
