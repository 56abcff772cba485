//! One test per property of `AWS::Lambda::Function` that gantry reads.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use store::model::{Code, LogFormat};

use super::*;

const ROLE: &str = "arn:aws:iam::123456789012:role/fn-role";

fn translate_with(
    properties: Value,
    metadata: Value,
) -> Result<(Function, Vec<String>), ProviderError> {
    // Compared as the user reads them.
    let source = FunctionSource {
        logical_id: "Fn",
        properties: &properties,
        metadata: &metadata,
        template_dir: Path::new("/project"),
    };
    translate(
        &source,
        "stack-Fn-ABC".to_owned(),
        "arn:aws:lambda:us-east-1:123456789012:function:stack-Fn-ABC".to_owned(),
    )
    .map(|(function, warnings)| {
        let warnings = warnings.iter().map(ToString::to_string).collect();
        (function, warnings)
    })
}

/// A minimal valid function with `extra` merged in.
fn function(extra: Value) -> Result<Function, ProviderError> {
    let mut properties = json!({
        "Runtime": "nodejs22.x",
        "Handler": "index.handler",
        "Role": ROLE,
        "Code": {"ZipFile": "exports.handler = async () => 1;"}
    });
    for (key, value) in extra.as_object().into_iter().flatten() {
        properties[key] = value.clone();
    }
    translate_with(properties, Value::Null).map(|(function, _)| function)
}

fn error(extra: Value) -> String {
    function(extra).unwrap_err().to_string()
}

#[test]
fn a_minimal_function_gets_lambdas_defaults() {
    let function = function(json!({})).unwrap();
    assert_eq!(function.logical_id, "Fn");
    assert_eq!(function.function_name, "stack-Fn-ABC");
    assert_eq!(function.role, ROLE);
    assert_eq!(function.package_type, PackageType::Zip);
    assert_eq!(function.memory_size, 128);
    assert_eq!(function.timeout, 3);
    assert!(function.environment.is_empty());
    assert_eq!(function.reserved_concurrent_executions, None);
    assert_eq!(function.architectures, vec![Architecture::X86_64]);
    assert!(function.layers.is_empty());
    assert_eq!(function.logging_config, LoggingConfig::default());
}

#[test]
fn runtime_is_kept_as_lambda_spells_it_and_required_for_zip() {
    assert_eq!(
        function(json!({"Runtime": "python3.13"}))
            .unwrap()
            .runtime
            .as_deref(),
        Some("python3.13")
    );
    assert_eq!(
        error(json!({"Runtime": null})),
        "Properties.Runtime is required for a Zip package, e.g. Runtime: nodejs22.x"
    );
}

#[test]
fn handler_is_kept() {
    let function = function(json!({"Handler": "app.lambda_handler"})).unwrap();
    assert_eq!(function.handler.as_deref(), Some("app.lambda_handler"));
}

#[test]
fn role_is_required() {
    assert_eq!(error(json!({"Role": null})), "Properties.Role is required");
}

#[test]
fn memory_size_accepts_numbers_and_numeric_strings_within_lambdas_limits() {
    assert_eq!(
        function(json!({"MemorySize": 1024})).unwrap().memory_size,
        1024
    );
    assert_eq!(
        function(json!({"MemorySize": "256"})).unwrap().memory_size,
        256
    );
    assert_eq!(
        error(json!({"MemorySize": 64})),
        "Properties.MemorySize must be between 128 and 10240, found 64"
    );
    assert!(error(json!({"MemorySize": "lots"})).contains("must be a whole number"));
}

#[test]
fn timeout_is_in_seconds_within_lambdas_limits() {
    assert_eq!(function(json!({"Timeout": 30})).unwrap().timeout, 30);
    assert_eq!(function(json!({"Timeout": "900"})).unwrap().timeout, 900);
    assert_eq!(
        error(json!({"Timeout": 0})),
        "Properties.Timeout must be between 1 and 900, found 0"
    );
    assert_eq!(
        error(json!({"Timeout": 901})),
        "Properties.Timeout must be between 1 and 900, found 901"
    );
}

