//! Test helpers: a host writing into a temporary work directory and recording its logs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use lambda_host::{
    CodeSource, FunctionConfig, HostConfig, InvokeOptions, InvokeOutcome, LambdaHost, LogEvent,
    LogOrigin,
};
use serde_json::Value;
use tempfile::TempDir;

/// A running host plus what it logged; stops its processes when dropped.
pub(crate) struct TestHost {
    pub(crate) host: LambdaHost,
    pub(crate) logs: Arc<Mutex<Vec<LogEvent>>>,
    pub(crate) work: TempDir,
}

/// The developer's PATH, as the gantry binary would pass it.
#[allow(clippy::disallowed_methods)] // tests stand in for the CLI, which reads PATH
pub(crate) fn search_path() -> std::ffi::OsString {
    std::env::var_os("PATH").unwrap_or_default()
}

pub(crate) async fn host() -> TestHost {
    host_with(|_| {}).await
}

pub(crate) async fn host_with(adjust: impl FnOnce(&mut HostConfig)) -> TestHost {
    let work = tempfile::tempdir().unwrap();
    let logs: Arc<Mutex<Vec<LogEvent>>> = Arc::default();
    let mut config = HostConfig::new(work.path().join("work"), search_path());
    let recorded = Arc::clone(&logs);
    config.log_sink =
        Arc::new(move |event: &LogEvent| recorded.lock().unwrap().push(event.clone()));
    adjust(&mut config);
    let host = LambdaHost::start(config).await.unwrap();
    TestHost { host, logs, work }
}

impl TestHost {
    /// Deploys a function and fails the test on warnings.
    pub(crate) async fn deploy(&self, config: FunctionConfig) {
        let warnings = self.host.deploy(config).await.unwrap();
        assert!(
            warnings.is_empty() || warnings.iter().all(is_version_mismatch),
            "{warnings:?}"
        );
    }

    pub(crate) async fn invoke(&self, name: &str, event: Value) -> InvokeOutcome {
        self.host
            .invoke(
                name,
                Bytes::from(event.to_string()),
                InvokeOptions::default(),
            )
            .await
            .unwrap()
    }

    /// Log messages of one log stream or of all, in order.
    pub(crate) fn messages(&self) -> Vec<String> {
        self.logs
            .lock()
            .unwrap()
            .iter()
            .map(|e| e.message.clone())
            .collect()
    }

    /// The lines logged for one request, from its START to its REPORT.
    pub(crate) fn request_lines(&self, request_id: &str) -> Vec<(LogOrigin, String)> {
        let logs = self.logs.lock().unwrap();
        let start = format!("START RequestId: {request_id} ");
        let report = format!("REPORT RequestId: {request_id}\t");
        let Some(first) = logs.iter().position(|e| e.message.starts_with(&start)) else {
            return Vec::new();
        };
        let stream = &logs[first].log_stream;
        logs[first..]
            .iter()
            .filter(|e| &e.log_stream == stream)
            .scan(false, |done, e| {
                if *done {
                    return None;
                }
                *done = e.message.starts_with(&report);
                Some((e.origin, e.message.clone()))
            })
            .collect()
    }

    /// A fresh directory inside the test's work directory.
    pub(crate) fn scratch_dir(&self, name: &str) -> PathBuf {
        let dir = self.work.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

fn is_version_mismatch(warning: &lambda_host::DeployWarning) -> bool {
    matches!(
        warning,
        lambda_host::DeployWarning::InterpreterVersionMismatch { .. }
    )
}

pub(crate) fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

pub(crate) fn function(
    name: &str,
    runtime: &str,
    handler: &str,
    code: CodeSource,
) -> FunctionConfig {
    FunctionConfig::new(
        name,
        runtime.parse().unwrap(),
        Some(handler.to_owned()),
        code,
    )
}

/// The Node.js fixture whose behaviour the event chooses (`tests/fixtures/node/cjs`).
pub(crate) fn node_function(name: &str) -> FunctionConfig {
    function(
        name,
        "nodejs20.x",
        "index.handler",
        CodeSource::Directory(fixture("node/cjs")),
    )
}

/// The Python fixture whose behaviour the event chooses (`tests/fixtures/python`).
pub(crate) fn python_function(name: &str) -> FunctionConfig {
    function(
        name,
        "python3.11",
        "pkg/handlers.handler",
        CodeSource::Directory(fixture("python")),
    )
}

pub(crate) fn json(outcome: &InvokeOutcome) -> Value {
    serde_json::from_slice(outcome.payload()).unwrap_or_else(|err| {
        panic!(
            "payload is not JSON ({err}): {}",
            String::from_utf8_lossy(outcome.payload())
        )
    })
}

pub(crate) fn process_exists(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(pid)
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

/// Waits for a condition that an asynchronous part of the host makes true (process
/// reaping, idle reaping), failing the test after five seconds.
pub(crate) async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting until {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
