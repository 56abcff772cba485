//! Every SAM golden case with a REST API (AWS's own translator test cases, vendored in
//! `crates/sam-transform/tests/golden`; the ones whose expected output has an
//! `AWS::ApiGateway::RestApi`): the input, transformed by gantry's SAM transform as the
//! golden suite runs it (region ap-southeast-1), deploys without error. Functions' S3 code
//! is accepted by this test's checks, and types gantry does not deploy (SNS, SQS, ...)
//! become placeholders, so what is judged is the REST API's resources.
//!
//! As a user would, the test passes values for parameters without a default and puts a
//! small Swagger file where a `BodyS3Location` points (gantry reads it next to the
//! template). The few cases AWS itself would refuse (invalid templates, an `aws_proxy`
//! integration to a plain URL) are listed in [`REFUSED`] with the reason they must give.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cfn_engine::{CheckNote, DeployChecks, DeployRequest, IdSource, LocalEndpoints, deploy};
use cfn_template::ParameterOverride;
use serde_json::Value;
use store::model::Function;

const REGION: &str = "ap-southeast-1";

/// Values for the parameters without a default, as `--parameter-overrides` would give them.
const PARAMETER_VALUES: &[(&str, &str)] = &[
    ("EndpointConfig", "REGIONAL"),
    ("EndpointConfigType", "PRIVATE"),
    ("VpcEndpointId", "vpce-0123456789abcdef0"),
];

/// What a `BodyS3Location` file holds here: one MOCK method.
const LOCAL_BODY: &str = r#"{"swagger": "2.0", "info": {"title": "golden"}, "paths": {"/": {"get": {
  "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"}}}}}}"#;

/// Cases that do not deploy, with (part of) the reason they must give and why AWS would
/// refuse them too.
const REFUSED: &[(&str, &str, &str)] = &[
    (
        "api_with_identity_intrinsic",
        "a condition must be a condition function",
        "the input's condition is the literal `true`, which CloudFormation rejects",
    ),
    (
        "api_with_any_method_in_swagger",
        "Fn::Sub: the variable `__FunctionArn__` is null",
        "the input refers to a parameter `Stage` it does not declare",
    ),
    (
        "api_rest_paths_with_if_condition_openapi",
        "gantry serves aws_proxy integrations with Lambda only",
        "an aws_proxy integration to a plain URL, which API Gateway refuses",
    ),
    (
        "api_rest_paths_with_if_condition_openapi_no_value_then_case",
        "gantry serves aws_proxy integrations with Lambda only",
        "an aws_proxy integration to a plain URL, which API Gateway refuses",
    ),
    (
        "api_rest_paths_with_if_condition_swagger_no_value_then_case",
        "gantry serves aws_proxy integrations with Lambda only",
        "an aws_proxy integration to a plain URL, which API Gateway refuses",
    ),
    (
        "api_with_resource_refs",
        "Properties.Body.swagger is required",
        "the Body is not an API definition (its keys are `a` and `this`)",
    ),
    (
        "explicit_api_openapi_3",
        "Properties.Body.swagger is required",
        "the Body is not an API definition (its keys are `a` and `this`)",
    ),
    (
        "api_with_security_definition_and_components",
        "providerARNs[0] must be a string, found null",
        "a Cognito authorizer whose user pool ARN is null",
    ),
    (
        "definition_body_intrinsics_support",
        "gantry serves aws_proxy integrations with Lambda only",
        "an aws_proxy integration to a plain URL, which API Gateway refuses",
    ),
];

/// Accepts every function and route key; the data plane's checks are tested elsewhere.
struct AcceptAll;

impl DeployChecks for AcceptAll {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sam-transform/tests/golden")
}

/// The cases whose expected output has a RestApi, by name.
fn rest_cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(golden_dir().join("output"))
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let text = std::fs::read_to_string(&path).ok()?;
            let output: Value = serde_json::from_str(&text).ok()?;
            let has_rest_api = output
                .get("Resources")?
                .as_object()?
                .values()
                .any(|resource| {
                    resource.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::RestApi")
                });
            has_rest_api.then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