#[test]
fn environment_variables_are_rendered_as_strings() {
    let function = function(json!({
        "Environment": {"Variables": {"TABLE": "orders", "RETRIES": 3, "DEBUG": true}}
    }))
    .unwrap();
    assert_eq!(function.environment["TABLE"], "orders");
    assert_eq!(function.environment["RETRIES"], "3");
    assert_eq!(function.environment["DEBUG"], "true");
    assert_eq!(
        error(json!({"Environment": {"Variables": {"X": {"a": 1}}}})),
        r#"Properties.Environment.Variables.X must be a string, found {"a":1}"#
    );
    assert!(
        error(json!({"Environment": "x"})).starts_with("Properties.Environment must be an object")
    );
}

#[test]
fn reserved_concurrent_executions_may_be_zero() {
    let function = function(json!({"ReservedConcurrentExecutions": 0})).unwrap();
    assert_eq!(function.reserved_concurrent_executions, Some(0));
    assert!(error(json!({"ReservedConcurrentExecutions": -1})).contains("must be a whole number"));
}

#[test]
fn architectures_take_exactly_one_known_value() {
    let function = function(json!({"Architectures": ["arm64"]})).unwrap();
    assert_eq!(function.architectures, vec![Architecture::Arm64]);
    assert_eq!(
        error(json!({"Architectures": ["risc-v"]})),
        r#"Properties.Architectures must be x86_64 or arm64, found "risc-v""#
    );
    assert!(error(json!({"Architectures": ["x86_64", "arm64"]})).contains("exactly one item"));
}

