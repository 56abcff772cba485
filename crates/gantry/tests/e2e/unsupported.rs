//! Resource types gantry cannot deploy: by default the deployment stops before creating
//! anything and lists them; `--allow-unsupported` creates inert placeholders and warns.

use std::path::Path;

use crate::support::{Up, client, fixture};

#[test]
fn corpus_template_with_a_cognito_domain_stops_before_creating_anything_and_lists_the_types() {
    let template = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/templates/awsdocs-apigw-guide--http-with-jwt-auth.yaml");
    let state = tempfile::tempdir().unwrap();
    let (status, output) = match Up::new(&template, state.path()).start() {
        Ok(gantry) => panic!("deployed:\n{}", gantry.output()),
        Err(failure) => failure,
    };
    assert_eq!(status.code(), Some(1), "{output}");
    for line in [
        "HostedUI                         AWS::Cognito::UserPoolDomain",
        "--allow-unsupported",
    ] {
        assert!(output.contains(line), "{line}:\n{output}");
    }
    // The user pool and its client are deployed (REST APIs' Cognito authorizers need them).
    assert!(!output.contains("AppClient"), "{output}");
    assert!(
        !output.contains("CREATE_IN_PROGRESS"),
        "nothing may start:\n{output}"
    );
}

#[test]
fn allow_unsupported_deploys_placeholders_whose_ids_resolve_and_warns() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("with-queue.yaml");
    let gantry = Up::new(&template, state.path())
        .extra(&["--allow-unsupported"])
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();
    // Each deploy warning points at its template line (`Jobs:` is line 4).
    assert!(
        output.contains("with-queue.yaml:4: Jobs: AWS::SQS::Queue is not deployed by gantry"),
        "{output}"
    );
    let body: serde_json::Value = client()
        .get(format!("{}/queue", gantry.base))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(
        body["queueName"]
            .as_str()
            .unwrap()
            .starts_with("gantry-Jobs-"),
        "{body}"
    );
    assert!(
        body["queueArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:sqs:us-east-1:123456789012:gantry-Jobs-"),
        "{body}"
    );
}

#[test]
fn a_property_gantry_does_not_honour_is_a_warning_with_its_template_line() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("unhonoured.yaml");
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();
    assert!(
        output.contains("unhonoured.yaml:9: Api: Properties.IpAddressType: gantry listens on"),
        "{output}"
    );
    assert!(!output.contains("Properties.Description"), "{output}");
}
