//! The `## Unconfirmed` and `## Deviations from AWS` lists in `docs/` stay in step with the
//! code: every file with such a comment is listed, and every file a list names exists.

// Helpers panic on a broken checkout, like the tests that call them.
#![allow(clippy::expect_used)]

use std::fs;

use conventions::{repo_root, rust_files};

/// The comment markers the lists gather (docs/README.md).
const MARKERS: [&str; 2] = ["// Unconfirmed:", "// Deviation from AWS:"];

/// The text of every document in `docs/`.
fn docs_text() -> String {
    let dir = repo_root().join("docs");
    let mut text = String::new();
    for entry in fs::read_dir(&dir).expect("docs/ exists").flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            text.push_str(&fs::read_to_string(entry.path()).expect("a readable doc"));
        }
    }
    text
}

#[test]
fn every_file_with_an_unconfirmed_or_deviation_comment_is_listed_in_docs() {
    let docs = docs_text();
    let unlisted: Vec<String> = rust_files()
        .into_iter()
        // The checker's own crate mentions the markers as data.
        .filter(|file| !file.relative.starts_with("crates/conventions/"))
        .filter(|file| MARKERS.iter().any(|marker| file.text.contains(marker)))
        .filter(|file| !docs.contains(&format!("`{}`", file.relative)))
        .map(|file| file.relative)
        .collect();
    assert!(
        unlisted.is_empty(),
        "these files decide something AWS does not document (or differ from AWS) but no list in docs/ names them; add a line to the `## Unconfirmed` or `## Deviations from AWS` list of the doc they belong to:\n{}",
        unlisted.join("\n")
    );
}

#[test]
fn every_file_a_docs_list_names_exists() {
    let root = repo_root();
    let docs = docs_text();
    let missing: Vec<&str> = docs
        .split('`')
        .filter(|quoted| quoted.starts_with("crates/") && quoted.ends_with(".rs"))
        .filter(|path| !root.join(path).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "docs/ names files that do not exist (moved or renamed?); update the lines:\n{}",
        missing.join("\n")
    );
}
