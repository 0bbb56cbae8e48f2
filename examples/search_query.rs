//! Prints, as JSON, how the Rust side ranks queries on a built site's search index:
//! `cargo run --example search_query -- <built dir> <query>…` → `{"query": [urls…]}`.
//! A query written `text|kind=tip&topic=slug` is filtered (kinds and topics repeat) and
//! prints `{"hits": [urls…], "kinds": {kind: n}, "topics": {slug: n}}`; one written
//! `text|box` is ranked as the search box ranks it (its words read heads).
//! The browser tests compare this with what search.js ranks, so the two cannot drift.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

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
    let hit =
        |h: ladder::search::Hit| json!({"url": h.url, "score": h.score, "matched": h.matched});
    let mut out: BTreeMap<&str, Value> = BTreeMap::new();
    for q in queries {
        let value = match q.split_once('|') {
            None => Value::from_iter(ladder::search::query(&index, q).into_iter().map(hit)),
            Some((text, "box")) => {
                let hits = ladder::search::query_in(&index, text, ladder::search::Place::Box);
                Value::from_iter(hits.into_iter().map(hit))
            }
            Some((text, spec)) => {
                let mut filter = ladder::search::Filter::default();
                for pair in spec.split('&') {
                    match pair.split_once('=') {
                        Some(("kind", k)) => filter.kinds.push(k.to_string()),
                        Some(("topic", t)) => filter.topics.push(t.to_string()),
                        _ => {}
                    }
                }
                let (hits, counts) = ladder::search::query_filtered(&index, text, &filter);
                let named = |list: Vec<(String, usize)>| {
                    Value::Object(list.into_iter().map(|(k, n)| (k, json!(n))).collect())
                };
                json!({
                    "hits": Value::from_iter(hits.into_iter().map(hit)),
                    "kinds": named(counts.kinds),
                    "topics": named(counts.topics),
                })
            }
        };
        out.insert(q, value);
    }
    println!("{}", serde_json::to_string(&out).unwrap_or_default());
}
