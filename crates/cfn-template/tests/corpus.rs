//! Every template of the corpus (`corpus/templates`, see `corpus/MANIFEST.md`): plain
//! CloudFormation validates and resolves end to end, the deliberately odd ones get the
//! right diagnostics, SAM ones get the single transform diagnostic, nothing crashes.

// Test helpers: a failed expectation is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use cfn_template::{Inputs, Resolve, Severity, validate};
use serde_json::{Value, json};

/// The 13 templates MANIFEST.md lists as plain CloudFormation (kind column).
const PLAIN: &[&str] = &[
    "awsdocs-apigw-guide--http-api-parameter-mapping.yaml",
    "awsdocs-apigw-guide--http-api-with-logging.yaml",
    "awsdocs-apigw-guide--http-quick-create-http-proxy.yaml",
    "awsdocs-apigw-guide--http-with-cors.yaml",
    "awsdocs-apigw-guide--http-with-jwt-auth.yaml",
    "awsdocs-apigw-guide--lambda-quick-create.yaml",
    "sam--translator-output-http-api-explicit-stage-variables.json",
    "sam--translator-output-http-api-lambda-auth-full.json",
    "sam-cli--start-api-cdk-synth-http-api.yaml",
    "sam-cli--start-api-cfn-http-api-with-normal-and-default-routes.yaml",
    "sam-cli--start-api-cfn-http-api-with-swagger-body.yaml",
    "sam-cli--start-api-cfn-quick-created-http-api-with-default-route.yaml",
    "sam-cli--start-api-cfn-quick-created-http-api-with-one-route.yaml",
];

/// MANIFEST #21: CDK output whose asset parameters were stripped and whose
/// `CDKMetadataAvailable` condition is not declared.
const CDK_SYNTH: &str = "sam-cli--start-api-cdk-synth-http-api.yaml";

/// A SAM template reaching `validate` untransformed (gantry transforms it first).
const SAM_MESSAGE: &str =
    "this is an AWS SAM template: it must be run through the SAM transform before it is validated";
/// SAM resources without the `Transform` line (AWS's test fixtures, whose harness adds it).
const SAM_WITHOUT_TRANSFORM_MESSAGE: &str = "this template uses AWS SAM (AWS::Serverless::* resources or Globals) but has no `Transform: AWS::Serverless-2016-10-31`, so neither CloudFormation nor gantry transforms it";

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/templates");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_file())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                std::fs::read_to_string(&path).expect("UTF-8 template"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Answers every reference with a value derived from the name, as a deploy engine
/// would after creating each resource.
struct EverythingDeployed;

impl Resolve for EverythingDeployed {
    fn ref_value(&self, logical_id: &str) -> Option<Value> {
        Some(json!(format!("{logical_id}-id")))
    }
    fn get_att(&self, logical_id: &str, attribute: &str) -> Option<Value> {
        Some(json!(format!("{logical_id}.{attribute}")))
    }
}

#[test]
fn the_corpus_has_the_forty_templates_of_the_manifest() {
    assert_eq!(corpus().len(), 40);
}

#[test]
fn plain_templates_validate_and_resolve_in_deployment_order() {
    for (name, source) in corpus()
        .iter()
        .filter(|(name, _)| PLAIN.contains(&name.as_str()) && name != CDK_SYNTH)
    {
        let validation = validate(source, &Inputs::default()).expect("inputs");
        assert!(
            validation.is_valid(),
            "{name}: {:#?}",
            validation.diagnostics
        );
        let plan = validation.plan.as_ref().expect("plan");
        assert_eq!(
            plan.order().len(),
            plan.template().resources.len(),
            "{name}: every resource is ordered"
        );
        for logical_id in plan.order() {
            plan.resolve_properties(logical_id, &EverythingDeployed)
                .unwrap_or_else(|error| panic!("{name}: {logical_id}: {error}"));
        }
        for output in plan.active_outputs() {
            plan.resolve_output(&output.logical_id, &EverythingDeployed)
                .unwrap_or_else(|error| panic!("{name}: {}: {error}", output.logical_id));
        }
        assert_eq!(validation.to_json()["valid"], json!(true), "{name}");
    }
}

