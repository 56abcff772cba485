//! SSM parameter types in a CDK stack: `BootstrapVersion` resolved from the built-in
//! bootstrap version (so `CheckBootstrapVersion` passes), a value from `--ssm`, and a name
//! nobody gives named in the failure.

use crate::support::{Up, client, fixture, gantry};

const GREETING: &str = "/app/greeting";

/// An `AWS::SSM::Parameter` resource writes the store an SSM-typed parameter of a later
/// stack reads (the Greeter depends on the Config stack, as `addDependency` makes it).
#[test]
fn a_parameter_resource_of_an_earlier_stack_feeds_a_later_stacks_ssm_parameter() {
    let state = tempfile::tempdir().unwrap();
    let assembly = fixture("cdk/ssm-stacks");
    let gantry = Up::new(&assembly, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let response = client()
        .get(format!("{}/greet", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{}", gantry.output());
    assert_eq!(response.text().unwrap(), "hello from the Config stack");
}

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

/// `validate` takes the same store: `--ssm`, `--ssm-file` and the built-in bootstrap
/// version; an assembly folder is refused, saying which template to pass.
#[test]
fn validate_reads_the_same_store() {
    let template = fixture("cdk/ssm/Greeter.template.json");
    let template = template.to_str().unwrap();
    let (code, stdout, stderr) = gantry(&["validate", template, "--ssm", "/app/greeting=hi"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ssm.json");
    std::fs::write(&file, r#"{"/app/greeting": "from the file"}"#).unwrap();
    let (code, stdout, stderr) =
        gantry(&["validate", template, "--ssm-file", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let (code, stdout, _) = gantry(&["validate", template]);
    assert_eq!(code, 1);
    assert!(stdout.contains(GREETING), "{stdout}");
    let assembly = fixture("cdk/ssm");
    let (code, _, stderr) = gantry(&["validate", assembly.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is a CDK cloud assembly"), "{stderr}");
}
