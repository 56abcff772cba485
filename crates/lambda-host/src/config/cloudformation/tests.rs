use std::path::Path;
use std::time::Duration;

use serde_json::json;

use super::*;

fn translate(properties: Value, template_dir: &Path) -> Result<FunctionConfig> {
    FunctionConfig::from_cloudformation(&CloudFormationFunction::new(
        "MyFunction",
        &properties,
        template_dir,
    ))
}

#[test]
fn inline_zip_file_with_all_scalar_properties() {
    let dir = tempfile::tempdir().unwrap();
    let config = translate(
        json!({
            "FunctionName": "orders",
            "Runtime": "nodejs20.x",
            "Handler": "index.handler",
            "MemorySize": "256",
            "Timeout": 10,
            "ReservedConcurrentExecutions": 2,
            "Code": {"ZipFile": "exports.handler = async () => 1;"},
            "Environment": {"Variables": {"TABLE": "orders", "RETRIES": 3, "DEBUG": true}},
            "LoggingConfig": {"LogGroup": "/custom/orders"}
        }),
        dir.path(),
    )
    .unwrap();
    assert_eq!(config.function_name, "orders");
    assert_eq!(config.runtime, Runtime::Node { major: 20 });
    assert_eq!(config.handler.as_deref(), Some("index.handler"));
    assert_eq!(config.memory_mb, 256);
    assert_eq!(config.timeout, Duration::from_secs(10));
    assert_eq!(config.reserved_concurrency, Some(2));
    assert_eq!(
        config.code,
        CodeSource::Inline("exports.handler = async () => 1;".into())
    );
    assert_eq!(config.environment["RETRIES"], "3");
    assert_eq!(config.environment["DEBUG"], "true");
    assert_eq!(config.log_group_name(), "/custom/orders");
}

#[test]
fn defaults_follow_lambda_and_name_falls_back_to_logical_id() {
    let dir = tempfile::tempdir().unwrap();
    let config = translate(
        json!({"Runtime": "python3.12", "Handler": "app.handler", "Code": {"ZipFile": "x"}}),
        dir.path(),
    )
    .unwrap();
    assert_eq!(config.function_name, "MyFunction");
    assert_eq!(config.memory_mb, 128);
    assert_eq!(config.timeout, Duration::from_secs(3));
    assert_eq!(config.reserved_concurrency, None);
    assert_eq!(config.log_group_name(), "/aws/lambda/MyFunction");
}

#[test]
fn physical_name_is_used_when_function_name_is_absent() {
    let dir = tempfile::tempdir().unwrap();
    let properties = json!({"Runtime": "python3.12", "Handler": "a.b", "Code": {"ZipFile": "x"}});
    let resource = CloudFormationFunction::new("Fn", &properties, dir.path())
        .with_physical_name("stack-Fn-ABC");
    let config = FunctionConfig::from_cloudformation(&resource).unwrap();
    assert_eq!(config.function_name, "stack-Fn-ABC");
}

#[test]
fn local_directory_and_zip_paths_are_relative_to_the_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("bundle.zip"), b"PK").unwrap();
    let directory = translate(
        json!({"Runtime": "nodejs20.x", "Handler": "a.b", "Code": "src"}),
        dir.path(),
    )
    .unwrap();
    assert_eq!(
        directory.code,
        CodeSource::Directory(dir.path().join("src"))
    );
    let sam = translate(
        json!({"Runtime": "nodejs20.x", "Handler": "a.b", "CodeUri": "bundle.zip"}),
        dir.path(),
    )
    .unwrap();
    assert_eq!(sam.code, CodeSource::Zip(dir.path().join("bundle.zip")));
}

#[test]
fn sam_inline_code_is_inline() {
    let dir = tempfile::tempdir().unwrap();
    let config = translate(
        json!({"Runtime": "python3.11", "Handler": "index.handler", "InlineCode": "def handler(e, c): pass"}),
        dir.path(),
    )
    .unwrap();
    assert_eq!(
        config.code,
        CodeSource::Inline("def handler(e, c): pass".into())
    );
}

