//! Twin runs: the same functions and invocations on a host whose bootstraps use the HTTP
//! Runtime API and on one whose bootstraps use the bootstrap channel, reduced to what a
//! handler or a caller can observe, minus per-run values (ports, work directories, pids,
//! log stream ids, times), so the two can be compared with `assert_eq!`.

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use lambda_host::{FunctionConfig, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};
use serde_json::{Value, json};

use crate::support::{TestHost, eventually, host_with};

/// The trace header of calls that do not choose one.
pub(crate) const FIXED_TRACE: &str =
    "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0";

/// One invocation: function, event, request id, caller options.
pub(crate) struct Call {
    pub(crate) function: &'static str,
    pub(crate) event: Value,
    pub(crate) options: InvokeOptions,
}

impl Call {
    /// An invocation with a fixed request id and trace id (both appear in payloads and
    /// log lines; gantry would generate them otherwise).
    pub(crate) fn new(function: &'static str, id: &str, event: Value) -> Self {
        Call {
            function,
            event,
            options: InvokeOptions::default()
                .with_request_id(RequestId::new(id).unwrap())
                .with_trace_id(FIXED_TRACE),
        }
    }

    pub(crate) fn with(mut self, adjust: impl FnOnce(InvokeOptions) -> InvokeOptions) -> Self {
        self.options = adjust(self.options);
        self
    }
}

/// What one transport showed: each outcome, then the functions' log lines.
#[derive(Debug, PartialEq)]
pub(crate) struct Observed {
    pub(crate) outcomes: Vec<Value>,
    pub(crate) logs: Vec<String>,
}

/// Compares two observations item by item, for a readable failure.
pub(crate) fn assert_same(http: &Observed, channel: &Observed) {
    for (index, (left, right)) in http.outcomes.iter().zip(&channel.outcomes).enumerate() {
        assert_eq!(
            left, right,
            "outcome {index}: HTTP (left) and channel (right) differ"
        );
    }
    for (index, (left, right)) in http.logs.iter().zip(&channel.logs).enumerate() {
        assert_eq!(
            left, right,
            "log line {index}: HTTP (left) and channel (right) differ"
        );
    }
    assert_eq!(http, channel, "HTTP (left) and channel (right) differ");
}

/// Runs `calls` in order on a fresh host with the channel on or off.
pub(crate) async fn observe(
    channel: bool,
    functions: &[FunctionConfig],
    calls: Vec<Call>,
    settle_logs_until: Option<&str>,
) -> (Observed, TestHost) {
    let test = host_with(|config| config.bootstrap_channel = channel).await;
    for function in functions {
        test.deploy(function.clone()).await;
    }
    let mut outcomes = Vec::new();
    for call in calls {
        let outcome = tokio::time::timeout(
            Duration::from_secs(20),
            test.host.invoke(
                call.function,
                Bytes::from(call.event.to_string()),
                call.options,
            ),
        )
        .await
        .expect("the invocation ends")
        .unwrap();
        outcomes.push(outcome_view(&outcome, test.work.path()));
    }
    // Lines a runtime writes after its answer (a refused post) arrive asynchronously.
    if let Some(line) = settle_logs_until {
        eventually(&format!("a log line contains {line:?}"), || {
            test.messages().iter().any(|message| message.contains(line))
        })
        .await;
    }
    let logs = test
        .messages()
        .iter()
        .map(|line| without_digits(&without_work_dir(line, test.work.path())))
        .collect();
    (Observed { outcomes, logs }, test)
}

/// An outcome as a caller sees it, with per-run values replaced.
fn outcome_view(outcome: &InvokeOutcome, work: &Path) -> Value {
    let (kind, detail) = match &outcome.result {
        InvokeResult::Success { .. } => ("Success", Value::Null),
        InvokeResult::FunctionError { error_type, .. } => ("FunctionError", json!(error_type)),
        InvokeResult::InitError { error_type, .. } => ("InitError", json!(error_type)),
        InvokeResult::Timeout { .. } => ("Timeout", Value::Null),
        InvokeResult::ExitError { exit, .. } => ("ExitError", json!(exit)),
        InvokeResult::ResponseTooLarge { size, .. } => ("ResponseTooLarge", json!(size)),
        InvokeResult::Throttled { .. } => ("Throttled", Value::Null),
        _ => ("Other", Value::Null),
    };
    let payload = String::from_utf8_lossy(outcome.payload());
    let payload = without_work_dir(&payload, work);
    let payload = serde_json::from_str::<Value>(&payload)
        .map(|mut value| {
            normalise(&mut value);
            value
        })
        .unwrap_or(Value::String(payload));
    json!({
        "request_id": outcome.request_id.as_str(),
        "result": kind,
        "detail": detail,
        "payload": payload,
        "cold": outcome.init_duration.is_some(),
    })
}

/// Drops pids and masks the Runtime API port and log stream ids inside a payload.
fn normalise(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("pid");
            map.values_mut().for_each(normalise);
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        Value::String(text) => *text = masked(text),
        _ => {}
    }
}

fn masked(text: &str) -> String {
    let text = match text.split_once("127.0.0.1:") {
        Some((before, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{before}127.0.0.1:<port>")
        }
        _ => text.to_owned(),
    };
    match text.split_once("[$LATEST]") {
        Some((date, id)) if id.len() == 32 => format!("{date}[$LATEST]<stream>"),
        _ => text,
    }
}

fn without_work_dir(text: &str, work: &Path) -> String {
    text.replace(&work.display().to_string(), "<work>")
}

/// Timestamps, durations and memory figures differ between any two runs.
fn without_digits(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if !(c.is_ascii_digit() && out.ends_with('#')) {
            out.push(if c.is_ascii_digit() { '#' } else { c });
        }
    }
    out
}

/// How many Unix and TCP sockets a process holds (from `/proc`).
pub(crate) fn socket_kinds(pid: u64) -> (usize, usize) {
    let inodes: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter_map(|target| {
            let target = target.to_string_lossy().into_owned();
            Some(
                target
                    .strip_prefix("socket:[")?
                    .strip_suffix(']')?
                    .to_owned(),
            )
        })
        .collect();
    let listed = |table: &str, column: usize| -> Vec<String> {
        std::fs::read_to_string(table)
            .unwrap_or_default()
            .lines()
            .skip(1)
            .filter_map(|line| line.split_whitespace().nth(column).map(str::to_owned))
            .collect()
    };
    let unix = listed("/proc/net/unix", 6);
    let mut tcp = listed("/proc/net/tcp", 9);
    tcp.extend(listed("/proc/net/tcp6", 9));
    let count = |table: &[String]| inodes.iter().filter(|inode| table.contains(inode)).count();
    (count(&unix), count(&tcp))
}
