//! SSM parameter types in a CDK stack: `BootstrapVersion` resolved from the built-in
//! bootstrap version (so `CheckBootstrapVersion` passes), a value from `--ssm`, and a name
//! nobody gives named in the failure.

use crate::support::{Up, client, fixture};

const GREETING: &str = "/app/greeting";

#[test]
fn the_bootstrap_version_is_built_in_and_a_value_comes_from_ssm_flags() {
    let state = tempfile::tempdir().unwrap();
    let assembly = fixture("cdk/ssm");
    let gantry = Up::new(&assembly, state.path())
        .extra(&["--ssm", "/app/greeting=hello from ssm"])
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let response = client()
        .get(format!("{}/greet", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{}", gantry.output());
    assert_eq!(response.text().unwrap(), "hello from ssm");
    let output = gantry.output();
    assert!(
        output.contains(
            "SSM parameter /cdk-bootstrap/hnb659fds/version is not given, so its built-in value 32 is used"
        ),
        "{output}"
    );
}

/// `--ssm` wins over the built-in value: an old bootstrap version fails the CDK's rule.
#[test]
fn an_ssm_flag_overrides_the_built_in_bootstrap_version() {
    let state = tempfile::tempdir().unwrap();
    let assembly = fixture("cdk/ssm");
    let (status, output) = Up::new(&assembly, state.path())
        .extra(&[
            "--ssm",
            "/app/greeting=hi",
            "--ssm",
            "/cdk-bootstrap/hnb659fds/version=5",
        ])
        .start()
        .map(|_| ())
        .unwrap_err();
    assert!(!status.success());
    assert!(output.contains("CheckBootstrapVersion"), "{output}");
    assert!(
        output.contains("CDK bootstrap stack version 6 required"),
        "{output}"
    );
}

#[test]
fn a_missing_ssm_parameter_is_named() {
    let state = tempfile::tempdir().unwrap();
    let assembly = fixture("cdk/ssm");
    let (status, output) = Up::new(&assembly, state.path())
        .start()
        .map(|_| ())
        .unwrap_err();
    assert!(!status.success());
    assert!(output.contains(GREETING), "{output}");
    assert!(output.contains("--ssm"), "{output}");
}
