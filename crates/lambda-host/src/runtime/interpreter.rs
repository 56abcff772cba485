//! Finding `node` and `python3` on the configured search path and learning their
//! versions, once per host.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;

use super::{Runtime, RuntimeFamily};
use crate::error::Error;

/// How long `--version` may take before the interpreter is declared unusable.
const VERSION_PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// An interpreter found on the search path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Interpreter {
    /// Absolute path of the executable.
    pub(crate) path: PathBuf,
    /// `major.minor.patch` as reported by `--version`.
    pub(crate) version: String,
    major: u32,
    minor: u32,
}

impl Interpreter {
    /// Whether this interpreter is the version the runtime names (Node: same major;
    /// Python: same 3.minor).
    pub(crate) fn matches(&self, runtime: Runtime) -> bool {
        match runtime {
            Runtime::Node { major } => self.major == major,
            Runtime::Python { minor } => self.major == 3 && self.minor == minor,
            Runtime::Provided(_) => true,
        }
    }
}

/// Why an interpreter cannot be used; cached, then turned into an [`Error`] naming the
/// runtime that needed it.
#[derive(Debug, Clone)]
enum Problem {
    NotFound,
    Unusable { path: PathBuf, reason: String },
}

type Probe = Result<Arc<Interpreter>, Problem>;

/// Interpreter lookups, cached for the host's lifetime.
#[derive(Debug)]
pub(crate) struct InterpreterCache {
    search_path: OsString,
    node: OnceCell<Probe>,
    python: OnceCell<Probe>,
}

impl InterpreterCache {
    pub(crate) fn new(search_path: OsString) -> Self {
        InterpreterCache {
            search_path,
            node: OnceCell::new(),
            python: OnceCell::new(),
        }
    }

    /// The interpreter for a managed runtime; `None` for custom runtimes.
    pub(crate) async fn for_runtime(
        &self,
        runtime: Runtime,
    ) -> Result<Option<Arc<Interpreter>>, Error> {
        let (cell, program) = match runtime.family() {
            RuntimeFamily::Node => (&self.node, "node"),
            RuntimeFamily::Python => (&self.python, "python3"),
            RuntimeFamily::Provided => return Ok(None),
        };
        let probe = cell
            .get_or_init(|| probe(self.search_path.clone(), program))
            .await;
        match probe {
            Ok(interpreter) => Ok(Some(Arc::clone(interpreter))),
            Err(Problem::NotFound) => Err(Error::InterpreterNotFound {
                runtime: runtime.to_string(),
                program,
                search_path: self.search_path.to_string_lossy().into_owned(),
                install_hint: install_hint(runtime),
            }),
            Err(Problem::Unusable { path, reason }) => Err(Error::InterpreterUnusable {
                interpreter: path.clone(),
                reason: reason.clone(),
            }),
        }
    }
}

fn install_hint(runtime: Runtime) -> String {
    match runtime {
        Runtime::Node { major } => format!("Node.js {major} (https://nodejs.org)"),
        Runtime::Python { minor } => format!("Python 3.{minor} (https://www.python.org)"),
        Runtime::Provided(_) => String::new(),
    }
}

async fn probe(search_path: OsString, program: &'static str) -> Probe {
    let path = find_on_path(&search_path, program).ok_or(Problem::NotFound)?;
    let unusable = |reason: String| Problem::Unusable {
        path: path.clone(),
        reason,
    };
    let output = tokio::process::Command::new(&path)
        .arg("--version")
        .env_clear()
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(VERSION_PROBE_TIMEOUT, output)
        .await
        .map_err(|_| unusable(format!("no answer within {VERSION_PROBE_TIMEOUT:?}")))?
        .map_err(|err| unusable(err.to_string()))?;
    if !output.status.success() {
        return Err(unusable(format!("exited with {}", output.status)));
    }
    // Python 3.3 and earlier printed the version on stderr; accept either stream.
    let text = [output.stdout, output.stderr].concat();
    let text = String::from_utf8_lossy(&text);
    let (version, major, minor) = parse_version(&text)
        .ok_or_else(|| unusable(format!("unrecognised version text {text:?}")))?;
    Ok(Arc::new(Interpreter {
        path,
        version,
        major,
        minor,
    }))
}

/// The first executable file named `program` in the PATH-style `search_path`.
pub(crate) fn find_on_path(search_path: &OsString, program: &str) -> Option<PathBuf> {
    std::env::split_paths(search_path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable_file(candidate))
}

fn is_executable_file(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Parses `v20.20.2` (Node) or `Python 3.11.7` (Python) into the version and its first two
/// numbers.
fn parse_version(text: &str) -> Option<(String, u32, u32)> {
    let word = text.split_whitespace().find(|word| {
        word.trim_start_matches('v')
            .starts_with(|c: char| c.is_ascii_digit())
    })?;
    let version = word.trim_start_matches('v');
    let mut numbers = version.split('.').map(|part| part.parse::<u32>());
    let major = numbers.next()?.ok()?;
    let minor = numbers.next().and_then(Result::ok).unwrap_or(0);
    Some((version.to_owned(), major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_node_and_python_version_text() {
        assert_eq!(
            parse_version("v20.20.2\n"),
            Some(("20.20.2".to_owned(), 20, 20))
        );
        assert_eq!(
            parse_version("Python 3.11.7\n"),
            Some(("3.11.7".to_owned(), 3, 11))
        );
        assert_eq!(parse_version("garbage"), None);
    }

    #[test]
    fn matching_is_by_node_major_and_python_minor() {
        let node = Interpreter {
            path: PathBuf::from("/usr/bin/node"),
            version: "20.1.0".into(),
            major: 20,
            minor: 1,
        };
        assert!(node.matches(Runtime::Node { major: 20 }));
        assert!(!node.matches(Runtime::Node { major: 22 }));
        let python = Interpreter {
            path: PathBuf::from("/usr/bin/python3"),
            version: "3.11.7".into(),
            major: 3,
            minor: 11,
        };
        assert!(python.matches(Runtime::Python { minor: 11 }));
        assert!(!python.matches(Runtime::Python { minor: 12 }));
    }

    #[test]
    fn find_on_path_skips_missing_dirs_and_non_executables() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::create_dir(&plain).unwrap();
        std::fs::write(plain.join("tool"), "not executable").unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::fs::write(bin.join("tool"), "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(bin.join("tool"), std::fs::Permissions::from_mode(0o755)).unwrap();
        let search =
            std::env::join_paths([dir.path().join("missing"), plain, bin.clone()]).unwrap();
        assert_eq!(find_on_path(&search, "tool"), Some(bin.join("tool")));
        assert_eq!(find_on_path(&search, "other"), None);
    }
}
