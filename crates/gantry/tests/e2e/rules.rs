//! The `Rules` section under `gantry up`: a false assertion stops the deploy before
//! anything is created, printing the rule and its description; a parameter value the
//! rule accepts deploys and serves.

use crate::support::{Up, client, fixture, processes_mentioning};

#[test]
fn a_failing_rule_stops_gantry_up_before_anything_is_created_and_names_the_rule() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("rules/environment.yaml");
    let (status, output) = match Up::new(&template, state.path()).start() {
        Ok(gantry) => panic!("deployed:\n{}", gantry.output()),
        Err(failure) => failure,
    };
    assert_ne!(status.code(), Some(0), "{output}");
    assert!(
        output.contains("Rule KnownEnvironment failed: Environment must be dev or prod"),
        "{output}"
    );
    // The assertion's line, and the value it read with how to change it.
    assert!(output.contains("environment.yaml:11"), "{output}");
    assert!(output.contains("`Environment` = `staging`"), "{output}");
    assert!(output.contains("--parameter-overrides"), "{output}");
    assert!(
        !output.contains("CREATE_IN_PROGRESS"),
        "nothing may start:\n{output}"
    );
    assert!(!output.contains("Serving on"), "{output}");
    assert!(processes_mentioning(state.path()).is_empty());
}

#[test]
fn a_parameter_value_the_rule_accepts_deploys_and_serves() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("rules/environment.yaml");
    let gantry = Up::new(&template, state.path())
        .parameter("Environment", "prod")
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let body = client()
        .get(format!("{}/environment", gantry.base))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(body, "prod");
}
