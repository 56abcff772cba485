//! Every SAM golden case with a REST API (AWS's own translator test cases, vendored in
//! `crates/sam-transform/tests/golden`; the ones whose expected output has an
//! `AWS::ApiGateway::RestApi`): the input, transformed by gantry's SAM transform as the
//! golden suite runs it (region ap-southeast-1), deploys without error. Functions' S3 code
//! is accepted by this test's checks, and types gantry does not deploy (SNS, SQS, ...)
//! become placeholders, so what is judged is the REST API's resources.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cfn_engine::{CheckNote, DeployChecks, DeployRequest, IdSource, LocalEndpoints, deploy};
use serde_json::Value;
use store::model::Function;

const REGION: &str = "ap-southeast-1";

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
    let ids = IdSource::seeded(80);
    let request = DeployRequest {
        stack_name: "golden",
        template_path: Path::new("template.json"),
        template_body: &body,
        parameter_overrides: vec![],
        region: REGION,
        account_id: "123456789012",
        previous: None,
        exports: &BTreeMap::new(),
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

#[test]
fn every_rest_golden_case_deploys() {
    let cases = rest_cases();
    assert_eq!(
        cases.len(),
        80,
        "the vendored golden outputs with a RestApi"
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|name| deploy_case(name).err().map(|why| format!("{name}: {why}")))
        .collect();
    eprintln!(
        "rest golden: {}/{} cases deploy",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} cases do not deploy:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
