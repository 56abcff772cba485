//! The SQLite database under the state directory.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OptionalExtension, params};

use crate::permissions::{self, Tightened};
use crate::upgrade::{self, SCHEMA_VERSION, Upgrade, Upgraded};
use crate::{Error, Result, StackRecord};

/// File name of the database inside the state directory.
pub const DATABASE_FILE: &str = "state.db";

const SCHEMA: &str = "
CREATE TABLE stacks (
    name       TEXT PRIMARY KEY,
    record     TEXT NOT NULL,   -- StackRecord as JSON, resources included
    updated_at INTEGER NOT NULL
);
CREATE TABLE issuer_keys (
    kid             TEXT PRIMARY KEY,
    private_key_pem TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// gantry's state database. Cheap to share: one connection behind a mutex, used at deploy
/// time and by commands, never on the request path.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    connection: Mutex<Connection>,
    upgraded: Option<Upgraded>,
    tightened: Vec<Tightened>,
}

impl Store {
    /// Opens (creating if needed) the state database in `state_dir`. A database of an
    /// earlier schema is refused with [`Error::OlderSchema`]; see [`Store::open_upgrading`].
    pub fn open(state_dir: &Path) -> Result<Self> {
        Self::open_with(state_dir, None)
    }

    /// Opens (creating if needed) the state database in `state_dir`, upgrading one of an
    /// earlier schema in place with `upgrade` (a copy of the old database is kept; see
    /// [`Store::upgraded`]).
    pub fn open_upgrading(state_dir: &Path, upgrade: &dyn Upgrade) -> Result<Self> {
        Self::open_with(state_dir, Some(upgrade))
    }

    fn open_with(state_dir: &Path, upgrade: Option<&dyn Upgrade>) -> Result<Self> {
        let mut tightened = Vec::new();
        permissions::private_dir(state_dir, &mut tightened)?;
        let path = state_dir.join(DATABASE_FILE);
        permissions::private_database(&path, &mut tightened)?;
        let db_err = |source| database_error(&path, source);
        let connection = Connection::open(&path).map_err(db_err)?;
        // WAL lets `gantry token` read while `gantry up` holds the database open.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(db_err)?;
        connection
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(db_err)?;
        let mut store = Self {
            path: path.clone(),
            connection: Mutex::new(connection),
            upgraded: None,
            tightened,
        };
        store.upgraded = store.migrate(upgrade)?;
        Ok(store)
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The upgrade made when the state was opened, if it was of an earlier schema.
    pub fn upgraded(&self) -> Option<&Upgraded> {
        self.upgraded.as_ref()
    }

    /// The state files and directory that were readable by others and were made private
    /// when the state was opened.
    pub fn tightened(&self) -> &[Tightened] {
        &self.tightened
    }

    /// Creates the schema in a new database, or upgrades an older one.
    fn migrate(&self, upgrade: Option<&dyn Upgrade>) -> Result<Option<Upgraded>> {
        let mut connection = self.lock();
        let version: i64 = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.db_error(e))?;
        match (version, upgrade) {
            (0, _) => connection
                .execute_batch(&format!(
                    "BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                ))
                .map(|()| None)
                .map_err(|e| self.db_error(e)),
            (SCHEMA_VERSION, _) => Ok(None),
            (found, Some(upgrade)) if (1..SCHEMA_VERSION).contains(&found) => {
                upgrade::run(&mut connection, &self.path, found, upgrade).map(Some)
            }
            (found, None) if (1..SCHEMA_VERSION).contains(&found) => Err(Error::OlderSchema {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            }),
            (found, _) => Err(Error::NewerSchema {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            }),
        }
    }

    /// The stack called `name`, if deployed.
    pub fn stack(&self, name: &str) -> Result<Option<StackRecord>> {
        let json: Option<String> = self
            .lock()
            .query_row("SELECT record FROM stacks WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.db_error(e))?;
        json.map(|json| self.decode(&json, &format!("stack {name:?}")))
            .transpose()
    }

    /// Every deployed stack, by name.
    pub fn stacks(&self) -> Result<Vec<StackRecord>> {
        let connection = self.lock();
        let mut statement = connection
            .prepare("SELECT name, record FROM stacks ORDER BY name")
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(|e| self.db_error(e))?;
        let mut stacks = Vec::new();
        for row in rows {
            let (name, json) = row.map_err(|e| self.db_error(e))?;
            stacks.push(self.decode(&json, &format!("stack {name:?}"))?);
        }
        Ok(stacks)
    }

    /// Stores `stack`, replacing any earlier record of the same name, atomically.
    pub fn put_stack(&self, stack: &StackRecord) -> Result<()> {
        let json = serde_json::to_string(stack).map_err(|source| Error::Corrupt {
            path: self.path.clone(),
            what: format!("stack {:?}", stack.name),
            source,
        })?;
        self.lock()
            .execute(
                "INSERT INTO stacks (name, record, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at",
                params![stack.name, json, stack.updated_at],
            )
            .map_err(|e| self.db_error(e))?;
        Ok(())
    }

    /// Forgets the stack called `name`. Forgetting a stack that is not there is not an error.
    pub fn delete_stack(&self, name: &str) -> Result<()> {
        self.lock()
            .execute("DELETE FROM stacks WHERE name = ?1", [name])
            .map_err(|e| self.db_error(e))?;
        Ok(())
    }

    /// The built-in issuer's private key (PKCS#8 PEM), if one was made.
    pub fn issuer_key(&self) -> Result<Option<String>> {
        self.lock()
            .query_row(
                "SELECT private_key_pem FROM issuer_keys ORDER BY created_at DESC, kid LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.db_error(e))
    }

    /// Saves the built-in issuer's private key.
    pub fn put_issuer_key(&self, kid: &str, private_key_pem: &str, created_at: i64) -> Result<()> {
        self.lock()
            .execute(
                "INSERT OR REPLACE INTO issuer_keys (kid, private_key_pem, created_at) VALUES (?1, ?2, ?3)",
                params![kid, private_key_pem, created_at],
            )
            .map_err(|e| self.db_error(e))?;
        Ok(())
    }

    /// A setting, such as the URL the built-in issuer was last served at.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.lock()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.db_error(e))
    }

    /// Saves a setting.
    pub fn put_setting(&self, key: &str, value: &str) -> Result<()> {
        self.lock()
            .execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map_err(|e| self.db_error(e))?;
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent (every write is
        // one statement or transaction), so a poisoned lock is still usable.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn db_error(&self, source: rusqlite::Error) -> Error {
        database_error(&self.path, source)
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, json: &str, what: &str) -> Result<T> {
        serde_json::from_str(json).map_err(|source| Error::Corrupt {
            path: self.path.clone(),
            what: what.to_owned(),
            source,
        })
    }
}

/// What SQLite said, with the one failure a user can fix told apart: a file that is not a
/// database at all.
fn database_error(path: &Path, source: rusqlite::Error) -> Error {
    if source.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
        return Error::NotADatabase {
            path: path.to_owned(),
        };
    }
    Error::Database {
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
pub(crate) mod tests;
