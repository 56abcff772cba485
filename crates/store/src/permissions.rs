//! The state is private to its owner: the directory 0700, the database, SQLite's side
//! files and the upgrade backups 0600, because the database holds the built-in issuer's
//! private key (anyone who reads it can mint tokens every authorizer trusts).
//!
//! New files are created with their private mode (never widened then narrowed); files an
//! earlier gantry left wider are tightened when the state is opened, and what was
//! tightened is returned so the caller can say so. This module does not decide what a
//! file holds, only who may read it; an empty or unreadable database is refused here
//! because SQLite would silently treat an empty file as a new, empty state.

use std::fs::{self, DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Mode of the state directory.
pub(crate) const DIR_MODE: u32 = 0o700;
/// Mode of every file in it.
pub(crate) const FILE_MODE: u32 = 0o600;

/// A file or directory whose mode was narrowed when the state was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tightened {
    /// The file or directory.
    pub path: PathBuf,
    /// Its permission bits before (e.g. `0o644`).
    pub was: u32,
    /// Its permission bits now (`0o700` or `0o600`).
    pub now: u32,
}

/// Creates `dir` (and its parents) 0700, or tightens an existing one.
pub(crate) fn private_dir(dir: &Path, tightened: &mut Vec<Tightened>) -> Result<()> {
    let dir_error = |source| Error::StateDir {
        path: dir.to_owned(),
        source,
    };
    // Fails on an existing file that is not a directory; the mode applies only to the
    // directories it creates.
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(dir_error)?;
    tighten(dir, DIR_MODE, tightened)
}

/// Makes sure the database file at `path` is one SQLite may open: a new file is created
/// empty with mode 0600 (SQLite writes the schema into it); an existing one must be
/// readable and not empty, and is tightened to 0600. Side files left by an earlier run
/// (`-wal`, `-shm`, `-journal`) and upgrade backups beside it are tightened too.
pub(crate) fn private_database(path: &Path, tightened: &mut Vec<Tightened>) -> Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(FILE_MODE)
                .open(path)
                .map_err(|source| Error::Unreadable {
                    path: path.to_owned(),
                    source,
                })?;
        }
        Err(source) => {
            return Err(Error::Unreadable {
                path: path.to_owned(),
                source,
            });
        }
        Ok(metadata) => {
            // Opening for reading proves it is readable (and not a directory's contents).
            fs::File::open(path).map_err(|source| Error::Unreadable {
                path: path.to_owned(),
                source,
            })?;
            if metadata.is_dir() {
                return Err(Error::NotADatabase {
                    path: path.to_owned(),
                });
            }
            // SQLite treats a 0-byte file as a new database: an empty state file is a
            // truncated or clobbered one, and replacing it would lose the issuer key.
            if metadata.len() == 0 {
                return Err(Error::EmptyDatabase {
                    path: path.to_owned(),
                });
            }
            tighten(path, FILE_MODE, tightened)?;
        }
    }
    for side in siblings(path) {
        tighten(&side, FILE_MODE, tightened)?;
    }
    Ok(())
}

/// Creates the empty file `path` with mode 0600, for SQLite to write a copy into
/// (`VACUUM INTO` accepts an empty file). An existing file is removed first.
pub(crate) fn private_new_file(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
        .map(drop)
}

/// SQLite's side files of `path` and the upgrade backups beside it, those that exist.
fn siblings(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let backup_prefix = format!("{stem}.schema-");
    let mut found: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            ["-wal", "-shm", "-journal"]
                .iter()
                .any(|suffix| entry_name == format!("{name}{suffix}"))
                || (entry_name.starts_with(&backup_prefix) && entry_name.ends_with(".db"))
        })
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

/// Narrows `path` to `mode` if any group or other bit is set (a narrower mode the owner
/// chose, such as 0400, is left alone).
fn tighten(path: &Path, mode: u32, tightened: &mut Vec<Tightened>) -> Result<()> {
    let permission_error = |source| Error::Permissions {
        path: path.to_owned(),
        mode,
        source,
    };
    // Follows a symlink, as `set_permissions` does: the mode that matters is the file's.
    let metadata = fs::metadata(path).map_err(permission_error)?;
    let was = metadata.permissions().mode() & 0o7777;
    if was & 0o077 == 0 {
        return Ok(());
    }
    let now = was & !0o077;
    fs::set_permissions(path, fs::Permissions::from_mode(now)).map_err(permission_error)?;
    tightened.push(Tightened {
        path: path.to_owned(),
        was,
        now,
    });
    Ok(())
}
