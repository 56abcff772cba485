//! `gantry up cdk.out` through the real binary, on hand-written cloud assemblies shaped
//! like `cdk synth` output (fixtures/cdk): stacks deployed in dependency order with
//! `Fn::ImportValue` between them, `--stack` choosing, a template inside an assembly, CDK
//! v1 asset parameters, SSM parameters, and failures that name their asset, stack or
//! parameter.

mod legacy;
mod ssm;

use std::path::Path;

use serde_json::Value;

use crate::support::{Up, client, fixture, gantry};

/// The producer's function (asset folder found through the asset manifest) served by the
/// consumer's API, which imports its ARN.
#[test]
fn two_stacks_deploy_in_dependency_order_and_the_consumer_imports_the_producers_function() {
    let state = tempfile::tempdir().unwrap();
    let assembly = fixture("cdk/two-stacks");
    let gantry = Up::new(&assembly, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let response = client()
        .get(format!("{}/hello", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{}", gantry.output());
    let body: Value = response.json().unwrap();
    assert_eq!(body["from"], "producer");
    assert!(
        body["functionName"]
            .as_str()
            .unwrap()
            .starts_with("Producer-Hello4A628BD4-")
    );
    let output = gantry.output();
    assert!(
        output.contains("deploying Producer, Consumer in dependency order (every top-level stack"),
        "{output}"
    );
    let producer = output.find("gantry: deploying stack Producer").unwrap();
    let consumer = output.find("gantry: deploying stack Consumer").unwrap();
    assert!(producer < consumer, "{output}");
    // Construct paths are shown below the stack, without the L1 `Resource` child.
    assert!(
        output.contains("Hello4A628BD4 (Hello)"),
        "construct path: {output}"
    );
    let (status, _) = gantry.stop();
    assert!(status.success());
}

/// `--stack Consumer` adds the stack it depends on, as `cdk deploy` does; with
/// `--exclusively` (and no producer deployed) the import fails naming the stack.
#[test]
fn a_chosen_stack_brings_its_dependencies_unless_exclusively() {
    let state = tempfile::tempdir().unwrap();
    let assembly = fixture("cdk/two-stacks");
    let gantry = Up::new(&assembly, state.path())
        .extra(&["--stack", "Consumer"])
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();
    assert!(
        output.contains("gantry: added Producer because"),
        "{output}"
    );
    drop(gantry);

    let fresh = tempfile::tempdir().unwrap();
    let (status, output) = Up::new(&assembly, fresh.path())
        .extra(&["--stack", "Consumer", "--exclusively"])
        .start()
        .map(|_| panic!("the consumer cannot import a producer that is not deployed"))
        .unwrap_err();
    assert!(!status.success());
    assert!(
        output.contains("Producer:ExportsOutputFnGetAttHello4A628BD4Arn2E2A2C4B"),
        "{output}"
    );
    assert!(
        !output.contains("gantry: deploying stack Producer"),
        "{output}"
    );
}

/// An unknown `--stack` is a usage error listing the stacks there are.
#[test]
fn an_unknown_stack_is_refused_listing_the_stacks() {
    let state = tempfile::tempdir().unwrap();
    let assembly = fixture("cdk/two-stacks");
    let (code, _, stderr) = gantry(&[
        "up",
        assembly.to_str().unwrap(),
        "--state-dir",
        state.path().to_str().unwrap(),
        "--stack",
        "Nope",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--stack Nope"), "{stderr}");
    assert!(
        stderr.contains("  Producer\n  Consumer"),
        "the stacks are listed: {stderr}"
    );
}

/// A template inside an assembly deploys that stack, with the assembly's assets.
#[test]
fn a_template_inside_an_assembly_is_deployed_with_its_assets() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("cdk/two-stacks/Producer.template.json");
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();
    assert!(
        output.contains("is stack Producer of the cloud assembly"),
        "{output}"
    );
    assert!(
        output.contains("Stack Producer CREATE_COMPLETE"),
        "{output}"
    );
    assert!(!output.contains("deploying stack Consumer"), "{output}");
}

/// A staged asset folder that is not there names the asset and says to synthesize again.
#[test]
fn a_missing_asset_folder_names_the_asset() {
    let dir = tempfile::tempdir().unwrap();
    let assembly = dir.path().join("cdk.out");
    copy_dir(&fixture("cdk/two-stacks"), &assembly);
    let hash = "3f1b6e0c2d7a4b9e8c5d1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
    std::fs::remove_dir_all(assembly.join(format!("asset.{hash}"))).unwrap();
    let (code, _, stderr) = gantry(&[
        "up",
        assembly.to_str().unwrap(),
        "--state-dir",
        dir.path().join("state").to_str().unwrap(),
    ]);
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "asset Hello/Code ({hash}) of stack Producer is missing"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("run `cdk synth` again"), "{stderr}");
}

/// Copies a fixture folder (an assembly) so a test can change it.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
