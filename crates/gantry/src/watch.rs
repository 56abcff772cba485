//! Watching files for `gantry up`'s hot reload: which folders to hand the operating
//! system's watcher (`notify`, inotify on Linux), and the changed paths it reports, as
//! bursts (one burst per reload).
//!
//! What it does not do: decide what a change means (the reload does), or poll. A file is
//! watched through its folder (editors save by writing a new file and renaming it over
//! the old one, which a watch on the file itself would lose); a code folder recursively.

mod ignore;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::mpsc;

use crate::console;

/// How long a path must be quiet before the watcher reports it.
const SETTLE: Duration = Duration::from_millis(50);
/// How long no new change may arrive before a burst is complete: an editor's
/// save-as-rename, a `cdk synth` or a build writing many files is one burst. With
/// [`SETTLE`] and the watcher's tick (a quarter of it) a change reaches a reload within
/// ~250 ms, well inside the 1 s the dev loop promises.
const QUIET: Duration = Duration::from_millis(150);

/// What to watch: files (through their folders) and folders (recursively).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Targets {
    pub(crate) files: BTreeSet<PathBuf>,
    pub(crate) dirs: BTreeSet<PathBuf>,
}

/// The watcher and the folders it watches.
pub(crate) struct Watch {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    roots: BTreeMap<PathBuf, RecursiveMode>,
    ignore: ignore::Ignore,
    /// Paths already warned about, so a warning is printed once, not per reload.
    warned: BTreeSet<PathBuf>,
}

/// The changes the watcher reports, in bursts.
pub(crate) struct Changes {
    events: mpsc::UnboundedReceiver<DebounceEventResult>,
}

impl Watch {
    /// Starts the watcher; nothing is watched until [`Watch::sync`]. Paths under
    /// `state_dir` are never reported.
    pub(crate) fn start(state_dir: &Path) -> anyhow::Result<(Watch, Changes)> {
        let (sender, events) = mpsc::unbounded_channel();
        let debouncer = new_debouncer(SETTLE, None, move |result: DebounceEventResult| {
            let _ = sender.send(result);
        })
        .map_err(|e| {
            anyhow::anyhow!("cannot watch files for changes: {e}; run with --no-watch to serve without hot reload")
        })?;
        let watch = Watch {
            debouncer,
            roots: BTreeMap::new(),
            ignore: ignore::Ignore::new(state_dir),
            warned: BTreeSet::new(),
        };
        Ok((watch, Changes { events }))
    }

    /// Watches what `targets` needs and stops watching what it no longer does. Roots in
    /// `touched` (removed or replaced since) are watched again: the system drops the
    /// watch of a removed folder. A missing folder is watched through its parent, so
    /// that its re-creation is seen. What cannot be watched is a warning; serving goes on.
    pub(crate) fn sync(&mut self, targets: &Targets, touched: &BTreeSet<PathBuf>) {
        let wanted = roots(targets);
        let stale: Vec<PathBuf> = (self.roots.iter())
            .filter(|(path, mode)| wanted.get(*path) != Some(mode) || touched.contains(*path))
            .map(|(path, _)| path.clone())
            .collect();
        for path in stale {
            self.roots.remove(&path);
            let _ = self.debouncer.unwatch(&path);
        }
        for (path, mode) in wanted {
            if self.roots.contains_key(&path) {
                continue;
            }
            match self.debouncer.watch(&path, mode) {
                Ok(()) => {
                    self.warned.remove(&path);
                    self.roots.insert(path, mode);
                }
                Err(error) => self.warn(&path, &error),
            }
        }
    }

    fn warn(&mut self, path: &Path, error: &notify::Error) {
        if !self.warned.insert(path.to_owned()) {
            return;
        }
        let what = match &error.kind {
            notify::ErrorKind::MaxFilesWatch => "the system's limit of inotify watches is reached; raise it (e.g. `sudo sysctl fs.inotify.max_user_watches=524288`) or keep large folders (node_modules) out of the code folders".to_owned(),
            notify::ErrorKind::PathNotFound => "it does not exist (any more)".to_owned(),
            other => format!("{other:?}"),
        };
        console::warning(&format!(
            "cannot watch {} for changes: {what}. Changes to it are not reloaded until the next reload watches it again (or restart gantry)",
            path.display()
        ));
    }

    /// Whether a reported path is one gantry ignores (its state, `.git`, editor files).
    pub(crate) fn ignores(&self, path: &Path) -> bool {
        self.ignore.ignores(path)
    }
}