#[test]
fn cdk_asset_metadata_wins_over_s3_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("asset.abc123")).unwrap();
    let properties = json!({
        "Runtime": "nodejs20.x", "Handler": "index.handler",
        "Code": {"S3Bucket": "cdk-hnb659fds-assets", "S3Key": "abc123.zip"}
    });
    let metadata = json!({"aws:asset:path": "asset.abc123", "aws:asset:property": "Code"});
    let resource =
        CloudFormationFunction::new("Fn", &properties, dir.path()).with_metadata(Some(&metadata));
    let config = FunctionConfig::from_cloudformation(&resource).unwrap();
    assert_eq!(
        config.code,
        CodeSource::Directory(dir.path().join("asset.abc123"))
    );
}

#[test]
fn s3_code_without_a_local_copy_says_how_to_point_at_local_code() {
    let dir = tempfile::tempdir().unwrap();
    let err = translate(
        json!({"Runtime": "nodejs20.x", "Handler": "a.b", "Code": {"S3Bucket": "bucket", "S3Key": "code/fn.zip"}}),
        dir.path(),
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("s3://bucket/code/fn.zip"), "{message}");
    assert!(message.contains("local directory or .zip"), "{message}");
    assert!(matches!(err, Error::S3CodeNotLocal { .. }));
}

#[test]
fn s3_code_with_a_local_copy_next_to_the_template_is_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fn.zip"), b"PK").unwrap();
    let config = translate(
        json!({"Runtime": "nodejs20.x", "Handler": "a.b", "Code": {"S3Bucket": "b", "S3Key": "fn.zip"}}),
        dir.path(),
    )
    .unwrap();
    assert_eq!(config.code, CodeSource::Zip(dir.path().join("fn.zip")));
}

#[test]
fn code_override_replaces_template_code() {
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("local");
    std::fs::create_dir(&local).unwrap();
    let properties =
        json!({"Runtime": "nodejs20.x", "Handler": "a.b", "Code": {"S3Bucket": "b", "S3Key": "k"}});
    let resource =
        CloudFormationFunction::new("Fn", &properties, dir.path()).with_code_override(&local);
    assert_eq!(
        FunctionConfig::from_cloudformation(&resource).unwrap().code,
        CodeSource::Directory(local)
    );
}

#[test]
fn problems_name_the_property_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            json!({"Handler": "a.b", "Code": {"ZipFile": "x"}}),
            "Runtime",
        ),
        (
            json!({"Runtime": "java21", "Handler": "a.b", "Code": {"ZipFile": "x"}}),
            "java21",
        ),
        (json!({"Runtime": "nodejs20.x", "Handler": "a.b"}), "Code"),
        (
            json!({"Runtime": "nodejs20.x", "Handler": "a.b", "Code": "missing-dir"}),
            "missing-dir",
        ),
        (
            json!({"Runtime": "nodejs20.x", "Code": {"ImageUri": "x"}}),
            "ImageUri",
        ),
        (
            json!({"PackageType": "Image", "Code": {"ImageUri": "x"}}),
            "PackageType",
        ),
        (
            json!({"Runtime": "nodejs20.x", "Handler": "a.b", "Code": {"ZipFile": "x"}, "Timeout": -1}),
            "Timeout",
        ),
        (
            json!({"Runtime": "nodejs20.x", "Handler": "a.b", "Code": {"ZipFile": "x"}, "Environment": {"Variables": {"A": {"x": 1}}}}),
            "Environment.Variables.A",
        ),
    ];
    for (properties, expected) in cases {
        let err = translate(properties.clone(), dir.path()).unwrap_err();
        assert!(err.to_string().contains(expected), "{properties}: {err}");
    }
}
