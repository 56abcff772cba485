//! Reading hand-written assemblies shaped like `cdk synth` output.

use std::path::Path;

use super::select::select;
use super::stack::{self, parameter_map};
use super::*;
use crate::settings::{SsmSources, StackArgs};

const TEMPLATE: &str =
    r#"{"Parameters": {"Stage": {"Type": "String", "Default": "dev"}}, "Resources": {}}"#;

fn write(dir: &Path, name: &str, text: &str) {
    if let Some(parent) = dir.join(name).parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(dir.join(name), text).unwrap();
}

/// Producer and Consumer (depending on Producer) at the top, and a stage `Dev` with Svc.
fn assembly() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "manifest.json",
        r#"{"version": "55.0.0", "artifacts": {
          "Producer.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Producer.assets.json"}},
          "Producer": {"type": "aws:cloudformation:stack", "environment": "aws://111122223333/eu-west-1",
            "properties": {"templateFile": "Producer.template.json", "parameters": {"Stage": "prod"}},
            "dependencies": ["Producer.assets"], "additionalMetadataFile": "Producer.metadata.json"},
          "Consumer": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
            "properties": {"templateFile": "Consumer.template.json", "notificationArns": ["arn:aws:sns:eu-west-1:111122223333:deploys"]}, "dependencies": ["Producer"]},
          "assembly-Dev": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Dev", "displayName": "Dev"}}
        }}"#,
    );
    write(root, "Producer.template.json", TEMPLATE);
    write(root, "Consumer.template.json", TEMPLATE);
    write(
        root,
        "Producer.metadata.json",
        r#"{"/Producer/Fn": [{"type": "aws:cdk:warning", "data": "mind the gap"}]}"#,
    );
    write(
        root,
        "Producer.assets.json",
        r#"{"version": "55.0.0", "files": {"abcd": {"displayName": "Fn/Code",
          "source": {"path": "asset.abcd", "packaging": "zip"},
          "destinations": {"d": {"bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", "objectKey": "abcd.zip"}}}}}"#,
    );
    std::fs::create_dir(root.join("asset.abcd")).unwrap();
    write(
        root,
        "assembly-Dev/manifest.json",
        r#"{"version": "55.0.0", "artifacts": {
          "DevSvc1CA79752": {"type": "aws:cloudformation:stack", "displayName": "Dev/Svc",
            "properties": {"templateFile": "DevSvc1CA79752.template.json", "stackName": "Dev-Svc"}}}}"#,
    );
    write(root, "assembly-Dev/DevSvc1CA79752.template.json", TEMPLATE);
    dir
}

fn args() -> StackArgs {
    StackArgs {
        template: "cdk.out".into(),
        stack_name: None,
        parameter_overrides: Vec::new(),
        region: None,
        account_id: None,
        ssm: Vec::new(),
        ssm_file: None,
        config_file: None,
        config_env: "default".into(),
    }
}

#[test]
fn an_assembly_lists_its_stacks_and_its_stages_stacks() {
    let dir = assembly();
    let assembly = CloudAssembly::read(dir.path()).unwrap();
    let names: Vec<_> = (assembly.stacks.iter())
        .map(|s| (s.stack_name.as_str(), s.display_name.as_str(), s.top_level))
        .collect();
    assert_eq!(
        names,
        [
            ("Producer", "Producer", true),
            ("Consumer", "Consumer", true),
            ("Dev-Svc", "Dev/Svc", false)
        ]
    );
    let svc = &assembly.stacks[2];
    assert_eq!(
        svc.template_path,
        dir.path().join("assembly-Dev/DevSvc1CA79752.template.json")
    );
    assert_eq!(assembly.stacks[1].dependencies, ["Producer"]);
    assert!(assembly.warnings.iter().any(|w| w.contains("mind the gap")));
    // What gantry does not do is named, not dropped.
    assert!(
        assembly.warnings.iter().any(|w| w.starts_with(
            "stack Consumer: notificationArns (arn:aws:sns:eu-west-1:111122223333:deploys)"
        )),
        "{:?}",
        assembly.warnings
    );
}

#[test]
fn the_default_selection_is_the_top_level_stacks_in_dependency_order() {
    let dir = assembly();
    let assembly = CloudAssembly::read(dir.path()).unwrap();
    let selection = select(&assembly, &[], false).unwrap();
    let names: Vec<_> = selection
        .stacks
        .iter()
        .map(|s| s.stack_name.as_str())
        .collect();
    assert_eq!(names, ["Producer", "Consumer"]);
    let consumer = select(&assembly, &["Consumer".into()], false).unwrap();
    assert_eq!(consumer.added, ["Producer"]);
    assert_eq!(consumer.stacks.len(), 2);
    let alone = select(&assembly, &["Consumer".into()], true).unwrap();
    assert_eq!(alone.stacks.len(), 1);
    let stage = select(&assembly, &["Dev/*".into()], false).unwrap();
    assert_eq!(stage.stacks[0].stack_name, "Dev-Svc");
}

