//! Nested stacks through the real binary: a parent HTTP API served by a Node.js function
//! of a nested SAM stack, reached through `!GetAtt Child.Outputs.FunctionArn`.

use serde_json::Value;

use crate::support::{Up, client, fixture};

#[test]
fn a_parent_api_serves_the_function_of_its_nested_stack() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("nested/template.yaml");
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));

    let response = client()
        .get(format!("{}/hello", gantry.base))
        .send()
        .unwrap();
    let status = response.status().as_u16();
    let body = response.text().unwrap();
    assert_eq!(status, 200, "{body}\n{}", gantry.output());
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["greeting"], "hello from the child");
    let function_name = answer["functionName"].as_str().unwrap();
    assert!(
        function_name.starts_with("gantry-Child-"),
        "named after the nested stack: {function_name}"
    );

    let output = gantry.output();
    // The child's events are shown inside the parent resource's.
    let child_started = output
        .find("CREATE_IN_PROGRESS           AWS::CloudFormation::Stack")
        .unwrap_or_else(|| panic!("{output}"));
    let function_done = output
        .find("CREATE_COMPLETE              AWS::Lambda::Function")
        .unwrap_or_else(|| panic!("{output}"));
    assert!(child_started < function_done, "{output}");
    // A warning about the child points into the child's own file.
    let child_file = fixture("nested/child/child.yaml");
    assert!(
        output.contains(&format!(
            "warning: {}:22: Setting: Properties.Tier:",
            child_file.display()
        )),
        "{output}"
    );
}