fn input_of(name: &str) -> Value {
    let dir = golden_dir().join("input");
    let path = ["yaml", "yml", "json"]
        .iter()
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("no input for {name}"));
    let source = std::fs::read_to_string(&path).unwrap();
    cfn_template::syntax::parse(&source)
        .root
        .unwrap_or_else(|| panic!("{name}: input does not parse"))
        .to_json()
}

/// Transforms and deploys one case: `Err` says why it did not deploy.
fn deploy_case(name: &str) -> Result<(), String> {
    let options = sam_transform::Options {
        region: REGION.to_owned(),
        ..sam_transform::Options::default()
    };
    let transformed = sam_transform::transform(&input_of(name), &options)
        .map_err(|e| format!("transform: {}", e.message()))?;
    let body = serde_json::to_string_pretty(&transformed.template).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for key in body_s3_keys(&transformed.template) {
        std::fs::write(dir.path().join(key), LOCAL_BODY).unwrap();
    }
    let template_path = dir.path().join("template.json");
    let ids = IdSource::seeded(80);
    let request = DeployRequest {
        stack_name: "golden",
        template_path: &template_path,
        template_body: &body,
        parameter_overrides: parameter_overrides(&transformed.template),
        region: REGION,
        account_id: "123456789012",
        previous: None,
        exports: &BTreeMap::new(),
        assets: &cfn_engine::LocalAssets::new(),
        ssm_parameters: &BTreeMap::new(),
        allow_unsupported: true,
        endpoints: LocalEndpoints { port: 3000 },
        checks: &AcceptAll,
        ids: &ids,
        now: 1_700_000_000,
    };
    deploy(&request, &mut Vec::new())
        .map(drop)
        .map_err(|e| match e {
            cfn_engine::DeployError::Invalid(validation) => format!(
                "invalid: {:?}",
                validation
                    .diagnostics
                    .iter()
                    .map(|d| format!("{}: {}", d.path, d.full_message()))
                    .collect::<Vec<_>>()
            ),
            other => other.to_string(),
        })
}

/// The `Key` of every `BodyS3Location` (a file name in these cases).
fn body_s3_keys(template: &Value) -> Vec<String> {
    let resources = template.get("Resources").and_then(Value::as_object);
    resources
        .into_iter()
        .flat_map(|resources| resources.values())
        .filter_map(|resource| resource.pointer("/Properties/BodyS3Location/Key")?.as_str())
        .map(str::to_owned)
        .collect()
}

/// A value for each parameter without a default.
fn parameter_overrides(template: &Value) -> Vec<ParameterOverride> {
    let parameters = template.get("Parameters").and_then(Value::as_object);
    parameters
        .into_iter()
        .flatten()
        .filter(|(_, parameter)| parameter.get("Default").is_none())
        .map(|(name, _)| ParameterOverride {
            key: name.clone(),
            value: PARAMETER_VALUES
                .iter()
                .find(|(known, _)| known == name)
                .map_or("golden", |(_, value)| value)
                .to_owned(),
        })
        .collect()
}

#[test]
fn every_rest_golden_case_deploys() {
    let cases = rest_cases();
    assert_eq!(
        cases.len(),
        80,
        "the vendored golden outputs with a RestApi"
    );
    let mut deployed = 0;
    let mut failures = Vec::new();
    for name in &cases {
        let refused = REFUSED.iter().find(|(case, _, _)| case == name);
        match (deploy_case(name), refused) {
            (Ok(()), Some(_)) => failures.push(format!("{name}: listed in REFUSED but deploys")),
            (Ok(()), None) => deployed += 1,
            (Err(why), Some((_, reason, _))) if why.contains(reason) => {}
            (Err(why), _) => failures.push(format!("{name}: {why}")),
        }
    }
    eprintln!(
        "rest golden: {deployed}/{} cases deploy; the other {} are refused as AWS would refuse them",
        cases.len(),
        cases.len() - deployed - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} cases do not deploy:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
