//! State written by an earlier gantry: upgraded in place with its ids kept, or refused
//! with a message that says what to do. Never a crash or a silent misread.

use std::path::{Path, PathBuf};

use crate::support::{Up, client, fixture, gantry};

/// What gantry 0.1.0 deployed into the fixture state (see its README).
const API_ID: &str = "b976vyd95k";
const ECHO_FUNCTION: &str = "seed-EchoFunction-XTUYTD2pAeLp";

/// A fresh copy of the fixture's state directory (tests must not change the fixture).
fn copy_of_v1_state() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    std::fs::copy(fixture("state-v1/state/state.db"), state.join("state.db")).unwrap();
    (dir, state)
}

fn v1_template() -> PathBuf {
    fixture("state-v1/project/template.yaml")
}

#[test]
fn state_from_gantry_0_1_is_upgraded_in_place_and_keeps_its_api_and_function_names() {
    let (_dir, state) = copy_of_v1_state();
    let template = v1_template();
    let up = Up::new(&template, &state)
        .extra(&["--stack-name", "seed"])
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    let output = up.output();
    assert!(
        output.contains("upgraded the state") && output.contains("from schema 1 to 2"),
        "{output}"
    );
    assert!(
        state.join("state.schema-1.db").exists(),
        "the old state is kept"
    );
    // An update of the stack the old gantry deployed, not a new one.
    assert!(output.contains("Stack seed UPDATE_COMPLETE"), "{output}");
    assert!(!output.contains("CREATE_IN_PROGRESS"), "{output}");
    assert_eq!(up.api_id(), API_ID, "the API keeps its id, so its URL");

    let response = client().get(up.base.clone() + "/echo").send().unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().unwrap();
    assert_eq!(body["greeting"], "hello from the v1 state");
    assert_eq!(body["memory"], "256");
    up.wait_for_output(ECHO_FUNCTION);
    let (status, _) = up.stop();
    assert!(status.success(), "{status}");

    // Opened again, the upgraded state is used as is.
    let again = Up::new(&template, &state)
        .extra(&["--stack-name", "seed"])
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    assert!(
        !again.output().contains("upgraded the state"),
        "{}",
        again.output()
    );
    assert_eq!(again.api_id(), API_ID);
    again.stop();
}

#[test]
fn gantry_token_reads_a_state_from_gantry_0_1_after_upgrading_it() {
    let (_dir, state) = copy_of_v1_state();
    // The fixture's authorizer trusts the issuer of port 3000, and gantry 0.1.0 ran on
    // another port: the stored stack is read (and found not to match), so --audience.
    let (code, _, stderr) = gantry(&["token", "--state-dir", path(&state)]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("pass --audience"), "{stderr}");
    let (_dir, state) = copy_of_v1_state();
    let (code, stdout, stderr) = gantry(&[
        "token",
        "--state-dir",
        path(&state),
        "--audience",
        "https://api.example.com",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("from schema 1 to 2"), "{stderr}");
    let token = stdout.trim();
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
}

#[test]
fn a_state_file_that_is_not_a_database_is_refused_with_advice_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    std::fs::write(state.join("state.db"), "{\"not\": \"sqlite\"}\n".repeat(64)).unwrap();
    let template = v1_template();
    let failed = Up::new(&template, &state)
        .extra(&["--stack-name", "seed"])
        .start()
        .err()
        .expect("gantry refuses the state");
    let (status, output) = failed;
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(
        output.contains("is not a gantry state database") && output.contains("--state-dir"),
        "{output}"
    );
    assert!(!output.contains("panicked"), "{output}");
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}
