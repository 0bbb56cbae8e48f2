//! `rust-version` in Cargo.toml stays true: no locked dependency needs a newer Rust.

use std::process::Command;

/// A version such as `1.91` or `1.88.0` as comparable numbers.
fn numbers(version: &str) -> Vec<u32> {
    version.split('.').map(|n| n.parse().unwrap_or(0)).collect()
}

#[test]
fn rust_version_is_the_highest_any_locked_dependency_needs() {
    let metadata = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let used: std::collections::HashSet<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    let mut ours = None;
    let mut highest: Option<(Vec<u32>, String)> = None;
    for package in metadata["packages"].as_array().unwrap() {
        let Some(version) = package["rust_version"].as_str() else {
            continue;
        };
        if package["name"] == "ladder" {
            ours = Some(numbers(version));
        } else if used.contains(package["id"].as_str().unwrap()) {
            let needs = numbers(version);
            if highest.as_ref().is_none_or(|(h, _)| needs > *h) {
                highest = Some((
                    needs,
                    format!("{} {} needs {version}", package["name"], package["version"]),
                ));
            }
        }
    }
    let ours = ours.expect("Cargo.toml states a rust-version");
    let (needs, who) = highest.expect("dependencies state their rust-version");
    let trim = |v: &[u32]| v.iter().rev().skip_while(|&&n| n == 0).count();
    assert_eq!(
        &ours[..trim(&ours)],
        &needs[..trim(&needs)],
        "Cargo.toml's rust-version should be the highest a locked dependency needs: {who}"
    );
}
