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
mod sqlite;
mod stack;

pub use sqlite::Store;
pub use stack::{ResourceRecord, StackOutput, StackRecord, StackStatus};

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
