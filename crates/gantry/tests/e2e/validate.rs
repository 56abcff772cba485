//! `gantry validate` over the whole corpus, as a user runs it: exit codes and the exact
//! JSON shape. (What each diagnostic says is tested in cfn-template.)

use std::path::Path;

use serde_json::Value;

use crate::support::gantry;

/// Plain CloudFormation templates of corpus/MANIFEST.md (kind column), except #21, the
/// CDK output whose asset parameters and condition are missing (deliberately broken).
const PLAIN_AND_VALID: &[&str] = &[
    "awsdocs-apigw-guide--http-api-parameter-mapping.yaml",
    "awsdocs-apigw-guide--http-api-with-logging.yaml",
    "awsdocs-apigw-guide--http-quick-create-http-proxy.yaml",
    "awsdocs-apigw-guide--http-with-cors.yaml",
    "awsdocs-apigw-guide--http-with-jwt-auth.yaml",
    "awsdocs-apigw-guide--lambda-quick-create.yaml",
    "sam--translator-output-http-api-explicit-stage-variables.json",
    "sam--translator-output-http-api-lambda-auth-full.json",
    "sam-cli--start-api-cfn-http-api-with-normal-and-default-routes.yaml",
    "sam-cli--start-api-cfn-http-api-with-swagger-body.yaml",
    "sam-cli--start-api-cfn-quick-created-http-api-with-default-route.yaml",
    "sam-cli--start-api-cfn-quick-created-http-api-with-one-route.yaml",
];
const BROKEN_CDK_SYNTH: &str = "sam-cli--start-api-cdk-synth-http-api.yaml";

#[test]
fn every_corpus_template_gets_the_right_exit_code_and_exact_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/templates");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        seen += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (code, stdout, stderr) =
            gantry(&["validate", path.to_str().unwrap(), "--format", "json"]);
        let report: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {stdout}{stderr}"));
        let keys: Vec<&str> = report
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["valid", "order", "diagnostics"], "{name}");
        for diagnostic in report["diagnostics"].as_array().unwrap() {
            let keys: Vec<&str> = diagnostic
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                ["severity", "message", "path", "line", "column"],
                "{name}"
            );
            assert!(
                diagnostic["line"].as_u64().unwrap() >= 1
                    && diagnostic["column"].as_u64().unwrap() >= 1
            );
        }
        let errors: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        if PLAIN_AND_VALID.contains(&name.as_str()) {
            assert_eq!(
                (code, report["valid"].as_bool()),
                (0, Some(true)),
                "{name}: {errors:?}"
            );
            assert!(!report["order"].as_array().unwrap().is_empty(), "{name}");
        } else if name == BROKEN_CDK_SYNTH {
            assert_eq!(code, 1, "{name}");
            assert!(
                errors.iter().any(|e| e.contains("CDKMetadataAvailable")),
                "{name}: {errors:?}"
            );
            assert!(
                errors.iter().any(|e| e.contains("AssetParameters")),
                "{name}: {errors:?}"
            );
        } else if !std::fs::read_to_string(&path)
            .unwrap()
            .contains("Transform:")
        {
            // SAM resources without the Transform line: one diagnostic saying to add it.
            assert_eq!(code, 1, "{name}");
            assert_eq!(errors.len(), 1, "{name}: {errors:?}");
            assert!(
                errors[0].contains("Transform: AWS::Serverless-2016-10-31"),
                "{name}: {errors:?}"
            );
        } else {
            // SAM templates are transformed first: valid, or refused with diagnostics.
            assert_eq!(
                (code, report["valid"].as_bool()),
                (
                    if errors.is_empty() { 0 } else { 1 },
                    Some(errors.is_empty())
                ),
                "{name}: {errors:?}"
            );
        }
    }
    assert_eq!(seen, 40);
}

#[test]
fn text_output_shows_the_offending_line_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.yaml");
    std::fs::write(
        &template,
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Functoin\n",
    )
    .unwrap();
    let (code, stdout, _) = gantry(&["validate", template.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("3 |     Type: AWS::Lambda::Functoin"),
        "{stdout}"
    );
    assert!(
        stdout.contains("AWS::Lambda::Function"),
        "suggests the closest type: {stdout}"
    );

    assert_eq!(gantry(&["validate"]).0, 2, "missing argument");
    assert_eq!(
        gantry(&["validate", template.to_str().unwrap(), "--format", "xml"]).0,
        2
    );
    assert_eq!(
        gantry(&[
            "validate",
            template.to_str().unwrap(),
            "--parameter-overrides",
            "novalue"
        ])
        .0,
        2
    );
}
