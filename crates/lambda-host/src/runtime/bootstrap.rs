//! gantry's own Node.js and Python runtime bootstraps, shipped inside the binary and
//! written into the work directory when a host starts.
//!
//! Each is a single stdlib-only file that loads the handler the way AWS's runtime clients
//! do and reports errors in their JSON shapes. It talks to the platform over the
//! bootstrap channel when one is offered (`runtime_api::channel`), else over the HTTP
//! Runtime API; a handler cannot tell which.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The Node.js bootstrap (CommonJS, Node 18+): one file, so that it adds no module a
/// handler could see; its channel part comes first because it holds only definitions.
const NODE_BOOTSTRAP: &str = concat!(
    include_str!("bootstrap/node_channel.cjs"),
    include_str!("bootstrap/node.cjs")
);
/// The Python bootstrap (Python 3.9+), one file like the Node.js one.
const PYTHON_BOOTSTRAP: &str = concat!(
    include_str!("bootstrap/python_channel.py"),
    include_str!("bootstrap/python.py")
);

/// The directory, next to the bootstraps' own, where environments listen for their
/// bootstrap's channel connection; the bootstraps compute the same path from
/// `LAMBDA_RUNTIME_DIR` (`<runtime dir>/../channels`).
const CHANNELS_DIR: &str = "channels";

/// Where the bootstraps were written; also the environments' `LAMBDA_RUNTIME_DIR`.
#[derive(Debug, Clone)]
pub(crate) struct Bootstraps {
    pub(crate) dir: PathBuf,
    pub(crate) node: PathBuf,
    pub(crate) python: PathBuf,
    /// Where the channel sockets go (see `runtime_api::channel`).
    pub(crate) channels: PathBuf,
}

impl Bootstraps {
    /// Writes both bootstraps under `work_dir/runtimes/<content hash>/`. The directory is
    /// named after the content so that hosts of different gantry versions sharing a work
    /// directory never overwrite each other's files; files are written to a temporary name
    /// and renamed, so a concurrently starting host never sees a half-written file.
    pub(crate) fn install(work_dir: &Path) -> Result<Self> {
        let runtimes = work_dir.join("runtimes");
        let dir = runtimes.join(content_hash());
        let channels = runtimes.join(CHANNELS_DIR);
        for created in [&dir, &channels] {
            std::fs::create_dir_all(created)
                .map_err(|err| Error::io(format!("creating {}", created.display()), err))?;
        }
        let node = dir.join("bootstrap.cjs");
        let python = dir.join("bootstrap.py");
        write_if_changed(&node, NODE_BOOTSTRAP)?;
        write_if_changed(&python, PYTHON_BOOTSTRAP)?;
        Ok(Bootstraps {
            dir,
            node,
            python,
            channels,
        })
    }
}

fn content_hash() -> String {
    let mut hasher = DefaultHasher::new();
    NODE_BOOTSTRAP.hash(&mut hasher);
    PYTHON_BOOTSTRAP.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn write_if_changed(path: &Path, content: &str) -> Result<()> {
    if std::fs::read(path).is_ok_and(|existing| existing == content.as_bytes()) {
        return Ok(());
    }
    let temporary = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
    let action = || format!("writing the runtime bootstrap {}", path.display());
    std::fs::write(&temporary, content).map_err(|err| Error::io(action(), err))?;
    std::fs::rename(&temporary, path).map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(action(), err)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_writes_both_bootstraps_and_is_idempotent() {
        let work = tempfile::tempdir().unwrap();
        let first = Bootstraps::install(work.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&first.node).unwrap(),
            NODE_BOOTSTRAP
        );
        assert_eq!(
            std::fs::read_to_string(&first.python).unwrap(),
            PYTHON_BOOTSTRAP
        );
        let second = Bootstraps::install(work.path()).unwrap();
        assert_eq!(first.dir, second.dir);
        let leftovers: Vec<_> = std::fs::read_dir(&first.dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "no temporary files left: {leftovers:?}");
    }
}
