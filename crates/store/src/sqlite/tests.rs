use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::model::{Api, ProtocolType, ResourceModel};
use crate::{ResourceRecord, StackOutput, StackStatus};

pub(crate) fn stack(name: &str, api_id: &str) -> StackRecord {
    StackRecord {
        name: name.into(),
        stack_id: format!("arn:aws:cloudformation:us-east-1:123456789012:stack/{name}/1"),
        region: "us-east-1".into(),
        account_id: "123456789012".into(),
        partition: "aws".into(),
        status: StackStatus::CreateComplete,
        template_path: "template.yaml".into(),
        template_body: "Resources: {}".into(),
        parameters: BTreeMap::from([("Audience".into(), "my-api".into())]),
        outputs: vec![StackOutput {
            key: "ApiUrl".into(),
            value: format!("http://{api_id}.execute-api.localhost:3000"),
            description: None,
            export_name: None,
        }],
        resources: vec![ResourceRecord {
            logical_id: "HttpApi".into(),
            resource_type: "AWS::ApiGatewayV2::Api".into(),
            physical_id: api_id.into(),
            properties: json!({"Name": "api", "ProtocolType": "HTTP"}),
            attributes: BTreeMap::from([("ApiId".into(), json!(api_id))]),
            model: ResourceModel::Api(Api {
                api_id: api_id.into(),
                name: "api".into(),
                protocol_type: ProtocolType::Http,
                api_endpoint: format!("http://{api_id}.execute-api.localhost:3000"),
                disable_execute_api_endpoint: false,
                cors_configuration: None,
                quick_create: None,
                imported: None,
            }),
        }],
        updated_at: 1,
    }
}

#[test]
fn stack_survives_closing_and_reopening_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let record = stack("seed", "abcde12345");
    Store::open(dir.path()).unwrap().put_stack(&record).unwrap();

    let reopened = Store::open(dir.path()).unwrap();
    assert_eq!(reopened.stack("seed").unwrap(), Some(record));
    assert_eq!(reopened.stack("other").unwrap(), None);
}

#[test]
fn put_stack_replaces_the_previous_record_instead_of_duplicating_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.put_stack(&stack("seed", "aaaaaaaaaa")).unwrap();
    store.put_stack(&stack("seed", "bbbbbbbbbb")).unwrap();
    let stacks = store.stacks().unwrap();
    assert_eq!(stacks.len(), 1);
    assert_eq!(stacks[0].resources[0].physical_id, "bbbbbbbbbb");
}

#[test]
fn delete_stack_forgets_it_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.put_stack(&stack("seed", "abcde12345")).unwrap();
    store.delete_stack("seed").unwrap();
    store.delete_stack("seed").unwrap();
    assert!(store.stacks().unwrap().is_empty());
}

#[test]
fn issuer_key_and_settings_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.issuer_key().unwrap(), None);
    store.put_issuer_key("kid-1", "PEM", 10).unwrap();
    store
        .put_setting("issuer_url", "http://127.0.0.1:3000/_gantry/issuer/")
        .unwrap();
    let reopened = Store::open(dir.path()).unwrap();
    assert_eq!(reopened.issuer_key().unwrap().as_deref(), Some("PEM"));
    assert_eq!(
        reopened.setting("issuer_url").unwrap().as_deref(),
        Some("http://127.0.0.1:3000/_gantry/issuer/")
    );
}

#[test]
fn database_from_a_newer_gantry_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let connection = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    connection.pragma_update(None, "user_version", 99).unwrap();
    drop(connection);
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("upgrade gantry"), "{err}");
}

#[test]
fn unreadable_stack_record_is_reported_as_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .lock()
        .execute(
            "INSERT INTO stacks (name, record, updated_at) VALUES ('bad', '{\"nope\":1}', 0)",
            [],
        )
        .unwrap();
    let err = store.stack("bad").unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err}");
}

#[test]
fn state_dir_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let err = Store::open(&file).unwrap_err();
    assert!(matches!(err, Error::StateDir { .. }), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(DATABASE_FILE),
        "not sqlite at all, but long enough to be read as a header".repeat(20),
    )
    .unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, Error::NotADatabase { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("not a gantry state database") && message.contains("--state-dir"),
        "{message}"
    );
}
