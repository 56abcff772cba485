use std::collections::BTreeMap;

use rusqlite::Connection;
use serde_json::json;

use super::*;
use crate::model::{Architecture, Code, LoggingConfig, PackageType};
use crate::{DATABASE_FILE, Store};

/// Stands in for the deploy engine: reads `Runtime` and `Code.ZipFile`, refuses
/// functions without a runtime.
struct StubUpgrade;

impl Upgrade for StubUpgrade {
    fn function_v1(&self, function: FunctionV1) -> std::result::Result<Function, String> {
        let runtime = function.properties["Runtime"]
            .as_str()
            .ok_or("Properties.Runtime is required")?;
        Ok(Function {
            logical_id: function.logical_id,
            function_name: function.function_name,
            function_arn: function.function_arn,
            role: "arn:aws:iam::123456789012:role/r".into(),
            package_type: PackageType::Zip,
            runtime: Some(runtime.to_owned()),
            handler: Some("index.handler".into()),
            code: Code::Inline {
                zip_file: function.properties["Code"]["ZipFile"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            },
            memory_size: 128,
            timeout: 3,
            environment: BTreeMap::new(),
            reserved_concurrent_executions: None,
            architectures: vec![Architecture::X86_64],
            layers: Vec::new(),
            layer_contents: Vec::new(),
            logging_config: LoggingConfig::default(),
        })
    }
}

/// A schema-1 database with one stack: an API and a function as gantry 0.1 stored it.
fn v1_state(runtime: serde_json::Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let mut record =
        serde_json::to_value(crate::sqlite::tests::stack("seed", "abcde12345")).unwrap();
    record["resources"].as_array_mut().unwrap().push(json!({
        "logical_id": "Fn",
        "resource_type": "AWS::Lambda::Function",
        "physical_id": "seed-Fn-ABC",
        "properties": {"Runtime": runtime, "Code": {"ZipFile": "exports.handler = 1"}},
        "attributes": {"Arn": "arn:aws:lambda:us-east-1:123456789012:function:seed-Fn-ABC"},
        "model": {
            "type": "Function",
            "logical_id": "Fn",
            "function_name": "seed-Fn-ABC",
            "function_arn": "arn:aws:lambda:us-east-1:123456789012:function:seed-Fn-ABC",
            "properties": {"Runtime": runtime, "Code": {"ZipFile": "exports.handler = 1"}},
            "metadata": null,
            "template_dir": "project"
        }
    }));
    let connection = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    connection
        .execute(
            "INSERT INTO stacks (name, record, updated_at) VALUES ('seed', ?1, 1)",
            [record.to_string()],
        )
        .unwrap();
    connection.pragma_update(None, "user_version", 1).unwrap();
    dir
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

#[test]
fn opening_a_schema_1_state_without_an_upgrade_says_gantry_up_upgrades_it() {
    let dir = v1_state(json!("nodejs20.x"));
    let err = Store::open(dir.path()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::OlderSchema {
                found: 1,
                supported: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("`gantry up` upgrades it"), "{err}");
    assert_eq!(
        user_version(&dir.path().join(DATABASE_FILE)),
        1,
        "refusing changes nothing"
    );
}

#[test]
fn a_schema_1_state_is_upgraded_in_place_keeping_ids_with_a_backup() {
    let dir = v1_state(json!("nodejs20.x"));
    let store = Store::open_upgrading(dir.path(), &StubUpgrade).unwrap();
    let upgraded = store.upgraded().cloned().unwrap();
    assert_eq!((upgraded.from, upgraded.to), (1, SCHEMA_VERSION));
    assert_eq!(upgraded.backup, dir.path().join("state.schema-1.db"));
    assert_eq!(
        user_version(&upgraded.backup),
        1,
        "the backup is the old state"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&upgraded.backup)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the backup holds the issuer key too");
    }

    let stack = store.stack("seed").unwrap().unwrap();
    assert_eq!(
        stack.resources[0].physical_id, "abcde12345",
        "the API keeps its id"
    );
    let ResourceModel::Function(function) = &stack.resources[1].model else {
        panic!("not a function: {:?}", stack.resources[1].model);
    };
    assert_eq!(function.function_name, "seed-Fn-ABC");
    assert_eq!(function.runtime.as_deref(), Some("nodejs20.x"));
    assert_eq!(
        function.code,
        Code::Inline {
            zip_file: "exports.handler = 1".into()
        }
    );
    drop(store);

    let reopened = Store::open(dir.path()).unwrap();
    assert_eq!(reopened.upgraded(), None, "an upgraded state opens as is");
    assert_eq!(reopened.stack("seed").unwrap().unwrap(), stack);
}

#[test]
fn a_function_that_cannot_be_upgraded_leaves_the_state_unchanged_and_says_what_to_do() {
    let dir = v1_state(json!(null));
    let db = dir.path().join(DATABASE_FILE);
    let before: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT record FROM stacks", [], |row| row.get(0))
        .unwrap();
    let err = Store::open_upgrading(dir.path(), &StubUpgrade).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(&err, Error::UpgradeFailed { stack, logical_id, .. } if stack == "seed" && logical_id == "Fn"),
        "{message}"
    );
    assert!(
        message.contains("Properties.Runtime is required") && message.contains("new --state-dir"),
        "{message}"
    );
    assert_eq!(user_version(&db), 1);
    let after: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT record FROM stacks", [], |row| row.get(0))
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_schema_1_record_that_is_not_a_stack_is_corrupt_not_a_panic() {
    let dir = v1_state(json!("nodejs20.x"));
    let connection = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    connection
        .execute("UPDATE stacks SET record = '[1, 2'", [])
        .unwrap();
    drop(connection);
    let err = Store::open_upgrading(dir.path(), &StubUpgrade).unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err}");
}
