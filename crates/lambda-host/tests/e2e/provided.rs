//! Custom runtimes: the code's own `bootstrap`, executed unchanged.

use std::io::Write;
use std::path::PathBuf;

use lambda_host::{CodeSource, DeployWarning, FunctionConfig, InvokeResult};
use serde_json::json;

use crate::support::{fixture, host, json};

/// The fixture built from `fixtures/rust-function` with AWS's `lambda_runtime` crate.
/// It is built with the workspace (`cargo nextest run --workspace` or
/// `cargo build -p fixture-rust-function`); tests never run cargo themselves.
fn rust_fixture_binary() -> PathBuf {
    let executable = std::env::current_exe().unwrap();
    // target/<profile>/deps/e2e-<hash> -> target/<profile>/fixture-rust-function
    let profile_dir = executable.parent().and_then(|deps| deps.parent()).unwrap();
    let binary = profile_dir.join("fixture-rust-function");
    assert!(
        binary.is_file(),
        "{} is missing: build it with `cargo build -p fixture-rust-function` (or run the tests with \
         `cargo nextest run --workspace`)",
        binary.display()
    );
    binary
}

fn provided(name: &str, code: CodeSource) -> FunctionConfig {
    FunctionConfig::new(
        name,
        "provided.al2023".parse().unwrap(),
        Some("unused.handler".into()),
        code,
    )
}

#[tokio::test]
async fn rust_lambda_runtime_function_works_against_the_runtime_api() {
    let test = host().await;
    let code = test.scratch_dir("rust-code");
    std::os::unix::fs::symlink(rust_fixture_binary(), code.join("bootstrap")).unwrap();
    let mut config = provided("rust-fn", CodeSource::Directory(code));
    config.memory_mb = 256;
    test.deploy(config).await;

    let outcome = test.invoke("rust-fn", json!({"order": 17})).await;
    assert!(outcome.is_success(), "{}", outcome.explain());
    let body = json(&outcome);
    assert_eq!(body["event"], json!({"order": 17}));
    let context = &body["context"];
    assert_eq!(context["requestId"], outcome.request_id.as_str());
    assert_eq!(context["functionName"], "rust-fn");
    assert_eq!(context["memoryMb"], 256);
    assert_eq!(context["version"], "$LATEST");
    assert_eq!(context["logGroup"], "/aws/lambda/rust-fn");
    assert!(context["traceId"].as_str().unwrap().starts_with("Root=1-"));
    assert!(
        context["invokedFunctionArn"]
            .as_str()
            .unwrap()
            .ends_with(":function:rust-fn")
    );
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let deadline = context["deadlineMs"].as_u64().unwrap();
    assert!(
        deadline > now_ms && deadline <= now_ms + 3_000,
        "{deadline} vs {now_ms}"
    );

    let failed = test
        .invoke("rust-fn", json!({"fail": "refused by the fixture"}))
        .await;
    let InvokeResult::FunctionError { .. } = &failed.result else {
        panic!("{failed:?}");
    };
    assert_eq!(json(&failed)["errorMessage"], "refused by the fixture");
    let warm = test.invoke("rust-fn", json!({})).await;
    assert_eq!(
        json(&warm)["pid"],
        body["pid"],
        "the same process served all invocations"
    );
}

#[tokio::test]
async fn shell_script_bootstrap_runs_unchanged() {
    let test = host().await;
    test.deploy(provided(
        "shell-fn",
        CodeSource::Directory(fixture("shell")),
    ))
    .await;
    let outcome = test.invoke("shell-fn", json!({"k": "v"})).await;
    assert_eq!(
        json(&outcome),
        json!({"runtime": "shell", "handler": "unused.handler", "event": {"k": "v"}})
    );
    let lines = test.request_lines(outcome.request_id.as_str());
    let expected = format!("shell bootstrap handling {}", outcome.request_id);
    assert!(
        lines.iter().any(|(_, line)| *line == expected),
        "{lines:#?}"
    );
}

#[tokio::test]
async fn zipped_bootstrap_keeps_its_executable_bit() {
    let test = host().await;
    let archive = test.scratch_dir("zip").join("function.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
    let executable = zip::write::SimpleFileOptions::default().unix_permissions(0o755);
    zip.start_file("bootstrap", executable).unwrap();
    zip.write_all(&std::fs::read(fixture("shell/bootstrap")).unwrap())
        .unwrap();
    zip.finish().unwrap();
    test.deploy(provided("zipped-fn", CodeSource::Zip(archive)))
        .await;
    assert_eq!(json(&test.invoke("zipped-fn", json!(1)).await)["event"], 1);
}

#[tokio::test]
async fn missing_bootstrap_warns_at_deploy_and_fails_as_invalid_entrypoint() {
    let test = host().await;
    let empty = test.scratch_dir("empty-code");
    let warnings = test
        .host
        .deploy(provided("no-bootstrap", CodeSource::Directory(empty)))
        .await
        .unwrap();
    assert!(
        matches!(
            warnings.as_slice(),
            [DeployWarning::MissingBootstrap { .. }]
        ),
        "{warnings:?}"
    );
    let outcome = test.invoke("no-bootstrap", json!({})).await;
    let InvokeResult::InitError { error_type, .. } = &outcome.result else {
        panic!("{outcome:?}");
    };
    assert_eq!(error_type, "Runtime.InvalidEntrypoint");
    assert!(
        json(&outcome)["errorMessage"]
            .as_str()
            .unwrap()
            .contains("Couldn't find valid bootstrap(s)")
    );
    assert_eq!(test.host.running_processes(), 0);
}
