//! Upgrading a state database that an earlier gantry wrote.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. Each upgrade step runs in
//! one transaction after a copy of the database is saved beside it, so an upgrade either
//! completes or leaves the old state exactly as it was.
//!
//! | version | written by | what changed |
//! |---|---|---|
//! | 1 | gantry 0.1 | first schema; functions stored as raw CloudFormation properties |
//! | 2 | gantry 0.2 | functions stored as the typed [`Function`] model |

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Deserialize;
use serde_json::Value;

use crate::model::{Function, ResourceModel};
use crate::{Error, Result, StackRecord};

/// The schema this build reads and writes.
pub(crate) const SCHEMA_VERSION: i64 = 2;

/// A function as schema 1 stored it: its evaluated CloudFormation properties, which only
/// the deploy engine knows how to read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FunctionV1 {
    /// The template's logical id.
    pub logical_id: String,
    /// `FunctionName` (given or generated).
    pub function_name: String,
    /// The function's ARN.
    pub function_arn: String,
    /// The evaluated `Properties`.
    pub properties: Value,
    /// The resource's `Metadata` (`null` when absent).
    pub metadata: Value,
    /// The template's directory, as it was given when the stack was deployed.
    pub template_dir: PathBuf,
}

/// What upgrading needs from outside the store: turning what an earlier schema kept into
/// today's models. The deploy engine implements it, as it owns those translations.
pub trait Upgrade {
    /// The typed model of a schema-1 function, or why it cannot be made.
    fn function_v1(&self, function: FunctionV1) -> std::result::Result<Function, String>;
}

/// An upgrade that happened when the state was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgraded {
    /// The schema version found.
    pub from: i64,
    /// The schema version now.
    pub to: i64,
    /// The copy of the database as it was before the upgrade.
    pub backup: PathBuf,
}

/// Upgrades `connection` (at `path`, schema `found`) to [`SCHEMA_VERSION`].
pub(crate) fn run(
    connection: &mut Connection,
    path: &Path,
    found: i64,
    upgrade: &dyn Upgrade,
) -> Result<Upgraded> {
    let db_error = |source| Error::Database {
        path: path.to_owned(),
        source,
    };
    let backup = backup_path(path, found);
    // An older backup of the same version is stale. The copy is private like the state
    // (it holds the issuer key): created empty with mode 0600 for VACUUM INTO to fill.
    crate::permissions::private_new_file(&backup).map_err(|source| Error::Unreadable {
        path: backup.clone(),
        source,
    })?;
    connection
        .execute("VACUUM INTO ?1", [backup.to_string_lossy()])
        .map_err(db_error)?;

    let transaction = connection
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(db_error)?;
    let rows: Vec<(String, String)> = {
        let mut statement = transaction
            .prepare("SELECT name, record FROM stacks")
            .map_err(db_error)?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(db_error)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_error)?
    };
    for (name, json) in rows {
        let upgraded = upgrade_stack_v1(&json, upgrade).map_err(|failure| match failure {
            StackFailure::Corrupt(source) => Error::Corrupt {
                path: path.to_owned(),
                what: format!("stack {name:?}"),
                source,
            },
            StackFailure::Function { logical_id, reason } => Error::UpgradeFailed {
                path: path.to_owned(),
                stack: name.clone(),
                logical_id,
                reason,
                backup: backup.clone(),
            },
        })?;
        transaction
            .execute(
                "UPDATE stacks SET record = ?1 WHERE name = ?2",
                [&upgraded, &name],
            )
            .map_err(db_error)?;
    }
    transaction
        .pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(db_error)?;
    transaction.commit().map_err(db_error)?;
    Ok(Upgraded {
        from: found,
        to: SCHEMA_VERSION,
        backup,
    })
}

/// Where the copy of a schema-`version` database is kept: `state.schema-1.db`.
fn backup_path(path: &Path, version: i64) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "state".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.schema-{version}.db"))
}

enum StackFailure {
    Corrupt(serde_json::Error),
    Function { logical_id: String, reason: String },
}

/// One stack record from schema 1 to 2: each function's properties become its model.
fn upgrade_stack_v1(
    json: &str,
    upgrade: &dyn Upgrade,
) -> std::result::Result<String, StackFailure> {
    let mut record: Value = serde_json::from_str(json).map_err(StackFailure::Corrupt)?;
    let resources = record
        .get_mut("resources")
        .and_then(Value::as_array_mut)
        .map(|resources| resources.iter_mut())
        .into_iter()
        .flatten();
    for resource in resources {
        let Some(model) = resource.get_mut("model") else {
            continue;
        };
        if model.get("type").and_then(Value::as_str) != Some("Function") {
            continue;
        }
        let legacy: FunctionV1 =
            serde_json::from_value(model.clone()).map_err(StackFailure::Corrupt)?;
        let logical_id = legacy.logical_id.clone();
        let function = upgrade
            .function_v1(legacy)
            .map_err(|reason| StackFailure::Function {
                logical_id: logical_id.clone(),
                reason,
            })?;
        *model = serde_json::to_value(ResourceModel::Function(function))
            .map_err(StackFailure::Corrupt)?;
    }
    // The result must read back as today's record, or the upgrade is refused.
    let checked: StackRecord = serde_json::from_value(record).map_err(StackFailure::Corrupt)?;
    serde_json::to_string(&checked).map_err(StackFailure::Corrupt)
}

#[cfg(test)]
mod tests;