#[test]
fn cdk_synth_template_reports_its_missing_asset_parameters_and_condition() {
    let (_, source) = corpus()
        .into_iter()
        .find(|(name, _)| name == CDK_SYNTH)
        .expect("present");
    let validation = validate(&source, &Inputs::default()).expect("inputs");
    let found: Vec<(u32, &str, &str)> = validation
        .diagnostics
        .iter()
        .map(|d| (d.line, d.path.as_str(), d.message.as_str()))
        .collect();
    let bucket = "Ref refers to `AssetParameterscaca469dd0328d9655fcf1d6cb884705f3c3c064ed9cd338a85709ea93494992S3Bucket8B9BABCE`, which is not a parameter, pseudo parameter or resource of this template";
    let key = "Ref refers to `AssetParameterscaca469dd0328d9655fcf1d6cb884705f3c3c064ed9cd338a85709ea93494992S3VersionKeyA8E7BF96`, which is not a parameter, pseudo parameter or resource of this template";
    assert_eq!(
        found,
        [
            (
                166,
                "Resources/lambdaFuncD745B556/Properties/Code/S3Bucket",
                bucket
            ),
            (
                174,
                "Resources/lambdaFuncD745B556/Properties/Code/S3Key/Fn::Join/1/0/Fn::Select/1/Fn::Split/1",
                key
            ),
            (
                179,
                "Resources/lambdaFuncD745B556/Properties/Code/S3Key/Fn::Join/1/1/Fn::Select/1/Fn::Split/1",
                key
            ),
            (
                199,
                "Resources/CDKMetadata/Condition",
                "condition `CDKMetadataAvailable` is not declared"
            ),
        ]
    );
    assert!(!validation.is_valid());
}

#[test]
fn sam_templates_get_exactly_one_error_the_transform_diagnostic() {
    let sam: Vec<(String, String)> = corpus()
        .into_iter()
        .filter(|(name, _)| !PLAIN.contains(&name.as_str()))
        .collect();
    assert_eq!(sam.len(), 27, "MANIFEST: 27 SAM templates");
    for (name, source) in &sam {
        let validation = validate(source, &Inputs::default()).expect("inputs");
        let errors: Vec<&str> = validation.errors().map(|d| d.message.as_str()).collect();
        let expected = if source.contains("Transform:") {
            SAM_MESSAGE
        } else {
            SAM_WITHOUT_TRANSFORM_MESSAGE
        };
        assert_eq!(errors, [expected], "{name}");
        assert!(validation.order().is_empty(), "{name}");
    }
}

#[test]
fn duplicate_code_uri_in_the_appconfig_template_is_a_warning() {
    let (_, source) = corpus()
        .into_iter()
        .find(|(name, _)| name == "sessions-with-aws-sam--appconfig-httpapi-mappings.yaml")
        .expect("present");
    let validation = validate(&source, &Inputs::default()).expect("inputs");
    let warning = validation
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning)
        .expect("a warning");
    assert_eq!(
        warning.path,
        "Resources/AppConfigLambdaFunction/Properties/CodeUri"
    );
    assert!(warning.message.starts_with("duplicate key `CodeUri`"));
}

#[test]
fn no_template_crashes_in_any_region() {
    for region in ["us-east-1", "cn-north-1", "us-gov-west-1"] {
        let inputs = Inputs {
            region: region.into(),
            ..Inputs::default()
        };
        for (name, source) in corpus() {
            let validation = validate(&source, &inputs).expect("inputs");
            let rendered = validation.render(&source, &name);
            assert!(rendered.contains(&name), "{name}");
        }
    }
}

#[test]
fn plain_json_template_uses_the_region_in_resolved_arns() {
    let (_, source) = corpus()
        .into_iter()
        .find(|(name, _)| name == "sam--translator-output-http-api-lambda-auth-full.json")
        .expect("present");
    let inputs = Inputs {
        region: "eu-west-1".into(),
        ..Inputs::default()
    };
    let plan = validate(&source, &inputs)
        .expect("inputs")
        .plan
        .expect("plan");
    let permission = plan
        .active_resources()
        .find(|r| r.resource_type == "AWS::Lambda::Permission")
        .expect("a permission");
    let properties = plan
        .resolve_properties(&permission.logical_id, &EverythingDeployed)
        .expect("resolves");
    let source_arn = properties["SourceArn"].as_str().expect("a string");
    assert!(
        source_arn.starts_with("arn:aws:execute-api:eu-west-1:123456789012:"),
        "{source_arn}"
    );
}
