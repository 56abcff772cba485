//! Shared helpers for the repository-wide convention tests in `tests/`: where the
//! repository is, which Rust files it holds, and their code with comments and literals
//! blanked out.
//!
//! The tests themselves live in `tests/`: `docs_citations.rs` (every section citation
//! names a section of `docs/`), `file_size.rs` (no oversized `.rs` file) and
//! `module_cycles.rs` (no dependency cycle between a crate's top-level modules).
//!
//! This crate depends on no other crate of the workspace, so `cargo test -p conventions`
//! builds even while the others are being refactored.

mod code;

use std::fs;
use std::path::{Path, PathBuf};

pub use code::{cfg_test_modules, code_only, inline_mod_scopes, line_of, use_paths};

/// The top-level directories whose `.rs` files the conventions cover.
pub const SCANNED_DIRS: [&str; 4] = ["crates", "bench", "fixtures", "fuzz"];

/// One Rust source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path on disk.
    pub path: PathBuf,
    /// The path relative to the directory it was found from, with `/` separators
    /// (`crates/apigw/src/lib.rs` for [`rust_files`]); used in failure messages.
    pub relative: String,
    /// The file's text (invalid UTF-8 replaced).
    pub text: String,
}

/// The repository root: two levels above this crate's manifest directory.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    match manifest_dir.parent().and_then(Path::parent) {
        Some(root) => root.to_path_buf(),
        None => panic!("{} has no grandparent directory", manifest_dir.display()),
    }
}

/// Every `.rs` file of the repository under [`SCANNED_DIRS`], sorted by path; `target`
/// directories are skipped.
pub fn rust_files() -> Vec<SourceFile> {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in SCANNED_DIRS {
        files.extend(rust_files_under(&root, &root.join(dir)));
    }
    files
}

/// Every `.rs` file under `dir` (recursively, skipping `target` and hidden directories),
/// sorted by path, with [`SourceFile::relative`] taken from `base`. A missing `dir`
/// yields nothing.
pub fn rust_files_under(base: &Path, dir: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    collect_rs(dir, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path)
                .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
            let relative = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            SourceFile {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                relative,
                path,
            }
        })
        .collect()
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                collect_rs(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_is_found() {
        assert!(repo_root().join("Cargo.toml").is_file());
        assert!(
            rust_files()
                .iter()
                .any(|f| f.relative == "crates/conventions/src/lib.rs")
        );
    }
}
