//! CDK v1 (`LegacyStackSynthesizer`) assemblies: the `AssetParameters...` parameters are
//! supplied as the CDK CLI supplies them. The fixture is SAM CLI's `cdk synth` HTTP API
//! template (corpus) with its asset parameters declared as CDK v1 emitted them, its
//! `aws:cdk:asset` manifest entry, and a `main.py` of our own (runtime python3.12, not the
//! corpus's 3.9; the `CDKMetadata` resource left out).

use serde_json::Value;

use crate::support::{Up, client, fixture};

use super::copy_dir;

const HASH: &str = "caca469dd0328d9655fcf1d6cb884705f3c3c064ed9cd338a85709ea93494992";

fn get_info(base: &str) -> (u16, String) {
    let response = client().get(format!("{base}/get-info")).send().unwrap();
    (response.status().as_u16(), response.text().unwrap())
}

#[test]
fn a_v1_assembly_gets_its_asset_parameters_and_serves_its_python_function() {
    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(&fixture("cdk/v1"), state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let (status, body) = get_info(&gantry.base);
    assert_eq!(status, 200, "{body}\n{}", gantry.output());
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["path"], "/get-info");
}

/// The template alone (no manifest): the declared asset parameters get values, and the
/// function's `aws:asset:path` metadata finds its code.
#[test]
fn a_v1_template_alone_gets_values_for_its_asset_parameters() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("cdk/v1"), dir.path());
    std::fs::remove_file(dir.path().join("manifest.json")).unwrap();
    let template = dir.path().join("Stack.template.json");
    let state = dir.path().join("state");
    let gantry = Up::new(&template, &state)
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();
    assert!(
        output.contains(&format!(
            "supplied the CDK v1 asset parameters AssetParameters{HASH}ArtifactHash3E1C2D4B"
        )),
        "{output}"
    );
    let (status, body) = get_info(&gantry.base);
    assert_eq!(status, 200, "{body}\n{output}");
}
