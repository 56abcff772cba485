//! Custom resources through the real binary (cdk.md §7): real Node.js and Python
//! providers invoked with CloudFormation's request, answering by an HTTPS PUT to the
//! ResponseURL; their Data reaches outputs, another resource's property and a served
//! route; an update sends OldResourceProperties; FAILED and silence fail the deploy;
//! Custom::LogRetention is answered by gantry without invoking its provider.

use crate::support::{Up, client, fixture};

/// The value printed for an output `key` ("  Key  value" lines).
fn output_value(output: &str, key: &str) -> String {
    output
        .lines()
        .find_map(|line| {
            let rest = line.trim_start().strip_prefix(key)?;
            rest.starts_with(char::is_whitespace)
                .then(|| rest.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no output {key}:\n{output}"))
}

#[test]
fn providers_answer_over_https_and_their_data_is_served_then_updated() {
    // A relative state directory: the trust files handed to providers must still resolve
    // from the function's own working directory.
    let dir = tempfile::tempdir().unwrap();
    let state = std::path::Path::new("state");
    let template = fixture("custom-resources/template.yaml");
    let gantry = Up::new(&template, state)
        .in_dir(dir.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();
    assert_eq!(output_value(&output, "Message"), "hello world");
    assert_eq!(output_value(&output, "GreetingId"), "greeting-world");
    // Numbers and booleans arrive as strings; ServiceToken is among the properties.
    assert_eq!(
        output_value(&output, "Seen"),
        "Create,string:3,string:true,token"
    );
    assert_eq!(output_value(&output, "Previous"), "none");
    assert_eq!(output_value(&output, "PyWord"), "HELLO WORLD");
    assert_eq!(output_value(&output, "PyId"), "py-hello-world");
    assert_eq!(output_value(&output, "RetentionId"), "/aws/lambda/greeter");
    assert!(
        output.contains("handled by gantry") && output.contains("14 days"),
        "LogRetention is noted:\n{output}"
    );
    assert!(
        !output.contains("must not be invoked"),
        "the LogRetention provider ran:\n{output}"
    );
    let response = client()
        .get(format!("{}/greet", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().unwrap(), "hello world");
    drop(gantry);

    // A changed property: Update with the previous properties; a new physical id.
    let gantry = Up::new(&template, state)
        .in_dir(dir.path())
        .parameter("Name", "moon")
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();
    assert_eq!(output_value(&output, "Message"), "hello moon");
    assert!(
        output_value(&output, "Seen").starts_with("Update,"),
        "{output}"
    );
    assert_eq!(output_value(&output, "Previous"), "world");
    assert_eq!(output_value(&output, "GreetingId"), "greeting-moon");
    assert_eq!(output_value(&output, "PyWord"), "HELLO MOON");
    // The provider answered with a new id: the old resource is deleted after the update.
    assert!(
        output.contains("request Delete Greeting"),
        "the old Greeting was sent Delete:\n{output}"
    );
    assert!(
        output
            .lines()
            .any(|line| line.starts_with("DELETE_COMPLETE") && line.contains("Custom::Greeting")),
        "the old Greeting's deletion is reported:\n{output}"
    );
    let response = client()
        .get(format!("{}/greet", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.text().unwrap(), "hello moon");
}

#[test]
fn a_failed_response_fails_the_deploy_with_its_reason() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("custom-resources/failing.yaml");
    let (status, output) = Up::new(&template, state.path())
        .parameter("Behaviour", "fail")
        .start()
        .map(|_| panic!("the deploy succeeded"))
        .unwrap_err();
    assert!(!status.success());
    assert!(
        output.contains("Widget") && output.contains("the widget factory is closed"),
        "{output}"
    );
    // The rollback sends the failed Create's physical id a Delete, as CloudFormation does.
    assert!(output.contains("Delete widget"), "{output}");
    assert!(
        output
            .lines()
            .any(|line| line.starts_with("DELETE_COMPLETE") && line.contains("Widget")),
        "{output}"
    );
}

#[test]
fn a_provider_that_never_answers_fails_at_its_service_timeout() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("custom-resources/failing.yaml");
    let (status, output) = Up::new(&template, state.path())
        .parameter("Behaviour", "silent")
        .start()
        .map(|_| panic!("the deploy succeeded"))
        .unwrap_err();
    assert!(!status.success());
    assert!(
        output.contains("Widget")
            && output.contains("sent no response to ResponseURL within 2 seconds"),
        "{output}"
    );
    assert!(
        output.contains("thinking it over"),
        "its log lines are shown:\n{output}"
    );
}