#[test]
fn layers_are_kept_in_order_without_a_warning() {
    let layers = json!([
        "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
        "arn:aws:lambda:us-east-1:123456789012:layer:b:2"
    ]);
    let mut properties = json!({"Runtime": "nodejs22.x", "Role": ROLE, "Code": {"ZipFile": "x"}});
    properties["Layers"] = layers.clone();
    let (function, warnings) = translate_with(properties, Value::Null).unwrap();
    assert_eq!(json!(function.layers), layers);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn logging_config_keeps_the_log_group_and_warns_about_json_logs() {
    let properties = json!({
        "Runtime": "nodejs22.x", "Role": ROLE, "Code": {"ZipFile": "x"},
        "LoggingConfig": {"LogGroup": "/custom/orders", "LogFormat": "JSON"}
    });
    let (function, warnings) = translate_with(properties, Value::Null).unwrap();
    assert_eq!(
        function.logging_config.log_group.as_deref(),
        Some("/custom/orders")
    );
    assert_eq!(function.logging_config.log_format, Some(LogFormat::Json));
    assert_eq!(
        warnings,
        ["Properties.LoggingConfig.LogFormat: JSON is not emulated; log lines are written as text"]
    );
    assert_eq!(
        error(json!({"LoggingConfig": {"LogFormat": "xml"}})),
        r#"Properties.LoggingConfig.LogFormat must be Text or JSON, found "xml""#
    );
}

#[test]
fn each_property_that_is_not_emulated_is_named_in_a_warning() {
    let mut properties = json!({"Runtime": "nodejs22.x", "Role": ROLE, "Code": {"ZipFile": "x"}});
    for (property, _) in emulation::NOT_EMULATED {
        properties[*property] = json!({"Any": "value"});
    }
    let (_, warnings) = translate_with(properties, Value::Null).unwrap();
    assert_eq!(warnings.len(), emulation::NOT_EMULATED.len());
    for ((property, _), warning) in emulation::NOT_EMULATED.iter().zip(&warnings) {
        assert!(
            warning.starts_with(&format!("Properties.{property}: ")),
            "{warning}"
        );
    }
}

#[test]
fn code_zip_file_is_inline_source() {
    let function = function(json!({"Code": {"ZipFile": "def handler(e, c): pass"}})).unwrap();
    assert_eq!(
        function.code,
        Code::Inline {
            zip_file: "def handler(e, c): pass".into()
        }
    );
}

#[test]
fn code_as_a_path_is_relative_to_the_template() {
    let local = |path: &str| Code::LocalPath {
        path: PathBuf::from(path),
    };
    assert_eq!(
        function(json!({"Code": "./src"})).unwrap().code,
        local("/project/./src")
    );
    assert_eq!(
        function(json!({"Code": "dist/fn.zip"})).unwrap().code,
        local("/project/dist/fn.zip")
    );
    assert_eq!(
        function(json!({"Code": "/abs/fn"})).unwrap().code,
        local("/abs/fn")
    );
}

#[test]
fn code_s3_object_keeps_bucket_key_and_version() {
    let function = function(json!({
        "Code": {"S3Bucket": "artifacts", "S3Key": "fn.zip", "S3ObjectVersion": "v3"}
    }))
    .unwrap();
    assert_eq!(
        function.code,
        Code::S3 {
            bucket: "artifacts".into(),
            key: "fn.zip".into(),
            object_version: Some("v3".into())
        }
    );
    assert_eq!(
        error(json!({"Code": {"S3Bucket": "artifacts"}})),
        "Properties.Code.S3Key is required"
    );
    assert_eq!(
        error(json!({"Code": {"S3Key": "k"}})),
        "Properties.Code.S3Bucket is required"
    );
    assert!(error(json!({"Code": {}})).contains("needs ZipFile, or S3Bucket and S3Key"));
    assert!(error(json!({"Code": null})).starts_with("Properties.Code is required"));
    assert!(error(json!({"Code": 7})).starts_with("Properties.Code must be an object"));
}

#[test]
fn cdk_asset_metadata_names_the_local_folder_whatever_code_says() {
    let properties = json!({
        "Runtime": "nodejs22.x", "Role": ROLE,
        "Code": {"S3Bucket": "cdk-hnb659fds-assets-123456789012-us-east-1", "S3Key": "abc.zip"}
    });
    let metadata = json!({"aws:asset:path": "asset.abc", "aws:asset:property": "Code"});
    let (function, _) = translate_with(properties.clone(), metadata).unwrap();
    assert_eq!(
        function.code,
        Code::LocalPath {
            path: PathBuf::from("/project/asset.abc")
        }
    );
    // An asset that fills another property leaves Code alone.
    let other = json!({"aws:asset:path": "asset.abc", "aws:asset:property": "Layers"});
    let (function, _) = translate_with(properties, other).unwrap();
    assert!(
        matches!(function.code, Code::S3 { .. }),
        "{:?}",
        function.code
    );
}

#[test]
fn package_type_image_takes_an_image_uri() {
    let function = function(json!({
        "PackageType": "Image", "Runtime": null, "Handler": null,
        "Code": {"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"}
    }))
    .unwrap();
    assert_eq!(function.package_type, PackageType::Image);
    assert_eq!(function.runtime, None);
    assert_eq!(
        function.code,
        Code::Image {
            image_uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1".into()
        }
    );
    assert_eq!(
        error(json!({"PackageType": "Image", "Code": {"ZipFile": "x"}})),
        "Properties.Code.ImageUri is required"
    );
    assert!(error(json!({"Code": {"ImageUri": "x"}})).contains("needs PackageType: Image"));
    assert_eq!(
        error(json!({"PackageType": "Jar"})),
        r#"Properties.PackageType must be Zip or Image, found "Jar""#
    );
}

#[test]
fn properties_that_are_not_an_object_are_refused() {
    let err = translate_with(json!("nope"), Value::Null).unwrap_err();
    assert!(err.to_string().contains("is required"), "{err}");
}

#[test]
fn a_property_gantry_does_not_know_is_named_not_ignored_and_descriptive_ones_are_quiet() {
    let properties = json!({
        "Runtime": "nodejs22.x", "Role": ROLE, "Code": {"ZipFile": "x"},
        "Description": "orders", "Tags": [{"Key": "team", "Value": "a"}],
        "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq"},
        "DurableExecution": {"Enabled": true},
        "LoggingConfig": {"ApplicationLogLevel": "WARN", "LogFormat": "JSON"}
    });
    let (_, warnings) = translate_with(properties, Value::Null).unwrap();
    assert_eq!(
        warnings,
        [
            "Properties.DurableExecution: gantry does not emulate it; the function runs as if it were absent",
            "Properties.LoggingConfig.LogFormat: JSON is not emulated; log lines are written as text",
            "Properties.LoggingConfig.ApplicationLogLevel: log levels are not applied; every line is written",
        ]
    );
}

#[test]
fn a_cdk_asset_path_that_is_not_a_string_is_named_as_metadata() {
    let properties = json!({"Runtime": "nodejs22.x", "Role": ROLE, "Code": {"ZipFile": "x"}});
    let err = translate_with(properties, json!({"aws:asset:path": ["a"]})).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Metadata.aws:asset:path must be a string, found ["a"]"#
    );
}
