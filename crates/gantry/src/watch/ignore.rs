//! Paths a change of which never reloads: gantry's own state (its database and the
//! functions' work folders are written while serving), version control, tool caches
//! and editors' temporary files.

use std::path::{Component, Path, PathBuf};

/// Folders (by name) whose contents are never a change worth a reload.
const IGNORED_DIRS: &[&str] = &[".gantry", ".git"];

pub(super) struct Ignore {
    state_dir: Option<PathBuf>,
}

impl Ignore {
    pub(super) fn new(state_dir: &Path) -> Self {
        Ignore {
            state_dir: std::fs::canonicalize(state_dir).ok(),
        }
    }

    pub(super) fn ignores(&self, path: &Path) -> bool {
        if self.state_dir.as_ref().is_some_and(|s| path.starts_with(s)) {
            return true;
        }
        let names: Vec<&str> = (path.components())
            .filter_map(|c| match c {
                Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect();
        let in_ignored_dir = names.iter().any(|name| IGNORED_DIRS.contains(name))
            || names.windows(2).any(|w| w == ["node_modules", ".cache"]);
        in_ignored_dir || names.last().is_some_and(|name| is_editor_temp_file(name))
    }
}

/// vim's swap files and its `4913` write probe, Emacs's lock and backup files (`.#x`,
/// `x~`).
fn is_editor_temp_file(name: &str) -> bool {
    name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_version_control_caches_and_editor_files_are_ignored() {
        let state = tempfile::tempdir().expect("temp dir");
        let ignore = Ignore::new(state.path());
        let canonical = std::fs::canonicalize(state.path()).expect("canonical");
        for ignored in [
            canonical.join("state.db"),
            PathBuf::from("/p/.git/index"),
            PathBuf::from("/p/.gantry/functions/x"),
            PathBuf::from("/p/src/node_modules/.cache/babel/x.json"),
            PathBuf::from("/p/src/.index.js.swp"),
            PathBuf::from("/p/src/4913"),
            PathBuf::from("/p/src/index.js~"),
            PathBuf::from("/p/src/.#index.js"),
        ] {
            assert!(ignore.ignores(&ignored), "{}", ignored.display());
        }
        for kept in [
            "/p/template.yaml",
            "/p/src/index.js",
            "/p/src/node_modules/x/index.js",
        ] {
            assert!(!ignore.ignores(Path::new(kept)), "{kept}");
        }
    }
}
