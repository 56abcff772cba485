//! REST APIs (API Gateway v1) end to end: the real binary serving SAM and plain
//! CloudFormation REST APIs (`fixtures/rest/`, `examples/sam-hello-*`) to real Node.js and
//! Python functions; each answer compared with the bytes of `docs/aws-rest-api.md`.
//!
//! Not here: the event field by field (apigw's snapshot tests) and the SAM corpus
//! (`sam/corpus.rs`).

mod api_key;
mod binary;
mod cognito;
mod cors;
mod failures;
mod hello;
mod iam;
mod plain;
mod request_authorizer;
mod stage;
mod token_authorizer;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::blocking::RequestBuilder;
use reqwest::header::HeaderMap;
use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Gantry, Up, client, fixture};

/// aws-rest-api.md §1.4: no resource or no method.
pub const MISSING_AUTHENTICATION_TOKEN: &str = r#"{"message":"Missing Authentication Token"}"#;
/// aws-rest-api.md §0 step 2 (unknown stage) and aws-rest-api.md §5 (API key missing or
/// unknown).
pub const FORBIDDEN: &str = r#"{"message":"Forbidden"}"#;
/// aws-rest-api.md §4.2: identity missing, or the authorizer threw `Unauthorized`.
pub const UNAUTHORIZED: &str = r#"{"message":"Unauthorized"}"#;
/// aws-rest-api.md §4.4: the authorizer's policy denies explicitly (82 bytes).
pub const EXPLICIT_DENY: &str =
    r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#;
/// aws-rest-api.md §4.4: no statement of the policy allows (60 bytes).
pub const NOT_AUTHORIZED: &str = r#"{"Message":"User is not authorized to access this resource"}"#;
/// aws-rest-api.md §3.4: function error or malformed result (36 bytes, with the space).
pub const INTERNAL_SERVER_ERROR: &str = r#"{"message": "Internal server error"}"#;
/// aws-rest-api.md §3.4: the integration timed out.
pub const ENDPOINT_TIMED_OUT: &str = r#"{"message": "Endpoint request timed out"}"#;
/// aws-rest-api.md §5: usage-plan throttle.
pub const TOO_MANY_REQUESTS: &str = r#"{"message":"Too Many Requests"}"#;

/// A `gantry up` of a fixture, with a file its functions append a line to per invocation.
pub struct Served {
    pub gantry: Gantry,
    pub count_file: PathBuf,
    _state: TempDir,
}

impl Served {
    /// Serves `fixtures/rest/<case>/template.yaml`, passing `CountFile` when it takes one.
    pub fn start(case: &str) -> Self {
        let state = tempfile::tempdir().unwrap();
        let count_file = state.path().join("invocations.log");
        std::fs::write(&count_file, "").unwrap();
        let template = fixture(&format!("rest/{case}/template.yaml"));
        let text = std::fs::read_to_string(&template).unwrap();
        let mut up = Up::new(&template, state.path());
        if text.contains("CountFile:") {
            up = up.parameter("CountFile", count_file.to_str().unwrap());
        }
        let gantry = up
            .start()
            .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
        Self {
            gantry,
            count_file,
            _state: state,
        }
    }

    /// Sends a request to `path` (stage included) built by `build`.
    pub fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        build: impl FnOnce(RequestBuilder) -> RequestBuilder,
    ) -> Reply {
        send(&self.gantry, method, path, build)
    }

    /// `GET path` with headers.
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.send(reqwest::Method::GET, path, |mut request| {
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request
        })
    }

    /// The invocations so far, one line each.
    pub fn invocations(&self) -> Vec<String> {
        std::fs::read_to_string(&self.count_file)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// The invocations whose line starts with `prefix`.
    pub fn invocations_of(&self, prefix: &str) -> usize {
        self.invocations()
            .iter()
            .filter(|line| line.starts_with(prefix))
            .count()
    }
}

/// One answer, read whole, with the log record of its request.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// The request's access-log line and the `why:` lines after it.
    pub log: String,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", self.text(), self.log))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status and the exact body, showing the log record when they differ.
    pub fn assert(&self, status: u16, body: &str) {
        assert_eq!(
            (self.status, self.text().as_str()),
            (status, body),
            "log: {}",
            self.log
        );
    }

    /// Asserts one of API Gateway's own error answers: status, body, JSON content type and
    /// `x-amzn-ErrorType` (aws-rest-api.md §3.5, Appendix A).
    pub fn assert_error(&self, status: u16, body: &str, error_type: Option<&str>) {
        self.assert(status, body);
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{:?}",
            self.headers
        );
        assert_eq!(
            self.header("x-amzn-errortype"),
            error_type,
            "{:?}",
            self.headers
        );
    }
}

/// Sends a request to gantry and reads the answer and its log record.
pub fn send(
    gantry: &Gantry,
    method: reqwest::Method,
    path: &str,
    build: impl FnOnce(RequestBuilder) -> RequestBuilder,
) -> Reply {
    let response = build(client().request(method, format!("{}{path}", gantry.base)))
        .send()
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let id = headers
        .get("x-amzn-requestid")
        .unwrap_or_else(|| panic!("every REST answer has x-amzn-RequestId: {headers:?}"))
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.bytes().unwrap().to_vec();
    Reply {
        status,
        headers,
        body,
        log: log_record(gantry, &id),
    }
}

/// The access-log record of the request with id `request_id`: its line and the `why:`
/// lines after it.
pub fn log_record(gantry: &Gantry, request_id: &str) -> String {
    let output = gantry.wait_for_output(request_id);
    let mut lines = output.lines().skip_while(|line| !line.contains(request_id));
    let mut record = lines.next().unwrap_or_default().to_owned();
    for line in lines.take_while(|line| line.starts_with("    why: ")) {
        record.push('\n');
        record.push_str(line);
    }
    record
}

/// Waits until `ready` holds (for invocation files written just after a response).
pub fn eventually(what: &str, ready: impl Fn() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(started.elapsed() < Duration::from_secs(10), "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A directory tree copied (an example, run from a project directory as a user does).
pub fn copy_tree(from: &Path, to: &Path) {
    crate::sam::copy_tree(from, to);
}
