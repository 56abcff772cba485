//! gantry's state: what is deployed, persisted in SQLite under the state directory.
//!
//! This crate is where the control plane and the data plane meet. The deploy engine is
//! the only writer: it replaces a stack and all of its resources in one transaction, so a
//! reader never sees half a deployment. The data plane reads the typed resource models in
//! [`model`] and compiles them into what it serves.
//!
//! It deliberately knows nothing of CloudFormation syntax (intrinsics, templates) and
//! nothing of HTTP: resources are stored in AWS's own resource model, already resolved.

pub mod model;
mod permissions;
mod sqlite;
mod stack;
mod upgrade;

pub use permissions::Tightened;
pub use sqlite::{DATABASE_FILE, Store};
pub use stack::{ResourceRecord, StackOutput, StackRecord, StackStatus};
pub use upgrade::{FunctionV1, Upgrade, Upgraded};

/// What can go wrong reading or writing the state.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The state directory could not be created or opened.
    #[error("cannot use state directory {path}: {source}")]
    StateDir {
        /// The directory.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// SQLite failed (locked, corrupt, disk full, ...).
    #[error("state database {path}: {source}")]
    Database {
        /// The database file.
        path: std::path::PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The state file exists but is not an SQLite database.
    #[error(
        "{path} is not a gantry state database (SQLite says: file is not a database); move it away, or point --state-dir at another directory"
    )]
    NotADatabase {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The state file exists but is empty: SQLite would take it for a new database, and
    /// the state it held (stacks, the issuer key) would be silently replaced.
    #[error(
        "{path} is empty, not a gantry state database (was it truncated or overwritten?); gantry will not replace it. Move it away (gantry then starts a new state there), or point --state-dir at another directory"
    )]
    EmptyDatabase {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The state file exists but cannot be read.
    #[error(
        "cannot read the state database {path}: {source}; make it readable by this user, move it away, or point --state-dir at another directory"
    )]
    Unreadable {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A state file or directory is readable by others and could not be made private.
    #[error(
        "{path} is readable by other users and cannot be made private (mode {mode:o}): {source}; the state holds the issuer's private key. Fix its owner or mode, or point --state-dir at a directory of your own"
    )]
    Permissions {
        /// The file or directory.
        path: std::path::PathBuf,
        /// The mode gantry wanted.
        mode: u32,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A stored value could not be decoded: the database was written by an incompatible
    /// version of gantry or edited by hand.
    #[error(
        "state database {path}: stored {what} is unreadable ({source}); remove the state directory to start afresh"
    )]
    Corrupt {
        /// The database file.
        path: std::path::PathBuf,
        /// Which value.
        what: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// The database was written by an earlier gantry and was opened without an upgrade.
    #[error(
        "state database {path} was written by an earlier gantry (schema version {found}; this gantry uses {supported}); `gantry up` upgrades it in place, or use another --state-dir"
    )]
    OlderSchema {
        /// The database file.
        path: std::path::PathBuf,
        /// Version found in the file.
        found: i64,
        /// The version this build uses.
        supported: i64,
    },
    /// A stack of an earlier schema could not be upgraded; nothing was changed.
    #[error(
        "state database {path}: stack {stack:?} was deployed by an earlier gantry and its function {logical_id} cannot be upgraded ({reason}); the state is unchanged (a copy is at {}). Deploy it to a new --state-dir, or remove {path} to start afresh (API ids and function names will change)",
        backup.display()
    )]
    UpgradeFailed {
        /// The database file.
        path: std::path::PathBuf,
        /// The stack.
        stack: String,
        /// The function that could not be upgraded.
        logical_id: String,
        /// Why.
        reason: String,
        /// The copy of the database made before the upgrade.
        backup: std::path::PathBuf,
    },
    /// The database was written by a newer gantry.
    #[error(
        "state database {path} has schema version {found}, newer than this gantry understands ({supported}); upgrade gantry or use another --state-dir"
    )]
    NewerSchema {
        /// The database file.
        path: std::path::PathBuf,
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
