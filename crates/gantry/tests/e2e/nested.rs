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
            "warning: {}:22: Setting: Properties.AllowedPattern:",
            child_file.display()
        )),
        "{output}"
    );
}

/// The corpus's `AWS::Serverless::Application` (a JWT authorizer whose issuer and
/// audience are its nested stack's outputs), deployed from a project folder holding the
/// template, its application's `auth.yaml` and a handler for its function.
#[test]
fn a_sam_application_with_a_local_location_is_deployed_as_a_nested_stack() {
    let project = tempfile::tempdir().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/templates");
    let template = project.path().join("template.yaml");
    std::fs::copy(
        corpus.join("serverless-patterns--cognito-httpapi-jwt.yaml"),
        &template,
    )
    .unwrap();
    std::fs::copy(
        corpus.join("serverless-patterns--cognito-httpapi-jwt/auth.yaml"),
        project.path().join("auth.yaml"),
    )
    .unwrap();
    std::fs::create_dir(project.path().join("src")).unwrap();
    std::fs::write(
        project.path().join("src/app.js"),
        "exports.handler = async () => ({ statusCode: 200, body: 'app' });\n",
    )
    .unwrap();
    let state = tempfile::tempdir().unwrap();
    // The application's user pool domain is a type gantry does not deploy.
    let gantry = Up::new(&template, state.path())
        .extra(&["--allow-unsupported"])
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();

    // The authorizer's issuer is the nested stack's output, the user pool's issuer.
    assert!(
        output.contains("GET     http://127.0.0.1:")
            && output
                .contains("(JWT, issuer https://cognito-idp.us-east-1.amazonaws.com/us-east-1_"),
        "{output}"
    );
    // The child's warnings point into auth.yaml, at the line of each property.
    let auth = project.path().join("auth.yaml");
    assert!(
        output.contains(&format!(
            "warning: {}:25: UserPool: Properties.Policies:",
            auth.display()
        )),
        "{output}"
    );
    // Without a token API Gateway answers 401 before anything runs.
    let response = client().get(format!("{}/", gantry.base)).send().unwrap();
    assert_eq!(response.status(), 401, "{output}");
}