impl Changes {
    /// The next burst of changed paths: waits for a change, then until none has arrived
    /// for [`QUIET`]. `None` when the watcher has stopped. Errors the watcher reports are
    /// printed as warnings.
    pub(crate) async fn next_burst(&mut self, watch: &Watch) -> Option<BTreeSet<PathBuf>> {
        let mut paths = BTreeSet::new();
        loop {
            let result = if paths.is_empty() {
                self.events.recv().await?
            } else {
                match tokio::time::timeout(QUIET, self.events.recv()).await {
                    Ok(Some(result)) => result,
                    Ok(None) | Err(_) => return Some(paths),
                }
            };
            match result {
                Ok(events) => {
                    let changed = events
                        .into_iter()
                        .filter(|event| is_change(event.kind))
                        .flat_map(|event| event.event.paths)
                        .filter(|path| !watch.ignores(path));
                    paths.extend(changed);
                }
                Err(errors) => {
                    for error in errors {
                        console::warning(&format!(
                            "watching files: {error}; a change may be missed: save the file again, or restart gantry"
                        ));
                    }
                }
            }
        }
    }
}

/// A change to content or names; reads and opens are not.
fn is_change(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
}

/// The folders to watch: each folder recursively, and each file's folder (or a missing
/// folder's parent) on its own; nothing inside a folder already watched recursively.
fn roots(targets: &Targets) -> BTreeMap<PathBuf, RecursiveMode> {
    let mut recursive: Vec<PathBuf> = Vec::new();
    let mut flat: BTreeSet<PathBuf> = BTreeSet::new();
    for dir in &targets.dirs {
        if dir.is_dir() {
            recursive.push(dir.clone());
        } else if let Some(parent) = dir.parent() {
            // A zip file, or a folder to come back (a build's output).
            flat.insert(parent.to_owned());
        }
    }
    for file in &targets.files {
        if let Some(parent) = file.parent() {
            flat.insert(parent.to_owned());
        }
    }
    recursive.sort();
    let mut roots = BTreeMap::new();
    for dir in recursive {
        if !roots.keys().any(|root: &PathBuf| dir.starts_with(root)) {
            roots.insert(dir, RecursiveMode::Recursive);
        }
    }
    for dir in flat {
        if !roots.keys().any(|root: &PathBuf| dir.starts_with(root)) && dir.is_dir() {
            roots.insert(dir, RecursiveMode::NonRecursive);
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real watcher: a file saved by rename and a code folder created after the
    /// start (watched through its parent) are both reported; the state folder is not.
    #[tokio::test]
    async fn a_renamed_file_and_a_folder_created_later_are_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let (template, code, state) = (
            root.join("template.yaml"),
            root.join("dist"),
            root.join(".gantry"),
        );
        std::fs::write(&template, "a").expect("template");
        std::fs::create_dir_all(&state).expect("state");
        let (mut watch, mut changes) = Watch::start(&state).expect("watcher");
        let targets = Targets {
            files: [template.clone()].into(),
            dirs: [code.clone()].into(),
        };
        watch.sync(&targets, &BTreeSet::new());
        std::fs::write(state.join("state.db"), "x").expect("state written");
        std::fs::write(root.join("template.yaml.new"), "b").expect("new file");
        std::fs::rename(root.join("template.yaml.new"), &template).expect("rename");
        std::fs::create_dir_all(&code).expect("code folder");
        let mut seen = BTreeSet::new();
        while !(seen.contains(&template) && seen.contains(&code)) {
            let burst = changes.next_burst(&watch).await.expect("a burst");
            assert!(burst.iter().all(|p| !p.starts_with(&state)), "{burst:?}");
            seen.extend(burst);
        }
        // Now that it exists, the folder itself is watched, recursively.
        watch.sync(&targets, &seen);
        assert_eq!(watch.roots.get(&code), Some(&RecursiveMode::Recursive));
    }

    #[test]
    fn a_folder_inside_a_recursive_root_is_not_watched_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let code = dir.path().join("src");
        std::fs::create_dir_all(code.join("lib")).expect("folders");
        let targets = Targets {
            files: [dir.path().join("template.yaml"), code.join("lib/x.json")].into(),
            dirs: [code.clone(), code.join("lib"), dir.path().join("gone")].into(),
        };
        let roots = roots(&targets);
        assert_eq!(
            roots,
            BTreeMap::from([
                (dir.path().to_owned(), RecursiveMode::NonRecursive),
                (code, RecursiveMode::Recursive),
            ])
        );
    }
}
