//! gantry's transform against AWS's translator itself (`aws-sam-translator` 1.115.0, the
//! oracle), beyond AWS's golden cases: every SAM template of the shared corpus, and
//! templates generated at random (`oracle_support::generate`). Outputs are compared as
//! the golden test compares them (`golden_support::compare`), errors by message.
//!
//! The oracle runs once per batch (`oracle/translate.py`, one Python process); its
//! Python is `GANTRY_SAM_ORACLE_PYTHON` or `target/sam-oracle-venv/bin/python`, which
//! `.ci/run` installs. Without it the tests fail and say how to install it.
//!
//! - `PROPTEST_CASES` (default 64) and `PROPTEST_RNG_SEED` (a number) choose the
//!   generated templates; a run is reproducible from its seed.
//! - Each batch stays in `target/tmp/sam-oracle/<batch>/` (`in/` the templates, `out/` the
//!   translator's outputs) to look at a difference closely.
//! - `cargo test -p sam-transform --test oracle -- --nocapture` prints the summary of every
//!   template even when all match.
//!
//! A template gantry refuses by name (an out-of-scope feature, `src/unsupported.rs`) is
//! counted apart, not as a difference: gantry fails closed there by design.

#![allow(clippy::expect_used)] // golden_support::compare builds its patterns with expect

mod golden_support;
mod oracle_support;

use golden_support::{cases, compare, load_template};
use oracle_support::{Summary, Verdict, applications, corpus, generate, translate, verdict};
use serde_json::Value;

/// The golden case whose output names the region AWS's suite runs in (`ap-southeast-1`,
/// as a layer name); the oracle, like gantry's golden test, runs in `us-east-1`.
const REGION_DEPENDENT: &str = "layers_with_intrinsics";

/// The oracle script itself is checked: on AWS's own cases it gives AWS's recorded outputs.
#[test]
fn the_oracle_reproduces_aws_s_golden_outputs() {
    let cases = cases();
    let templates: Vec<(String, Value)> = cases
        .iter()
        .map(|case| {
            (
                case.name.clone(),
                corpus::as_cloudformation_reads_yaml(&load_template(&case.input)),
            )
        })
        .collect();
    let outputs = translate("golden", &templates);
    let mut failures = Vec::new();
    for (case, output) in cases.iter().zip(&outputs) {
        let text = std::fs::read_to_string(&case.output).unwrap_or_default();
        let mut expected: Value = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", case.output.display()));
        if case.name == REGION_DEPENDENT {
            continue;
        }
        // An error case is its message (some outputs also keep the older `errors` list).
        if let Some(message) = expected.get("errorMessage") {
            expected = serde_json::json!({ "errorMessage": message });
        }
        let differences = compare::differences(&expected, output);
        if !differences.is_empty() {
            let first: Vec<String> = differences.into_iter().take(3).collect();
            failures.push(format!("--- {} ---\n{}", case.name, first.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "the oracle differs from AWS's recorded outputs in {} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_sam_templates_transform_as_aws_s_translator_does() {
    let templates: Vec<(String, Value)> = corpus::sam_templates()
        .into_iter()
        .map(|(name, template)| {
            (
                name,
                corpus::as_packaged(&corpus::as_cloudformation_reads_yaml(&template)),
            )
        })
        .collect();
    let outputs = translate("corpus", &templates);
    check(Summary {
        title: "corpus SAM templates".to_owned(),
        rows: judge_all(&templates, &outputs),
    });
}

#[test]
fn generated_sam_templates_transform_as_aws_s_translator_does() {
    let count = env_number("PROPTEST_CASES").map_or(64, |n| n as usize);
    let seed = env_number("PROPTEST_RNG_SEED").unwrap_or(generate::DEFAULT_SEED);
    let templates = generate::templates(count, seed);
    let outputs = translate("generated", &templates);
    let refused_by_aws = outputs
        .iter()
        .filter(|output| {
            output.get("errorMessage").is_some() || output.get("oracleCrash").is_some()
        })
        .count();
    // The generator keeps references consistent: most templates must be valid to AWS, or
    // the comparison would only see error messages.
    assert!(
        refused_by_aws * 2 <= count,
        "{refused_by_aws} of {count} generated templates are invalid to AWS's translator \
         (see {}): the generator is broken",
        oracle_support::batch_dir("generated").display()
    );
    check(Summary {
        title: format!(
            "generated SAM templates (seed {seed}, {refused_by_aws} invalid to AWS, kept in {})",
            oracle_support::batch_dir("generated").display()
        ),
        rows: judge_all(&templates, &outputs),
    });
}

/// `AWS::Serverless::Application` with string locations (and the translator's errors
/// for bad ones): every template matches, none is refused, and each nested stack equals
/// the translator's exactly (its `Tags` list in order: `lambda:createdBy` first).
#[test]
fn application_templates_transform_as_aws_s_translator_does() {
    let templates = applications::templates();
    let outputs = translate("applications", &templates);
    let rows = judge_all(&templates, &outputs);
    let summary = Summary {
        title: "AWS::Serverless::Application templates".to_owned(),
        rows,
    };
    let rendered = summary.render();
    assert!(
        summary
            .rows
            .iter()
            .all(|(_, verdict)| matches!(verdict, Verdict::Match)),
        "every Application template must match AWS's translator:\n{rendered}"
    );
    for ((name, template), expected) in templates.iter().zip(&outputs) {
        let Some(expected) = expected.get("Resources").and_then(Value::as_object) else {
            continue;
        };
        let actual = sam_transform::transform(template, &sam_transform::Options::default())
            .expect("matched a template");
        for (logical_id, resource) in expected {
            if resource["Type"] == "AWS::CloudFormation::Stack" {
                assert_eq!(
                    Some(resource),
                    actual.template["Resources"].get(logical_id),
                    "{name}: {logical_id}"
                );
            }
        }
    }
    eprintln!("{rendered}");
}

fn judge_all(
    templates: &[(String, Value)],
    outputs: &[Value],
) -> Vec<(String, oracle_support::Verdict)> {
    templates
        .iter()
        .zip(outputs)
        .map(|((name, template), output)| (name.clone(), verdict(template, output)))
        .collect()
}

/// Fails with the summary when a template differs; prints it otherwise (`--nocapture`).
fn check(summary: Summary) {
    let rendered = summary.render();
    assert!(
        summary.mismatches() == 0,
        "{} templates differ from AWS's translator:\n{rendered}",
        summary.mismatches()
    );
    eprintln!("{rendered}");
}

#[allow(clippy::disallowed_methods)] // the test's own knobs, as proptest reads them
fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|error| panic!("{name}={value:?}: {error}")),
    )
}