#[test]
fn an_unknown_stack_is_an_error_listing_the_stacks() {
    let dir = assembly();
    let assembly = CloudAssembly::read(dir.path()).unwrap();
    let message = select(&assembly, &["Nope".into()], false)
        .unwrap_err()
        .to_string();
    assert!(message.contains("--stack Nope"), "{message}");
    assert!(
        message.contains("Dev/Svc (stack name Dev-Svc)"),
        "{message}"
    );
}

#[test]
fn a_stack_gets_its_environment_assets_and_the_overrides_that_apply() {
    let dir = assembly();
    let assembly = CloudAssembly::read(dir.path()).unwrap();
    let overrides = stack::parse_overrides(
        &["Stage=qa".into(), "Consumer:Stage=test".into()],
        &assembly,
    )
    .unwrap();
    let producer = stack::settings(
        &assembly.stacks[0],
        &args(),
        &overrides,
        &SsmSources::default(),
    )
    .unwrap();
    assert_eq!(producer.settings.region, "eu-west-1");
    assert_eq!(producer.settings.account_id, "111122223333");
    assert_eq!(parameter_map(&producer)["Stage"], "qa");
    assert_eq!(
        producer
            .assets
            .find("cdk-hnb659fds-assets-111122223333-eu-west-1", "abcd.zip"),
        Some(dir.path().join("asset.abcd").as_path())
    );
    let consumer = stack::settings(
        &assembly.stacks[1],
        &args(),
        &overrides,
        &SsmSources::default(),
    )
    .unwrap();
    assert_eq!(consumer.settings.region, "us-east-1");
    assert_eq!(parameter_map(&consumer)["Stage"], "test");
    let bad = stack::parse_overrides(&["Nope:Stage=x".into()], &assembly).unwrap_err();
    assert!(bad.to_string().contains("no stack Nope"), "{bad}");
}

#[test]
fn missing_context_and_app_errors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manifest.json",
        r#"{"version": "55.0.0", "artifacts": {}, "missing": [{"key": "availability-zones:account=1:region=r", "provider": "availability-zones", "props": {}}]}"#,
    );
    let message = CloudAssembly::read(dir.path()).unwrap_err().to_string();
    assert!(
        message.contains("availability-zones:account=1:region=r"),
        "{message}"
    );
    write(
        dir.path(),
        "manifest.json",
        r#"{"version": "99.0.0", "artifacts": {"S": {"type": "aws:cloudformation:stack",
          "properties": {"templateFile": "S.template.json"},
          "metadata": {"/S/Fn": [{"type": "aws:cdk:error", "data": "bad runtime"}]}}}}"#,
    );
    let message = CloudAssembly::read(dir.path()).unwrap_err().to_string();
    assert!(
        message.contains("stack S") && message.contains("/S/Fn: bad runtime"),
        "{message}"
    );
}

#[test]
fn a_v1_asset_entry_supplies_its_parameters_and_object() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manifest.json",
        r#"{"version": "16.0.0", "artifacts": {"Stack": {"type": "aws:cloudformation:stack",
          "properties": {"templateFile": "Stack.template.json"},
          "metadata": {"/Stack": [{"type": "aws:cdk:asset", "data": {
            "path": "asset.cafe", "id": "cafe", "packaging": "zip", "sourceHash": "cafe",
            "s3BucketParameter": "B", "s3KeyParameter": "K", "artifactHashParameter": "H"}}]}}}}"#,
    );
    write(dir.path(), "Stack.template.json", TEMPLATE);
    std::fs::create_dir(dir.path().join("asset.cafe")).unwrap();
    let assembly = CloudAssembly::read(dir.path()).unwrap();
    let stack = stack::settings(&assembly.stacks[0], &args(), &[], &SsmSources::default()).unwrap();
    let parameters = parameter_map(&stack);
    assert_eq!(parameters["B"], legacy::LOCAL_BUCKET);
    assert_eq!(parameters["K"], "assets/||cafe.zip");
    assert_eq!(parameters["H"], "cafe");
    assert_eq!(
        stack.assets.find(legacy::LOCAL_BUCKET, "assets/cafe.zip"),
        Some(dir.path().join("asset.cafe").as_path())
    );
}

#[test]
fn a_key_no_deployed_stack_declares_is_refused_by_name() {
    let dir = assembly();
    let assembly = CloudAssembly::read(dir.path()).unwrap();
    let overrides = stack::parse_overrides(&["Stgae=qa".into()], &assembly).unwrap();
    let producer = stack::settings(
        &assembly.stacks[0],
        &args(),
        &overrides,
        &SsmSources::default(),
    )
    .unwrap();
    assert!(!parameter_map(&producer).contains_key("Stgae"));
    let message = stack::check_overrides_used(&overrides, &[producer])
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("no stack deployed (Producer) declares a parameter Stgae"),
        "{message}"
    );
}
