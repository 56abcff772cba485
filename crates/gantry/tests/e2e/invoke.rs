//! `gantry invoke`: the function's result on stdout, its logs on stderr, Lambda's exit
//! semantics (0 success, 1 function error or timeout, 2 bad invocation).

use std::io::Write as _;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{fixture, gantry};

fn invoke(function: &str, extra: &[&str]) -> (i32, Value, String) {
    let template = fixture("invoke.yaml");
    let mut args = vec!["invoke", template.to_str().unwrap(), function];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = gantry(&args);
    let payload = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (code, payload, stderr)
}

#[test]
fn success_prints_the_result_and_the_lambda_log_lines() {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("event.json");
    std::fs::write(&event, r#"{"order": 7}"#).unwrap();
    let (code, payload, stderr) = invoke(
        "Echo",
        &["--event", event.to_str().unwrap(), "--region", "eu-west-3"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(payload["event"]["order"], 7);
    assert_eq!(
        payload["greeting"], "hello from eu-west-3",
        "template Environment.Variables reach the function"
    );
    assert_eq!(payload["functionName"], "echo-function");
    for line in [
        "START RequestId: ",
        "received {\"order\":7}",
        "END RequestId: ",
        "REPORT RequestId: ",
        "Init Duration: ",
    ] {
        assert!(stderr.contains(line), "stderr lacks {line:?}:\n{stderr}");
    }

    // The function name works as well as the logical id.
    let (code, payload, _) = invoke("echo-function", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        payload["event"],
        serde_json::json!({}),
        "the default event is {{}}"
    );
}

#[test]
fn python_functions_and_events_from_stdin() {
    let template = fixture("invoke.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args([
            "invoke",
            template.to_str().unwrap(),
            "PyEcho",
            "--event",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"from": "stdin"}"#)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let payload: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(payload["event"]["from"], "stdin");
    assert_eq!(payload["requestId"].as_str().unwrap().len(), 36);
    assert!(stderr.contains("python got {'from': 'stdin'}"), "{stderr}");
}

#[test]
fn timeout_and_init_errors_exit_1_with_lambdas_error_payload() {
    let (code, payload, stderr) = invoke("Sleepy", &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        payload["errorMessage"]
            .as_str()
            .unwrap()
            .contains("Task timed out after 1.00 seconds"),
        "{payload}"
    );

    let (code, payload, stderr) = invoke("Missing", &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        payload["errorType"], "Runtime.ImportModuleError",
        "{payload}"
    );
}

#[test]
fn bad_invocations_exit_2_with_advice_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("event.txt");
    std::fs::write(&event, "this is not json").unwrap();
    let (code, _, stderr) = invoke("Echo", &["--event", event.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not JSON"), "{stderr}");

    let (code, _, stderr) = invoke("Nope", &[]);
    assert_eq!(code, 2);
    assert!(
        ["Echo", "PyEcho", "Sleepy", "Missing"]
            .iter()
            .all(|f| stderr.contains(f)),
        "lists the functions: {stderr}"
    );

    let (code, _, stderr) = gantry(&["invoke", "/does/not/exist.yaml", "Echo"]);
    assert_eq!(code, 2, "{stderr}");

    // The next invocation still works.
    assert_eq!(invoke("Echo", &[]).0, 0);
}
