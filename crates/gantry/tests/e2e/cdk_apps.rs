//! CDK apps of the tests' own, synthesized by the real CDK CLI (with the example's
//! packages) and served by `gantry up cdk.out`: constructs the example does not use.

use std::path::Path;

use serde_json::Value;

use crate::cdk_example::synthesize_app;
use crate::support::{Up, client, fixture};

/// A `NestedStack` whose function another top-level stack's API serves: the reference
/// goes out through the nested stack's outputs, the parent's export and the consumer's
/// `Fn::ImportValue`, as the CDK wires it; the function's `logRetention` adds a
/// `Custom::LogRetention` gantry answers itself. Nested-stack events are indented under
/// their resource and name construct paths.
#[test]
fn a_nested_stacks_function_is_served_by_another_stacks_api() {
    let work = tempfile::tempdir().unwrap();
    let (assembly, home) = (work.path().join("cdk.out"), work.path().join("home"));
    std::fs::create_dir(&home).unwrap();
    synthesize_app(
        &fixture("cdk-apps/nested"),
        &["--app", "node app.js"],
        &assembly,
        &home,
    );
    let nested_templates = std::fs::read_dir(&assembly)
        .unwrap()
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".nested.template.json")
        })
        .count();
    assert_eq!(nested_templates, 1, "the CDK wrote no nested template");

    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(Path::new(&assembly), state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let response = client()
        .get(format!("{}/hello", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{}", gantry.output());
    let body: Value = response.json().unwrap();
    assert_eq!(body["message"], "hello from a nested stack");

    let output = gantry.output();
    let line = |needle: &str| {
        output
            .lines()
            .find(|line| line.starts_with("CREATE_COMPLETE") && line.contains(needle))
            .unwrap_or_else(|| panic!("no CREATE_COMPLETE line with {needle}:\n{output}"))
            .to_owned()
    };
    // The nested stack's function, one level in, with its construct path.
    let function = line("Hello4A628BD4");
    assert!(
        function.contains("   Hello4A628BD4 (Handlers/Hello)"),
        "{function}"
    );
    // The log retention answered without running its provider (CloudWatch Logs).
    let retention = line("Custom::LogRetention");
    assert!(retention.contains("/aws/lambda/Backend-"), "{retention}");
    assert!(output.contains("Stack Backend CREATE_COMPLETE"), "{output}");
    assert!(output.contains("Stack Api CREATE_COMPLETE"), "{output}");
}
